/// Reading protobuf text-format numeric literals: `42`, `-7`, `0x1F`, `017`,
/// `1.5`, `.5`, `1e-3`, `2.5f`, and the words `inf`, `infinity`, `nan`.
enum NumberLiteral {
    /// Whether the lexer may accept `text` (no sign) as a number token.
    static func isWellFormed(_ text: String) -> Bool {
        integer(text) != nil || floatingPoint(text) != nil
    }

    /// An integer literal, with an optional leading `-`. Hex and octal as in C.
    static func integer(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") {
            negative = true
            digits = digits.dropFirst()
        }
        var magnitude: UInt64?
        if digits.count > 2, digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            magnitude = UInt64(digits.dropFirst(2), radix: 16)
        } else if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy({ $0 >= "0" && $0 <= "7" }) {
            magnitude = UInt64(digits.dropFirst(), radix: 8)
        } else if !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            magnitude = UInt64(digits)
        }
        guard let magnitude else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Any numeric literal or `inf`/`nan` word as a Double.
    static func floatingPoint(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if body.hasPrefix("-") {
            sign = -1
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "inf", "infinity", "inff", "infinityf": return sign * .infinity
        case "nan", "nanf": return .nan
        default: break
        }
        if let integer = integer(String(body)) { return sign * Double(integer) }
        if body.hasSuffix("f") || body.hasSuffix("F") { body = body.dropLast() }
        // Swift's Double(String) also takes "0x1p3", "inf" and "nan"; text format does not.
        guard let first = body.first, first.isNumber || first == ".",
              !body.contains(where: { $0 == "x" || $0 == "X" || $0 == "p" || $0 == "P" }),
              let value = Double(body) else { return nil }
        return sign * value
    }
}
