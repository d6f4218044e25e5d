import ModelLintIR

/// Reductions over axes the IR does not record, so over at most every element.
enum Reductions {
    static func output(_ kind: ReduceKind, _ x: Interval, context: IntervalTransfer.Context) -> Interval {
        let math = context.arithmetic
        switch kind {
        case .max, .min, .mean: return x
        case .sum: return sum(x, context: context)
        case .sumOfSquares: return sum(math.square(x), context: context)
        case .sumOfAbs: return sum(math.abs(x), context: context)
        }
    }

    /// A sum of k elements, 1 <= k <= n, each in x: [min(lo, n*lo), max(hi, n*hi)];
    /// with n unknown, unbounded on the side whose sign grows.
    private static func sum(_ x: Interval, context: IntervalTransfer.Context) -> Interval {
        let n = context.shape(0)?.knownValues.map { Double($0.reduce(1, *)) } ?? .infinity
        let lo = x.lo >= 0 ? x.lo : (n.isInfinite ? -.infinity : n * x.lo)
        let hi = x.hi <= 0 ? x.hi : (n.isInfinite ? .infinity : n * x.hi)
        return context.arithmetic.round(Interval(lo, hi, mayBeNaN: x.mayBeNaN || (x.lo == -.infinity && x.hi == .infinity)))
    }
}
