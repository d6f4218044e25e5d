import Foundation
import ModelLintIR

/// Normalization layers. ONNX BatchNormalization with known statistics is
/// `scale * (x - mean) / sqrt(var + eps) + B` per channel; without them (Caffe
/// keeps statistics in weights files) the output is unbounded.
enum Normalization {
    static func output(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        let x = inputs.first ?? .top
        // Parameters the model does not hold (Caffe keeps them in weights
        // files) may scale x by anything: unknown magnitude, overflow included.
        let unbounded = Interval(-.infinity, .infinity, mayBeNaN: x.mayBeNaN)
        switch op {
        case .batchNorm(let epsilon):
            guard inputs.count >= 5, let scale = context.constant(1), let bias = context.constant(2),
                  let mean = context.constant(3), let variance = context.constant(4),
                  Set([scale.count, bias.count, mean.count, variance.count]).count == 1 else { return unbounded }
            let math = context.arithmetic
            var result = Interval.bottom
            for c in 0..<scale.count {
                let denominator = math.sqrt(math.add(.exactly(variance[c]), .exactly(epsilon ?? 1e-5)))
                let normalized = math.div(math.sub(x, .exactly(mean[c])), denominator)
                result = result.join(math.add(math.mul(normalized, .exactly(scale[c])), .exactly(bias[c])))
            }
            return result
        case .scale, .bias:
            // `x * gamma (+ beta)` and `x + beta`, with the factor an input
            // (Caffe's two-bottom Scale) or a weight bounded by `--weight-bound`.
            // The IR does not record Caffe's `bias_term`, so a bias is assumed.
            guard let limit = context.assumptions.weightBound else { return unbounded }
            let math = context.arithmetic
            let bound = Interval(-limit, limit)
            let factor = inputs.count >= 2 ? inputs[1] : bound
            guard factor.lo.isFinite, factor.hi.isFinite else { return unbounded }
            if case .bias = op { return math.add(x, factor) }
            return math.add(math.mul(x, factor), bound)
        case .prelu:
            // Identity where x >= 0; the slope is a weight, unknown here.
            return x.lo >= 0 ? x : unbounded
        default:
            return unbounded
        }
    }
}
