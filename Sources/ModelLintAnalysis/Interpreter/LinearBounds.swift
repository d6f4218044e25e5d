import ModelLintIR

/// Bounds for linear layers. With known weights (ONNX initializers, DSL
/// constants) each output channel j is bounded by interval bound propagation:
/// centre = mid(x) * sum(W_j) + b_j, radius = rad(x) * sum(|W_j|), where W_j
/// are the weights that produce channel j. With weights that lie in a known
/// interval (a declared range, or `--weight-bound`) each output is a sum of
/// fan-in products; without either the magnitude is unbounded.
enum LinearBounds {
    static func output(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        var x = inputs.first ?? .top
        switch op {
        case .conv(let conv) where conv.padsBegin.contains(where: { $0 > 0 }) || conv.padsEnd.contains(where: { $0 > 0 }) || conv.autoPad != nil:
            // Zero padding puts zeros in the windows next to real values.
            x = x.join(.exactly(0))
        case .deconv:
            // An output of a transposed convolution sums only the kernel taps
            // that land on it: a subset of the terms. With 0 in x every term's
            // interval holds 0, so the sum over all taps bounds any subset.
            x = x.join(.exactly(0))
        default:
            break
        }
        if case .embed = op { return embedding(inputs: inputs, context: context) }
        guard !x.isNumericEmpty, x.lo.isFinite, x.hi.isFinite else { return unbounded(x, context) }
        let (alpha, beta) = scaling(op)
        if let dims = context.shape(1)?.knownValues, let weights = knownValues(1, context),
           let channels = channelWeights(op, dims: dims, count: weights.count) {
            var result = propagate(x, weights: weights, channels: channels, bias: bias(op, context: context, channels: channels.count),
                                   alpha: alpha, beta: beta, context: context)
            // A bias whose values are not known is still added: its interval, to every channel.
            if knownValues(2, context) == nil, inputs.count >= 3, !context.graph.tensor(context.node.inputs[2]).name.isEmpty {
                result = context.arithmetic.add(result, context.arithmetic.mul(inputs[2], .exactly(beta)))
            }
            return result
        }
        guard let fanIn = fanIn(op, context: context), fanIn > 0 else { return unbounded(x, context) }
        if let weights = knownValues(1, context), !weights.isEmpty {
            // Known weights in a layout without a per-channel split (ConvTranspose): their whole range.
            let range = Interval(weights.min()!, weights.max()!, mayBeNaN: weights.contains { $0.isNaN })
            let bias = knownValues(2, context).flatMap { $0.isEmpty ? nil : Interval($0.min()!, $0.max()!, mayBeNaN: $0.contains { $0.isNaN }) }
                ?? (inputs.count >= 3 ? inputs[2] : nil)
            return boundedWeights(x: x, weights: range, bias: bias, fanIn: fanIn, alpha: alpha, beta: beta, context: context)
        }
        if inputs.count >= 2, !inputs[1].isNumericEmpty, inputs[1].lo.isFinite, inputs[1].hi.isFinite {
            let bias = inputs.count >= 3 ? inputs[2] : nil
            return boundedWeights(x: x, weights: inputs[1], bias: bias, fanIn: fanIn, alpha: alpha, beta: beta, context: context)
        }
        if let bound = context.assumptions.weightBound {
            let weights = Interval(-bound, bound)
            return boundedWeights(x: x, weights: weights, bias: weights, fanIn: fanIn, alpha: alpha, beta: beta, context: context)
        }
        return unbounded(x, context)
    }

    /// Input `index`'s values where known, looking through `Identity` nodes
    /// (exporters route an initializer that several layers share through them).
    private static func knownValues(_ index: Int, _ context: IntervalTransfer.Context) -> [Double]? {
        guard index < context.node.inputs.count else { return nil }
        var id = context.node.inputs[index]
        while context.graph.tensor(id).constantValues == nil, let producer = context.graph.producer(of: id),
              case .identity = producer.op, let source = producer.inputs.first {
            id = source
        }
        return context.graph.tensor(id).constantValues
    }

    /// Unknown weights: any value, overflow included; NaN where x may be NaN
    /// or infinite (inf * 0, inf - inf), the weights taken to be moderate.
    /// Known weights the bound cannot place still say whether products of x
    /// can overflow to +inf and to -inf in one output: then NaN.
    private static func unbounded(_ x: Interval, _ context: IntervalTransfer.Context) -> Interval {
        var nan = x.mayBeNaN || x.lo == -.infinity || x.hi == .infinity
        if !nan, !x.isNumericEmpty, let weights = context.constant(1) {
            var up = context.constant(2)?.map(Swift.abs).max() ?? 0, down = up
            for w in weights { (up, down) = grow(up, down, x, w) }
            nan = mayOverflow(up, terms: weights.count, context.dtype) && mayOverflow(down, terms: weights.count, context.dtype)
        }
        return Interval(-.infinity, .infinity, mayBeNaN: nan)
    }

