/// Scanning numbers and the literals `true`, `false`, `null`.
///
/// Numbers are checked against the JSON grammar
///     -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
/// and kept as their bytes: converting them is swift-protobuf's job, and
/// whether `1e400` fits a float is a question about the model, not the syntax.
extension JSONParser {
    /// Reads a number starting at `pos` (a `-` or a digit); returns its bytes.
    mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") {
            pos += 1
            guard pos < end, isDigit(bytes[pos]) else {
                if startsWith("Infinity", at: pos) {
                    throw JSONSyntaxError(
                        "-Infinity is not a JSON number (protobuf JSON writes it as the string \"-Infinity\")", at: start)
                }
                throw JSONSyntaxError("expected a digit after '-' in a number, found \(found())", at: pos)
            }
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end, isDigit(bytes[pos]) {
                throw JSONSyntaxError("leading zeros are not allowed in JSON numbers", at: pos - 1)
            }
        } else {
            skipDigits()
        }
        if pos < end, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < end, isDigit(bytes[pos]) else {
                throw JSONSyntaxError("expected a digit after the decimal point, found \(found())", at: pos)
            }
            skipDigits()
        }
        if pos < end, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < end, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") {
                pos += 1
            }
            guard pos < end, isDigit(bytes[pos]) else {
                throw JSONSyntaxError("expected a digit in the exponent of a number, found \(found())", at: pos)
            }
            skipDigits()
        }
        return start..<pos
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    mutating func skipDigits() {
        while pos < end, isDigit(bytes[pos]) { pos += 1 }
    }

    /// Reads `true`, `false` or `null` at `pos`, whose first letter is known.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        guard startsWith(literal, at: pos) else {
            throw JSONSyntaxError("invalid literal \(word(at: pos)) (did you mean \(literal)?)", at: pos)
        }
        pos += literal.utf8CodeUnitCount
    }

    /// Whether the bytes at `offset` spell `text`.
    func startsWith(_ text: StaticString, at offset: Int) -> Bool {
        text.withUTF8Buffer { expected in
            offset + expected.count <= end && (0..<expected.count).allSatisfy { bytes[offset + $0] == expected[$0] }
        }
    }
}
