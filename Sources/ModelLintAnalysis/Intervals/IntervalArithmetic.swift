import Foundation
import ModelLintIR

/// Transfer functions of the interval domain for one dtype.
///
/// Each result is a sound over-approximation of what a kernel computing in that
/// dtype produces: for every concrete operand value in the inputs (values of the
/// dtype, ±0 both possible when 0 is a member) the concrete result lies in the
/// numeric part of the output, or is NaN and the output has `mayBeNaN`.
///
/// The concrete semantics modelled: fp64 computes in `Double`; fp32 in `Float`;
/// fp16 and bf16 compute in `Float` and round the result to their own grid
/// (what CPU kernels do; Swift's `Float16` arithmetic does the same). The
/// multi-step formulas (sigmoid, softplus) also cover 16-bit kernels that
/// round every step to their own grid.
///
/// How soundness is obtained:
/// - `+ - * / sqrt` are correctly rounded. Their bounds are evaluated in `Double`
///   at the corners of pieces on which the operation is monotone, then rounded
///   outward to the grid (`FloatGrid.roundDown/roundUp`). Because operands are
///   fp32/fp16/bf16 values and Double carries more than twice their precision,
///   this lands on or outside the concretely rounded result (double rounding
///   through Float for fp16/bf16 included: round-to-nearest is monotone).
/// - `exp log tanh sigmoid softplus pow` come from libm, which is not correctly
///   rounded. Their endpoint values are computed in `Double`, moved outward by a
///   few ulps *of the precision the kernel computes in* (Float, or Double for
///   fp64) and only then rounded to the dtype's grid; then clamped to the
///   function's true range (exp >= 0, sigmoid in [0, 1], ...), so widening never
///   invents a negative exp.
/// - Binary operations split each operand into pieces (-inf, finite negatives,
///   -0, +0, finite positives, +inf). On each pair of pieces the operation is
///   monotone in each argument and either never or always NaN, so the corners
///   bound it, and a NaN corner (inf - inf, 0 * inf, 0 / 0, inf / inf) is
///   exactly where NaN is possible.
/// - Non-floating dtypes fall back to fp64 semantics (no grid rounding).
public struct IntervalArithmetic: Sendable {
    public let dtype: DType
    /// The dtype's grid.
    public let grid: FloatGrid
    /// The grid kernels compute in before rounding to `grid` (Float for the
    /// 16-bit types and fp32, Double for fp64): libm error is measured in it.
    let computeGrid: FloatGrid

    public init(dtype: DType) {
        self.dtype = dtype
        grid = FloatGrid(dtype: dtype) ?? .float64
        computeGrid = grid == .float64 ? .float64 : .float32
        smallestPositive = grid.spacing(at: 0)
    }

    /// The least positive value of the dtype (2^-149 for float32): where a
    /// piece of the values below begins and ends next to zero.
    private let smallestPositive: Double

    // MARK: Rounding

    /// Outward to the dtype's grid, with overflow: the smallest interval of
    /// dtype values holding round-to-nearest of every real in `i`.
    public func round(_ i: Interval) -> Interval {
        if i.isNumericEmpty { return i }
        return Interval(grid.roundDown(i.lo), grid.roundUp(i.hi), mayBeNaN: i.mayBeNaN)
    }

    /// Rounds a `Double` bound on a correctly rounded result.
    private func exact(_ lo: Double, _ hi: Double, nan: Bool) -> Interval {
        if !(lo <= hi) { return Interval(.infinity, -.infinity, mayBeNaN: nan) }
        return Interval(grid.roundDown(lo), grid.roundUp(hi), mayBeNaN: nan)
    }

    /// Rounds `Double` bounds on a libm result, allowing `ulps` of error in the
    /// compute precision, then clamps to the function's true `range`.
    /// `composite` marks formulas of several roundings (sigmoid, softplus):
    /// a 16-bit kernel may evaluate each step natively, rounding to its own
    /// coarse grid every time, so those get `compositeSlack` more dtype ulps.
    func approximate(_ lo: Double, _ hi: Double, ulps: Int, nan: Bool,
                             range: ClosedRange<Double> = -Double.infinity...Double.infinity,
                             composite: Bool = false) -> Interval {
        if !(lo <= hi) { return Interval(.infinity, -.infinity, mayBeNaN: nan) }
        var l = computeGrid.roundDown(lo)
        var h = computeGrid.roundUp(hi)
        // Infinite results of libm (log 0, exp of a huge value) are exact on the
        // infinite side: -inf cannot be exceeded from below, +inf from above.
        for _ in 0..<ulps {
            if l != -.infinity { l = computeGrid.nextDown(l) }
            if h != .infinity { h = computeGrid.nextUp(h) }
        }
        l = grid.roundDown(l)
        h = grid.roundUp(h)
        if composite && grid != computeGrid {
            for _ in 0..<Self.compositeSlack {
                if l != -.infinity { l = grid.nextDown(l) }
                if h != .infinity { h = grid.nextUp(h) }
            }
        }
        l = Swift.max(l, range.lowerBound)
        h = Swift.min(h, range.upperBound)
        return Interval(l, h, mayBeNaN: nan)
    }

