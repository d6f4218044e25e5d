/// The wording of syntax errors.
///
/// A linter's users meet these messages on files that someone edited by hand
/// or a tool truncated, so each one names what was expected, what was found
/// (quoted, or as a hex byte when it is not printable), and, for the usual
/// mistakes carried over from JavaScript or Python (single quotes, trailing
/// commas, NaN, comments), what JSON wants instead.
extension JSONParser {
    /// What stands at `pos`, for "found ..." in a message.
    func found() -> String {
        guard pos < end else { return "end of file" }
        let byte = bytes[pos]
        if byte < 0x80 { return printableQuoted(byte) }
        // A non-ASCII character is shown as itself when it is valid UTF-8.
        var scratch = self
        if (try? scratch.scanUTF8Sequence()) != nil {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<scratch.pos]), as: UTF8.self)
            let scalar = text.unicodeScalars.first.map { $0.value } ?? 0xFFFD
            return "'\(text)' (\(unicodeName(scalar)))"
        }
        return "byte 0x\(hex(UInt16(byte), digits: 2))"
    }

    /// An ASCII byte in quotes, or by name when it is not printable.
    func printableQuoted(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: return "a line break"
        case 0x09: return "a tab"
        case UInt8(ascii: "'"): return "\"'\""
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "control character \(unicodeName(UInt32(byte)))"
        }
    }

    /// A byte as it can stand inside a message, unquoted.
    func printable(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "<0x\(hex(UInt16(byte), digits: 2))>"
    }

    /// The run of ASCII letters at `offset`, quoted, capped so a megabyte of
    /// garbage does not end up in the message.
    func word(at offset: Int) -> String {
        var stop = offset
        while stop < end, stop - offset < 24, (bytes[stop] | 0x20) &- UInt8(ascii: "a") < 26 { stop += 1 }
        if stop == offset { return found() }
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<stop]), as: UTF8.self) + "'"
    }

    func hex(_ value: UInt16, digits: Int = 4) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    func unicodeName(_ scalar: UInt32) -> String {
        let text = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// Advice when a member name or value is not in double quotes.
    func quotingHint() -> String {
        guard pos < end else { return "" }
        let byte = bytes[pos]
        if byte == UInt8(ascii: "'") { return " (JSON strings use double quotes)" }
        if byte == UInt8(ascii: "/") { return " (JSON does not allow comments)" }
        if (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_") {
            return " (member names must be in double quotes)"
        }
        return ""
    }

    /// The error for a byte that cannot start a value, worded for where the
    /// value was expected.
    func notAValue(afterComma: Bool) -> JSONSyntaxError {
        let byte = bytes[pos]
        let container = open.last
        if afterComma, container?.isObject == false, byte == UInt8(ascii: "]") {
            return JSONSyntaxError(
                "expected an array element after ',', found ']' (JSON does not allow a trailing comma)", at: pos)
        }
        let expected: String
        switch container {
        case nil: expected = "a JSON value"
        case let container? where container.isObject: expected = "a value for the member \"\(container.key)\""
        default: expected = "an array element"
        }
        var hint = ""
        switch byte {
        case UInt8(ascii: "'"): hint = " (JSON strings use double quotes)"
        case UInt8(ascii: "/"): hint = " (JSON does not allow comments)"
        case UInt8(ascii: "+"): hint = " (a JSON number cannot start with '+')"
        case UInt8(ascii: "."): hint = " (a JSON number needs a digit before the decimal point)"
        case UInt8(ascii: "N") where startsWith("NaN", at: pos),
             UInt8(ascii: "I") where startsWith("Infinity", at: pos):
            hint = " (NaN and Infinity are not JSON numbers; protobuf JSON writes them as the strings \"NaN\" and \"Infinity\")"
        case UInt8(ascii: "T"), UInt8(ascii: "F"):
            hint = " (JSON writes true and false in lowercase)"
        default: break
        }
        let what = (byte | 0x20) &- UInt8(ascii: "a") < 26 ? word(at: pos) : found()
        return JSONSyntaxError("expected \(expected), found \(what)\(hint)", at: pos)
    }

    /// The error for a file that stops before its open containers close.
    func endOfFileInside() -> JSONSyntaxError {
        guard let container = open.last else {
            return JSONSyntaxError("unexpected end of file, expected a JSON value", at: end)
        }
        let kind = container.isObject ? "an object" : "an array"
        return JSONSyntaxError("unexpected end of file inside \(kind) opened at byte \(container.start)", at: end)
    }
}
