/// Integer arithmetic for shape inference that never traps.
///
/// Attribute values come straight from user files: a kernel of 2^62 or a
/// product of huge dimensions must give "unknown", not crash the linter, so
/// every operation here returns nil on overflow or division by a non-positive
/// number instead of trapping as Swift's `+`, `*` and `/` would.
enum Checked {
    static func add(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    static func subtract(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : value
    }

    static func multiply(_ a: Int, _ b: Int) -> Int? {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    static func sum(_ values: [Int]) -> Int? {
        var total = 0
        for value in values {
            guard let next = add(total, value) else { return nil }
            total = next
        }
        return total
    }

    static func product(_ values: [Int]) -> Int? {
        var total = 1
        for value in values {
            guard let next = multiply(total, value) else { return nil }
            total = next
        }
        return total
    }

    /// Division rounding toward negative infinity. Swift's `/` truncates toward
    /// zero, which is wrong for the negative spans a too-large window produces.
    static func floorDivide(_ a: Int, _ b: Int) -> Int? {
        guard b > 0 else { return nil }
        let quotient = a / b
        return (a % b != 0 && a < 0) ? quotient - 1 : quotient
    }

    /// Division rounding toward positive infinity (`b > 0`).
    static func ceilDivide(_ a: Int, _ b: Int) -> Int? {
        guard b > 0 else { return nil }
        let quotient = a / b
        return (a % b != 0 && a > 0) ? quotient + 1 : quotient
    }
}
