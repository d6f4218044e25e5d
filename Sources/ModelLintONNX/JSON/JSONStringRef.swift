/// A JSON string left undecoded in the file's bytes.
///
/// The parser validates every string (escapes, surrogate pairs, UTF-8) while
/// scanning it, but builds no `String`: ONNX JSON carries weights as base64
/// strings of many megabytes that the layout pass never needs to read.
struct JSONStringRef: Sendable, Equatable {
    /// The bytes between the quotes.
    var range: Range<Int>
    /// Whether any backslash escape occurs; without one, the bytes are the text.
    var hasEscapes: Bool

    /// The string's text. `bytes` must be the buffer the string was parsed
    /// from; given any other buffer the result is garbage but never a crash
    /// (out-of-range offsets are clamped and malformed input becomes U+FFFD).
    func decode(from bytes: [UInt8]) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[lower..<upper])
            return hasEscapes ? JSONStringRef.unescape(slice) : String(decoding: slice, as: UTF8.self)
        }
    }

    /// The text of a string body that contains escapes. The escapes are
    /// rewritten into one byte buffer, then decoded once, so a long string
    /// costs one allocation rather than one append per character.
    static func unescape(_ body: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = 0
        let n = body.count
        while i < n {
            let byte = body[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < n else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = body[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(body, at: i) else {
                    appendScalar(0xFFFD, to: &out)
                    continue
                }
                i += 4
                var scalar = UInt32(unit)
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate must be followed by `\uDC00`-`\uDFFF`;
                    // the parser has already refused any other sequence.
                    if i + 1 < n, body[i] == UInt8(ascii: "\\"), body[i + 1] == UInt8(ascii: "u"),
                       let low = hex4(body, at: i + 2), (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        i += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(unit) {
                    scalar = 0xFFFD
                }
                appendScalar(scalar, to: &out)
            default:
                // `\"`, `\\` and `\/` stand for themselves; anything else was
                // refused by the parser, and is kept as is here.
                out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of four hex digits at `offset`, or nil if they are not there.
    static func hex4(_ body: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt16? {
        guard offset >= 0, offset + 4 <= body.count else { return nil }
        var value: UInt16 = 0
        for k in offset..<offset + 4 {
            guard let digit = hexValue(body[k]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Appends the UTF-8 encoding of a scalar value (surrogates excluded by the caller).
    static func appendScalar(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
