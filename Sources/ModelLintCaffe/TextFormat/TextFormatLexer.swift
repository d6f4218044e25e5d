import Foundation
import ModelLintIR

/// A token of protobuf text format: what it is and where. Its text stays in
/// the file; only the values a reader asks for ever become a `String`.
struct TextToken {
    enum Kind: Equatable {
        case identifier
        case string
        case number
        /// One of `{ } < > [ ] : , ; -`.
        case symbol(UInt8)
        case endOfFile
    }
    var kind: Kind
    var start: Int
    var end: Int
    /// 1-based, counted while lexing, so that no field's position needs a search.
    var line: Int
    var column: Int
    /// For a string: no escapes, so its text is the bytes between the quotes.
    var isPlainString = false

    static func isSymbol(_ kind: Kind, _ character: Unicode.Scalar) -> Bool { kind == .symbol(UInt8(ascii: character)) }
}

/// Splits the bytes of a file into tokens. Works on bytes, not characters, so
/// that any input (binary garbage, invalid UTF-8) gets a positioned error
/// instead of a crash, and reads them through a pointer: this loop sees every
/// byte of a 100 MB net.
struct TextFormatLexer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: SourceFile
    private(set) var offset: Int
    private var line = 1
    private var lineStart = 0

    /// `bytes` are `file.bytes`, borrowed for as long as the lexer is used.
    init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, from offset: Int = 0) {
        self.file = file
        self.bytes = bytes
        self.offset = offset
    }

    mutating func next() throws -> TextToken {
        skipWhitespaceAndComments()
        let start = offset
        var token = TextToken(kind: .endOfFile, start: start, end: start, line: line, column: start - lineStart + 1)
        guard offset < bytes.count else { return token }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"), UInt8(ascii: ","),
             UInt8(ascii: ";"), UInt8(ascii: "-"):
            offset += 1
            token.kind = .symbol(byte)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            token.isPlainString = try skipString(quote: byte)
            token.kind = .string
        case _ where Self.isDigit(byte) || (byte == UInt8(ascii: ".") && offset + 1 < bytes.count && Self.isDigit(bytes[offset + 1])):
            try skipNumber()
            token.kind = .number
        case _ where Self.isIdentifierStart(byte):
            offset += 1
            while offset < bytes.count, Self.isIdentifierPart(bytes[offset]) { offset += 1 }
            token.kind = .identifier
        default:
            throw error(Self.describeUnexpected(byte), at: start)
        }
        token.end = offset
        return token
    }

    func error(_ message: String, at byteOffset: Int) -> TextFormatError {
        TextFormatError(message, at: file.location(ofByte: byteOffset))
    }

    /// How a token reads in an error message.
    func spelledOut(_ token: TextToken) -> String {
        switch token.kind {
        case .identifier: return "'\(text(token.start..<token.end))'"
        case .string: return "a string"
        case .number: return "number \(text(token.start..<token.end))"
        case .symbol(let c): return "'\(Character(Unicode.Scalar(c)))'"
        case .endOfFile: return "end of file"
        }
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: - Pieces

    mutating func skipWhitespaceAndComments() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C:
                offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            case UInt8(ascii: "#"):
                // The comment runs to the newline, which the next turn counts.
                let rest = bytes.count - offset
                if let base = bytes.baseAddress, let newline = memchr(base + offset, 0x0A, rest) {
                    offset += UnsafeRawPointer(newline) - UnsafeRawPointer(base + offset)
                } else {
                    offset = bytes.count
                }
            default:
                return
            }
        }
    }

    /// Moves past a quoted string, checking it; true when it has no escapes.
    private mutating func skipString(quote: UInt8) throws -> Bool {
        let start = offset
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == quote {
                offset += 1
                return true
            }
            if byte == UInt8(ascii: "\\") {
                offset = start
                var scratch: [UInt8] = []
                try decodeString(into: &scratch)
                return false
            }
            if byte == UInt8(ascii: "\n") { break }
            offset += 1
        }
        throw unterminatedString(start: start, quote: quote)
    }

    /// Appends the text of the quoted string at `offset`, C escapes decoded; the quote that opened it closes it.
    mutating func decodeString(into decoded: inout [UInt8]) throws {
        let start = offset
        let quote = bytes[offset]
        offset += 1
        while true {
            guard offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") else {
                throw unterminatedString(start: start, quote: quote)
            }
            let byte = bytes[offset]
            offset += 1
            if byte == quote { return }
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
    }

    private func unterminatedString(start: Int, quote: UInt8) -> TextFormatError {
        error("unterminated string: the line ends before its closing \(quote == UInt8(ascii: "\"") ? "\"" : "'")", at: start)
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
    private mutating func skipNumber() throws {
        let start = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if Self.isIdentifierPart(byte) || byte == UInt8(ascii: ".") {
                offset += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && offset > start
                        && bytes[offset - 1] | 0x20 == UInt8(ascii: "e")
                        && !(offset - start >= 2 && bytes[start + 1] | 0x20 == UInt8(ascii: "x")) {
                offset += 1
            } else {
                break
            }
        }
        guard NumberLiteral.isWellFormed(UnsafeBufferPointer(rebasing: bytes[start..<offset])) else {
            throw error("malformed number '\(text(start..<offset))'", at: start)
        }
    }

    // MARK: - Character classes

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_")
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
