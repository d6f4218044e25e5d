// A small transformer block on 16 tokens of width 64: query, key and value
// projections, attention scores (Mul of q and k, the element-wise stand-in
// for q·kᵀ that Caffe can also write), a HAND-WRITTEN softmax, a residual Add
// and LayerNorm, then a ReLU feed-forward with its own residual and
// normalization. The same net as Examples/caffe/transformer_block.prototxt
// (whose MVN across channels is the LayerNorm here).
// The softmax is exp(s) / sum(exp(s)) WITHOUT subtracting the max first:
// Exp -> Reduce(.sum) -> Reshape + Tile back to 16x64 -> Pow(-1) -> Mul.
// Expected findings: ML104 at attn_exp (exp of unbounded scores can
// overflow) and ML102 at attn_inv (the sum of exps can underflow to 0).
import ModelLintDSL

public let transformerBlock = Model("transformer_block") {
    Input("x", shape: [16, 64])
    Dense("q", outputs: 64)
    Dense("k", from: "x", outputs: 64)
    Dense("v", from: "x", outputs: 64)
    Mul("scores", "q", "k")
    Pow("scores_scaled", exponent: 1.0, scale: 0.125)
    Exp("attn_exp")
    Reduce("attn_sum", operation: .sum, axis: 1)
    Reshape("attn_sum_col", shape: [0, 1])
    Tile("attn_sum_tiled", axis: 1, tiles: 64)
    Pow("attn_inv", exponent: -1.0)
    Mul("attn", "attn_exp", "attn_inv")
    Mul("context", "attn", "v")
    Dense("out_proj", outputs: 64)
    Add("residual1", "x", "out_proj")
    LayerNorm("norm1", axis: 1)
    Dense("ffn1", outputs: 256)
    ReLU("ffn_relu")
    Dense("ffn2", outputs: 64)
    Add("residual2", "norm1", "ffn2")
    LayerNorm("norm2", axis: 1)
}
