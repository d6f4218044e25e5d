"""Shared set-up of the Python tests (run by .ci/run; see docs/python.md).

The API tests import the package from packaging/python and run the binary
named by MODELLINT_BINARY, else the one `swift build` (or `swift test`) left
in .build/debug or .build/release; without one they skip and say so. The
wheel tests need MODELLINT_WHEEL, the wheel packaging/build-wheel wrote.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
EXAMPLES = REPOSITORY / "Examples"

sys.path.insert(0, str(REPOSITORY / "packaging" / "python"))


def _built_binary() -> Path | None:
    named = os.environ.get("MODELLINT_BINARY")
    if named:
        # Absolute: some tests run Python from another folder.
        return Path(named).resolve()
    for configuration in ("debug", "release"):
        candidate = REPOSITORY / ".build" / configuration / "modellint"
        if candidate.is_file():
            return candidate
    return None


BINARY = _built_binary()
if BINARY is not None:
    os.environ["MODELLINT_BINARY"] = str(BINARY)


@pytest.fixture
def binary() -> Path:
    """The modellint binary the API runs, or a skip saying how to get one."""
    if BINARY is None or not BINARY.is_file():
        pytest.skip("no modellint binary: run `swift build` first, or set MODELLINT_BINARY")
    return BINARY


def source_version() -> str:
    """The version written in Sources/ModelLintReporters/ModelLintTool.swift."""
    text = (REPOSITORY / "Sources" / "ModelLintReporters" / "ModelLintTool.swift").read_text()
    match = re.search(r'public static let version = "([^"]+)"', text)
    assert match, "Sources/ModelLintReporters/ModelLintTool.swift holds no version"
    return match.group(1)


def wheel_path() -> Path:
    """The wheel MODELLINT_WHEEL names (a file, or a folder holding one), or a skip."""
    named = os.environ.get("MODELLINT_WHEEL")
    if not named:
        pytest.skip("no wheel: run packaging/build-wheel and set MODELLINT_WHEEL to the wheel (or its folder)")
    path = Path(named)
    if path.is_dir():
        wheels = sorted(path.glob("modellint-*.whl"), key=lambda p: p.stat().st_mtime)
        if not wheels:
            pytest.skip(f"MODELLINT_WHEEL={named} holds no modellint-*.whl: run packaging/build-wheel {named}")
        path = wheels[-1]
    assert path.is_file(), f"MODELLINT_WHEEL={named} is not a file"
    return path
