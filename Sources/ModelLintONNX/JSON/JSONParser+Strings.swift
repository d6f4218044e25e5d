/// Scanning string literals: validated completely, decoded never.
///
/// Every rule of RFC 8259 is checked here, once, so that
/// `JSONStringRef.decode(from:)` can later trust the bytes: escapes are one of
/// the nine allowed, `\u` surrogates come in pairs, control characters are
/// escaped and the raw bytes are well-formed UTF-8 (RFC 3629: no overlong
/// forms, no encoded surrogates, nothing above U+10FFFF).
extension JSONParser {
    /// Reads a string whose opening quote is at `pos`; leaves `pos` after the
    /// closing quote.
    mutating func scanString() throws(JSONSyntaxError) -> JSONStringRef {
        let quote = pos
        pos += 1
        let bodyStart = pos
        var hasEscapes = false
        while true {
            // The common case, and the whole of a base64 weight blob: plain
            // printable ASCII. One comparison chain per byte, nothing stored.
            while pos < end {
                let byte = bytes[pos]
                if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                pos += 1
            }
            guard pos < end else { throw unterminatedString(openedAt: quote) }
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                pos += 1
                return JSONStringRef(range: bodyStart..<(pos - 1), hasEscapes: hasEscapes)
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape(stringOpenedAt: quote)
            } else if byte < 0x20 {
                throw controlCharacter(byte)
            } else {
                try scanUTF8Sequence()
            }
        }
    }

    func unterminatedString(openedAt quote: Int) -> JSONSyntaxError {
        JSONSyntaxError("unterminated string: the file ends before the closing '\"' of the string opened at byte \(quote)", at: end)
    }

    func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        if byte == 0x0A || byte == 0x0D {
            return JSONSyntaxError("line break inside a string: write it as \\n, or add the missing closing '\"'", at: pos)
        }
        return JSONSyntaxError("control character \(unicodeName(UInt32(byte))) inside a string must be written as an escape", at: pos)
    }

    /// Reads one escape sequence starting at the backslash at `pos`.
    mutating func scanEscape(stringOpenedAt quote: Int) throws(JSONSyntaxError) {
        let backslash = pos
        guard pos + 1 < end else { throw unterminatedString(openedAt: quote) }
        switch bytes[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"),
             UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
        case UInt8(ascii: "u"):
            pos += 2
            let unit = try scanHex4(escapeAt: backslash, stringOpenedAt: quote)
            if (0xDC00..<0xE000).contains(unit) {
                throw JSONSyntaxError(
                    "unpaired UTF-16 surrogate \\u\(hex(unit)): a low surrogate must follow a high surrogate (\\uD800-\\uDBFF)",
                    at: backslash)
            }
            guard (0xD800..<0xDC00).contains(unit) else { return }
            // A high surrogate is only half a character: the other half must
            // be the very next escape.
            guard pos + 1 < end, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                if pos >= end || (pos + 1 >= end && bytes[pos] == UInt8(ascii: "\\")) {
                    throw unterminatedString(openedAt: quote)
                }
                throw JSONSyntaxError(
                    "unpaired UTF-16 surrogate \\u\(hex(unit)): a high surrogate must be followed by a low surrogate escape (\\uDC00-\\uDFFF)",
                    at: backslash)
            }
            let lowEscape = pos
            pos += 2
            let low = try scanHex4(escapeAt: lowEscape, stringOpenedAt: quote)
            guard (0xDC00..<0xE000).contains(low) else {
                throw JSONSyntaxError(
                    "unpaired UTF-16 surrogate \\u\(hex(unit)): a high surrogate must be followed by a low surrogate escape (\\uDC00-\\uDFFF), not \\u\(hex(low))",
                    at: backslash)
            }
        default:
            pos += 1
            throw JSONSyntaxError(
                "invalid escape '\\\(printable(bytes[pos]))' in a string (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)",
                at: backslash)
        }
    }

    /// Reads the four hex digits of a `\u` escape, at `pos`.
    mutating func scanHex4(escapeAt backslash: Int, stringOpenedAt quote: Int) throws(JSONSyntaxError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard pos < end else { throw unterminatedString(openedAt: quote) }
            guard let digit = JSONStringRef.hexValue(bytes[pos]) else {
                throw JSONSyntaxError("invalid \\u escape: expected 4 hex digits, found \(found())", at: pos)
            }
            value = value << 4 | UInt16(digit)
            pos += 1
        }
        return value
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `pos` and
    /// steps over it; the error points at the lead byte.
    mutating func scanUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[pos]
        // The length of the sequence and the allowed range of its second
        // byte, which is where overlong forms, surrogates and values above
        // U+10FFFF show (RFC 3629, section 4).
        let length: Int
        var secondLow: UInt8 = 0x80, secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF4: length = 4; secondHigh = 0x8F
        case 0xF1...0xF3: length = 4
        default: throw invalidUTF8()
        }
        guard pos + length <= end else { throw invalidUTF8() }
        let second = bytes[pos + 1]
        guard second >= secondLow, second <= secondHigh else { throw invalidUTF8() }
        for k in 2..<length where bytes[pos + k] & 0xC0 != 0x80 {
            throw invalidUTF8()
        }
        pos += length
    }

    func invalidUTF8() -> JSONSyntaxError {
        var shown: [String] = []
        for k in pos..<min(pos + 4, end) {
            if k > pos, bytes[k] & 0xC0 != 0x80 { break }
            shown.append("0x" + hex(UInt16(bytes[k]), digits: 2))
        }
        let noun = shown.count == 1 ? "byte" : "bytes"
        return JSONSyntaxError("invalid UTF-8 in a string (\(noun) \(shown.joined(separator: " ")))", at: pos)
    }
}
