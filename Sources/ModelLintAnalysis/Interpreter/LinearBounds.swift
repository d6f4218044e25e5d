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
        if let dims = context.shape(1)?.knownValues, let weights = knownData(1, context),
           let layout = channelLayout(op, dims: dims, count: weights.elementCount), let sums = layout.sums(of: weights) {
            var result = propagate(x, sums: sums, bias: bias(op, context: context, channels: layout.channelCount),
                                   alpha: alpha, beta: beta, context: context)
            // A bias whose values are not known is still added: its interval, to every channel.
            if knownData(2, context)?.values == nil, inputs.count >= 3, !context.graph.tensor(context.node.inputs[2]).name.isEmpty {
                result = context.arithmetic.add(result, context.arithmetic.mul(inputs[2], .exactly(beta)))
            }
            return result
        }
        guard let fanIn = fanIn(op, context: context), fanIn > 0 else { return unbounded(x, context) }
        if let range = knownData(1, context).flatMap(ChannelLayout.range(of:)) {
            // Known weights in a layout without a per-channel split (ConvTranspose): their whole range.
            let bias = knownData(2, context).flatMap(ChannelLayout.range(of:)) ?? (inputs.count >= 3 ? inputs[2] : nil)
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

    /// Input `index`'s constant data, looking through `Identity` nodes
    /// (exporters route an initializer that several layers share through them).
    static func knownData(_ index: Int, _ context: IntervalTransfer.Context) -> ConstantData? {
        guard index < context.node.inputs.count else { return nil }
        var id = context.node.inputs[index]
        while context.graph.tensor(id).constant == nil, let producer = context.graph.producer(of: id),
              case .identity = producer.op, let source = producer.inputs.first {
            id = source
        }
        return context.graph.tensor(id).constant
    }

    /// Unknown weights: any value, overflow included; NaN where x may be NaN
    /// or infinite (inf * 0, inf - inf), the weights taken to be moderate.
    /// Known weights the bound cannot place still say whether products of x
    /// can overflow to +inf and to -inf in one output: then NaN.
    private static func unbounded(_ x: Interval, _ context: IntervalTransfer.Context) -> Interval {
        var nan = x.mayBeNaN || x.lo == -.infinity || x.hi == .infinity
        if !nan, !x.isNumericEmpty, let weights = knownData(1, context).flatMap(ChannelLayout.total(of:)) {
            let bias = knownData(2, context).flatMap(ChannelLayout.range(of:)).map { Swift.max(Swift.abs($0.lo), Swift.abs($0.hi)) } ?? 0
            let reach = weights.reach(x, alpha: 1)
            nan = mayOverflow(bias + reach.up, terms: weights.count, context.dtype)
                && mayOverflow(bias + reach.down, terms: weights.count, context.dtype)
        }
        return Interval(-.infinity, .infinity, mayBeNaN: nan)
    }

    /// Whether a partial sum bounded in magnitude by `bound` (before the
    /// rounding of `terms` additions) may reach inf in the dtype. One that may
    /// reach +inf and one that may reach -inf may meet: inf - inf is NaN.
    private static func mayOverflow(_ bound: Double, terms: Int, _ dtype: DType) -> Bool {
        bound >= (dtype.maxFinite ?? Double.greatestFiniteMagnitude) / (1 + (Double(terms) + 1) * epsilon(dtype))
    }

    /// Gemm's `alpha` (on the product) and `beta` (on the bias); 1 elsewhere.
    static func scaling(_ op: Op) -> (alpha: Double, beta: Double) {
        if case .fullyConnected(let attributes) = op { return (attributes.alpha, attributes.beta) }
        return (1, 1)
    }

    /// A bias value per output channel when the bias is a constant with one
    /// per channel; a constant of another layout (Gemm's C broadcast from
    /// `(M, N)` or a scalar) bounds every channel by its whole range.
    static func bias(_ op: Op, context: IntervalTransfer.Context, channels: Int) -> [Interval]? {
        guard let data = knownData(2, context), let values = data.values, !values.isEmpty else { return nil }
        if values.count == channels, context.shape(2)?.knownValues?.last == channels { return values.map(Interval.exactly) }
        guard let all = ChannelLayout.range(of: data) else { return nil }
        return Array(repeating: all, count: channels)
    }

    private static func propagate(_ x: Interval, sums: [WeightSums], bias: [Interval]?,
                                  alpha: Double, beta: Double, context: IntervalTransfer.Context) -> Interval {
        let mid = (x.lo + x.hi) / 2, rad = (x.hi - x.lo) / 2
        var result = Interval.bottom
        var nan = x.mayBeNaN
        var overflowsUp = false, overflowsDown = false
        for (channel, weights) in sums.enumerated() {
            let b = bias?[channel] ?? .exactly(0)
            let biasMagnitude = Swift.abs(beta) * Swift.max(Swift.abs(b.lo), Swift.abs(b.hi))
            let reach = weights.reach(x, alpha: alpha)
            // A partial sum past the largest finite value is inf, and stays inf,
            // whatever the later terms would have cancelled; +inf meeting -inf is NaN.
            let climbs = mayOverflow(biasMagnitude + reach.up, terms: weights.terms, context.dtype)
            let falls = mayOverflow(biasMagnitude + reach.down, terms: weights.terms, context.dtype)
            overflowsUp = overflowsUp || climbs
            overflowsDown = overflowsDown || falls
            nan = nan || weights.hasNaN || (climbs && falls) || b.mayBeNaN
            let centre = alpha * mid * weights.sum, radius = Swift.abs(alpha) * rad * weights.absSum
            // The runtime sums in the layer's dtype: allow n * epsilon of the
            // magnitudes involved for its rounding.
            let magnitude = Swift.abs(alpha) * (Swift.abs(mid) + rad) * weights.absSum + biasMagnitude
            let rounding = magnitude * (Double(weights.terms) + 2) * epsilon(context.dtype)
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
        if let range = knownData(1, context).flatMap(ChannelLayout.range(of:)) { return range }
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
            if let weight, weight.count >= 2 { return Checked.count(weight.dropFirst()) }
            guard let input, input.count >= 2, !conv.kernel.isEmpty, let taps = Checked.count(conv.kernel), input[1] >= 0 else { return nil }
            return Checked.multiply(input[1] / Swift.max(1, conv.group), taps)
        case .deconv(let conv):
            // Weights `(C, M/group, k...)`: an output sums at most C/group * k... taps.
            if let weight, weight.count >= 2 { return Checked.count(weight.dropFirst(2) + [weight[0]]) }
            guard let input, input.count >= 2, !conv.kernel.isEmpty else { return nil }
            return Checked.count(conv.kernel + [input[1]])
        case .matMul:
            if let weight, weight.count >= 2 { return weight[weight.count - 2] }
            return input?.last
        case .fullyConnected(let attributes):
            if let weight, weight.count == 2 { return attributes.weightsOutputMajor ? weight[1] : weight[0] }
            guard let input, input.count >= 2 else { return nil }
            return attributes.inputTransposed ? input[0] : Checked.count(input.dropFirst())
        default:
            return nil
        }
    }

    /// Which weights feed each output channel: Conv weights are
    /// `(M, C/group, k...)`, one contiguous block per output channel; MatMul
    /// weights `(K, N)`, one column per output; Gemm and InnerProduct one row
    /// of `(N, K)` or one column of `(K, N)`. ConvTranspose weights
    /// `(C, M/group, k...)` scatter each channel over every input plane, and
    /// are bounded by their whole range instead.
    static func channelLayout(_ op: Op, dims: [Int], count: Int) -> ChannelLayout? {
        guard Checked.count(dims) == count, count > 0 else { return nil }
        switch op {
        case .conv:
            return .blocks(channels: dims[0], block: count / dims[0])
        case .matMul where dims.count == 2:
            return .columns(rows: dims[0], columns: dims[1])
        case .fullyConnected(let attributes) where dims.count == 2:
            return attributes.weightsOutputMajor ? .blocks(channels: dims[0], block: dims[1]) : .columns(rows: dims[0], columns: dims[1])
        default:
            return nil
        }
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
