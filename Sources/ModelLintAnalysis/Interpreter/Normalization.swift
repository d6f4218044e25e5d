import Foundation
import ModelLintIR

/// Normalization and per-channel layers. ONNX BatchNormalization with known
/// statistics is `scale * (x - mean) / sqrt(var + eps) + B` per channel;
/// without them (Caffe keeps statistics in weights files) the output is
/// unbounded. Caffe Scale and Bias with a second bottom, and PRelu with its
/// slope as an input, are products and sums with that input's interval.
enum Normalization {
    static func output(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        let x = inputs.first ?? .top
        let math = context.arithmetic
        // Unknown weights: any value, overflow included; NaN where x may be NaN
        // or infinite (inf * 0, inf - inf), the weights taken to be moderate.
        let unbounded = Interval(-.infinity, .infinity, mayBeNaN: x.mayBeNaN || x.lo == -.infinity || x.hi == .infinity)
        switch op {
        case .batchNorm(let epsilon):
            guard inputs.count >= 5, let scale = context.constant(1), let bias = context.constant(2),
                  let mean = context.constant(3), let variance = context.constant(4),
                  Set([scale.count, bias.count, mean.count, variance.count]).count == 1 else { return unbounded }
            var result = Interval.bottom
            for c in 0..<scale.count {
                let denominator = math.sqrt(math.add(.exactly(variance[c]), IntervalTransfer.attribute(epsilon ?? 1e-5)))
                let normalized = math.div(math.sub(x, .exactly(mean[c])), denominator)
                result = result.join(math.add(math.mul(normalized, .exactly(scale[c])), .exactly(bias[c])))
                // Runtimes fold it into x * a + b, a = scale / sqrt(var + eps), b = B - mean * a
                // (onnxruntime): other roundings, and inf - inf where the formula had x - mean = 0.
                let a = math.mul(math.reciprocal(denominator), .exactly(scale[c]))
                result = result.join(math.add(math.mul(x, a), math.sub(.exactly(bias[c]), math.mul(.exactly(mean[c]), a))))
            }
            return result
        case .scale where inputs.count >= 2:
            let product = math.mul(x, inputs[1])
            return inputs.count >= 3 ? math.add(product, inputs[2]) : product
        case .bias where inputs.count >= 2:
            return math.add(x, inputs[1])
        case .prelu:
            // Identity where x >= 0, slope * x below.
            guard inputs.count >= 2 else { return x.lo >= 0 ? x : unbounded }
            let (negative, positive) = IntervalTransfer.split(x)
            let scaled = negative.isNumericEmpty ? Interval.bottom : math.mul(negative, inputs[1])
            return positive.join(scaled).with(nan: x.mayBeNaN || scaled.mayBeNaN)
        case .mvn:
            // The IR does not say which: Caffe divides x - E[x] by sqrt(E[(x - E[x])^2]) + eps,
            // and sums that overflow make that inf / inf; ONNX's function body takes
            // Var = E[x^2] - E[x]^2, which rounding can make negative, and sqrt of it NaN,
            // or tiny, and the quotient huge. Only all-zero input is certainly safe.
            let zeros = !x.mayBeNaN && !x.isNumericEmpty && x.lo == 0 && x.hi == 0
            return zeros ? .exactly(0) : Interval(-.infinity, .infinity, mayBeNaN: true)
        default:
            return unbounded
        }
    }
}
