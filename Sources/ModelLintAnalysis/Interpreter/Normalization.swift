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
        case .batchNorm(let epsilon, let storedStatistics):
            // In training mode the batch's own mean and variance replace inputs 3 and 4.
            guard storedStatistics != false, inputs.count >= 5,
                  let channels = BatchNormChannels.of(context, epsilon: epsilon ?? 1e-5) else { return unbounded }
            // x may be anything, NaN included (after a layer that may overflow,
            // or in ML105's second analysis): then so is the output as soon as
            // one channel's steps are finite and its scale nonzero, which is
            // what the loop below would find, a ResNet's 26k channels later.
            if x.lo == -.infinity, x.hi == .infinity, x.mayBeNaN, channels.passesInfinity {
                return Interval(-.infinity, .infinity, mayBeNaN: true)
            }
            var result = Interval.bottom
            for c in channels.mean.indices {
                let normalized = math.div(math.sub(x, .exactly(channels.mean[c])), channels.denominator[c])
                result = result.join(math.add(math.mul(normalized, .exactly(channels.scale[c])), .exactly(channels.bias[c])))
                // Runtimes fold it into x * a + b, a = scale / sqrt(var + eps), b = B - mean * a
                // (onnxruntime): other roundings, and inf - inf where the formula had x - mean = 0.
                result = result.join(math.add(math.mul(x, channels.factor[c]), channels.offset[c]))
            }
            return result
        case .scale where inputs.count >= 2:
            let product = math.mul(x, inputs[1])
            return inputs.count >= 3 ? math.add(product, inputs[2]) : product
        case .bias where inputs.count >= 2:
            return math.add(x, inputs[1])
        case .scale, .bias:
            // Caffe's one-bottom Scale and Bias hold gamma and beta in the
            // weights file: bounded only by `--weight-bound`. The IR does not
            // record Caffe's `bias_term`, so a bias is assumed.
            guard let limit = context.assumptions.weightBound else { return unbounded }
            let bound = Interval(-limit, limit)
            if case .bias = op { return math.add(x, bound) }
            return math.add(math.mul(x, bound), bound)
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

    /// Softmax and LogSoftmax over n values of x in [lo, hi]: every
    /// difference x_i - x_j is at least lo - hi, so p_i >= exp(lo - hi) / n
    /// and log p_i >= (lo - hi) - log n; at most 1 and 0. The lower bounds
    /// get a relative slack for the kernel's roundings (and a softmax's may
    /// underflow to 0). n is the extent of the axis, or with it unknown (the
    /// flattening axes of opset < 13) every element.
    static func softmax(_ x: Interval, axis: Int, logarithm: Bool, context: IntervalTransfer.Context) -> Interval {
        let nan = x.mayBeNaN || x.lo == -.infinity || x.hi == .infinity
        let upper: Double = logarithm ? 0 : 1
        var n: Double?
        if let dims = context.shape(0)?.knownValues, !dims.isEmpty {
            let index = axis < 0 ? dims.count + axis : axis
            n = dims.indices.contains(index) ? Double(dims[index]) : Checked.count(dims).map(Double.init)
            if let count = n, count <= 0 { n = nil }
        }
        guard let n, !x.isNumericEmpty, x.lo.isFinite, x.hi.isFinite else {
            return Interval(logarithm ? -.infinity : 0, upper, mayBeNaN: nan)
        }
        // The kernel subtracts in the dtype: a difference past its range is -inf.
        let difference = context.arithmetic.sub(.exactly(x.lo), .exactly(x.hi)).lo
        let spread = difference - Foundation.log(n)
        guard spread.isFinite else { return Interval(logarithm ? -.infinity : 0, upper, mayBeNaN: nan) }
        let slack = 64 * LinearBounds.epsilon(context.dtype)
        if logarithm {
            return Interval(spread - Swift.abs(spread) * slack - slack, 0, mayBeNaN: nan)
        }
        let lower = Foundation.exp(spread) * (1 - slack)
        return Interval(context.arithmetic.round(Interval(lower, lower)).lo, upper, mayBeNaN: nan)
    }

    /// LayerNormalization, InstanceNormalization, GroupNormalization,
    /// RMSNormalization: the normalized value (see `normalized`), then
    /// `z * scale + bias`. LayerNormalization's optional outputs are the mean
    /// (within x) and 1 / sqrt(var + eps); a root-mean-square normalization's
    /// only extra output is the latter.
    static func grouped(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> [Interval] {
        guard case .normalize(let attributes) = op else { return [] }
        let math = context.arithmetic
        let x = inputs.first ?? .top
        let n = context.shape(0)?.knownValues.flatMap { attributes.groupSize($0) }
        var y = normalized(x, groupSize: n, epsilon: attributes.epsilon, centred: attributes.centred, context: context)
        if inputs.count >= 2 { y = math.mul(y, inputs[1]) }
        if inputs.count >= 3 { y = math.add(y, inputs[2]) }
        let deviation = inverseDeviation(epsilon: attributes.epsilon)
        return attributes.centred ? [math.round(y), x, deviation] : [math.round(y), deviation]
    }

    /// z = (x - mean) / sqrt(var + eps) over n values, or x / sqrt(mean(x^2) + eps)
    /// when not centred. |x_i - mean| <= sqrt(n - 1) * std, and |x_i| <=
    /// sqrt(n) * rms, so |z| <= sqrt(n - 1) (sqrt(n)) whatever x is; and
    /// |z| <= (hi - lo) / sqrt(eps) (max |x| / sqrt(eps)) by x's range.
    static func normalized(_ x: Interval, groupSize n: Int?, epsilon: Double, centred: Bool,
                           context: IntervalTransfer.Context) -> Interval {
        let infinite = x.lo == -.infinity || x.hi == .infinity
        // inf - inf, and 0 / 0 for a constant (zero) group when epsilon is 0.
        let nan = x.mayBeNaN || infinite || epsilon <= 0
        var limit = Double.infinity
        if let n, n > 0 {
            limit = Foundation.sqrt(Double(centred ? Swift.max(n - 1, 1) : n))
        }
        if epsilon > 0, x.lo.isFinite, x.hi.isFinite {
            let spread = centred ? x.hi - x.lo : Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
            limit = Swift.min(limit, spread / Foundation.sqrt(epsilon))
        }
        // The statistics and the quotient are rounded: a little slack.
        limit = limit * (1 + 64 * LinearBounds.epsilon(context.dtype)) + 1e-6
        return Interval(-limit, limit, mayBeNaN: nan)
    }

    /// 1 / sqrt(var + eps), an optional output of the normalizations.
    static func inverseDeviation(epsilon: Double) -> Interval {
        epsilon > 0 ? Interval(0, 1 / Foundation.sqrt(epsilon) * 1.001) : Interval(0, .infinity, mayBeNaN: true)
    }
}

