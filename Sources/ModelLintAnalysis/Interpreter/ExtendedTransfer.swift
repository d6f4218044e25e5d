import Foundation
import ModelLintIR

/// Transfer functions of `Op.extended`: one bound per `ExtendedOp` case,
/// each sound for every element of every output (see each case's formula in
/// the IR). Coarse where the operator is rare; what matters is that every
/// operator says something true, so that a finding downstream is judged on
/// a bound rather than on "no semantics".
enum ExtendedTransfer {
    static func outputs(of op: ExtendedOp, inputs: [Interval], context: IntervalTransfer.Context) -> [Interval] {
        let math = context.arithmetic
        let x = inputs.first ?? .top
        let outputCount = Swift.max(context.node.outputs.count, 1)
        func input(_ index: Int) -> Interval? { index < inputs.count && !context.graph.tensor(context.node.inputs[index]).name.isEmpty ? inputs[index] : nil }
        func indicesAfter(_ first: [Interval]) -> [Interval] {
            first + Array(repeating: Interval(0, .infinity), count: Swift.max(outputCount - first.count, 0))
        }
        switch op {
        case .selects(let indices, let constants):
            let values = indices.compactMap(input).reduce(Interval.bottom) { $0.join($1) }
            return indicesAfter([constants.reduce(values) { $0.join(.exactly($1)) }])
        case .interpolates(let constants, let cubic):
            let hull = constants.reduce(x) { $0.join(.exactly($1)) }
            return [interpolated(hull, cubic: cubic, math: math)]
        case .fixed(let ranges):
            return (0..<outputCount).map { index in
                index < ranges.count ? Interval(ranges[index].lo, ranges[index].hi) : Interval(0, .infinity)
            }
        case .anyValueOfType:
            return context.node.outputs.map { output in
                IntervalTransfer.integerRange(context.graph.tensor(output).dtype) ?? Interval(-.infinity, .infinity, mayBeNaN: true)
            }
        case .sumOfProducts(let sum):
            return [sumOfProducts(sum, inputs: inputs, context: context)]
        case .cumulativeProduct:
            return [cumulativeProduct(x, count: Reductions.elementCount(context.shape(0)), math: math)]
        case .remainder(let fmod):
            return [remainder(x, inputs.count > 1 ? inputs[1] : .top, fmod: fmod)]
        case .arithmeticSequence:
            // start + i * delta short of the limit; rounded products may step past it by a delta at most.
            guard inputs.count >= 3 else { return [.top] }
            let delta = math.abs(inputs[2])
            let hull = inputs[0].join(inputs[1])
            return [Interval(hull.lo - delta.hi, hull.hi + delta.hi, mayBeNaN: hull.mayBeNaN || delta.mayBeNaN)]
        case .determinant:
            return [determinant(x, order: context.shape(0)?.dims.last?.value, math: math)]
        case .inverse:
            return [Interval(-.infinity, .infinity, mayBeNaN: true)]
        case .castLike:
            let target = inputs.count > 1 ? context.graph.tensor(context.node.inputs[1]).dtype : .unknown
            return IntervalTransfer.outputs(of: .cast(to: target), inputs: [x], context: context) ?? [.top]
        case .quantized(let zeroPoint):
            let type = zeroPoint < context.node.inputs.count ? context.graph.tensor(context.node.inputs[zeroPoint]).dtype : .unknown
            return [quantizedRange(type)]
        case .dynamicQuantize:
            // scale = (max(0, max x) - min(0, min x)) / 255; NaN and inf in x have no range.
            let spread = Swift.max(0, x.hi) - Swift.min(0, x.lo)
            let broken = x.mayBeNaN || !spread.isFinite
            // Computed in float32 whatever the node's first output (uint8) is.
            let scale = broken ? Interval(0, .infinity, mayBeNaN: true)
                : IntervalArithmetic(dtype: .float32).div(Interval(0, spread), .exactly(255))
            return [Interval(0, 255), scale, Interval(0, 255)]
        case .biasedUnary(let function):
            let biased = input(1).map { math.add(x, $0) } ?? x
            return [UnaryFunctions.output(function, biased, math: math)]
        case .biasedSoftmax(let axis):
            let biased = input(1).map { math.add(x, $0) } ?? x
            return [Normalization.softmax(biased, axis: axis, logarithm: false, context: context)]
        case .normalizedSum(let normalized):
            return normalizedSum(normalized, inputs: inputs, context: context, input: input)
        case .attention(let layout):
            return attention(layout, inputs: inputs, context: context, input: input)
        case .projectedAttention:
            let values = projectedValues(inputs: inputs, context: context, input: input)
            let averaged = averaged(values, masked: input(3) != nil, inputs: inputs)
            return [averaged, values.join(input(4) ?? .bottom)]
        case .rotary(let index, let cosines, let sines):
            guard let rotated = input(index) else { return [.top] }
            let c = input(cosines).map(magnitude) ?? 1, s = input(sines).map(magnitude) ?? 1
            let m = magnitude(rotated) * (c + s) * (1 + 8 * LinearBounds.epsilon(context.dtype))
            // Dimensions past rotary_embedding_dim pass unrotated.
            let nan = rotated.mayBeNaN || !m.isFinite || [cosines, sines].compactMap(input).contains { $0.mayBeNaN }
            return [Interval(-m, m, mayBeNaN: nan).join(rotated)]
        case .quantizedLSTM(let defaultActivations):
            let nan = inputs.contains { $0.mayBeNaN || $0.lo == -.infinity || $0.hi == .infinity }
            guard defaultActivations else { return Array(repeating: Interval(-.infinity, .infinity, mayBeNaN: true), count: 3) }
            // h = o * tanh(c) with o in (0, 1); c_t = f * c_(t-1) + i * g grows by at most 1 a step.
            let hidden = Interval(-1, 1, mayBeNaN: nan)
            let cell = magnitude(input(6) ?? .exactly(0)) + 0x1p63
            return [hidden, hidden, Interval(-cell, cell, mayBeNaN: nan)]
        }
    }

