import Foundation
import ModelLintIR

/// Reductions over axes the IR does not record, so over at most every element.
///
/// Kernels accumulate in the dtype (or in Float for 16-bit types), element
/// after element: every partial sum is rounded, so a sum of k terms drifts
/// from the exact one by up to about k * eps * (sum of magnitudes), a mean
/// can leave [min, max] of its elements, and partial sums overflow to inf.
enum Reductions {
    static func output(_ kind: ReduceKind, _ x: Interval, context: IntervalTransfer.Context) -> Interval {
        let math = context.arithmetic
        let n = elementCount(context.shape(0))
        if n == 0 {
            // Nothing to reduce: sums are 0, a mean is 0 / 0, max and min their identities.
            switch kind {
            case .max, .min: return Interval(-.infinity, .infinity)
            case .mean: return .nan
            default: return .exactly(0)
            }
        }
        switch kind {
        case .max, .min: return x
        case .mean: return mean(x, count: n, context: context)
        case .sum: return sum(x, count: n, context: context)
        case .sumOfSquares: return sum(math.square(x), count: n, context: context)
        case .sumOfAbs: return sum(math.abs(x), count: n, context: context)
        case .l2: return math.sqrt(sum(math.square(x), count: n, context: context))
        case .logSum: return math.log(sum(x, count: n, context: context))
        case .logSumExp:
            // Runtimes subtract the maximum first: the result lies in [max, max + log n].
            let spread = n.map { Foundation.log($0) } ?? .infinity
            let hi = x.hi.isFinite ? x.hi + spread : x.hi
            return math.approximate(x.lo, hi, ulps: 4, nan: x.mayBeNaN || (x.lo == -.infinity && x.hi == .infinity), composite: true)
        case .product:
            // |product| <= max|x|^n; the sign is free unless x >= 0.
            let magnitude = Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
            let bound = n.map { Foundation.pow(magnitude, $0) } ?? (magnitude <= 1 ? 1 : Double.infinity)
            let nan = x.mayBeNaN || (x.contains(0) && bound == .infinity)
            return math.round(Interval(x.lo >= 0 ? 0 : -bound, bound, mayBeNaN: nan))
        }
    }

    /// Average pooling: the mean of the elements of one window (the zeros of
    /// padding are the caller's to add).
    static func average(_ x: Interval, window pool: PoolAttributes, context: IntervalTransfer.Context) -> Interval {
        let spatial = context.shape(0).flatMap { shape in shape.rank > 2 ? Shape(Array(shape.dims.dropFirst(2))) : nil }
        let n = pool.isGlobal ? elementCount(spatial) : (pool.kernel.isEmpty ? nil : Checked.count(pool.kernel).map(Double.init))
        return mean(x, count: n, context: context)
    }

    static func elementCount(_ shape: Shape?) -> Double? {
        shape?.knownValues.flatMap(Checked.count).map(Double.init)
    }

    /// A sum of k elements, 1 <= k <= n, each in x: [min(lo, n*lo), max(hi, n*hi)]
    /// widened by the rounding drift; with n unknown, unbounded on the side
    /// whose sign grows. Adding a term of x's sign never moves a partial sum
    /// back (rounding is monotone), so an all-non-negative sum stays >= lo.
    private static func sum(_ x: Interval, count n: Double?, context: IntervalTransfer.Context) -> Interval {
        guard !x.isNumericEmpty else { return x }
        let drift = n.map { $0 * LinearBounds.epsilon(context.dtype) * $0 * magnitude(x) } ?? .infinity
        let lo = x.lo >= 0 ? x.lo : (n.map { $0 * x.lo - drift } ?? -.infinity)
        let hi = x.hi <= 0 ? x.hi : (n.map { $0 * x.hi + drift } ?? .infinity)
        return withOverflowNaN(context.arithmetic.round(Interval(lo, hi, mayBeNaN: x.mayBeNaN)))
    }

    /// The mean of k elements, 1 <= k <= n, each in x: their sum in the dtype
    /// divided by k. The drift of the sum, divided by k, is at most
    /// n * eps * max|x|; a sum that overflows stays inf after the division.
    /// With n unknown only the sign is certain (a long sum of positive terms
    /// stalls once the terms fall below its rounding step).
    static func mean(_ x: Interval, count n: Double?, context: IntervalTransfer.Context) -> Interval {
        guard !x.isNumericEmpty else { return x }
        guard let n else {
            return withOverflowNaN(Interval(x.lo >= 0 ? 0 : -.infinity, x.hi <= 0 ? 0 : .infinity, mayBeNaN: x.mayBeNaN))
        }
        let drift = n * LinearBounds.epsilon(context.dtype) * magnitude(x)
        let total = sum(x, count: n, context: context)
        var lo = x.lo >= 0 ? Swift.max(0, x.lo - drift) : x.lo - drift
        var hi = x.hi <= 0 ? Swift.min(0, x.hi + drift) : x.hi + drift
        if total.lo == -.infinity { lo = -.infinity }
        if total.hi == .infinity { hi = .infinity }
        return context.arithmetic.round(Interval(lo, hi, mayBeNaN: total.mayBeNaN))
    }

    /// The largest finite magnitude in x: an infinite term makes the sum
    /// infinite whatever the rounding of the others.
    private static func magnitude(_ x: Interval) -> Double {
        let finite = Double.greatestFiniteMagnitude
        return Swift.max(Swift.abs(Swift.max(x.lo, -finite)), Swift.abs(Swift.min(x.hi, finite)))
    }

    /// A partial sum that can reach +inf and one that can reach -inf may meet: inf - inf.
    private static func withOverflowNaN(_ r: Interval) -> Interval {
        r.with(nan: r.mayBeNaN || (r.lo == -.infinity && r.hi == .infinity))
    }
}