    /// Adds w * x's largest positive and largest negative value to the
    /// bounds on how far a partial sum can climb and fall.
    private static func grow(_ up: Double, _ down: Double, _ x: Interval, _ w: Double) -> (Double, Double) {
        let a = w * x.lo, b = w * x.hi
        return (up + Swift.max(a, b, 0), down + Swift.max(-a, -b, 0))
    }

    /// Whether a partial sum bounded in magnitude by `bound` (before the
    /// rounding of `terms` additions) may reach inf in the dtype. One that may
    /// reach +inf and one that may reach -inf may meet: inf - inf is NaN.
    private static func mayOverflow(_ bound: Double, terms: Int, _ dtype: DType) -> Bool {
        bound >= (dtype.maxFinite ?? Double.greatestFiniteMagnitude) / (1 + Double(terms + 1) * epsilon(dtype))
    }

    /// Gemm's `alpha` (on the product) and `beta` (on the bias); 1 elsewhere.
    private static func scaling(_ op: Op) -> (alpha: Double, beta: Double) {
        if case .fullyConnected(let attributes) = op { return (attributes.alpha, attributes.beta) }
        return (1, 1)
    }

    /// A bias value per output channel when the bias is a constant with one
    /// per channel; a constant of another layout (Gemm's C broadcast from
    /// `(M, N)` or a scalar) bounds every channel by its whole range.
    private static func bias(_ op: Op, context: IntervalTransfer.Context, channels: Int) -> [Interval]? {
        guard let values = knownValues(2, context), !values.isEmpty else { return nil }
        if values.count == channels, context.shape(2)?.knownValues?.last == channels { return values.map(Interval.exactly) }
        let all = Interval(values.min()!, values.max()!, mayBeNaN: values.contains { $0.isNaN })
        return Array(repeating: all, count: channels)
    }

    private static func propagate(_ x: Interval, weights: [Double], channels: [StrideTo<Int>], bias: [Interval]?,
                                  alpha: Double, beta: Double, context: IntervalTransfer.Context) -> Interval {
        let mid = (x.lo + x.hi) / 2, rad = (x.hi - x.lo) / 2
        var result = Interval.bottom
        var nan = x.mayBeNaN
        var overflowsUp = false, overflowsDown = false
        for (channel, indices) in channels.enumerated() {
            var sum = 0.0, absSum = 0.0, terms = 0
            let b = bias?[channel] ?? .exactly(0)
            var up = Swift.abs(beta) * Swift.max(Swift.abs(b.lo), Swift.abs(b.hi)), down = up
            for index in indices {
                let weight = weights[index]
                if weight.isNaN { nan = true; continue }
                sum += weight
                absSum += Swift.abs(weight)
                terms += 1
                (up, down) = grow(up, down, x, alpha * weight)
            }
            // A partial sum past the largest finite value is inf, and stays inf,
            // whatever the later terms would have cancelled; +inf meeting -inf is NaN.
            let climbs = mayOverflow(up, terms: terms, context.dtype), falls = mayOverflow(down, terms: terms, context.dtype)
            overflowsUp = overflowsUp || climbs
            overflowsDown = overflowsDown || falls
            nan = nan || (climbs && falls)
            nan = nan || b.mayBeNaN
            let centre = alpha * mid * sum, radius = Swift.abs(alpha) * rad * absSum
            // The runtime sums in the layer's dtype: allow n * epsilon of the
            // magnitudes involved for its rounding.
            let magnitude = Swift.abs(alpha) * (Swift.abs(mid) + rad) * absSum + Swift.abs(beta) * Swift.max(Swift.abs(b.lo), Swift.abs(b.hi))
            let rounding = magnitude * Double(terms + 2) * epsilon(context.dtype)
            let shift = Interval(Swift.min(beta * b.lo, beta * b.hi), Swift.max(beta * b.lo, beta * b.hi))
            result = result.join(Interval(centre - radius + shift.lo - rounding, centre + radius + shift.hi + rounding))
        }
        if overflowsUp { result = result.join(.exactly(.infinity)) }
        if overflowsDown { result = result.join(.exactly(-.infinity)) }
        return context.arithmetic.round(result.with(nan: nan))
    }