    /// The range of an 8- or 16-bit quantized type (uint8 when the type is not told).
    static func quantizedRange(_ type: DType) -> Interval {
        switch type {
        case .int8: Interval(-128, 127)
        case .uint16: Interval(0, 65535)
        case .int16: Interval(-32768, 32767)
        default: Interval(0, 255)
        }
    }

    /// The largest magnitude in x (infinite when x is unbounded).
    static func magnitude(_ x: Interval) -> Double {
        x.isNumericEmpty ? 0 : Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
    }

    /// Values between elements of `hull`: nearest and linear weights stay
    /// within it (up to the rounding of weights that sum to 1), cubic ones
    /// overshoot by at most 3.6 times its radius (see `Op.resize`).
    private static func interpolated(_ hull: Interval, cubic: Bool, math: IntervalArithmetic) -> Interval {
        guard !hull.isNumericEmpty else { return hull }
        guard hull.lo.isFinite, hull.hi.isFinite else { return Interval(-.infinity, .infinity, mayBeNaN: true) }
        let mid = (hull.lo + hull.hi) / 2, radius = (hull.hi - hull.lo) / 2
        let spread = (cubic ? radius * 3.6 : radius) + Swift.abs(mid) * 1e-5 + radius * 1e-5
        return math.round(Interval(mid - spread, mid + spread, mayBeNaN: hull.mayBeNaN))
    }

    /// scale * (a sum of at most n terms, each a product of one value of
    /// every factor) + the addends. The sum lies in n * [min(0, p.lo),
    /// max(0, p.hi)] for a term in p, widened by the rounding drift of n
    /// additions; integer inputs sum in int32 and wrap within its range.
    private static func sumOfProducts(_ sum: SumOfProducts, inputs: [Interval], context: IntervalTransfer.Context) -> Interval {
        let math = context.arithmetic
        var product = Interval.exactly(1)
        var integers = true
        for factor in sum.factors {
            switch factor {
            case .input(let index, let zeroPoint):
                guard index < inputs.count else { continue }
                var value = inputs[index]
                if let zeroPoint, zeroPoint < inputs.count { value = math.sub(value, inputs[zeroPoint]) }
                product = math.mul(product, value)
                integers = integers && !context.graph.tensor(context.node.inputs[index]).dtype.isFloatingPoint
                    && context.graph.tensor(context.node.inputs[index]).dtype != .unknown
            case .range(let range):
                product = math.mul(product, Interval(range.lo, range.hi))
                integers = integers && range.lo.rounded() == range.lo && range.hi.rounded() == range.hi
            }
        }
        if !sum.keepsSign { product = product.join(math.neg(product)) }
        let n = terms(sum.terms, context: context) ?? .infinity
        let drift = 1 + (n + 1) * LinearBounds.epsilon(context.dtype)
        let lo = Swift.min(0, product.lo) * n * drift, hi = Swift.max(0, product.hi) * n * drift
        let nan = product.mayBeNaN || product.lo == -.infinity || product.hi == .infinity
        var total = Interval(lo.isNaN ? -.infinity : lo, hi.isNaN ? .infinity : hi, mayBeNaN: nan || (lo == -.infinity && hi == .infinity))
        if integers, let int32 = IntervalTransfer.integerRange(.int32), !total.isSubset(of: int32) { total = total.join(int32) }
        if sum.scale != 1 { total = math.mul(total, IntervalTransfer.attribute(sum.scale)) }
        for addend in sum.addends where addend < inputs.count && !context.graph.tensor(context.node.inputs[addend]).name.isEmpty {
            total = math.add(total, inputs[addend])
        }
        return total
    }

