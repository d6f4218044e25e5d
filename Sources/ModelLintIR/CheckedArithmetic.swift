/// Integer arithmetic for shape inference that never traps.
///
/// Attribute values come straight from user files: a kernel of 2^62 or a
/// product of huge dimensions must give "unknown", not crash the linter, so
/// every operation here returns nil on overflow or division by a non-positive
/// number instead of trapping as Swift's `+`, `*` and `/` would.
public enum Checked {
    public static func add(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    public static func subtract(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : value
    }

    public static func multiply(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    public static func sum(_ values: [Int]) -> Int? {
        var total = 0
        for value in values {
            guard let next = add(total, value) else { return nil }
            total = next
        }
        return total
    }

    public static func product(_ values: [Int]) -> Int? {
        var total = 1
        for value in values {
            guard let next = multiply(total, value) else { return nil }
            total = next
        }
        return total
    }

    /// How many elements a tensor of extents `values` holds: nil where an
    /// extent is negative or the product overflows.
    public static func count(_ values: some Sequence<Int>) -> Int? {
        var total = 1
        for value in values {
            guard value >= 0, let next = multiply(total, value) else { return nil }
            total = next
        }
        return total
    }

    /// `a / b` truncating toward zero, nil for `b == 0` and for `Int.min / -1`.
    public static func divide(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.dividedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// `a % b`, nil where `a / b` would be.
    public static func remainder(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.remainderReportingOverflow(dividingBy: b)
        return overflow ? nil : value
    }

    /// `-a`, nil for `Int.min`.
    public static func negate(_ a: Int) -> Int? {
        a == .min ? nil : -a
    }

    /// A product that is only counted, never stored: the element count of
    /// `values` as a Double, which cannot trap (it may round, or be inf).
    public static func approximateProduct(_ values: some Sequence<Int>) -> Double {
        values.reduce(1.0) { $0 * Double($1) }
    }

    /// `Int(value)` where it is exactly representable as an integer; nil for
    /// NaN, infinities, fractions and values outside `Int`'s range.
    public static func integer(_ value: Double) -> Int? {
        Int(exactly: value)
    }

    /// `Int(value.rounded(rule))` without the trap on NaN, infinities and out-of-range values.
    public static func rounded(_ value: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int? {
        let r = value.rounded(rule)
        guard r.isFinite, r >= -9.223372036854775808e18, r < 9.223372036854775808e18 else { return nil }
        return Int(r)
    }

    /// Division rounding toward negative infinity. Swift's `/` truncates toward
    /// zero, which is wrong for the negative spans a too-large window produces.
    public static func floorDivide(_ a: Int, _ b: Int) -> Int? {
        guard b > 0 else { return nil }
        let quotient = a / b
        return (a % b != 0 && a < 0) ? quotient - 1 : quotient
    }

    /// Division rounding toward positive infinity (`b > 0`).
    public static func ceilDivide(_ a: Int, _ b: Int) -> Int? {
        guard b > 0 else { return nil }
        let quotient = a / b
        return (a % b != 0 && a > 0) ? quotient + 1 : quotient
    }
}
