"""modellint: find what makes a neural network train to NaN or Inf, before
the first step.

The wheel carries the modellint binary (on PATH as ``modellint``); this
package runs it and returns typed findings::

    import modellint

    report = modellint.lint("models/net.prototxt", input_ranges={"data": (0, 1)})
    for finding in report.findings:
        print(finding)            # models/net.prototxt:29:5: error: ... [ML201]

    assert not modellint.lint_torch(model, (x,)).errors

``python -m modellint ARGS`` is the binary itself. See docs/python.md.
"""

from ._binary import BinaryNotFoundError, find_binary
from ._lint import ModelLintError, lint
from ._report import Diagnostic, Finding, Related, Report, Severity, Summary
from ._torch import MissingDependencyError, lint_torch


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("modellint")
    except PackageNotFoundError:  # the source tree, not an installed wheel
        return "unknown"


__version__ = _version()

__all__ = [
    "BinaryNotFoundError",
    "Diagnostic",
    "Finding",
    "MissingDependencyError",
    "ModelLintError",
    "Related",
    "Report",
    "Severity",
    "Summary",
    "find_binary",
    "lint",
    "lint_torch",
]