    private static func terms(_ terms: SumOfProducts.Terms, context: IntervalTransfer.Context) -> Double? {
        func elementCount(_ inputs: [Int]) -> Double? {
            inputs.reduce(Double?(1)) { product, index in
                product.flatMap { p in Reductions.elementCount(context.shape(index)).map { p * Swift.max($0, 1) } }
            }
        }
        switch terms {
        case .exactly(let n): return Double(n)
        case .elementCount(let inputs): return elementCount(inputs)
        case .productOfValues(let index, let fallback):
            if let values = context.constant(index), !values.isEmpty, values.allSatisfy({ $0 >= 1 && $0.isFinite }) {
                return values.reduce(1, *)
            }
            return elementCount(fallback)
        }
    }

    /// Running products of up to n values of x: within [-1, 1] while |x| <= 1,
    /// else up to max|x|^n; an exclusive product starts at 1.
    private static func cumulativeProduct(_ x: Interval, count: Double?, math: IntervalArithmetic) -> Interval {
        let m = magnitude(x)
        let nonNegative = x.lo >= 0
        if m <= 1 { return Interval(nonNegative ? 0 : -1, 1, mayBeNaN: x.mayBeNaN) }
        let bound = count.map { Foundation.pow(m, $0) } ?? .infinity
        let overflows = !bound.isFinite || bound >= (math.dtype.maxFinite ?? .greatestFiniteMagnitude)
        // An infinite running product times a zero is NaN.
        let nan = x.mayBeNaN || (overflows && x.containsZero)
        return Interval(nonNegative ? 0 : -(overflows ? .infinity : bound), overflows ? .infinity : bound, mayBeNaN: nan)
    }

    /// |x mod y| < max|y|, with the divisor's sign (integer Mod) or the
    /// dividend's and at most |x| (fmod). fmod by 0 and of an infinity are NaN.
    private static func remainder(_ x: Interval, _ y: Interval, fmod: Bool) -> Interval {
        let divisor = magnitude(y)
        let bound = fmod ? Swift.min(divisor, magnitude(x)) : divisor
        let sign = fmod ? x : y
        let nan = x.mayBeNaN || y.mayBeNaN || y.containsZero || x.lo == -.infinity || x.hi == .infinity
        return Interval(sign.lo >= 0 ? 0 : -bound, sign.hi <= 0 ? 0 : bound, mayBeNaN: nan)
    }

    /// Hadamard's bound: |det A| <= prod of row norms <= (sqrt(n) * max|a|)^n,
    /// with slack for the elimination's roundings.
    private static func determinant(_ x: Interval, order: Int?, math: IntervalArithmetic) -> Interval {
        let nan = x.mayBeNaN || x.lo == -.infinity || x.hi == .infinity
        guard let n = order, n >= 1, !nan else { return Interval(-.infinity, .infinity, mayBeNaN: true) }
        let bound = Foundation.pow(Foundation.sqrt(Double(n)) * magnitude(x), Double(n)) * (1 + Double(n * n) * 1e-4)
        return math.round(Interval(-bound, bound))
    }

