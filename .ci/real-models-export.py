#!/usr/bin/env python3
"""Export real architectures with random weights to ONNX, with both of
PyTorch's exporters, for .ci/real-models to lint.

    python3 .ci/real-models-export.py DIR [NAME ...]
    python3 .ci/real-models-export.py DIR hazards   # hazards written into a ResNet-18 head, and safe twins

Writes DIR/NAME_ts.onnx (torch.onnx.export(..., dynamo=False), opset 17) and
DIR/NAME_dynamo.onnx (dynamo=True, opset 18) for torchvision (ResNet-50,
DenseNet-121, MobileNetV3, EfficientNet-B0, ViT-B/16, ConvNeXt-T, RegNet,
Swin-T, DeepLabV3), timm (resnet50d, vit_small_patch16_224, convnext_nano) and
transformers (BERT, GPT-2, T5 encoder; two layers each, with NAME.vocab
holding the largest token id). Nothing is downloaded: every model has
random weights. Needs torch, torchvision, timm, transformers and onnxscript.

A torchvision wheel built for CUDA imported next to a CPU-only torch fails
registering its C++ operators ("operator torchvision::nms does not exist");
none of them is used here, so that registration is skipped.
"""
import os
import sys
import types

sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))

import torch  # noqa: E402

# nn.MultiheadAttention's inference fast path is one fused op that the
# TorchScript exporter cannot write (ViT, Swin).
torch.backends.mha.set_fastpath_enabled(False)


def image_models():
    import timm
    import torchvision.models as tv
    import torchvision.models.segmentation as seg
    return {
        "tv_resnet50": lambda: tv.resnet50(),
        "tv_densenet121": lambda: tv.densenet121(),
        "tv_mobilenet_v3_large": lambda: tv.mobilenet_v3_large(),
        "tv_efficientnet_b0": lambda: tv.efficientnet_b0(),
        "tv_vit_b_16": lambda: tv.vit_b_16(),
        "tv_convnext_tiny": lambda: tv.convnext_tiny(),
        "tv_regnet_y_400mf": lambda: tv.regnet_y_400mf(),
        "tv_swin_t": lambda: tv.swin_t(),
        "tv_deeplabv3_mobilenet_v3_large": lambda: seg.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None, aux_loss=False),
        "timm_resnet50d": lambda: timm.create_model("resnet50d", pretrained=False),
        "timm_vit_small_patch16_224": lambda: timm.create_model("vit_small_patch16_224", pretrained=False),
        "timm_convnext_nano": lambda: timm.create_model("convnext_nano", pretrained=False),
    }


def text_models():
    from transformers import BertConfig, BertModel, GPT2Config, GPT2Model, T5Config, T5EncoderModel
    return {
        "hf_bert_2l": lambda: BertModel(BertConfig(num_hidden_layers=2)),
        "hf_gpt2_2l": lambda: GPT2Model(GPT2Config(n_layer=2)),
        "hf_t5_encoder_2l": lambda: T5EncoderModel(T5Config(num_layers=2)),
    }


class Output0(torch.nn.Module):
    """The first output of models that return dicts or tuples."""
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        out = self.model(x)
        if isinstance(out, dict):
            return out["out"] if "out" in out else next(iter(out.values()))
        if hasattr(out, "last_hidden_state"):
            return out.last_hidden_state
        return out[0] if isinstance(out, (tuple, list)) else out


def export(name, make, example, input_name, folder, vocabulary=None):
    torch.manual_seed(0)
    model = Output0(make()).eval()
    for dynamo in (False, True):
        path = os.path.join(folder, f"{name}_{'dynamo' if dynamo else 'ts'}.onnx")
        if os.path.exists(path):
            continue
        try:
            with torch.no_grad():
                torch.onnx.export(model, (example,), path, input_names=[input_name], output_names=["output"],
                                  opset_version=18 if dynamo else 17, dynamo=dynamo)
            if vocabulary is not None:
                with open(os.path.splitext(path)[0] + ".vocab", "w") as out:
                    out.write(str(vocabulary - 1))
            print("wrote", path, flush=True)
        except Exception as error:  # one failed export does not stop the others
            print("failed", path, type(error).__name__, str(error).splitlines()[0][:200], flush=True)


class Hazard(torch.nn.Module):
    """A ResNet-18 whose head ends in one hazard written by hand, or its safe twin."""
    def __init__(self, kind):
        super().__init__()
        import torchvision.models as tv
        self.backbone = tv.resnet18()
        self.backbone.fc = torch.nn.Identity()
        self.kind = kind

    def forward(self, x):
        z = self.backbone(x)
        kind = self.kind
        if kind == "layernorm_no_eps":
            mean = z.mean(-1, keepdim=True)
            return (z - mean) / torch.sqrt(((z - mean) ** 2).mean(-1, keepdim=True))
        if kind == "layernorm_eps":
            mean = z.mean(-1, keepdim=True)
            return (z - mean) / torch.sqrt(((z - mean) ** 2).mean(-1, keepdim=True) + 1e-5)
        if kind == "l2_normalize":
            return z / z.norm(dim=-1, keepdim=True)
        if kind == "l2_normalize_eps":
            return z / (z.norm(dim=-1, keepdim=True) + 1e-6)
        if kind == "log_softmax_by_hand":
            return torch.log(torch.softmax(z, dim=-1))
        if kind == "log_softmax":
            return torch.log_softmax(z, dim=-1)
        if kind == "variance_by_cancellation":
            return torch.sqrt((z * z).mean(-1) - z.mean(-1) ** 2)
        if kind == "variance_clamped":
            return torch.sqrt(torch.clamp((z * z).mean(-1) - z.mean(-1) ** 2, min=0) + 1e-6)
        raise ValueError(kind)


HAZARDS = ["layernorm_no_eps", "layernorm_eps", "l2_normalize", "l2_normalize_eps",
           "log_softmax_by_hand", "log_softmax", "variance_by_cancellation", "variance_clamped"]


def main():
    folder = sys.argv[1]
    wanted = set(sys.argv[2:])
    os.makedirs(folder, exist_ok=True)
    if wanted == {"hazards"}:
        for kind in HAZARDS:
            export(f"hazard_{kind}", lambda kind=kind: Hazard(kind), torch.randn(1, 3, 64, 64), "input", folder)
        return
    for name, make in image_models().items():
        if not wanted or name in wanted:
            export(name, make, torch.randn(1, 3, 224, 224), "input", folder)
    for name, make in text_models().items():
        if not wanted or name in wanted:
            vocabulary = make().config.vocab_size
            export(name, make, torch.randint(0, 1000, (1, 16)), "input_ids", folder, vocabulary)


if __name__ == "__main__":
    main()
