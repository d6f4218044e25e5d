"""Puts the binary back in the wheel's ``.data/scripts/`` after ``auditwheel repair``.

auditwheel (6.x) moves an executable with grafted libraries out of
``NAME.data/scripts/`` into ``NAME.scripts/`` in site-packages and leaves in
its place a Python launcher that finds it through ``sysconfig``: every run
of ``modellint`` would start Python first. Where pip installs the scripts
folder relative to site-packages depends on the installation scheme, so the
binary could not find its libraries with a fixed RPATH there. This keeps the
libraries beside the binary instead, in ``NAME.data/scripts/modellint.libs/``,
and sets the binary's RPATH to ``$ORIGIN/modellint.libs``: pip installs both
into the same ``bin/``, whatever the scheme, and no Python runs in between.

    python3 packaging/binary_in_scripts.py WHEEL       # rewrites WHEEL in place
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BINARY = "modellint"
LIBRARIES = "modellint.libs"


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def relocate(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entries = {info.filename: (info, archive.read(info)) for info in archive.infolist() if not info.is_dir()}
    dist_info = next(name.split("/")[0] for name in entries if name.endswith(".dist-info/RECORD"))
    data = dist_info.replace(".dist-info", ".data")
    moved = f"{BINARY}.scripts/{BINARY}"
    if moved not in entries:
        sys.exit(f"{wheel}: no {moved}; auditwheel left the binary where it was (nothing to do?)")

    with tempfile.TemporaryDirectory() as folder:
        binary = Path(folder) / BINARY
        binary.write_bytes(entries[moved][1])
        subprocess.run(["patchelf", "--set-rpath", f"$ORIGIN/{LIBRARIES}", str(binary)], check=True)
        binary_bytes = binary.read_bytes()

    files: dict[str, tuple[bytes, int]] = {}
    for name, (info, content) in entries.items():
        if name == moved or name == f"{data}/scripts/{BINARY}" or name.endswith(".dist-info/RECORD"):
            continue
        if name.startswith(f"{LIBRARIES}/"):
            name = f"{data}/scripts/{name}"
        files[name] = (content, info.external_attr >> 16 or 0o644)
    files[f"{data}/scripts/{BINARY}"] = (binary_bytes, 0o755)

    record = f"{dist_info}/RECORD"
    lines = [record_line(name, content) for name, (content, _) in sorted(files.items())] + [f"{record},,"]
    files[record] = ("\n".join(lines).encode() + b"\n", 0o644)

    rewritten = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # dist-info last, as the wheel spec recommends.
        for name in sorted(files, key=lambda n: (n.startswith(dist_info), n)):
            content, mode = files[name]
            info = zipfile.ZipInfo(name, date_time=(2020, 2, 2, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    rewritten.replace(wheel)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        relocate(Path(path))
