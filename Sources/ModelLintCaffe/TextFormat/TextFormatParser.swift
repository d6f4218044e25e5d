import ModelLintIR

/// Parses protobuf text format into a schema-free `TextDocument`:
/// `#` comments, `field: value`, `field { }`, `field: { }`, `field < >`,
/// `field: [a, b]` lists, adjacent string concatenation, optional `,`/`;`
/// separators, signed numbers and `-inf`.
public struct TextFormatParser {
    /// Deeper nesting than any real model uses; stops crafted input from
    /// exhausting the stack.
    static let maximumDepth = 100

    private var lexer: TextFormatLexer
    private var lookahead: TextToken
    private var records: ContiguousArray<TextDocument.Record> = []
    private var names = FieldNameTable()
    private let bytes: UnsafeBufferPointer<UInt8>

    /// With `placeholders`, bare words are marked as template placeholders
    /// (see `TextScalar.isTemplatePlaceholder`).
    public static func parse(_ file: SourceFile, placeholders: Bool = false) throws -> TextMessage {
        guard file.bytes.count < Int(Int32.max) else {
            throw TextFormatError("the file is 2 GiB or larger, too large for a text-format model", at: .startOf(file.path))
        }
        if let problem = TextScreening.firstProblem(in: file.bytes) {
            throw TextFormatError(problem.message, at: file.location(ofByte: problem.offset))
        }
        let (records, names) = try file.bytes.withUnsafeBufferPointer { bytes in
            var parser = try TextFormatParser(file: file, bytes: bytes)
            // About one field per 12 bytes in real nets; reserving spares the regrowth copies.
            parser.records.reserveCapacity(bytes.count / 12)
            try parser.parseFields(closing: nil, depth: 0)
            return (parser.records, parser.names)
        }
        return TextMessage(root: TextDocument(source: file, records: records, names: names, readsPlaceholders: placeholders))
    }

