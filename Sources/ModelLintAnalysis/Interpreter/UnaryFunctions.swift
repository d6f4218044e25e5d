import Foundation
import ModelLintIR

/// Transfer functions of the element-wise ONNX functions in `UnaryFunction`.
/// Each is monotone, or a "valley" (decreasing down to one minimum, then
/// increasing: Gelu, Mish, HardSwish), so its range over [lo, hi] comes from
/// the ends and, for a valley, its minimum.
enum UnaryFunctions {
    static func output(_ function: UnaryFunction, _ x: Interval, math: IntervalArithmetic) -> Interval {
        if x.isNumericEmpty { return x }
        let infinite = x.lo == -.infinity || x.hi == .infinity
        switch function {
        case .neg: return math.neg(x)
        case .floor, .ceil, .round:
            let rule: FloatingPointRoundingRule = switch function {
            case .floor: .down
            case .ceil: .up
            default: .toNearestOrEven
            }
            return Interval(x.lo.rounded(rule), x.hi.rounded(rule), mayBeNaN: x.mayBeNaN)
        case .sign:
            return Interval(sign(x.lo), sign(x.hi), mayBeNaN: x.mayBeNaN)
        case .sin, .cos:
            // sin(±inf) is NaN.
            return Interval(-1, 1, mayBeNaN: x.mayBeNaN || infinite)
        case .tan:
            // Poles at odd multiples of pi/2; tan(±inf) is NaN.
            return Interval(-.infinity, .infinity, mayBeNaN: x.mayBeNaN || infinite)
        case .acos, .asin, .acosh, .atanh:
            return inverseFunction(function, x, math: math)
        case .atan:
            return monotone(x, Foundation.atan, math: math, range: -Double.pi / 2 ... Double.pi / 2, nan: x.mayBeNaN)
        case .asinh:
            return monotone(x, Foundation.asinh, math: math, nan: x.mayBeNaN)
        case .sinh:
            return monotone(x, Foundation.sinh, math: math, nan: x.mayBeNaN)
        case .cosh:
            // Even, with its minimum 1 at 0.
            let magnitude = math.abs(x)
            return monotone(magnitude, Foundation.cosh, math: math, range: 1...Double.infinity, nan: x.mayBeNaN)
        case .lpNormalization:
            // A zero vector divides 0 by 0.
            return Interval(x.lo < 0 ? -1 : 0, x.hi > 0 ? 1 : 0, mayBeNaN: x.mayBeNaN || x.contains(0) || infinite)
        case .quickGelu(let alpha) where alpha > 0:
            // (1/alpha) * swish(alpha * x): swish's minimum is -0.2784645 at -1.2784645.
            return valley(x, { $0 / (1 + Foundation.exp(-alpha * $0)) }, argMin: -1.2784645 / alpha,
                          minimum: -0.2784645 / alpha, math: math, nan: x.mayBeNaN || x.lo == -.infinity)
        case .quickGelu:
            return Interval(-.infinity, .infinity, mayBeNaN: true)
        case .scaledTanh(let alpha, let beta):
            let t = math.tanh(math.mul(x, .exactly(beta)))
            return math.mul(t, .exactly(alpha))
        case .shrink(let bias, let lambd):
            // Increasing, with a flat 0 on [-lambd, lambd].
            func f(_ v: Double) -> Double { v < -lambd ? v + bias : (v > lambd ? v - bias : 0) }
            return math.approximate(f(x.lo), f(x.hi), ulps: 1, nan: x.mayBeNaN)
        case .affine(let scale, let shiftLow, let shiftHigh):
            return math.add(math.mul(x, .exactly(scale)), Interval(shiftLow, shiftHigh))
        case .erf:
            return monotone(x, Foundation.erf, math: math, range: -1...1, nan: x.mayBeNaN)
        case .softsign:
            // x / (1 + |x|): inf / inf is NaN.
            return monotone(x, { $0 / (1 + Swift.abs($0)) }, math: math, range: -1...1, nan: x.mayBeNaN || infinite)
        case .hardSigmoid(let alpha, let beta):
            let line = math.add(math.mul(x, .exactly(alpha)), .exactly(beta))
            return math.clip(line, lo: 0, hi: 1)
        case .selu(let alpha, let gamma):
            return monotone(x, { gamma * ($0 > 0 ? $0 : alpha * (Foundation.exp($0) - 1)) }, math: math, nan: x.mayBeNaN)
        case .celu(let alpha):
            return monotone(x, { Swift.max(0, $0) + Swift.min(0, alpha * (Foundation.exp($0 / alpha) - 1)) }, math: math,
                            nan: x.mayBeNaN || alpha == 0)
        case .thresholdedRelu(let alpha):
            // x where x > alpha, else 0.
            let kept = x.hi > alpha ? Interval(Swift.max(x.lo, alpha), x.hi) : Interval.bottom
            return (x.lo <= alpha ? kept.join(.exactly(0)) : kept).with(nan: x.mayBeNaN)
        case .gelu:
            // Either form: the erf one, or the tanh approximation (`approximate: "tanh"`).
            return valley(x, gelu, geluTanh, argMin: -0.7517916, minimum: -0.1700407, math: math,
                          nan: x.mayBeNaN || x.lo == -.infinity)
        case .mish:
            return valley(x, mish, argMin: -1.1924, minimum: -0.3088406, math: math, nan: x.mayBeNaN || x.lo == -.infinity)
        case .hardSwish:
            return valley(x, { $0 * Swift.min(Swift.max($0 / 6 + 0.5, 0), 1) }, argMin: -1.5, minimum: -0.375,
                          math: math, nan: x.mayBeNaN || infinite)
        }
    }

