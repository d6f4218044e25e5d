"""Where the modellint binary is: the wheel installs it as a script beside
the Python that imports this package (``bin/modellint`` of the environment)."""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

BINARY_VARIABLE = "MODELLINT_BINARY"


class BinaryNotFoundError(FileNotFoundError):
    """The package is installed without its binary (or from source)."""


def find_binary() -> Path:
    """The binary this package runs.

    ``$MODELLINT_BINARY`` first (a binary built from source, for the tests
    and for development), then the scripts folder of the installation this
    module belongs to, then ``modellint`` on ``PATH``.
    """
    override = os.environ.get(BINARY_VARIABLE)
    if override:
        return Path(override)
    name = "modellint.exe" if sys.platform == "win32" else "modellint"
    candidates = [Path(sysconfig.get_path("scripts")) / name]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        candidates.append(Path(sysconfig.get_path("scripts", scheme=user_scheme)) / name)
    # `pip install --target DIR` puts the package in DIR and the script in DIR/bin.
    candidates.append(Path(__file__).resolve().parent.parent / "bin" / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    raise BinaryNotFoundError(
        "the modellint binary is not installed beside this package (looked in "
        + ", ".join(str(candidate.parent) for candidate in candidates)
        + f" and on PATH); install the wheel (pip install modellint) or set {BINARY_VARIABLE}"
    )