    /// Layer (or RMS) normalization of the summands' sum over the last axis, then scale and shift.
    private static func normalizedSum(_ normalized: NormalizedSum, inputs: [Interval], context: IntervalTransfer.Context,
                                      input: (Int) -> Interval?) -> [Interval] {
        let math = context.arithmetic
        let sum = normalized.summands.compactMap(input).dropFirst().reduce(input(normalized.summands.first ?? 0) ?? .top) {
            math.add($0, $1)
        }
        // The normalized axis is the last of the input, or of an embedding table.
        let shapeSource = normalized.extras == .embed ? normalized.summands.first ?? 0 : 0
        let n = context.shape(shapeSource)?.dims.last?.value
        var y = Normalization.normalized(sum, groupSize: n, epsilon: normalized.epsilon, centred: normalized.centred,
                                         context: context)
        if let scale = input(normalized.scale) { y = math.mul(y, scale) }
        if let shift = normalized.shift.flatMap(input) { y = math.add(y, shift) }
        switch normalized.extras {
        case .skip: return [math.round(y), sum, Normalization.inverseDeviation(epsilon: normalized.epsilon), sum]
        case .embed: return [math.round(y), Interval(0, .infinity), sum]
        }
    }

    /// Softmax-weighted averages of the value rows: within their hull (the
    /// weights sum to 1 up to rounding), plus the bias. The present key and
    /// value are the rows themselves. NaN where a mask may cover a whole row,
    /// or the scores may overflow (inf - inf in the softmax).
    private static func attention(_ layout: AttentionInputs, inputs: [Interval], context: IntervalTransfer.Context,
                                  input: (Int) -> Interval?) -> [Interval] {
        let math = context.arithmetic
        let bias = layout.bias.flatMap(input)
        func rows(_ indices: [Int]) -> Interval {
            let hull = indices.compactMap(input).reduce(Interval.bottom) { $0.join($1) }
            return bias.map { math.add(hull, $0) } ?? hull
        }
        let values = rows(layout.values)
        let averagedValues = averaged(values, masked: !layout.maskInputs.compactMap(input).isEmpty, inputs: inputs)
        let keys = layout.keys.isEmpty ? Interval(-.infinity, .infinity, mayBeNaN: averagedValues.mayBeNaN) : rows(layout.keys)
        return [averagedValues, keys, values, Interval(-.infinity, .infinity, mayBeNaN: true)]
    }

    /// An average of `values` by softmax weights (see `attention`).
    private static func averaged(_ values: Interval, masked: Bool, inputs: [Interval]) -> Interval {
        // Scores are sums of at most 2^30 products of query and key elements.
        let scores = inputs.reduce(0) { Swift.max($0, magnitude($1)) }
        let overflow = !(scores * scores * 0x1p30 < Double(Float.greatestFiniteMagnitude))
        let nan = values.mayBeNaN || masked || overflow || inputs.contains(where: \.mayBeNaN)
        guard !values.isNumericEmpty, values.lo.isFinite, values.hi.isFinite else {
            return Interval(-.infinity, .infinity, mayBeNaN: true)
        }
        let slack = magnitude(values) * 1e-3
        // A row with nothing to attend to (masked whole, padded keys) averages to 0 in onnxruntime and the spec.
        return Interval(values.lo - slack, values.hi + slack, mayBeNaN: nan).join(.exactly(0))
    }

    /// com.microsoft `Attention`'s value rows: input 0 (..., K) times weights
    /// (K, 3N) plus a bias of 3N: at most max|x| * (largest column sum of
    /// |W|) + max|b|, from the weights' values when known.
    private static func projectedValues(inputs: [Interval], context: IntervalTransfer.Context,
                                        input: (Int) -> Interval?) -> Interval {
        let x = inputs.first ?? .top
        let bias = magnitude(input(2) ?? .exactly(0))
        let reach: Double
        if let weights = LinearBounds.knownData(1, context)?.values, let dims = context.shape(1)?.knownValues, dims.count == 2,
           dims[0] * dims[1] == weights.count, dims[1] > 0 {
            var columns = [Double](repeating: 0, count: dims[1])
            for (index, w) in weights.enumerated() { columns[index % dims[1]] += Swift.abs(w) }
            reach = (columns.max() ?? 0) * (1 + Double(dims[0] + 1) * LinearBounds.epsilon(context.dtype))
        } else if let k = context.shape(1)?.dims.first?.value, inputs.count > 1 {
            reach = Double(k) * magnitude(inputs[1])
        } else {
            reach = .infinity
        }
        let m = magnitude(x) * reach + bias
        let nan = x.mayBeNaN || !m.isFinite || inputs.dropFirst().contains(where: \.mayBeNaN)
        return m.isFinite ? Interval(-m, m, mayBeNaN: nan) : Interval(-.infinity, .infinity, mayBeNaN: true)
    }
}