    private static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// Functions defined on part of the line, NaN outside it: acos and asin
    /// on [-1, 1] (acos decreasing), acosh on [1, inf), atanh on [-1, 1] (±inf at ±1).
    private static func inverseFunction(_ function: UnaryFunction, _ x: Interval, math: IntervalArithmetic) -> Interval {
        let domain: Interval, range: ClosedRange<Double>, f: (Double) -> Double
        switch function {
        case .acos: (domain, range, f) = (Interval(-1, 1), 0...Double.pi, { -Foundation.acos($0) })
        case .asin: (domain, range, f) = (Interval(-1, 1), -Double.pi / 2 ... Double.pi / 2, Foundation.asin)
        case .acosh: (domain, range, f) = (Interval(1, .infinity), 0...Double.infinity, Foundation.acosh)
        default: (domain, range, f) = (Interval(-1, 1), -Double.infinity...Double.infinity, Foundation.atanh)
        }
        let inside = x.meet(domain)
        let nan = x.mayBeNaN || !x.isSubset(of: domain)
        if inside.isNumericEmpty { return Interval(.infinity, -.infinity, mayBeNaN: true) }
        if case .acos = function {
            // Decreasing: evaluated as -acos to reuse the increasing case, then negated back.
            let r = math.approximate(f(inside.lo), f(inside.hi), ulps: 4, nan: nan, composite: true)
            return math.neg(r).meet(Interval(range.lowerBound, range.upperBound)).with(nan: nan)
        }
        return math.approximate(f(inside.lo), f(inside.hi), ulps: 4, nan: nan, range: range, composite: true)
    }

    private static func gelu(_ v: Double) -> Double { 0.5 * v * (1 + Foundation.erf(v / 2.0.squareRoot())) }

    private static func geluTanh(_ v: Double) -> Double {
        0.5 * v * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)))
    }

    private static func mish(_ v: Double) -> Double {
        let softplus = v > 0 ? v + Foundation.log1p(Foundation.exp(-v)) : Foundation.log1p(Foundation.exp(v))
        return v * Foundation.tanh(softplus)
    }

    /// f increasing: [f(lo), f(hi)], with the slack of a composite kernel.
    private static func monotone(_ x: Interval, _ f: (Double) -> Double, math: IntervalArithmetic,
                                 range: ClosedRange<Double> = -Double.infinity...Double.infinity, nan: Bool) -> Interval {
        math.approximate(f(x.lo), f(x.hi), ulps: 4, nan: nan, range: range, composite: true)
    }

    /// f decreasing down to `minimum` at `argMin`, increasing after: the
    /// maximum is at an end, the minimum inside when argMin is.
    private static func valley(_ x: Interval, _ forms: (Double) -> Double..., argMin: Double, minimum: Double,
                               math: IntervalArithmetic, nan: Bool) -> Interval {
        let ends = forms.flatMap { f in [f(x.lo), f(x.hi)] }.filter { !$0.isNaN }
        let hi = ends.max() ?? 0
        // The approximations of Gelu (tanh form) and Mish dip a little lower than the exact functions.
        let lo = x.lo <= argMin && argMin <= x.hi ? minimum * 1.001 : (ends.min() ?? minimum)
        return math.approximate(Swift.min(lo, hi), Swift.max(hi, lo), ulps: 4, nan: nan, composite: true)
    }
}
