import ModelLintIR

/// Bounds for linear layers. With known weights (ONNX initializers, DSL
/// constants) each output channel j is bounded by interval bound propagation:
/// centre = mid(x) * sum(W_j) + b_j, radius = rad(x) * sum(|W_j|), where W_j
/// are the weights that produce channel j. Without them the magnitude is
/// unbounded. (Gemm is not bounded this way yet: its alpha and transposes are
/// not in the IR.)
enum LinearBounds {
    static func output(op: Op, inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        var x = inputs.first ?? .top
        // Zero padding puts zeros in the windows next to real values.
        if case .conv(let conv) = op, conv.padsBegin.contains(where: { $0 > 0 }) || conv.padsEnd.contains(where: { $0 > 0 }) || conv.autoPad != nil {
            x = x.join(.exactly(0))
        }
        guard !x.isNumericEmpty, x.lo.isFinite, x.hi.isFinite, let dims = context.shape(1)?.knownValues else {
            return unbounded(x)
        }
        guard let weights = knownValues(1, context), let groups = channelWeights(op, dims: dims, count: weights.count) else {
            return boundedWeights(op, x: x, inputs: inputs, dims: dims, context: context)
        }
        let bias = knownValues(2, context).flatMap { $0.count == groups.count ? $0 : nil }
        let mid = (x.lo + x.hi) / 2, rad = (x.hi - x.lo) / 2
        var result = Interval.bottom
        for (channel, indices) in groups.enumerated() {
            var sum = 0.0, absSum = 0.0, terms = 0
            for index in indices {
                sum += weights[index]
                absSum += Swift.abs(weights[index])
                terms += 1
            }
            let centre = mid * sum + (bias?[channel] ?? 0)
            let radius = rad * absSum
            // The runtime sums in the layer's dtype: allow n * epsilon of the
            // magnitudes involved for its rounding.
            let magnitude: Double = (Swift.abs(mid) + rad) * absSum
            let rounding: Double = magnitude * Double(terms) * epsilon(context.dtype)
            result = result.join(Interval(centre - radius - rounding, centre + radius + rounding))
        }
        var bounded = result.with(nan: x.mayBeNaN)
        // A bias whose values are not known per channel is still added: its interval, to every channel.
        if bias == nil, inputs.count >= 3, !context.graph.tensor(context.node.inputs[2]).name.isEmpty {
            bounded = context.arithmetic.add(bounded, inputs[2])
        }
        return context.arithmetic.round(bounded)
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

    /// Unknown weights: any value, overflow included; NaN only if x may be NaN.
    private static func unbounded(_ x: Interval) -> Interval {
        Interval(-.infinity, .infinity, mayBeNaN: x.mayBeNaN)
    }

    /// Weights that are not constants but lie in a known interval (an input
    /// with a declared range): each output sums `fanIn` products of an x and
    /// a w, plus the bias.
    private static func boundedWeights(_ op: Op, x: Interval, inputs: [Interval], dims: [Int],
                                       context: IntervalTransfer.Context) -> Interval {
        guard inputs.count >= 2, inputs[1].lo.isFinite, inputs[1].hi.isFinite, !inputs[1].isNumericEmpty,
              let fanIn = fanIn(op, dims: dims), fanIn > 0 else { return unbounded(x) }
        let math = context.arithmetic
        let product = math.mul(x, inputs[1])
        let magnitude = Swift.max(Swift.abs(product.lo), Swift.abs(product.hi)) * Double(fanIn)
        let rounding = magnitude * Double(fanIn) * epsilon(context.dtype)
        // k products, each in `product`: the sum lies in [k * lo, k * hi] (k >= 1 terms).
        var sum = Interval(Swift.min(product.lo, product.lo * Double(fanIn)) - rounding,
                           Swift.max(product.hi, product.hi * Double(fanIn)) + rounding, mayBeNaN: product.mayBeNaN)
        if inputs.count >= 3 { sum = math.add(sum, inputs[2]) }
        return math.round(sum)
    }

    /// How many products feed one output: Conv `(M, C/group, k...)` sums
    /// C/group * k...; MatMul `(..., K, N)` sums K.
    private static func fanIn(_ op: Op, dims: [Int]) -> Int? {
        switch op {
        case .conv where dims.count >= 2: return dims.dropFirst().reduce(1, *)
        case .matMul where dims.count >= 2: return dims[dims.count - 2]
        default: return nil
        }
    }

    /// The weight indices that feed each output channel: Conv weights are
    /// `(M, C/group, k...)`, one contiguous block per output channel; MatMul
    /// weights are `(K, N)`, one strided column per output.
    private static func channelWeights(_ op: Op, dims: [Int], count: Int) -> [StrideTo<Int>]? {
        guard dims.reduce(1, *) == count, count > 0 else { return nil }
        switch op {
        case .conv:
            let channels = dims[0], block = count / channels
            return (0..<channels).map { stride(from: $0 * block, to: ($0 + 1) * block, by: 1) }
        case .matMul where dims.count == 2:
            let (k, n) = (dims[0], dims[1])
            return (0..<n).map { stride(from: $0, to: k * n, by: n) }
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
