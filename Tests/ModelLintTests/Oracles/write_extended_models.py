#!/usr/bin/env python3
"""Writes small ONNX models made of the operators that modellint bounds by
`Op.extended` and of ONNX Runtime's fused operators, for the soundness
oracle in ModelLintTests (ExtendedOpSoundnessTests.swift):

    write_extended_models.py OUT_DIR

Three kinds, each written as OUT_DIR/<name>.onnx:
- one model per com.microsoft operator (FastGelu, SkipLayerNormalization,
  Attention, MultiHeadAttention, QLinearAdd, ...), with random weights;
- models quantized by onnxruntime.quantization.quantize_dynamic
  (DynamicQuantizeLinear, MatMulInteger, ConvInteger);
- a small network written with the patterns that onnxruntime's graph
  optimizer fuses (Conv + Relu, Gemm + Relu, LayerNormalization after an
  Add, Gelu by erf), saved after its optimizations, so the fused operators
  are the ones onnxruntime itself writes.

It prints one line per model with the operator types it holds. Needs onnx,
numpy and onnxruntime.
"""
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import onnxruntime as ort

RNG = np.random.default_rng(0)
MS = "com.microsoft"


def weights(name, *shape, scale=0.5, dtype=np.float32):
    return numpy_helper.from_array((RNG.standard_normal(shape) * scale).astype(dtype), name)


def value(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def save(folder, name, nodes, inputs, outputs, initializers=(), opset=17):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset), helper.make_opsetid(MS, 1)])
    model.ir_version = 8
    onnx.save(model, os.path.join(folder, name + ".onnx"))


