import Foundation
import ModelLintIR

// Details of how kernels really compute that the transfer functions must
// follow to stay sound: attributes held in 32-bit floats, Caffe's Exp, Log
// and Power layers, float-to-integer casts, and the broadcast that makes
// `x - ReduceMax(x)` never positive. Each was found by the concrete
// soundness property (Tests/ModelLintAnalysisTests/Soundness).

extension IntervalTransfer {
    /// An attribute as a kernel holds it. Frontends hand attributes over as
    /// doubles (Caffe's text is parsed as such), kernels keep them in 32-bit
    /// floats (ONNX attributes are floats, Caffe's Dtype is float): `0.1`
    /// becomes 0.100000001. Both values are covered.
    static func attribute(_ v: Double) -> Interval {
        let stored = Double(Float(v))
        return Interval(Swift.min(v, stored), Swift.max(v, stored))
    }

    /// `t ** exponent` for the exponent as written and as a float.
    static func pow(_ t: Interval, exponent: Double, _ math: IntervalArithmetic) -> Interval {
        let stored = Double(Float(exponent))
        let written = math.pow(t, exponent: exponent)
        return stored == exponent ? written : written.join(math.pow(t, exponent: stored))
    }

    /// Caffe's ExpLayer computes `outer * exp(inner * x)` with
    /// `inner = ln(base) * scale` and `outer = base^shift` (`e^shift` for the
    /// natural base), all in Float: `exp(inner * x)` overflows on its own,
    /// even where a negative shift would bring `base^(shift + scale * x)`
    /// back below the largest finite value. ONNX Exp has neither base nor prelude.
    static func caffeExp(_ x: Interval, base: Double?, prelude: AffinePrelude, _ math: IntervalArithmetic) -> Interval {
        if base == nil && prelude == .identity { return math.exp(x) }
        let scale = attribute(prelude.scale)
        let inner = base.map { math.mul(math.log(attribute($0)), scale) } ?? scale
        var y = inner == .exactly(1) ? math.exp(x) : math.exp(math.mul(x, inner))
        if prelude.shift != 0 {
            let outer = base.map { pow(attribute($0), exponent: prelude.shift, math) } ?? math.exp(attribute(prelude.shift))
            y = math.mul(y, outer)
        }
        return y
    }

    /// Caffe's LogLayer: `log(shift + scale * x) * (1 / ln(base))`, the
    /// factor computed in Float.
    static func caffeLog(_ x: Interval, base: Double?, prelude: AffinePrelude, _ math: IntervalArithmetic) -> Interval {
        let natural = math.log(affine(x, prelude, math))
        guard let base else { return natural }
        return math.mul(natural, math.reciprocal(math.log(attribute(base))))
    }

    /// Caffe's PowerLayer, `(shift + scale * x) ^ power` with float
    /// attributes; when `power * scale` is 0 it fills `shift ^ power` (1 for
    /// power 0) without reading x, NaN or not. ONNX Pow has no prelude.
    static func caffePow(_ x: Interval, exponent: Double, prelude: AffinePrelude, _ math: IntervalArithmetic) -> Interval {
        var t = affine(x, prelude, math)
        if prelude != .identity, Float(exponent) * Float(prelude.scale) == 0 { t = t.join(attribute(prelude.shift)) }
        return pow(t, exponent: exponent, math)
    }

    /// A float converted to an integer type truncates toward zero; NaN, inf
    /// and values out of the target's range have no defined result (x86
    /// gives the minimum, ARM saturates): any value of the type. A bool is
    /// `x != 0` (NaN is true).
    static func castToInteger(_ x: Interval, _ target: DType) -> Interval {
        if target == .bool {
            if x.isNumericEmpty { return x.mayBeNaN ? .exactly(1) : x }
            let zero = x.containsZero, nonzero = x.mayBeNaN || x.lo != 0 || x.hi != 0
            return Interval(zero ? 0 : 1, nonzero ? 1 : 0)
        }
        let any = Interval.top.with(nan: false)
        guard !x.mayBeNaN, x.lo.isFinite, x.hi.isFinite else { return any }
        let truncated = Interval(x.lo.rounded(.towardZero), x.hi.rounded(.towardZero))
        guard let range = integerRange(target) else { return truncated }
        return truncated.isSubset(of: range) ? truncated : any
    }

    /// The values of an integer dtype.
    static func integerRange(_ dtype: DType) -> Interval? {
        switch dtype {
        case .int8: return Interval(-128, 127)
        case .int16: return Interval(-32768, 32767)
        case .int32: return Interval(-2147483648, 2147483647)
        case .int64: return Interval(-0x1p63, 0x1p63 - 1024)   // the largest double below 2^63
        case .uint8: return Interval(0, 255)
        case .uint16: return Interval(0, 65535)
        case .uint32: return Interval(0, 4294967295)
        case .uint64: return Interval(0, 0x1p64 - 2048)         // the largest double below 2^64
        default: return nil
        }
    }

    /// Whether `x - m`, with `m` the ReduceMax of `x`, compares every element
    /// with the maximum of a set that contains it. The IR does not record the
    /// reduced axes nor keepdims: with keepdims 0 the reduced tensor lines up
    /// with the wrong axes of x when broadcast (x of shape (3, 3), reduced over
    /// axis 1: x[i][j] - max(row j)), which can be positive. It is safe when
    /// `m`'s shape shows keepdims (same rank, each dimension 1 or x's) or a
    /// single element; with `m`'s shape unknown, when no choice of axes with
    /// keepdims 0 yields a valid but misaligned broadcast against x's shape.
    static func maximumLinesUp(x: Shape?, maximum: Shape?) -> Bool {
        guard let x = x?.knownValues else { return false }
        if let m = maximum?.knownValues {
            return Checked.product(m) == 1 || (m.count == x.count && zip(m, x).allSatisfy { $0 == 1 || $0 == $1 })
        }
        let rank = x.count
        guard rank <= 12 else { return false }
        for axes in 1..<(1 << rank) {
            let reduced = (0..<rank).map { axes & (1 << $0) != 0 }
            let kept = (0..<rank).map { reduced[$0] ? 1 : x[$0] }
            let dropped = Array(repeating: 1, count: reduced.filter { $0 }.count) + (0..<rank).filter { !reduced[$0] }.map { x[$0] }
            let broadcasts = zip(dropped, x).allSatisfy { $0 == $1 || $0 == 1 || $1 == 1 }
            if broadcasts && dropped != kept { return false }
        }
        return true
    }
}
