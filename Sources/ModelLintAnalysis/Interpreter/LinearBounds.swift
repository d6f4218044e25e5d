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
            return unbounded(x, context)
        }
        guard let weights = context.constant(1), let groups = channelWeights(op, dims: dims, count: weights.count) else {
            return boundedWeights(op, x: x, inputs: inputs, dims: dims, context: context)
        }
        let bias = context.constant(2).flatMap { $0.count == groups.count ? $0 : nil }
        let mid = (x.lo + x.hi) / 2, rad = (x.hi - x.lo) / 2
        var result = Interval.bottom
        var overflows = false, overflowsUp = false, overflowsDown = false
        for (channel, indices) in groups.enumerated() {
            var sum = 0.0, absSum = 0.0, terms = 0
            var up = Swift.abs(bias?[channel] ?? 0), down = up
            for index in indices {
                sum += weights[index]
                absSum += Swift.abs(weights[index])
                terms += 1
                (up, down) = grow(up, down, x, weights[index])
            }
            // A partial sum past the largest finite value is inf, and stays inf,
            // whatever the later terms would have cancelled.
            let climbs = mayOverflow(up, terms: terms, context.dtype), falls = mayOverflow(down, terms: terms, context.dtype)
            (overflowsUp, overflowsDown, overflows) = (overflowsUp || climbs, overflowsDown || falls, overflows || (climbs && falls))
            let centre = mid * sum + (bias?[channel] ?? 0)
            let radius = rad * absSum
            // The runtime sums in the layer's dtype: allow n * epsilon of the
            // magnitudes involved for its rounding.
            let magnitude: Double = (Swift.abs(mid) + rad) * absSum
            let rounding: Double = magnitude * Double(terms) * epsilon(context.dtype)
            result = result.join(Interval(centre - radius - rounding, centre + radius + rounding))
        }
        if overflowsUp { result = result.join(.exactly(.infinity)) }
        if overflowsDown { result = result.join(.exactly(-.infinity)) }
        return context.arithmetic.round(result.with(nan: x.mayBeNaN || overflows))
    }

    /// Unknown weights: any value, overflow included; NaN where x may be NaN
    /// or infinite (inf * 0, inf - inf), the weights taken to be moderate.
    /// Known weights the bound cannot place (Gemm: alpha and the transposes
    /// are not in the IR) still say whether products of x, alpha taken as 1,
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

    /// Weights that are not constants but lie in a known interval (an input
    /// with a declared range): each output sums `fanIn` products of an x and
    /// a w, plus the bias.
    private static func boundedWeights(_ op: Op, x: Interval, inputs: [Interval], dims: [Int],
                                       context: IntervalTransfer.Context) -> Interval {
        guard inputs.count >= 2, inputs[1].lo.isFinite, inputs[1].hi.isFinite, !inputs[1].isNumericEmpty,
              let fanIn = fanIn(op, dims: dims), fanIn > 0 else { return unbounded(x, context) }
        let math = context.arithmetic
        let product = math.mul(x, inputs[1])
        let magnitude = Swift.max(Swift.abs(product.lo), Swift.abs(product.hi)) * Double(fanIn)
        let rounding = magnitude * Double(fanIn) * epsilon(context.dtype)
        // k products, each in `product`: the sum lies in [k * lo, k * hi] (k >= 1 terms).
        let overflows = mayOverflow(Swift.max(product.hi, 0) * Double(fanIn), terms: fanIn, context.dtype)
            && mayOverflow(Swift.max(-product.lo, 0) * Double(fanIn), terms: fanIn, context.dtype)
        var sum = Interval(Swift.min(product.lo, product.lo * Double(fanIn)) - rounding,
                           Swift.max(product.hi, product.hi * Double(fanIn)) + rounding, mayBeNaN: product.mayBeNaN || overflows)
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

    static func epsilon(_ dtype: DType) -> Double {
        switch dtype {
        case .float16: return 9.8e-4
        case .bfloat16: return 7.9e-3
        case .float64: return 2.3e-16
        default: return 1.2e-7
        }
    }
}