def microsoft_models(folder):
    f = TensorProto.FLOAT
    x = value("x", f, [2, 4, 8])
    y = value("y", f, None)
    save(folder, "ms_fast_gelu", [helper.make_node("FastGelu", ["x", "b"], ["y"], domain=MS)],
         [x], [y], [weights("b", 8)])
    save(folder, "ms_bias_gelu", [helper.make_node("BiasGelu", ["x", "b"], ["y"], domain=MS)],
         [x], [y], [weights("b", 8, scale=3)])
    save(folder, "ms_quick_gelu", [helper.make_node("QuickGelu", ["x"], ["y"], domain=MS, alpha=1.702)], [x], [y])
    save(folder, "ms_skip_layer_norm",
         [helper.make_node("SkipLayerNormalization", ["x", "skip", "gamma", "beta", "bias"],
                           ["y", "mean", "inv_std", "sum"], domain=MS, epsilon=1e-5)],
         [x, value("skip", f, [2, 4, 8])], [y, value("mean", f, None), value("inv_std", f, None), value("sum", f, None)],
         [weights("gamma", 8), weights("beta", 8), weights("bias", 8)])
    save(folder, "ms_skip_simplified_layer_norm",
         [helper.make_node("SkipSimplifiedLayerNormalization", ["x", "skip", "gamma"], ["y"], domain=MS, epsilon=1e-5)],
         [x, value("skip", f, [2, 4, 8])], [y], [weights("gamma", 8)])
    save(folder, "ms_simplified_layer_norm",
         [helper.make_node("SimplifiedLayerNormalization", ["x", "gamma"], ["y"], axis=-1, epsilon=1e-5)],
         [x], [y], [weights("gamma", 8)])
    save(folder, "ms_embed_layer_norm",
         [helper.make_node("EmbedLayerNormalization",
                           ["ids", "segments", "word", "position", "segment", "gamma", "beta"],
                           ["y", "mask_index"], domain=MS, epsilon=1e-5)],
         [value("ids", TensorProto.INT32, [2, 4]), value("segments", TensorProto.INT32, [2, 4])],
         [y, value("mask_index", TensorProto.INT32, None)],
         [weights("word", 10, 8), weights("position", 16, 8), weights("segment", 10, 8), weights("gamma", 8),
          weights("beta", 8)])
    save(folder, "ms_attention",
         [helper.make_node("Attention", ["x", "w", "bias"], ["y"], domain=MS, num_heads=2)],
         [x], [y], [weights("w", 8, 24), weights("bias", 24)])
    save(folder, "ms_multi_head_attention",
         [helper.make_node("MultiHeadAttention", ["q", "k", "v"], ["y"], domain=MS, num_heads=2)],
         [value("q", f, [2, 4, 8]), value("k", f, [2, 4, 8]), value("v", f, [2, 4, 8])], [y])
    save(folder, "ms_rotary_embedding",
         [helper.make_node("RotaryEmbedding", ["x4", "positions", "cos", "sin"], ["y"], domain=MS)],
         [value("x4", f, [2, 4, 8]), value("positions", TensorProto.INT64, [2, 4])], [y],
         [weights("cos", 16, 4, scale=1), weights("sin", 16, 4, scale=1)])
    image = value("image", f, [1, 3, 6, 6])
    for activation, params in [("Relu", []), ("Sigmoid", []), ("LeakyRelu", [0.1]), ("Clip", [-0.5, 0.5]), ("Tanh", [])]:
        attributes = {"activation": activation, "kernel_shape": [3, 3], "pads": [1, 1, 1, 1]}
        if params:
            attributes["activation_params"] = params
        save(folder, "ms_fused_conv_" + activation.lower(),
             [helper.make_node("FusedConv", ["image", "w", "b"], ["y"], domain=MS, **attributes)],
             [image], [y], [weights("w", 4, 3, 3, 3), weights("b", 4, scale=3)])
    save(folder, "ms_fused_conv_sum",
         [helper.make_node("FusedConv", ["image", "w", "b", "z"], ["y"], domain=MS, activation="Relu",
                           kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
         [image, value("z", f, [1, 4, 6, 6])], [y], [weights("w", 4, 3, 3, 3), weights("b", 4)])
    save(folder, "ms_fused_gemm",
         [helper.make_node("FusedGemm", ["a", "w", "b"], ["y"], domain=MS, activation="Sigmoid", transB=1)],
         [value("a", f, [3, 8])], [y], [weights("w", 5, 8), weights("b", 5, scale=4)])
    save(folder, "ms_fused_matmul",
         [helper.make_node("FusedMatMul", ["a", "w"], ["y"], domain=MS, alpha=3.0, transB=1)],
         [value("a", f, [3, 8])], [y], [weights("w", 5, 8)])
    # Quantized inputs come from a QuantizeLinear of a float input (the oracle samples floats).
    u8 = TensorProto.UINT8
    quantize = [helper.make_node("QuantizeLinear", ["x2", "sa", "za"], ["qa"]),
                helper.make_node("QuantizeLinear", ["x2b", "sb", "zb"], ["qb"])]
    x2, x2b = value("x2", f, [2, 8]), value("x2b", f, [2, 8])
    quantized = [numpy_helper.from_array(np.array(0.05, np.float32), "sa"), numpy_helper.from_array(np.array(3, np.uint8), "za"),
                 numpy_helper.from_array(np.array(0.1, np.float32), "sb"), numpy_helper.from_array(np.array(7, np.uint8), "zb"),
                 numpy_helper.from_array(np.array(0.02, np.float32), "sc"), numpy_helper.from_array(np.array(128, np.uint8), "zc")]
    save(folder, "ms_qlinear_add",
         quantize + [helper.make_node("QLinearAdd", ["qa", "sa", "za", "qb", "sb", "zb", "sc", "zc"], ["y"], domain=MS)],
         [x2, x2b], [value("y", u8, None)], quantized)
    save(folder, "ms_qlinear_sigmoid",
         quantize[:1] + [helper.make_node("QLinearSigmoid", ["qa", "sa", "za", "sc", "zc"], ["y"], domain=MS)],
         [x2], [value("y", u8, None)], quantized)
    save(folder, "ms_dynamic_quantize_matmul",
         [helper.make_node("DynamicQuantizeMatMul", ["a", "bq", "bs", "bz", "bias"], ["y"], domain=MS)],
         [value("a", f, [3, 8])], [y],
         [numpy_helper.from_array(RNG.integers(-128, 127, (8, 5)).astype(np.int8), "bq"),
          numpy_helper.from_array(np.array(0.01, np.float32), "bs"), numpy_helper.from_array(np.array(0, np.int8), "bz"),
          weights("bias", 5)])
    save(folder, "ms_matmul_integer_to_float",
         quantize[:1] + [helper.make_node("MatMulIntegerToFloat", ["qa", "bq", "sa", "bs", "za", "bz"], ["y"], domain=MS)],
         [x2], [y],
         [numpy_helper.from_array(RNG.integers(0, 255, (8, 5)).astype(np.uint8), "bq"),
          numpy_helper.from_array(np.array(0.01, np.float32), "bs"),
          numpy_helper.from_array(np.array(128, np.uint8), "bz")] + quantized[:2])


def quantized_models(folder):
    """A convolutional and a fully connected float model, quantized dynamically by onnxruntime."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    f = TensorProto.FLOAT
    with tempfile.TemporaryDirectory() as scratch:
        conv = os.path.join(scratch, "conv.onnx")
        save(scratch, "conv",
             [helper.make_node("Conv", ["image", "w1", "b1"], ["c1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
              helper.make_node("Relu", ["c1"], ["r1"]),
              helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], kernel_shape=[3, 3]),
              helper.make_node("GlobalAveragePool", ["c2"], ["y"])],
             [value("image", f, [1, 3, 8, 8])], [value("y", f, None)],
             [weights("w1", 8, 3, 3, 3), weights("b1", 8), weights("w2", 4, 8, 3, 3), weights("b2", 4)], opset=13)
        quantize_dynamic(conv, os.path.join(folder, "quant_conv_integer.onnx"), op_types_to_quantize=["Conv"],
                         weight_type=QuantType.QUInt8)
        dense = os.path.join(scratch, "dense.onnx")
        save(scratch, "dense",
             [helper.make_node("MatMul", ["x", "w1"], ["h"]), helper.make_node("Add", ["h", "b1"], ["hb"]),
              helper.make_node("Tanh", ["hb"], ["t"]), helper.make_node("MatMul", ["t", "w2"], ["y"])],
             [value("x", f, [2, 4, 16])], [value("y", f, None)],
             [weights("w1", 16, 32), weights("b1", 32), weights("w2", 32, 8)], opset=13)
        quantize_dynamic(dense, os.path.join(folder, "quant_matmul_integer.onnx"), op_types_to_quantize=["MatMul"],
                         weight_type=QuantType.QInt8)


def optimized_model(folder):
    """Patterns onnxruntime fuses, saved after its extended optimizations."""
    f = TensorProto.FLOAT
    nodes = [
        helper.make_node("Conv", ["image", "cw", "cb"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["cr"]),
        helper.make_node("GlobalAveragePool", ["cr"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"]),
        helper.make_node("Gemm", ["flat", "gw", "gb"], ["g"], transB=1),
        helper.make_node("Relu", ["g"], ["gr"]),
        helper.make_node("Reshape", ["gr", "shape"], ["tokens"]),
        helper.make_node("Add", ["tokens", "residual"], ["summed"]),
        helper.make_node("LayerNormalization", ["summed", "gamma", "beta"], ["normed"], axis=-1, epsilon=1e-5),
        helper.make_node("MatMul", ["normed", "mw"], ["m"]),
        helper.make_node("Add", ["m", "mb"], ["mbias"]),
        # Gelu by erf: x * 0.5 * (1 + erf(x / sqrt(2))).
        helper.make_node("Div", ["mbias", "sqrt2"], ["scaled"]),
        helper.make_node("Erf", ["scaled"], ["erf"]),
        helper.make_node("Add", ["erf", "one"], ["erf1"]),
        helper.make_node("Mul", ["mbias", "erf1"], ["gelu2"]),
        helper.make_node("Mul", ["gelu2", "half"], ["y"]),
    ]
    initializers = [weights("cw", 8, 3, 3, 3), weights("cb", 8), weights("gw", 16, 8), weights("gb", 16),
                    numpy_helper.from_array(np.array([1, 2, 8], np.int64), "shape"), weights("residual", 1, 2, 8),
                    weights("gamma", 8), weights("beta", 8), weights("mw", 8, 8), weights("mb", 8),
                    numpy_helper.from_array(np.array(np.sqrt(2), np.float32), "sqrt2"),
                    numpy_helper.from_array(np.array(1, np.float32), "one"),
                    numpy_helper.from_array(np.array(0.5, np.float32), "half")]
    with tempfile.TemporaryDirectory() as scratch:
        save(scratch, "plain", nodes, [value("image", f, [1, 3, 8, 8])], [value("y", f, None)], initializers)
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = os.path.join(folder, "ort_optimized.onnx")
        ort.InferenceSession(os.path.join(scratch, "plain.onnx"), options, providers=["CPUExecutionProvider"])


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    microsoft_models(folder)
    quantized_models(folder)
    optimized_model(folder)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".onnx"):
            model = onnx.load(os.path.join(folder, name))
            types = sorted({(n.domain + "::" if n.domain else "") + n.op_type for n in model.graph.node})
            print(name, " ".join(types))


if __name__ == "__main__":
    main()