    /// Weights that are not constants but lie in a known interval: each
    /// output sums `fanIn` products of an x and a w, plus the bias.
    private static func boundedWeights(x: Interval, weights: Interval, bias: Interval?, fanIn: Int,
                                       alpha: Double, beta: Double, context: IntervalTransfer.Context) -> Interval {
        let math = context.arithmetic
        let product = math.mul(math.mul(x, weights), .exactly(alpha))
        let k = Double(fanIn)
        let magnitude = Swift.max(Swift.abs(product.lo), Swift.abs(product.hi)) * k
        let rounding = magnitude * k * epsilon(context.dtype)
        // k products, each in `product`: the sum lies in [k * lo, k * hi] (k >= 1 terms).
        let overflows = mayOverflow(Swift.max(product.hi, 0) * k, terms: fanIn, context.dtype)
            && mayOverflow(Swift.max(-product.lo, 0) * k, terms: fanIn, context.dtype)
        var sum = Interval(Swift.min(product.lo, product.lo * k) - rounding,
                           Swift.max(product.hi, product.hi * k) + rounding, mayBeNaN: product.mayBeNaN || overflows)
        if let bias { sum = math.add(sum, math.mul(bias, .exactly(beta))) }
        return math.round(sum)
    }

    /// Embedding rows are copied out: the output is a weight value.
    private static func embedding(inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        if let weights = knownValues(1, context), !weights.isEmpty {
            return Interval(weights.min()!, weights.max()!, mayBeNaN: weights.contains { $0.isNaN })
        }
        if inputs.count >= 2, inputs[1].lo.isFinite, inputs[1].hi.isFinite { return inputs[1] }
        if let bound = context.assumptions.weightBound { return Interval(-bound, bound) }
        return Interval(-.infinity, .infinity)
    }

    /// How many products feed one output, from the weights' shape where the
    /// layer has a weight tensor and from its attributes and input shape
    /// where it does not (Caffe keeps weights in a separate file).
    private static func fanIn(_ op: Op, context: IntervalTransfer.Context) -> Int? {
        let weight = context.shape(1)?.knownValues
        let input = context.shape(0)?.knownValues
        switch op {
        case .conv(let conv):
            if let weight, weight.count >= 2 { return weight.dropFirst().reduce(1, *) }
            guard let input, input.count >= 2, !conv.kernel.isEmpty else { return nil }
            return input[1] / Swift.max(1, conv.group) * conv.kernel.reduce(1, *)
        case .deconv(let conv):
            // Weights `(C, M/group, k...)`: an output sums at most C/group * k... taps.
            if let weight, weight.count >= 2 { return weight[0] * weight.dropFirst(2).reduce(1, *) }
            guard let input, input.count >= 2, !conv.kernel.isEmpty else { return nil }
            return input[1] * conv.kernel.reduce(1, *)
        case .matMul:
            if let weight, weight.count >= 2 { return weight[weight.count - 2] }
            return input?.last
        case .fullyConnected(let attributes):
            if let weight, weight.count == 2 { return attributes.weightsOutputMajor ? weight[1] : weight[0] }
            guard let input, input.count >= 2 else { return nil }
            return attributes.inputTransposed ? input[0] : input.dropFirst().reduce(1, *)
        default:
            return nil
        }
    }

    /// The weight indices that feed each output channel: Conv weights are
    /// `(M, C/group, k...)`, one contiguous block per output channel;
    /// ConvTranspose weights `(C, M/group, k...)`, every block of channel j in
    /// each input plane; MatMul weights `(K, N)`, one strided column per
    /// output; Gemm and InnerProduct one row of `(N, K)` or one column of `(K, N)`.
    private static func channelWeights(_ op: Op, dims: [Int], count: Int) -> [StrideTo<Int>]? {
        guard dims.reduce(1, *) == count, count > 0 else { return nil }
        switch op {
        case .conv:
            let channels = dims[0], block = count / channels
            return (0..<channels).map { stride(from: $0 * block, to: ($0 + 1) * block, by: 1) }
        case .matMul where dims.count == 2:
            return columns(rows: dims[0], columns: dims[1])
        case .fullyConnected(let attributes) where dims.count == 2:
            if attributes.weightsOutputMajor {
                let (n, k) = (dims[0], dims[1])
                return (0..<n).map { stride(from: $0 * k, to: ($0 + 1) * k, by: 1) }
            }
            return columns(rows: dims[0], columns: dims[1])
        default:
            return nil
        }
    }

    private static func columns(rows: Int, columns: Int) -> [StrideTo<Int>] {
        (0..<columns).map { stride(from: $0, to: rows * columns, by: columns) }
    }

    /// Twice the unit roundoff of the precision a kernel of `dtype` sums in.
    static func epsilon(_ dtype: DType) -> Double {
        switch dtype {
        case .float16: return 9.8e-4
        case .bfloat16: return 7.9e-3
        case .float64: return 2.3e-16
        default: return 1.2e-7
        }
    }
}
