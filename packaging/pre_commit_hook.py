"""Hatch metadata hook of the pre-commit hook package (the repository root's
pyproject.toml): it depends on exactly the modellint wheel of its own
version, which hatch reads from Sources/ModelLintReporters/ModelLintTool.swift, so that a
`rev:` of this repository installs the binary built from that revision."""

from hatchling.metadata.plugin.interface import MetadataHookInterface


class PreCommitHookMetadata(MetadataHookInterface):
    PLUGIN_NAME = "custom"

    def update(self, metadata: dict) -> None:
        metadata["dependencies"] = [f"modellint=={metadata['version']}"]
