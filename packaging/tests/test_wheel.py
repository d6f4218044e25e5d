"""The wheel packaging/build-wheel writes, installed into a new virtual
environment and run with a minimal environment: no Swift on PATH, no
LD_LIBRARY_PATH. Needs MODELLINT_WHEEL (the wheel, or its folder)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import struct
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, source_version, wheel_path

# What a user without Swift has: the system's own folders and nothing else.
MINIMAL_PATH = "/usr/bin:/bin"


def minimal_environment(**extra: str) -> dict:
    return {"PATH": MINIMAL_PATH, "HOME": os.environ.get("HOME", "/"), "LANG": "C.UTF-8", **extra}


def elf_section_names(elf: bytes) -> set:
    """The section names of a 64-bit little-endian ELF file."""
    assert elf[:4] == b"\x7fELF" and elf[4] == 2 and elf[5] == 1, "not a 64-bit little-endian ELF file"
    section_offset = struct.unpack_from("<Q", elf, 0x28)[0]
    entry_size, count, names_index = struct.unpack_from("<HHH", elf, 0x3A)

    def header(index: int) -> tuple:
        base = section_offset + index * entry_size
        name, = struct.unpack_from("<I", elf, base)
        offset, size = struct.unpack_from("<QQ", elf, base + 0x18)
        return name, offset, size

    _, names_offset, _ = header(names_index)
    result = set()
    for index in range(count):
        name = header(index)[0]
        result.add(elf[names_offset + name:elf.index(b"\0", names_offset + name)].decode())
    return result


@pytest.fixture(scope="module")
def wheel() -> Path:
    return wheel_path()


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel and nothing else in it."""
    environment = tmp_path_factory.mktemp("venv")
    venv.create(environment, with_pip=True, symlinks=True)
    subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)],
                   check=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    return environment


def test_the_wheel_is_a_manylinux_platform_wheel_with_a_stripped_binary(wheel, capsys):
    version = source_version()
    name, wheel_version, python, abi, platform = wheel.stem.split("-")
    assert (name, wheel_version, python, abi) == ("modellint", version, "py3", "none")
    assert "manylinux" in platform, f"auditwheel repair should have tagged {wheel.name} manylinux"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        script = f"modellint-{version}.data/scripts/modellint"
        assert script in names
        assert archive.getinfo(script).external_attr >> 16 & 0o111, "the binary is not executable"
        sections = elf_section_names(archive.read(script))
        assert ".text" in sections and ".symtab" not in sections, "the binary is not stripped"
        # auditwheel grafted libxml2 (FoundationXML) into the wheel, beside the binary.
        assert any(n.startswith(f"modellint-{version}.data/scripts/modellint.libs/libxml2") for n in names), names
        assert not any(n.startswith("modellint.scripts/") for n in names), "auditwheel's Python launcher is left"
        assert "modellint/py.typed" in names and "modellint/__init__.py" in names
    size = wheel.stat().st_size
    with capsys.disabled():
        print(f"\n{wheel.name}: {size / 1e6:.1f} MB")
    assert size < 60e6


def test_the_installed_binary_runs_with_no_swift_and_a_minimal_environment(installed, tmp_path):
    assert shutil.which("swift", path=MINIMAL_PATH) is None, "swift is in /usr/bin here: this test proves less"
    binary = installed / "bin" / "modellint"
    assert binary.is_file() and not binary.read_bytes().startswith(b"#!"), "pip should install the binary itself"
    run = subprocess.run([str(binary), "--no-color", "Examples/caffe/faulty_pooling.prototxt"],
                         cwd=EXAMPLES.parent, env=minimal_environment(), capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "Examples/caffe/faulty_pooling.prototxt:29:5: error: pooling stride 5 exceeds kernel 3" in run.stdout
    assert "[ML201]" in run.stdout
    # The JUnit reporter's FoundationXML loads the libxml2 the wheel carries.
    junit = tmp_path / "lint.xml"
    run = subprocess.run([str(binary), "--format", f"junit:{junit}", "Examples/caffe/faulty_pooling.prototxt"],
                         cwd=EXAMPLES.parent, env=minimal_environment(), capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "ML201" in junit.read_text()
    if shutil.which("ldd"):
        libraries = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, env=minimal_environment()).stdout
        (libxml2,) = [line for line in libraries.splitlines() if "libxml2" in line]
        assert str(installed.resolve()) in str(Path(libxml2.split("=>")[1].split("(")[0].strip()).resolve()), libraries


def test_modellint_version_is_the_wheels_version(installed):
    binary = subprocess.run([str(installed / "bin" / "modellint"), "--version"],
                            env=minimal_environment(), capture_output=True, text=True, check=True).stdout.strip()
    package = subprocess.run([str(installed / "bin" / "python"), "-c",
                              "import importlib.metadata, modellint; "
                              "print(importlib.metadata.version('modellint'), modellint.__version__)"],
                             env=minimal_environment(), capture_output=True, text=True, check=True).stdout.split()
    assert package == [binary, binary]
    assert binary == source_version()


def test_the_python_api_of_the_installed_wheel_runs_its_binary(installed):
    python = str(installed / "bin" / "python")
    script = ("import modellint; r = modellint.lint('Examples/caffe/faulty_pooling.prototxt'); "
              "print(modellint.find_binary()); print([(f.code, f.line, f.node) for f in r.findings])")
    run = subprocess.run([python, "-c", script], cwd=EXAMPLES.parent, env=minimal_environment(),
                         capture_output=True, text=True, check=True)
    found_binary, findings = run.stdout.splitlines()
    assert Path(found_binary) == installed / "bin" / "modellint"
    assert findings == "[('ML201', 29, 'pool1')]"
    dash_m = subprocess.run([python, "-m", "modellint", "--no-color", "Examples/caffe/faulty_pooling.prototxt"],
                            cwd=EXAMPLES.parent, env=minimal_environment(), capture_output=True, text=True)
    assert dash_m.returncode == 1 and "[ML201]" in dash_m.stdout
