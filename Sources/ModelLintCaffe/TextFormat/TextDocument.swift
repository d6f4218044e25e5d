import Foundation
import ModelLintIR

/// A parsed text-format file, stored flat: one record per field in file
/// order, each message's fields right after it. Names and values stay bytes
/// in the file until a reader asks for them, so that parsing a 100 MB net
/// allocates per field nothing but its record.
final class TextDocument: Sendable {
    enum ValueKind: UInt8 {
        case message
        /// One quoted string or several adjacent ones.
        case string
        case number
        /// A bare word: an enum value, `true`, `inf`.
        case identifier
        /// `-` and a number or a numeric word (`-inf`), possibly with space or comments between.
        case negativeNumber
        case negativeIdentifier
    }

    /// Offsets are Int32 to keep records small; the parser refuses files of 2 GiB or more.
    struct Record {
        /// The field's name (for a `name: [a, b]` element, the list's name).
        var nameStart: Int32
        var nameEnd: Int32
        /// The name's number in `names`.
        var nameNumber: Int32
        /// Where the field's position points: its name, or a list element's first token.
        var start: Int32
        var line: Int32
        var column: Int32
        /// The value from its first byte (a message's opening brace) to `end`.
        var valueStart: Int32
        var end: Int32
        /// The index after this field's nested fields.
        var subtreeEnd: Int32
        var kind: ValueKind
        /// A single string without escapes: its text is the bytes between the quotes.
        var isPlainString: Bool
    }

    let source: SourceFile
    let records: ContiguousArray<Record>
    let names: FieldNameTable
    /// Whether bare words in numeric fields are template placeholders (see `TextScalar.isTemplatePlaceholder`).
    let readsPlaceholders: Bool

    init(source: SourceFile, records: ContiguousArray<Record>, names: FieldNameTable, readsPlaceholders: Bool) {
        self.source = source
        self.records = records
        self.names = names
        self.readsPlaceholders = readsPlaceholders
    }

    // MARK: - Names

    func name(of record: Int) -> String {
        let r = records[record]
        return text(Int(r.nameStart)..<Int(r.nameEnd))
    }

    /// The number of `name` in this file, or nil when no field has that name.
    func nameNumber(_ name: String) -> Int32? {
        var name = name
        return name.withUTF8 { wanted in source.bytes.withUnsafeBufferPointer { names.number(of: wanted, in: $0) } }
    }

    func name(of record: Int, is name: String) -> Bool {
        nameNumber(name) == records[record].nameNumber
    }

    // MARK: - Positions

    func fieldLocation(_ record: Int) -> SourceLocation {
        let r = records[record]
        return SourceLocation(file: source.path, line: Int(r.line), column: Int(r.column), byteRange: Int(r.start)..<Int(r.end))
    }

    /// Where the value is; found by search, as only errors and rare fallbacks ask.
    func valueLocation(_ record: Int) -> SourceLocation {
        let r = records[record]
        return source.location(ofByte: Int(r.valueStart), through: Int(r.end))
    }

    // MARK: - Values

    /// The bytes of a scalar's literal, after the `-` of a negative one.
    func withLiteral<Result>(_ record: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let r = records[record]
        return source.bytes.withUnsafeBufferPointer { bytes in
            var start = Int(r.valueStart)
            if r.kind == .negativeNumber || r.kind == .negativeIdentifier {
                var lexer = TextFormatLexer(file: source, bytes: bytes, from: start + 1)
                lexer.skipWhitespaceAndComments()
                start = lexer.offset
            }
            return body(UnsafeBufferPointer(rebasing: bytes[start..<Int(r.end)]))
        }
    }

    /// A number or word as written, sign included (`-1.5e-3`, `-inf`).
    func literalText(_ record: Int) -> String {
        let negative = records[record].kind == .negativeNumber || records[record].kind == .negativeIdentifier
        return (negative ? "-" : "") + withLiteral(record) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the literal is exactly `word`.
    func literal(_ record: Int, is word: StaticString) -> Bool {
        withLiteral(record) { literal in
            literal.count == word.utf8CodeUnitCount
                && memcmp(literal.baseAddress ?? UnsafePointer(word.utf8Start), word.utf8Start, literal.count) == 0
        }
    }

    /// A string value, adjacent strings joined and escapes decoded. The parser
    /// already checked every escape, so decoding again cannot fail.
    func string(_ record: Int) throws -> String {
        let r = records[record]
        if r.isPlainString { return text(Int(r.valueStart) + 1..<Int(r.end) - 1) }
        return try source.bytes.withUnsafeBufferPointer { bytes in
            var lexer = TextFormatLexer(file: source, bytes: bytes, from: Int(r.valueStart))
            var decoded: [UInt8] = []
            while lexer.offset < Int(r.end) {
                try lexer.decodeString(into: &decoded)
                lexer.skipWhitespaceAndComments()
            }
            return String(decoding: decoded, as: UTF8.self)
        }
    }

    func text(_ range: Range<Int>) -> String {
        source.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}
