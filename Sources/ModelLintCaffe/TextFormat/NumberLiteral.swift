/// Reading protobuf text-format numeric literals: `42`, `-7`, `0x1F`, `017`,
/// `1.5`, `.5`, `1e-3`, `2.5f`, and the words `inf`, `infinity`, `nan`.
///
/// The byte-level entry points take the literal as it sits in the file. Plain
/// decimals, nearly every number in a real net, are read there directly; any
/// other spelling goes through the `String` definitions, which stay the
/// reference for what is accepted.
enum NumberLiteral {
    /// Whether the lexer may accept `literal` (no sign) as a number token.
    static func isWellFormed(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        isPlainDecimal(literal) || isWellFormed(String(decoding: literal, as: UTF8.self))
    }

    static func isWellFormed(_ text: String) -> Bool {
        integer(text) != nil || floatingPoint(text) != nil
    }

    /// An integer literal (no sign of its own), negated if `negative`.
    static func integer(_ literal: UnsafeBufferPointer<UInt8>, negative: Bool) -> Int64? {
        if let magnitude = smallDecimal(literal) { return negative ? -magnitude : magnitude }
        return integer((negative ? "-" : "") + String(decoding: literal, as: UTF8.self))
    }

    /// A numeric literal or `inf`/`nan` word (no sign of its own) as a Double, negated if `negative`.
    static func floatingPoint(_ literal: UnsafeBufferPointer<UInt8>, negative: Bool) -> Double? {
        if let magnitude = smallDecimal(literal) { return negative ? -Double(magnitude) : Double(magnitude) }
        return floatingPoint((negative ? "-" : "") + String(decoding: literal, as: UTF8.self))
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

    // MARK: - Fast paths

    /// `0` or a decimal integer without leading zero (which would make it octal), short enough not to overflow.
    private static func smallDecimal(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !literal.isEmpty, literal.count <= 18, literal.count == 1 || literal[0] != UInt8(ascii: "0") else { return nil }
        var value: Int64 = 0
        for byte in literal {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `12`, `1.5`, `.5`, `2.`, each with an optional exponent and `f`:
    /// always a valid literal (as an integer or as `Double(String)` reads it).
    private static func isPlainDecimal(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var mantissaDigits = 0
        func digits() -> Int {
            let first = index
            while index < literal.count, literal[index] >= UInt8(ascii: "0"), literal[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        mantissaDigits += digits()
        if index < literal.count, literal[index] == UInt8(ascii: ".") {
            index += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return false }
        if index < literal.count, literal[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < literal.count, literal[index] == UInt8(ascii: "+") || literal[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        if index < literal.count, literal[index] | 0x20 == UInt8(ascii: "f") { index += 1 }
        return index == literal.count
    }
}
