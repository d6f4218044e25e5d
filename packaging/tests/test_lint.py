"""modellint.lint and python -m modellint, against the built binary."""

from __future__ import annotations

import subprocess
import sys

import pytest

import modellint
from conftest import EXAMPLES, REPOSITORY


def test_a_finding_comes_back_typed_and_positioned(binary):
    report = modellint.lint(EXAMPLES / "caffe" / "faulty_pooling.prototxt")

    assert report.files_linted == 1
    assert report.summary == modellint.Summary(errors=1, warnings=0, notes=0, unreadable_files=0, unproven=0)
    (finding,) = report.findings
    assert (finding.code, finding.name, finding.severity) == ("ML201", "pool-stride-exceeds-kernel", "error")
    assert finding.message.startswith("pooling stride 5 exceeds kernel 3")
    assert finding.file.endswith("faulty_pooling.prototxt")
    assert (finding.line, finding.column, finding.node) == (29, 5, "pool1")
    assert any("0/0 = NaN" in fact for fact in finding.evidence)
    assert finding.fix and "stride" in finding.fix
    assert finding.source_module is None  # a Caffe net comes from no PyTorch module
    assert report.errors == (finding,)
    assert report.warnings == ()
    assert str(finding).endswith(":29:5: error: " + finding.message + " [ML201]")


def test_a_binary_model_has_a_byte_range_and_no_line(binary):
    (finding,) = modellint.lint(EXAMPLES / "onnx" / "avgpool_gap.onnx").findings
    assert finding.code == "ML201"
    assert finding.line is None and finding.column is None
    assert finding.byte_range is not None and finding.byte_range[0] < finding.byte_range[1]


def test_select_and_ignore_choose_the_rules(binary):
    model = EXAMPLES / "caffe" / "transformer_block.prototxt"
    assert {f.code for f in modellint.lint(model).findings} == {"ML102", "ML104"}
    assert {f.code for f in modellint.lint(model, select="ML104").findings} == {"ML104"}
    assert {f.code for f in modellint.lint(model, ignore=["ML104", "div-without-epsilon"]).findings} == set()
    assert modellint.lint(model, ignore="ML1").findings == ()


def test_input_ranges_and_precision_reach_the_analysis(binary):
    model = EXAMPLES / "onnx" / "rmsnorm_by_hand.json"
    assert modellint.lint(model).findings == ()
    assert modellint.lint(model, input_ranges={"x": (-300, 300)}).findings == ()
    report = modellint.lint(model, input_ranges={"x": (-300, 300)}, precision="float16")
    assert [(f.code, f.node) for f in report.findings] == [("ML105", "square")]
    # 300² overflows float16 only where the input reaches it: not within ±100.
    assert modellint.lint(model, input_ranges={"x": (-100, 100)}, precision="float16").findings == ()


def test_several_paths_are_one_report(binary):
    report = modellint.lint([EXAMPLES / "caffe" / "faulty_pooling.prototxt", EXAMPLES / "caffe" / "unet_plain.prototxt"])
    assert report.files_linted == 2
    assert [f.code for f in report.findings] == ["ML201"]


def test_a_broken_model_raises_with_the_binarys_positioned_message(binary, tmp_path):
    broken = tmp_path / "broken.prototxt"
    broken.write_text('layer {\n  name: "conv"\n  type: "Convolution"\n  convolution_param { kernel_size: three }\n}\n')

    with pytest.raises(modellint.ModelLintError) as raised:
        modellint.lint([broken, EXAMPLES / "caffe" / "faulty_pooling.prototxt"])

    message = str(raised.value)
    assert message.startswith(f"{broken}:4:")
    assert ": error: " in message
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.file, diagnostic.line) == (str(broken), 4)
    # The other file was still linted.
    assert raised.value.report is not None
    assert [f.code for f in raised.value.report.findings] == ["ML201"]


def test_a_wrong_option_raises_with_the_binarys_message(binary):
    with pytest.raises(modellint.ModelLintError, match="'ML999x' is not a rule code"):
        modellint.lint(EXAMPLES / "caffe" / "faulty_pooling.prototxt", select="ML999x")


def test_python_dash_m_is_the_binary(binary):
    model = EXAMPLES / "caffe" / "faulty_pooling.prototxt"
    through_python = subprocess.run(
        [sys.executable, "-m", "modellint", "--no-color", str(model)], capture_output=True, text=True,
        cwd=REPOSITORY / "packaging" / "python",
    )
    direct = subprocess.run([str(binary), "--no-color", str(model)], capture_output=True, text=True)
    assert through_python.returncode == direct.returncode == 1
    assert through_python.stdout == direct.stdout
    assert "faulty_pooling.prototxt:29:5: error: pooling stride 5 exceeds kernel 3" in through_python.stdout

    version = subprocess.run(
        [sys.executable, "-m", "modellint", "--version"], capture_output=True, text=True,
        cwd=REPOSITORY / "packaging" / "python",
    )
    assert (version.returncode, version.stdout.strip()) == (0, subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True).stdout.strip())


def test_a_missing_binary_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.delenv("MODELLINT_BINARY")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(modellint._binary.sysconfig, "get_path", lambda *args, **kwargs: str(tmp_path))
    with pytest.raises(modellint.BinaryNotFoundError, match="pip install modellint"):
        modellint.find_binary()
