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

    /// LayerNormalization, InstanceNormalization, GroupNormalization. Over n
    /// values, |x_i - mean| <= sqrt(n - 1) * std (and <= (hi - lo) by the
    /// range of x), so the normalized value z has |z| <= sqrt(n - 1) whatever
    /// x is; then `z * scale + bias`. LayerNormalization's optional outputs
    /// are the mean (within x) and 1 / sqrt(var + eps).
    static func grouped(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> [Interval] {
        guard case .normalize(let attributes) = op else { return [] }
        let math = context.arithmetic
        let x = inputs.first ?? .top
        let infinite = x.lo == -.infinity || x.hi == .infinity
        // inf - inf, and 0 / 0 for a constant group when epsilon is 0.
        let nan = x.mayBeNaN || infinite || attributes.epsilon <= 0
        var limit = Double.infinity
        if let dims = context.shape(0)?.knownValues, let n = attributes.groupSize(dims), n > 0 {
            limit = Foundation.sqrt(Double(Swift.max(n - 1, 1)))
        }
        if attributes.epsilon > 0, x.lo.isFinite, x.hi.isFinite {
            limit = Swift.min(limit, (x.hi - x.lo) / Foundation.sqrt(attributes.epsilon))
        }
        // The statistics and the quotient are rounded: a little slack.
        limit = limit * (1 + 64 * LinearBounds.epsilon(context.dtype)) + 1e-6
        var y = Interval(-limit, limit, mayBeNaN: nan)
        if inputs.count >= 2 { y = math.mul(y, inputs[1]) }
        if inputs.count >= 3 { y = math.add(y, inputs[2]) }
        let inverseDeviation = attributes.epsilon > 0
            ? Interval(0, 1 / Foundation.sqrt(attributes.epsilon) * 1.001)
            : Interval(0, .infinity, mayBeNaN: true)
        return [math.round(y), x, inverseDeviation]
    }
}
