import Foundation
import ModelLintIR

/// Reductions over axes the IR does not record, so over at most every element.
///
/// A kernel sums in its dtype, and every partial sum rounds: summing k terms
/// of magnitude at most m in any order errs by at most (k - 1) * u * k * m
/// (u the unit roundoff), and a mean adds its division's rounding. So a mean
/// is not confined to [lo, hi] (onnxruntime's GlobalAveragePool of 49 copies
/// of 6.4059205 gives 6.405921), and a sum not to [k * lo, k * hi]; both are
/// widened by that error bound, bounded using `LinearBounds.epsilon` (2u).
/// A sum of non-negative terms stays non-negative, and so does its mean.
enum Reductions {
    static func output(_ kind: ReduceKind, _ x: Interval, context: IntervalTransfer.Context) -> Interval {
        let math = context.arithmetic
        switch kind {
        case .max, .min: return x
        case .mean: return mean(x, terms: elementCount(context), context: context)
        case .sum: return sum(x, terms: elementCount(context), context: context)
        case .sumOfSquares: return sum(math.square(x), terms: elementCount(context), context: context)
        case .sumOfAbs: return sum(math.abs(x), terms: elementCount(context), context: context)
        case .l2: return math.sqrt(sum(math.square(x), terms: elementCount(context), context: context))
        case .logSum: return math.log(sum(x, terms: elementCount(context), context: context))
        case .logSumExp:
            // Runtimes subtract the maximum first: the result lies in [max, max + log n].
            let n = elementCount(context)
            let spread = n.isInfinite ? Double.infinity : Foundation.log(n)
            let hi = x.hi.isFinite ? x.hi + spread : x.hi
            return math.approximate(x.lo, hi, ulps: 4, nan: x.mayBeNaN || (x.lo == -.infinity && x.hi == .infinity), composite: true)
        case .product:
            // |product| <= max|x|^n; the sign is free unless x >= 0.
            let n = elementCount(context)
            let magnitude = Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
            let bound = n.isInfinite ? (magnitude <= 1 ? 1 : Double.infinity) : Foundation.pow(magnitude, n)
            let nan = x.mayBeNaN || (x.contains(0) && bound == .infinity)
            return math.round(Interval(x.lo >= 0 ? 0 : -bound, bound, mayBeNaN: nan))
        }
    }

    /// The elements of input 0, an upper bound on how many one output reduces (inf when unknown).
    static func elementCount(_ context: IntervalTransfer.Context) -> Double {
        context.shape(0)?.knownValues.map { Double($0.reduce(1, *)) } ?? .infinity
    }

    /// A sum of k elements, 1 <= k <= n, each in x: [min(lo, n*lo), max(hi, n*hi)]
    /// widened on the side that grows by the rounding error; with n unknown,
    /// unbounded on that side. (A float sum of non-negative terms is at least
    /// its largest term, so a side that does not grow needs no slack.)
    private static func sum(_ x: Interval, terms n: Double, context: IntervalTransfer.Context) -> Interval {
        if x.isNumericEmpty { return x }
        let slack = roundingError(x, terms: n, context: context) * n
        let lo = x.lo >= 0 ? x.lo : (n.isInfinite ? -.infinity : n * x.lo - slack)
        let hi = x.hi <= 0 ? x.hi : (n.isInfinite ? .infinity : n * x.hi + slack)
        return rounded(Interval(lo, hi, mayBeNaN: x.mayBeNaN), context: context)
    }

    /// The mean of at most `terms` elements of x (a ReduceMean, an average
    /// pool's window): in [lo, hi] but for rounding, and of the sign of the
    /// terms where they have one. The kernel divides a sum, which may
    /// overflow although the mean would not: then it is infinite.
    static func mean(_ x: Interval, terms n: Double, context: IntervalTransfer.Context) -> Interval {
        if x.isNumericEmpty { return x }
        let slack = roundingError(x, terms: n, context: context)
        var lo = x.lo - slack, hi = x.hi + slack
        if x.lo >= 0 { lo = Swift.max(lo, 0) }
        if x.hi <= 0 { hi = Swift.min(hi, 0) }
        let total = sum(x, terms: n, context: context)
        if total.hi == .infinity { hi = .infinity }
        if total.lo == -.infinity { lo = -.infinity }
        return rounded(Interval(lo, hi, mayBeNaN: total.mayBeNaN), context: context)
    }

    /// How far from the exact value a sum of at most n terms of x may round,
    /// divided by n: n * epsilon * max |x| (infinite where that bound fails).
    private static func roundingError(_ x: Interval, terms n: Double, context: IntervalTransfer.Context) -> Double {
        let magnitude = Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
        if magnitude == 0 { return 0 }
        let relative = n * LinearBounds.epsilon(context.dtype)
        // Past n * u = 1/2 the textbook bound (n - 1)u / (1 - (n - 1)u) is no longer within 2nu.
        return relative < 1 ? magnitude * relative : .infinity
    }

    /// Outward to the grid. Partial sums that may overflow to +inf and to
    /// -inf may meet as NaN (inf - inf) in a kernel with several accumulators.
    private static func rounded(_ x: Interval, context: IntervalTransfer.Context) -> Interval {
        let r = context.arithmetic.round(x)
        return r.with(nan: r.mayBeNaN || (r.lo == -.infinity && r.hi == .infinity))
    }
}