    /// Three roundings of half a dtype ulp each, amplified by at most 2 in
    /// the formulas used, stay within 4 ulps.
    static let compositeSlack = 4

    // MARK: Pieces

    /// A closed sub-range of an operand on which operations behave uniformly.
    private struct Piece { var lo: Double; var hi: Double }

    /// -inf, finite negatives, -0, +0, finite positives, +inf: whichever occur.
    /// The finite pieces are bounded by the extreme nonzero finite values of
    /// the dtype, which contain every dtype value of that sign.
    private func pieces(_ a: Interval) -> Pieces {
        var out = Pieces()
        guard !a.isNumericEmpty else { return out }
        if a.lo == -.infinity { out.append(Piece(lo: -.infinity, hi: -.infinity)) }
        // Next to zero the finite pieces end at the dtype's least nonzero
        // magnitude, the closest a value of it gets: float64's (4.9e-324) in
        // a corner makes every product and quotient there a subnormal one,
        // some hundred times slower, and made up most of a ResNet's analysis.
        // An interval reaching into (0, that magnitude) holds values that are
        // not the dtype's; it gets float64's, as before.
        let nl = Swift.max(a.lo, -Double.greatestFiniteMagnitude)
        let nh = a.hi < 0 ? a.hi : (a.lo <= -smallestPositive ? -smallestPositive : -Double.leastNonzeroMagnitude)
        if nl <= nh { out.append(Piece(lo: nl, hi: nh)) }
        if a.containsZero {
            out.append(Piece(lo: -0.0, hi: -0.0))
            out.append(Piece(lo: 0.0, hi: 0.0))
        }
        let pl = a.lo > 0 ? a.lo : (a.hi >= smallestPositive ? smallestPositive : Double.leastNonzeroMagnitude)
        let ph = Swift.min(a.hi, Double.greatestFiniteMagnitude)
        if pl <= ph { out.append(Piece(lo: pl, hi: ph)) }
        if a.hi == .infinity { out.append(Piece(lo: .infinity, hi: .infinity)) }
        return out
    }

    /// At most the six pieces above, kept inline: every interval operation
    /// splits its operands, and heap arrays for them made a ResNet's
    /// per-channel batch normalization most of its analysis time.
    private struct Pieces {
        private var items = InlineArray<6, Piece>(repeating: Piece(lo: 0, hi: 0))
        private(set) var count = 0

        mutating func append(_ piece: Piece) {
            items[count] = piece
            count += 1
        }

        subscript(index: Int) -> Piece { items[index] }
    }

    /// A correctly rounded binary operation, bounded by the corners of every
    /// pair of pieces.
    @inline(__always)
    private func byCorners(_ a: Interval, _ b: Interval, dividing: Bool = false, _ op: (Double, Double) -> Double) -> Interval {
        if a.isBottom || b.isBottom { return .bottom }
        var lo = Double.infinity, hi = -Double.infinity
        var nan = a.mayBeNaN || b.mayBeNaN
        // Finite operands (and a divisor away from zero): +, -, * and / are
        // monotone in each operand over the whole box, and rounding is
        // monotone, so the four corners bound the rounded results without
        // the pieces, whose only business is infinities and zeros.
        if a.lo <= a.hi, b.lo <= b.hi, a.lo.isFinite, a.hi.isFinite, b.lo.isFinite, b.hi.isFinite,
           !dividing || b.lo > 0 || b.hi < 0 {
            let corners: InlineArray<4, Double> = [op(a.lo, b.lo), op(a.lo, b.hi), op(a.hi, b.lo), op(a.hi, b.hi)]
            for k in corners.indices {
                lo = Swift.min(lo, corners[k])
                hi = Swift.max(hi, corners[k])
            }
            return exact(lo, hi, nan: nan)
        }
        let left = pieces(a), right = pieces(b)
        for i in 0..<left.count {
            let p = left[i]
            for j in 0..<right.count {
                let q = right[j]
                let corners: InlineArray<4, Double> = [op(p.lo, q.lo), op(p.lo, q.hi), op(p.hi, q.lo), op(p.hi, q.hi)]
                for k in corners.indices {
                    let r = corners[k]
                    if r.isNaN { nan = true; continue }
                    lo = Swift.min(lo, r)
                    hi = Swift.max(hi, r)
                }
            }
        }
        return exact(lo, hi, nan: nan)
    }

