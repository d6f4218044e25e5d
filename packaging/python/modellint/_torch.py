"""`lint_torch`: exports a `torch.nn.Module` to ONNX and lints the export.

torch is imported only when this is called, so the package itself needs
nothing beyond the standard library.
"""

from __future__ import annotations

import dataclasses
import importlib
import tempfile
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from ._lint import Rules, lint
from ._report import Report


class MissingDependencyError(ImportError):
    """`lint_torch` needs a package that is not installed (torch, onnxscript)."""


def _require(module: str, why: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(f"{why}: {error}; install it with `pip install {module}`") from error


def lint_torch(
    module: Any,
    example_args: Tuple[Any, ...],
    *,
    input_ranges: Optional[Mapping[str, Tuple[float, float]]] = None,
    dynamo: bool = True,
    select: Rules = None,
    ignore: Rules = None,
    precision: Optional[str] = None,
    **export_kwargs: Any,
) -> Report:
    """Exports ``module`` with ``torch.onnx.export`` and lints the ONNX model.

    ``example_args`` are the inputs ``module(*example_args)`` is traced with.
    The dynamo exporter (``torch.export``, which needs onnxscript) is used
    unless ``dynamo=False`` asks for the TorchScript one; ``export_kwargs``
    go to ``torch.onnx.export`` (``opset_version``, ``input_names``,
    ``dynamic_shapes``, ...). ``input_ranges`` names the graph inputs as the
    exporter names them: the ``forward`` parameters with dynamo
    (``{"x": (0, 1)}``), ``input_names`` with TorchScript.

    Each finding's ``node`` is the node's name in the export (``node_log``,
    ``/encoder/Log``), ``source_module`` the module path the node came from
    (``encoder.layer3.conv1``, None for the top module), and ``file`` is
    ``<ClassName>.onnx``, the temporary export's name.
    """
    _require("torch", "lint_torch exports the model with PyTorch")
    import torch  # noqa: F401 (checked above; imported here so that the message comes first)

    if dynamo:
        _require("onnxscript", "torch.onnx.export(dynamo=True) needs onnxscript (or pass dynamo=False)")
    export_kwargs.setdefault("verbose", False)
    name = type(module).__name__ + ".onnx"
    with tempfile.TemporaryDirectory(prefix="modellint-") as folder:
        path = Path(folder) / name
        torch.onnx.export(module, tuple(example_args), str(path), dynamo=dynamo, **export_kwargs)
        report = lint(path, select=select, ignore=ignore, input_ranges=input_ranges, precision=precision)
    return _renamed(report, str(path), name)


def _renamed(report: Report, temporary: str, name: str) -> Report:
    """The report with the temporary file's path replaced by its name."""

    def finding(item: Any) -> Any:
        related = tuple(dataclasses.replace(r, file=name) if r.file == temporary else r for r in item.related)
        return dataclasses.replace(item, file=name if item.file == temporary else item.file, related=related)

    return dataclasses.replace(
        report,
        findings=tuple(finding(item) for item in report.findings),
        proofs=tuple(finding(item) for item in report.proofs),
        unproven=tuple(finding(item) for item in report.unproven),
        diagnostics=tuple(
            dataclasses.replace(d, file=name) if d.file == temporary else d for d in report.diagnostics
        ),
    )
