"""``python -m modellint ARGS`` is ``modellint ARGS``: the process becomes the binary."""

import os
import subprocess
import sys

from ._binary import find_binary


def main() -> None:
    binary = str(find_binary())
    if sys.platform == "win32":
        sys.exit(subprocess.call([binary, *sys.argv[1:]]))
    os.execv(binary, [binary, *sys.argv[1:]])


if __name__ == "__main__":
    main()
