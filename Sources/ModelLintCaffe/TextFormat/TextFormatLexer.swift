import ModelLintIR

/// A token of protobuf text format, with its byte range in the file.
struct TextToken {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        /// One of `{ } < > [ ] : , ; -`.
        case symbol(UInt8)
        case endOfFile
    }
    var kind: Kind
    var start: Int
    var end: Int

    var spelledOut: String {
        switch kind {
        case .identifier(let s): return "'\(s)'"
        case .string: return "a string"
        case .number(let n): return "number \(n)"
        case .symbol(let c): return "'\(Character(Unicode.Scalar(c)))'"
        case .endOfFile: return "end of file"
        }
    }
}

/// Splits the bytes of a file into tokens. Works on bytes, not characters, so
/// that any input (binary garbage, invalid UTF-8) gets a positioned error
/// instead of a crash.
struct TextFormatLexer {
    private let bytes: [UInt8]
    private let file: SourceFile
    private var offset = 0

    init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    mutating func next() throws -> TextToken {
        skipWhitespaceAndComments()
        let start = offset
        guard offset < bytes.count else { return TextToken(kind: .endOfFile, start: start, end: start) }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: ","),
             UInt8(ascii: ";"), UInt8(ascii: "-"):
            offset += 1
            return TextToken(kind: .symbol(byte), start: start, end: offset)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return TextToken(kind: .string(try lexString(quote: byte)), start: start, end: offset)
        case _ where Self.isDigit(byte) || (byte == UInt8(ascii: ".") && offset + 1 < bytes.count && Self.isDigit(bytes[offset + 1])):
            return TextToken(kind: .number(try lexNumber()), start: start, end: offset)
        case _ where Self.isIdentifierStart(byte):
            while offset < bytes.count, Self.isIdentifierPart(bytes[offset]) { offset += 1 }
            return TextToken(kind: .identifier(String(decoding: bytes[start..<offset], as: UTF8.self)), start: start, end: offset)
        default:
            throw error(Self.describeUnexpected(byte), at: start)
        }
    }

    func error(_ message: String, at byteOffset: Int) -> TextFormatError {
        TextFormatError(message, at: file.location(ofByte: byteOffset))
    }

    // MARK: - Pieces

    private mutating func skipWhitespaceAndComments() {
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "#") {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C {
                offset += 1
            } else {
                return
            }
        }
    }

    /// A quoted string with C escapes; the quote that opened it closes it.
    private mutating func lexString(quote: UInt8) throws -> String {
        let start = offset
        offset += 1
        var decoded: [UInt8] = []
        while true {
            guard offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") else {
                throw error("unterminated string: the line ends before its closing \(quote == UInt8(ascii: "\"") ? "\"" : "'")", at: start)
            }
            let byte = bytes[offset]
            offset += 1
            if byte == quote { break }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                continue
            }
            guard offset < bytes.count else { throw error("unterminated string: the file ends inside an escape", at: start) }
            let escapeStart = offset - 1
            let escaped = bytes[offset]
            offset += 1
            switch escaped {
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "a"): decoded.append(0x07)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "v"): decoded.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): decoded.append(escaped)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[offset]) {
                    value = value * 8 + Int(bytes[offset] - UInt8(ascii: "0"))
                    offset += 1
                    digits += 1
                }
                decoded.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                let value = readHexDigits(max: 2)
                guard let value else { throw error("\\x escape needs a hexadecimal digit", at: escapeStart) }
                decoded.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escaped == UInt8(ascii: "u") ? 4 : 8
                guard let value = readHexDigits(exactly: count), let scalar = Unicode.Scalar(value) else {
                    throw error("\\\(Character(Unicode.Scalar(escaped))) escape needs \(count) hexadecimal digits naming a Unicode character", at: escapeStart)
                }
                decoded.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("unknown escape sequence '\\\(Self.printable(escaped))' in string", at: escapeStart)
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    private mutating func readHexDigits(max: Int) -> UInt32? {
        var value: UInt32 = 0
        var count = 0
        while count < max, offset < bytes.count, let digit = Self.hexValue(bytes[offset]) {
            value = value * 16 + UInt32(digit)
            offset += 1
            count += 1
        }
        return count == 0 ? nil : value
    }

    private mutating func readHexDigits(exactly count: Int) -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard offset < bytes.count, let digit = Self.hexValue(bytes[offset]) else { return nil }
            value = value &* 16 &+ UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Decimal, octal and hex integers; floats with fraction, exponent and an
    /// optional `f` suffix. A number glued to letters (`3x3`) is an error, as in protoc.
    private mutating func lexNumber() throws -> String {
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            let previous = offset > start ? bytes[offset - 1] | 0x20 : 0
            let isHex = offset - start >= 2 && (bytes[start + 1] | 0x20) == UInt8(ascii: "x")
            if Self.isIdentifierPart(byte) || byte == UInt8(ascii: ".") {
                offset += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && previous == UInt8(ascii: "e") && !isHex {
                offset += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard NumberLiteral.isWellFormed(text) else {
            throw error("malformed number '\(text)'", at: start)
        }
        return text
    }

    // MARK: - Character classes

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }
    static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) }
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func printable(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : "\\x" + hex(b)
    }

    static func describeUnexpected(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "unexpected character '\(printable(b))'" }
        return "unexpected byte 0x" + hex(b) + "; this does not look like a text file"
    }

    static func hex(_ b: UInt8) -> String {
        let digits = String(b, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}