    // MARK: Basic arithmetic

    public func add(_ a: Interval, _ b: Interval) -> Interval { byCorners(a, b, +) }
    public func sub(_ a: Interval, _ b: Interval) -> Interval { byCorners(a, b, -) }
    public func mul(_ a: Interval, _ b: Interval) -> Interval { byCorners(a, b, *) }
    /// Division by an interval containing 0 yields infinities of both signs
    /// (±0 are both members), and 0/0 flags NaN.
    public func div(_ a: Interval, _ b: Interval) -> Interval { byCorners(a, b, dividing: true, /) }
    public func reciprocal(_ a: Interval) -> Interval { div(.exactly(1), a) }

    public func neg(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        return Interval(-a.hi, -a.lo, mayBeNaN: a.mayBeNaN)
    }

    public func abs(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        if a.lo >= 0 { return a }
        if a.hi <= 0 { return neg(a) }
        return Interval(0, Swift.max(-a.lo, a.hi), mayBeNaN: a.mayBeNaN)
    }

    /// `x * x` for the same x: never negative, unlike `mul(a, a)`.
    public func square(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        let l2 = a.lo * a.lo, h2 = a.hi * a.hi
        if a.lo >= 0 { return exact(l2, h2, nan: a.mayBeNaN) }
        if a.hi <= 0 { return exact(h2, l2, nan: a.mayBeNaN) }
        return exact(0, Swift.max(l2, h2), nan: a.mayBeNaN)
    }

    /// sqrt is correctly rounded (IEEE 754 requires it), so no ulp slack;
    /// sqrt(-0) is -0, any x < 0 (-inf included) gives NaN.
    public func sqrt(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        let nan = a.mayBeNaN || a.lo < 0
        guard a.hi >= 0 else { return .nan }
        return exact(Foundation.sqrt(Swift.max(a.lo, 0)), Foundation.sqrt(a.hi), nan: nan)
    }

    // MARK: Transcendentals (libm: not correctly rounded)

    public func exp(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        return approximate(Foundation.exp(a.lo), Foundation.exp(a.hi), ulps: 2, nan: a.mayBeNaN,
                           range: 0...Double.infinity)
    }

    /// log(±0) is -inf; x < 0 (-inf included) is NaN.
    public func log(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        let nan = a.mayBeNaN || a.lo < 0
        guard a.hi >= 0 else { return .nan }
        return approximate(Foundation.log(Swift.max(a.lo, 0)), Foundation.log(a.hi), ulps: 2, nan: nan)
    }

    public func tanh(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        return approximate(Foundation.tanh(a.lo), Foundation.tanh(a.hi), ulps: 3, nan: a.mayBeNaN, range: -1...1)
    }

