"""modellint.lint_torch: a PyTorch module exported to ONNX and linted.

Needs torch (and onnxscript for the dynamo exporter, torchvision for
ResNet-18); where they are missing, these tests skip and say which.
"""

from __future__ import annotations

import importlib

import pytest

import modellint


def _importable(name: str):
    """The module, or a skip with the reason it cannot be imported."""
    try:
        return importlib.import_module(name)
    except Exception as error:  # torchvision raises RuntimeError when its C++ ops do not match torch
        pytest.skip(f"{name} cannot be imported here ({type(error).__name__}: {error}); pip install {name}")


@pytest.fixture(scope="module")
def torch():
    return _importable("torch")


@pytest.fixture(scope="module")
def log_of_relu(torch):
    """A model whose `torch.log(torch.relu(x))` takes the log of zero."""

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(3, 4, 3)

        def forward(self, x):
            return torch.log(torch.relu(self.conv1(x)))

    class Model(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Block()

        def forward(self, x):
            return self.encoder(x)

    torch.manual_seed(0)
    return Model().eval(), torch.randn(1, 3, 8, 8)


def test_the_log_of_a_relu_is_found_at_the_op_the_user_wrote(binary, log_of_relu):
    _importable("onnxscript")
    model, x = log_of_relu
    report = modellint.lint_torch(model, (x,))
    (finding,) = [f for f in report.findings if f.code == "ML101"]
    assert finding.severity == "warning"
    assert finding.node == "node_log"  # the dynamo exporter's name for it
    assert finding.source_module == "encoder"  # the module whose forward calls torch.log
    assert finding.file == "Model.onnx"
    assert report.warnings


def test_the_torchscript_exporter_on_request(binary, log_of_relu):
    model, x = log_of_relu
    report = modellint.lint_torch(model, (x,), dynamo=False, input_names=["x"])
    (finding,) = [f for f in report.findings if f.code == "ML101"]
    assert finding.node == "/encoder/Log"
    assert finding.source_module == "encoder"


def test_an_input_range_reaches_the_export(binary, torch):
    _importable("onnxscript")

    class Scaled(torch.nn.Module):
        def forward(self, x):
            return torch.log(x + 1)

    x = torch.rand(1, 4)
    assert [f.code for f in modellint.lint_torch(Scaled().eval(), (x,)).findings] == ["ML101"]
    assert modellint.lint_torch(Scaled().eval(), (x,), input_ranges={"x": (0.0, 1.0)}).findings == ()


def test_resnet18_is_clean(binary, torch):
    _importable("onnxscript")
    torchvision = _importable("torchvision")
    model = torchvision.models.resnet18(weights=None).eval()
    report = modellint.lint_torch(model, (torch.randn(1, 3, 224, 224),))
    assert report.files_linted == 1
    assert report.findings == (), "\n".join(str(f) for f in report.findings)
    assert not report.errors


def _without(*missing):
    """`importlib.import_module` as if the `missing` modules were not installed."""
    real_import = importlib.import_module

    def import_module(name, *args):
        if name in missing:
            raise ModuleNotFoundError(f"No module named '{name}'")
        return real_import(name, *args)

    return import_module


def test_missing_torch_is_said_plainly(monkeypatch):
    monkeypatch.setattr(modellint._torch.importlib, "import_module", _without("torch"))
    with pytest.raises(modellint.MissingDependencyError, match=r"PyTorch.*pip install torch"):
        modellint.lint_torch(object(), ())


def test_missing_onnxscript_is_said_plainly(monkeypatch, torch):
    monkeypatch.setattr(modellint._torch.importlib, "import_module", _without("onnxscript"))
    with pytest.raises(modellint.MissingDependencyError, match=r"onnxscript.*dynamo=False.*pip install onnxscript"):
        modellint.lint_torch(object(), ())