/// A BatchNormalization's statistics and the intervals computed from them
/// alone, per channel, once per node's constants and dtype: the analysis
/// runs twice on most models (ML105 reruns it), and a ResNet-50 has 26k
/// channels of batch normalization.
struct BatchNormChannels {
    var scale: [Double], bias: [Double], mean: [Double]
    /// sqrt(var + eps), and the folded form's a = scale / sqrt(var + eps) and b = B - mean * a.
    var denominator: [Interval], factor: [Interval], offset: [Interval]
    /// Some channel maps -inf and +inf to themselves or each other: finite
    /// mean and bias, a finite positive denominator, a finite nonzero scale.
    var passesInfinity: Bool {
        mean.indices.contains { c in
            mean[c].isFinite && bias[c].isFinite && scale[c].isFinite && scale[c] != 0
                && denominator[c].lo > 0 && denominator[c].hi.isFinite && !denominator[c].mayBeNaN
        }
    }

    static func of(_ context: IntervalTransfer.Context, epsilon: Double) -> BatchNormChannels? {
        let constants = (1...4).compactMap { context.graph.tensor(context.node.inputs[$0]).constant }
        guard constants.count == 4 else { return nil }
        // Kept with the scale's data, under the identities of the other three.
        // Addresses in hex: an array's description escapes each string, 3% of a 10k-node model's whole run.
        let identities = constants.dropFirst().map { String(UInt(bitPattern: ObjectIdentifier($0)), radix: 16) }
        let key = "batch norm: " + identities.joined(separator: " ") + ", eps \(epsilon), \(context.dtype.rawValue)"
        let channels = constants[0].summary(key) { _ -> BatchNormChannels? in
            guard let scale = constants[0].values, let bias = constants[1].values, let mean = constants[2].values,
                  let variance = constants[3].values,
                  Set([scale.count, bias.count, mean.count, variance.count]).count == 1 else { return nil }
            let math = context.arithmetic
            let eps = IntervalTransfer.attribute(epsilon)
            let denominator = variance.map { math.sqrt(math.add(.exactly($0), eps)) }
            let factor = scale.indices.map { math.mul(math.reciprocal(denominator[$0]), .exactly(scale[$0])) }
            let offset = scale.indices.map { math.sub(.exactly(bias[$0]), math.mul(.exactly(mean[$0]), factor[$0])) }
            return BatchNormChannels(scale: scale, bias: bias, mean: mean, denominator: denominator, factor: factor, offset: offset)
        }
        return channels ?? nil
    }
}
