"""Hatch build hook: the wheel carries a native binary, so it is tagged for
this platform (`py3-none-linux_x86_64`: any Python 3, no Python ABI, since
the binary never loads into Python). `auditwheel repair` then grafts the
shared libraries outside the manylinux policy and renames the tag to the
manylinux one the binary satisfies."""

import sysconfig

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PlatformTagHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform}"
