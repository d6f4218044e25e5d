/// A set of IEEE-754 values of one dtype: every value in `[lo, hi]` (bounds may
/// be ±inf, and an infinite bound means that infinity itself is a member), plus
/// NaN when `mayBeNaN`.
///
/// Conventions the transfer functions rely on:
/// - The numeric part is empty when `lo > hi`; an empty numeric part is stored
///   canonically as `[+inf, -inf]`, so `==` and hashing do not depend on which
///   empty pair produced it. An empty part with `mayBeNaN` is "NaN only";
///   without it, it is bottom (no value at all: unreachable code).
/// - Zero is unsigned here: `contains` compares with `<=`, for which `-0 == +0`,
///   so an interval containing 0 contains both signed zeros, and every transfer
///   function accounts for both (`1 / -0` is `-inf`, hence `1/[0, 1]` is not
///   `[1, inf]`). Tracking the sign of zero would need another flag for little
///   gain: the rules warn about any divisor interval containing 0 anyway.
/// - A NaN bound handed to `init` means nothing is known about that side: the
///   bound becomes infinite and `mayBeNaN` is set.
public struct Interval: Hashable, Sendable, CustomStringConvertible {
    public var lo: Double
    public var hi: Double
    public var mayBeNaN: Bool

    /// Every value, NaN included: what an input with no declared range holds.
    public static let top = Interval(-.infinity, .infinity, mayBeNaN: true)
    /// No value at all.
    public static let bottom = Interval(.infinity, -.infinity, mayBeNaN: false)
    /// Only NaN.
    public static let nan = Interval(.infinity, -.infinity, mayBeNaN: true)

    /// The single value `v` (NaN gives the NaN-only interval).
    public static func exactly(_ v: Double) -> Interval {
        v.isNaN ? .nan : Interval(v, v)
    }

    public init(_ lo: Double, _ hi: Double, mayBeNaN: Bool = false) {
        var lo = lo, hi = hi, nan = mayBeNaN
        if lo.isNaN { lo = -.infinity; nan = true }
        if hi.isNaN { hi = .infinity; nan = true }
        if lo > hi { lo = .infinity; hi = -.infinity }
        self.lo = lo
        self.hi = hi
        self.mayBeNaN = nan
    }

    /// True when the numeric part is empty (the value is bottom or NaN only).
    /// Checked with `!(lo <= hi)` so a caller who assigned `lo`/`hi` directly
    /// (they are `var`) still gets the right answer, NaN bounds included.
    public var isNumericEmpty: Bool { !(lo <= hi) }

    public var isBottom: Bool { isNumericEmpty && !mayBeNaN }

    /// True when the numeric part is a single finite point or infinity.
    public var isSingleton: Bool { !isNumericEmpty && lo == hi }

    public func contains(_ v: Double) -> Bool {
        v.isNaN ? mayBeNaN : (lo <= v && v <= hi)
    }

    /// True when ±0 is a member (both signs: see the type's comment).
    public var containsZero: Bool { contains(0) }

    /// Least upper bound: the smallest interval holding both.
    public func join(_ other: Interval) -> Interval {
        if isNumericEmpty { return Interval(other.lo, other.hi, mayBeNaN: mayBeNaN || other.mayBeNaN) }
        if other.isNumericEmpty { return Interval(lo, hi, mayBeNaN: mayBeNaN || other.mayBeNaN) }
        return Interval(Swift.min(lo, other.lo), Swift.max(hi, other.hi), mayBeNaN: mayBeNaN || other.mayBeNaN)
    }

    /// Greatest lower bound: the values in both.
    public func meet(_ other: Interval) -> Interval {
        if isNumericEmpty || other.isNumericEmpty {
            return Interval(.infinity, -.infinity, mayBeNaN: mayBeNaN && other.mayBeNaN)
        }
        return Interval(Swift.max(lo, other.lo), Swift.min(hi, other.hi), mayBeNaN: mayBeNaN && other.mayBeNaN)
    }

    /// Threshold widening, for loop fixpoints. A bound that grows jumps to the
    /// next threshold beyond the new value, or to ±inf when there is none; a
    /// bound that does not grow stays. Thresholds a lower bound jumps to lie
    /// strictly below the starting `lo` and those an upper bound jumps to lie
    /// strictly above the starting `hi`, so the two sides never share one, and
    /// any chain `x0, x0 ∇ x1, ...` strictly ascends at most
    /// `thresholds.count + 2` times through its bounds (plus once more if the
    /// NaN flag turns on). NaN and infinite thresholds are ignored.
    ///
    /// The result always contains both `self` and `next` (it is an upper bound).
    public func widen(_ next: Interval, thresholds: [Double]) -> Interval {
        if isNumericEmpty { return Interval(next.lo, next.hi, mayBeNaN: mayBeNaN || next.mayBeNaN) }
        let nan = mayBeNaN || next.mayBeNaN
        if next.isNumericEmpty { return Interval(lo, hi, mayBeNaN: nan) }
        let sorted = thresholds.filter { $0.isFinite }.sorted()
        var newLo = lo
        if next.lo < lo {
            newLo = sorted.last(where: { $0 <= next.lo }) ?? -.infinity
        }
        var newHi = hi
        if next.hi > hi {
            newHi = sorted.first(where: { $0 >= next.hi }) ?? .infinity
        }
        return Interval(newLo, newHi, mayBeNaN: nan)
    }

    /// Inclusion of value sets (bottom is a subset of everything).
    public func isSubset(of other: Interval) -> Bool {
        if mayBeNaN && !other.mayBeNaN { return false }
        if isNumericEmpty { return true }
        if other.isNumericEmpty { return false }
        return other.lo <= lo && hi <= other.hi
    }

    public static func == (a: Interval, b: Interval) -> Bool {
        guard a.mayBeNaN == b.mayBeNaN else { return false }
        if a.isNumericEmpty || b.isNumericEmpty { return a.isNumericEmpty && b.isNumericEmpty }
        return a.lo == b.lo && a.hi == b.hi
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mayBeNaN)
        if isNumericEmpty {
            hasher.combine(0 as UInt8)
        } else {
            hasher.combine(1 as UInt8)
            hasher.combine(lo)   // Double hashes -0 and +0 alike, matching ==.
            hasher.combine(hi)
        }
    }

    public var description: String {
        if isNumericEmpty { return mayBeNaN ? "{NaN}" : "⊥" }
        return "[\(lo), \(hi)]" + (mayBeNaN ? " ∪ {NaN}" : "")
    }
}