    private init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>) throws {
        self.lexer = TextFormatLexer(file: file, bytes: bytes)
        self.bytes = bytes
        self.lookahead = try lexer.next()
    }

    // MARK: - Grammar

    /// Fields up to the `closing` symbol (or the end of the file at top level).
    private mutating func parseFields(closing: (symbol: UInt8, opener: TextToken, owner: TextToken)?, depth: Int) throws {
        while true {
            switch lookahead.kind {
            case .endOfFile:
                guard let closing else { return }
                throw error("'\(character(closing.opener))' of '\(text(closing.owner))' is never closed: the file ends first",
                            at: closing.opener)
            case .symbol(let symbol) where symbol == closing?.symbol:
                try advance()
                return
            case .identifier:
                try parseField(depth: depth)
            case .symbol(UInt8(ascii: "}")), .symbol(UInt8(ascii: ">")):
                throw error("unexpected \(lexer.spelledOut(lookahead)): nothing is open here", at: lookahead)
            default:
                throw error("expected a field name, found \(lexer.spelledOut(lookahead))", at: lookahead)
            }
        }
    }

    /// One field; a `name: [a, b]` list becomes one field per element.
    private mutating func parseField(depth: Int) throws {
        let name = lookahead
        try advance()
        var hadColon = false
        if TextToken.isSymbol(lookahead.kind, ":") {
            hadColon = true
            try advance()
        }
        if hadColon && TextToken.isSymbol(lookahead.kind, "[") {
            // `name: [a, b]` means the field repeated once per element.
            try parseList(owner: name, depth: depth)
            try skipSeparator()
            return
        }
        let index = records.count
        records.append(record(name: name, at: name))
        switch lookahead.kind {
        case .symbol(UInt8(ascii: "{")), .symbol(UInt8(ascii: "<")):
            try parseMessage(owner: name, record: index, depth: depth)
        default:
            guard hadColon else {
                throw error("expected ':' or '{' after field name '\(text(name))', found \(lexer.spelledOut(lookahead))", at: lookahead)
            }
            try parseScalar(owner: name, record: index)
        }
        try skipSeparator()
    }

    private mutating func parseMessage(owner: TextToken, record index: Int, depth: Int) throws {
        let opener = lookahead
        guard depth < Self.maximumDepth else {
            throw error("messages nested deeper than \(Self.maximumDepth) levels", at: opener)
        }
        try advance()
        let closer = TextToken.isSymbol(opener.kind, "{") ? UInt8(ascii: "}") : UInt8(ascii: ">")
        try parseFields(closing: (closer, opener, owner), depth: depth + 1)
        records[index].kind = .message
        records[index].valueStart = Int32(opener.start)
        finish(index)
    }

    /// The elements of `[a, b, { ... }]`, each as a field named `owner`.
    private mutating func parseList(owner: TextToken, depth: Int) throws {
        let opener = lookahead
        try advance()
        if TextToken.isSymbol(lookahead.kind, "]") {
            try advance()
            return
        }
        while true {
            let index = records.count
            records.append(record(name: owner, at: lookahead))
            if TextToken.isSymbol(lookahead.kind, "{") || TextToken.isSymbol(lookahead.kind, "<") {
                try parseMessage(owner: owner, record: index, depth: depth)
            } else if lookahead.kind == .endOfFile {
                throw error("'[' of '\(text(owner))' is never closed: the file ends first", at: opener)
            } else {
                try parseScalar(owner: owner, record: index)
            }
            switch lookahead.kind {
            case .symbol(UInt8(ascii: ",")): try advance()
            case .symbol(UInt8(ascii: "]")):
                try advance()
                return
            case .endOfFile:
                throw error("'[' of '\(text(owner))' is never closed: the file ends first", at: opener)
            default:
                throw error("expected ',' or ']' in the list of '\(text(owner))', found \(lexer.spelledOut(lookahead))", at: lookahead)
            }
        }
    }

    private mutating func parseScalar(owner: TextToken, record index: Int) throws {
        let start = lookahead
        switch lookahead.kind {
        case .string:
            try advance()
            var isPlain = start.isPlainString
            while lookahead.kind == .string {
                isPlain = false
                try advance()
            }
            records[index].kind = .string
            records[index].isPlainString = isPlain
        case .number:
            try advance()
            records[index].kind = .number
        case .identifier:
            try advance()
            records[index].kind = .identifier
        case .symbol(UInt8(ascii: "-")):
            try advance()
            if lookahead.kind == .number {
                records[index].kind = .negativeNumber
            } else if lookahead.kind == .identifier, isNumericWord(lookahead) {
                records[index].kind = .negativeIdentifier
            } else {
                throw error("expected a number after '-' in the value of '\(text(owner))', found \(lexer.spelledOut(lookahead))", at: lookahead)
            }
            try advance()
        default:
            throw error("expected a value for '\(text(owner))', found \(lexer.spelledOut(lookahead))", at: lookahead)
        }
        records[index].valueStart = Int32(start.start)
        finish(index)
    }

    private mutating func skipSeparator() throws {
        if TextToken.isSymbol(lookahead.kind, ",") || TextToken.isSymbol(lookahead.kind, ";") {
            try advance()
        }
    }

    // MARK: - Records

    /// A field named by the `name` token, positioned at `start`; its value is filled in when parsed.
    private mutating func record(name: TextToken, at start: TextToken) -> TextDocument.Record {
        TextDocument.Record(nameStart: Int32(name.start), nameEnd: Int32(name.end),
                            nameNumber: names.intern(name.start..<name.end, in: bytes), start: Int32(start.start),
                            line: Int32(truncatingIfNeeded: start.line), column: Int32(truncatingIfNeeded: start.column),
                            valueStart: Int32(start.start), end: 0, subtreeEnd: 0, kind: .identifier, isPlainString: false)
    }

    private mutating func finish(_ index: Int) {
        records[index].end = Int32(previousEnd)
        records[index].subtreeEnd = Int32(records.count)
    }

    // MARK: - Tokens

    private var previousEnd = 0

    private mutating func advance() throws {
        previousEnd = lookahead.end
        lookahead = try lexer.next()
    }

    private func text(_ token: TextToken) -> String { lexer.text(token.start..<token.end) }

    /// `inf`, `nan` and their spellings, which may follow a `-`.
    private func isNumericWord(_ token: TextToken) -> Bool { NumberLiteral.floatingPoint(text(token)) != nil }

    private func character(_ token: TextToken) -> Character {
        if case .symbol(let c) = token.kind { return Character(Unicode.Scalar(c)) }
        return "?"
    }

    private func error(_ message: String, at token: TextToken) -> TextFormatError {
        lexer.error(message, at: token.start)
    }
}
