import ModelLintIR

/// The finite set of values a binary floating-point dtype can hold, and
/// directed rounding of `Double`s onto it.
///
/// Bounds are computed in `Double`, which holds every fp32/fp16/bf16 value
/// exactly, then snapped to the dtype's grid here. A grid is described by its
/// precision `p` (significand bits, implicit bit included) and the exponent of
/// its smallest normal number: below that the spacing stays `2^(emin - p + 1)`
/// (subnormals), down to 0, so underflow is real: fp32 cannot hold 1e-46.
///
/// `roundDown`/`roundUp` are not floor/ceil: they bound round-to-nearest.
/// Concrete kernels round to nearest, which is monotone, so if the exact
/// result is at least `x` the stored result is at least `roundDown(x)`.
/// That differs from floor only past the largest finite value: a real in
/// `(maxFinite, maxFinite + ulp/2)` still rounds to `maxFinite`, one at or
/// beyond the midpoint rounds to inf (the tie goes to inf, whose "significand"
/// is even), so `roundDown` gives +inf from the midpoint on, and for a value
/// below `-maxFinite` but above the negative midpoint it gives `-maxFinite`.
public struct FloatGrid: Hashable, Sendable {
    /// Significand bits, including the implicit leading bit.
    public let precision: Int
    /// Exponent of the smallest positive normal value.
    public let minExponent: Int
    public let maxFinite: Double
    /// Reals at or beyond this magnitude round to infinity.
    public let overflowThreshold: Double
    /// fp64 is Double itself: no rounding needed, `Double` arithmetic already
    /// rounds and overflows exactly as the dtype does.
    let isDouble: Bool

    init(precision: Int, minExponent: Int, maxExponent: Int) {
        self.precision = precision
        self.minExponent = minExponent
        let top = Double(sign: .plus, exponent: maxExponent, significand: 1)
        let ulpAtTop = Double(sign: .plus, exponent: maxExponent - precision + 1, significand: 1)
        // (2 - 2^(1-p)) * 2^emax, written without overflowing for fp64.
        maxFinite = top + (top - ulpAtTop)
        overflowThreshold = maxFinite + ulpAtTop / 2  // +inf for fp64, never reached
        isDouble = precision == Double.significandBitCount + 1
    }

    public static let float32 = FloatGrid(precision: 24, minExponent: -126, maxExponent: 127)
    public static let float16 = FloatGrid(precision: 11, minExponent: -14, maxExponent: 15)
    public static let bfloat16 = FloatGrid(precision: 8, minExponent: -126, maxExponent: 127)
    public static let float64 = FloatGrid(precision: 53, minExponent: -1022, maxExponent: 1023)

    /// The grid of a floating-point dtype; nil for integer, bool, string and unknown.
    public init?(dtype: DType) {
        switch dtype {
        case .float32: self = .float32
        case .float16: self = .float16
        case .bfloat16: self = .bfloat16
        case .float64: self = .float64
        default: return nil
        }
    }

    /// Distance between adjacent grid values around the finite `x`.
    public func spacing(at x: Double) -> Double {
        if isDouble { return x.magnitude.ulp }
        let e = x == 0 ? minExponent : Swift.max(Int(x.magnitude.exponent), minExponent)
        return Double(sign: .plus, exponent: e - precision + 1, significand: 1)
    }

    /// Whether `x` is a value of this dtype (±inf included).
    public func holds(_ x: Double) -> Bool {
        if x.isNaN || x.isInfinite || isDouble { return true }
        return floor(x) == x
    }

    /// The largest grid value (±inf included) that is `<= x`.
    public func floor(_ x: Double) -> Double {
        if isDouble || x.isNaN || x.isInfinite { return x }
        if x > maxFinite { return maxFinite }
        if x < -maxFinite { return -.infinity }
        // Dividing and multiplying by a power of two is exact, and x / q has at
        // most 53 significant bits, so this is an exact floor onto the grid.
        let q = spacing(at: x)
        return (x / q).rounded(.down) * q
    }

    /// The smallest grid value (±inf included) that is `>= x`.
    public func ceil(_ x: Double) -> Double { -floor(-x) }

    /// A grid value not above round-to-nearest of any real `>= x`.
    public func roundDown(_ x: Double) -> Double {
        if x.isNaN { return -.infinity }
        if isDouble { return x }
        if x >= overflowThreshold { return .infinity }
        if x < -maxFinite { return x <= -overflowThreshold ? -.infinity : -maxFinite }
        return floor(x)
    }

    /// A grid value not below round-to-nearest of any real `<= x`.
    public func roundUp(_ x: Double) -> Double { -roundDown(-x) }

    /// The grid value next above the grid value `x` (inf stays inf).
    public func nextUp(_ x: Double) -> Double {
        if isDouble || x.isNaN { return x.nextUp }
        if x == .infinity { return x }
        if x >= maxFinite { return .infinity }
        if x == -.infinity { return -maxFinite }
        // For negative x the spacing below |x| can be finer (at a power of two),
        // so step by the spacing of the value we step into.
        let step = x < 0 ? spacing(at: x.nextUp) : spacing(at: x)
        return x + step
    }

    /// The grid value next below the grid value `x`.
    public func nextDown(_ x: Double) -> Double { -nextUp(-x) }
}
