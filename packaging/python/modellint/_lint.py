"""`lint`: runs the binary with ``--format json`` and reads what it writes."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Iterable, Mapping, Optional, Sequence, Tuple, Union

from ._binary import find_binary
from ._report import Diagnostic, Report

PathLike = Union[str, "os.PathLike[str]"]
Rules = Union[str, Iterable[str], None]

#: The exit status of a run that could not do its job (a file that cannot be
#: read, a wrong option); 0 and 1 are a clean run and a run with findings.
COULD_NOT_RUN = 2


class ModelLintError(Exception):
    """modellint could not lint: a model that cannot be read, a wrong option.

    The message is the binary's own, positioned (``net.prototxt:4:7: error:
    expected '}'``). ``diagnostics`` holds them one by one, and ``report``
    what the other files gave (None when nothing was linted).
    """

    def __init__(self, message: str, diagnostics: Tuple[Diagnostic, ...] = (), report: Optional[Report] = None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.report = report


def lint(
    paths: Union[PathLike, Sequence[PathLike]],
    *,
    select: Rules = None,
    ignore: Rules = None,
    input_ranges: Optional[Mapping[str, Tuple[float, float]]] = None,
    precision: Optional[str] = None,
    preview: bool = False,
    show_proofs: bool = False,
    show_unproven: bool = False,
    config: Optional[PathLike] = None,
    extra_args: Sequence[str] = (),
) -> Report:
    """Lints model files and folders, as ``modellint PATHS`` does.

    ``select`` and ``ignore`` take rule codes, names or prefixes (``"ML1"``,
    ``["ML201", "log-of-nonpositive"]``). ``input_ranges`` maps a graph
    input (or Caffe data blob) to the ``(low, high)`` its values lie in;
    without one an input is unbounded. ``precision`` (``"float16"`` or
    ``"bfloat16"``) checks float32 values as if computed in that type.
    ``extra_args`` go to ``modellint lint`` as they are.

    Returns the report whatever was found (a finding is not an exception);
    raises ``ModelLintError`` with the binary's positioned message when a
    file cannot be read or an option is wrong.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    arguments = [str(find_binary()), "lint", "--format", "json", "--no-color"]
    for option, rules in (("--select", select), ("--ignore", ignore)):
        if rules is not None:
            arguments += [option, rules if isinstance(rules, str) else ",".join(rules)]
    for name, (low, high) in (input_ranges or {}).items():
        arguments += ["--input-range", f"{name}={float(low)!r}:{float(high)!r}"]
    if precision is not None:
        arguments += ["--precision", precision]
    if preview:
        arguments.append("--preview")
    if show_proofs:
        arguments.append("--show-proofs")
    if show_unproven:
        arguments.append("--show-unproven")
    if config is not None:
        arguments += ["--config", os.fspath(config)]
    arguments += list(extra_args)
    # Paths after `--`: a file named `-x.onnx` is still a file.
    arguments += ["--", *(os.fspath(path) for path in paths)]

    completed = subprocess.run(arguments, capture_output=True, text=True, check=False)
    report = None
    if completed.stdout.strip():
        report = Report.from_json(json.loads(completed.stdout))
    if completed.returncode == COULD_NOT_RUN:
        errors = tuple(d for d in report.diagnostics if d.severity == "error") if report else ()
        message = "\n".join(str(d) for d in errors) or completed.stderr.strip()
        raise ModelLintError(message, errors, report)
    if report is None:
        raise ModelLintError(
            f"modellint exited {completed.returncode} without a report: {completed.stderr.strip()}"
        )
    return report
