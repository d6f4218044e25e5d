// A 12-layer transformer encoder on 16 tokens of width 64, written as a Swift
// user writes it: `for layer in 0..<12` around an `encoderLayer` helper, which
// calls a `softmax` helper. Each layer is Examples/swift/transformer_block.swift
// with its names prefixed `l0_` ... `l11_`: q, k, v projections, scores (Mul,
// the element-wise stand-in for q·kᵀ that Caffe can also write), the softmax,
// a residual Add and LayerNorm, a ReLU feed-forward, residual and LayerNorm.
// The same net as Examples/caffe/transformer_encoder.prototxt.
// The softmax helper is written by hand, exp(s) / sum(exp(s)), WITHOUT
// subtracting the max first, so its bug is in every layer that calls it.
// Expected findings: in each of the 12 layers, ML104 at lN_attn_exp (exp of
// unbounded scores can overflow) and ML102 at lN_attn_inv (the sum of exps can
// underflow to 0); each points at the line in `softmax` and notes the loop
// iteration and the calls that reached it.
import ModelLintDSL

let tokens = 16
let width = 64
let layerCount = 12

/// exp(s) / sum(exp(s)) over the last axis, by hand (the hazard).
func softmax(_ prefix: String, of scores: String) -> [any LayerConvertible] {
    [
        Exp("\(prefix)_exp", from: scores),
        Reduce("\(prefix)_sum", operation: .sum, axis: 1),
        Reshape("\(prefix)_sum_col", shape: [0, 1]),
        Tile("\(prefix)_sum_tiled", axis: 1, tiles: width),
        Pow("\(prefix)_inv", exponent: -1.0),
        Mul(prefix, "\(prefix)_exp", "\(prefix)_inv"),
    ]
}

/// One encoder layer reading `input`; its output is `lN_norm2`.
@ModelBuilder
func encoderLayer(_ index: Int, input: String) -> [Layer] {
    let p = "l\(index)"
    Dense("\(p)_q", from: input, outputs: width)
    Dense("\(p)_k", from: input, outputs: width)
    Dense("\(p)_v", from: input, outputs: width)
    Mul("\(p)_scores", "\(p)_q", "\(p)_k")
    Pow("\(p)_scores_scaled", exponent: 1.0, scale: 0.125)
    softmax("\(p)_attn", of: "\(p)_scores_scaled")
    Mul("\(p)_context", "\(p)_attn", "\(p)_v")
    Dense("\(p)_out_proj", outputs: width)
    Add("\(p)_residual1", input, "\(p)_out_proj")
    LayerNorm("\(p)_norm1", axis: 1)
    Dense("\(p)_ffn1", outputs: 4 * width)
    ReLU("\(p)_ffn_relu")
    Dense("\(p)_ffn2", outputs: width)
    Add("\(p)_residual2", "\(p)_norm1", "\(p)_ffn2")
    LayerNorm("\(p)_norm2", axis: 1)
}

public let transformerEncoder = Model("transformer_encoder") {
    Input("x", shape: [tokens, width])
    for layer in 0..<layerCount {
        encoderLayer(layer, input: layer == 0 ? "x" : "l\(layer - 1)_norm2")
    }
}