    /// Models `1 / (1 + exp(-x))`. Once `exp(-x)` overflows the dtype, the
    /// kernel returns exactly 0 although the real sigmoid is still a normal
    /// number (fp32: `1 / (1 + expf(89)) == 0`, real value 2e-39; fp16 kernels
    /// computing natively overflow at -x > 11.09), so below `-ln(maxFinite)`
    /// the lower bound is 0. The quotient carries ~2.5 ulps of error.
    public func sigmoid(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        func s(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
        var r = approximate(s(a.lo), s(a.hi), ulps: 4, nan: a.mayBeNaN, range: 0...1, composite: true)
        if a.lo < -(Foundation.log(grid.maxFinite) - 1) { r.lo = 0 }
        return r
    }

    /// Models the fused, stable softplus `max(x, 0) + log1p(exp(-|x|))`
    /// (ONNX Softplus in runtimes, PyTorch): ≈ x for large x, no overflow
    /// before x itself overflows. A hand-written `log(1 + exp(x))` goes through
    /// `exp`, `add` and `log` instead and overflows where they say.
    /// Caffe's BNLL writes `log(1. + exp(x))`, the sum in double: that loses
    /// up to 2^-53 absolutely, the whole value below x = -37 (log(1) = 0),
    /// so the bounds also move by that much.
    public func softplus(_ a: Interval) -> Interval {
        if a.isNumericEmpty { return a }
        func sp(_ x: Double) -> Double {
            x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
        }
        let r = approximate(sp(a.lo), sp(a.hi), ulps: 4, nan: a.mayBeNaN, range: 0...Double.infinity, composite: true)
        return Interval(Swift.max(0, grid.roundDown(r.lo - 0x1p-51)), grid.roundUp(r.hi + 0x1p-51), mayBeNaN: r.mayBeNaN)
    }

    /// `x ** exponent` with C `pow` semantics. Integer exponents accept negative
    /// bases (x^n is monotone on each half line, with a pole at ±0 for n < 0);
    /// a fractional exponent gives NaN for finite negatives, but C defines
    /// pow(-inf, e) = pow(+inf, e) and pow(-0, e) = pow(+0, e), which stay in
    /// the numeric part. pow(x, 0) is 1 even for NaN; the flag is kept anyway,
    /// since kernels computing exp(e * log x) would give NaN.
    /// `exponent` is taken as the kernel sees it (already in its precision).
    public func pow(_ a: Interval, exponent e: Double) -> Interval {
        if a.isBottom { return .bottom }
        if e.isNaN { return .nan }
        if e == 0 { return Interval(1, 1, mayBeNaN: a.mayBeNaN) }
        if a.isNumericEmpty { return a }
        let isInteger = e.rounded() == e
        var points: [Double] = []     // values at the ends of monotone pieces
        var nan = a.mayBeNaN
        if a.lo <= 0 {                // the piece [lo, -0]
            let h = a.hi < 0 ? a.hi : -0.0
            if isInteger {
                points += [a.lo, h]
            } else {
                if a.lo < 0 && h > -.infinity { nan = true }
                if a.lo == -.infinity { points.append(-.infinity) }
                if h == 0 { points.append(-0.0) }
            }
        }
        if a.hi >= 0 {                // the piece [+0, hi]
            points += [a.lo > 0 ? a.lo : 0.0, a.hi]
        }
        let values = points.map { Foundation.pow($0, e) }.filter { !$0.isNaN }
        guard let lo = values.min(), let hi = values.max() else { return Interval(.infinity, -.infinity, mayBeNaN: nan) }
        // Even and fractional powers are never negative.
        let nonNegative = !isInteger || e.truncatingRemainder(dividingBy: 2) == 0
        return approximate(lo, hi, ulps: 2, nan: nan,
                           range: nonNegative ? 0...Double.infinity : -Double.infinity...Double.infinity)
    }

    // MARK: Piecewise linear

    /// min/max: NaN-propagating kernels (PyTorch) return NaN, IEEE minNum ones
    /// (C fmin, Swift `Float.minimum`) return the other operand, so a possible
    /// NaN on one side also lets the other side through unchanged.
    public func min(_ a: Interval, _ b: Interval) -> Interval {
        selecting(a, b, Swift.min)
    }

    public func max(_ a: Interval, _ b: Interval) -> Interval {
        selecting(a, b, Swift.max)
    }

    private func selecting(_ a: Interval, _ b: Interval, _ f: (Double, Double) -> Double) -> Interval {
        if a.isBottom || b.isBottom { return .bottom }
        var r = Interval.bottom
        if !a.isNumericEmpty && !b.isNumericEmpty {
            r = Interval(f(a.lo, b.lo), f(a.hi, b.hi))
        }
        if a.mayBeNaN { r = r.join(Interval(b.lo, b.hi)) }
        if b.mayBeNaN { r = r.join(Interval(a.lo, a.hi)) }
        r.mayBeNaN = a.mayBeNaN || b.mayBeNaN
        return r
    }

    /// max(x, 0).
    public func relu(_ a: Interval) -> Interval { max(a, .exactly(0)) }

    /// `min(max(x, lo), hi)`; a missing bound does not clip. The bounds are
    /// rounded to the dtype first, as the kernel stores them in it.
    public func clip(_ a: Interval, lo: Double?, hi: Double?) -> Interval {
        var r = a
        if let lo { r = max(r, round(.exactly(lo))) }
        if let hi { r = min(r, round(.exactly(hi))) }
        return r
    }
}
