import ModelLintIR

/// Parses protobuf text format into a schema-free `TextMessage`:
/// `#` comments, `field: value`, `field { }`, `field: { }`, `field < >`,
/// `field: [a, b]` lists, adjacent string concatenation, optional `,`/`;`
/// separators, signed numbers and `-inf`.
public struct TextFormatParser {
    /// Deeper nesting than any real model uses; stops crafted input from
    /// exhausting the stack.
    static let maximumDepth = 100

    private var lexer: TextFormatLexer
    private var markPlaceholders = false
    private var lookahead: TextToken
    private let file: SourceFile

    /// With `placeholders`, bare words are marked as template placeholders
    /// (see `TextScalar.isTemplatePlaceholder`).
    public static func parse(_ file: SourceFile, placeholders: Bool = false) throws -> TextMessage {
        var parser = try TextFormatParser(file: file)
        parser.markPlaceholders = placeholders
        let fields = try parser.parseFields(closing: nil, depth: 0)
        return TextMessage(fields: fields, location: SourceLocation(file: file.path, line: 1, column: 1,
                                                                    byteRange: 0..<file.bytes.count))
    }

    private init(file: SourceFile) throws {
        self.file = file
        self.lexer = TextFormatLexer(file: file)
        self.lookahead = try lexer.next()
    }

    // MARK: - Grammar

    /// Fields up to the `closing` symbol (or the end of the file at top level).
    private mutating func parseFields(closing: (symbol: UInt8, opener: TextToken, owner: String)?, depth: Int) throws -> [TextField] {
        var fields: [TextField] = []
        while true {
            switch lookahead.kind {
            case .endOfFile:
                guard let closing else { return fields }
                throw error("'\(character(closing.opener))' of '\(closing.owner)' is never closed: the file ends first",
                            at: closing.opener)
            case .symbol(let symbol) where symbol == closing?.symbol:
                try advance()
                return fields
            case .identifier:
                fields.append(contentsOf: try parseField(depth: depth))
            case .symbol(UInt8(ascii: "}")), .symbol(UInt8(ascii: ">")):
                throw error("unexpected \(lookahead.spelledOut): nothing is open here", at: lookahead)
            default:
                throw error("expected a field name, found \(lookahead.spelledOut)", at: lookahead)
            }
        }
    }

    /// One field; a `name: [a, b]` list comes back as one field per element.
    private mutating func parseField(depth: Int) throws -> [TextField] {
        let nameToken = lookahead
        guard case .identifier(let name) = nameToken.kind else {
            throw error("expected a field name, found \(lookahead.spelledOut)", at: lookahead)
        }
        try advance()
        let value: TextValue
        var hadColon = false
        if lookahead.kind == .symbol(UInt8(ascii: ":")) {
            hadColon = true
            try advance()
        }
        switch lookahead.kind {
        case .symbol(UInt8(ascii: "{")), .symbol(UInt8(ascii: "<")):
            value = .message(try parseMessage(owner: name, depth: depth))
        case .symbol(UInt8(ascii: "[")) where hadColon:
            // `name: [a, b]` means the field repeated once per element.
            let elements = try parseList(owner: name, depth: depth)
            try skipSeparator()
            return elements
        default:
            guard hadColon else {
                throw error("expected ':' or '{' after field name '\(name)', found \(lookahead.spelledOut)", at: lookahead)
            }
            value = .scalar(try parseScalar(owner: name))
        }
        let end = previousEnd
        try skipSeparator()
        return [TextField(name: name, value: value, location: file.location(ofByte: nameToken.start, through: end))]
    }

    private mutating func parseMessage(owner: String, depth: Int) throws -> TextMessage {
        let opener = lookahead
        guard depth < Self.maximumDepth else {
            throw error("messages nested deeper than \(Self.maximumDepth) levels", at: opener)
        }
        try advance()
        let closer = opener.kind == .symbol(UInt8(ascii: "{")) ? UInt8(ascii: "}") : UInt8(ascii: ">")
        let fields = try parseFields(closing: (closer, opener, owner), depth: depth + 1)
        return TextMessage(fields: fields, location: file.location(ofByte: opener.start, through: previousEnd))
    }

    /// The elements of `[a, b, { ... }]`, each as a field named `owner`.
    private mutating func parseList(owner: String, depth: Int) throws -> [TextField] {
        let opener = lookahead
        try advance()
        var elements: [TextField] = []
        if lookahead.kind == .symbol(UInt8(ascii: "]")) {
            try advance()
            return elements
        }
        while true {
            let start = lookahead
            let value: TextValue
            if lookahead.kind == .symbol(UInt8(ascii: "{")) || lookahead.kind == .symbol(UInt8(ascii: "<")) {
                value = .message(try parseMessage(owner: owner, depth: depth))
            } else if lookahead.kind == .endOfFile {
                throw error("'[' of '\(owner)' is never closed: the file ends first", at: opener)
            } else {
                value = .scalar(try parseScalar(owner: owner))
            }
            elements.append(TextField(name: owner, value: value, location: file.location(ofByte: start.start, through: previousEnd)))
            switch lookahead.kind {
            case .symbol(UInt8(ascii: ",")): try advance()
            case .symbol(UInt8(ascii: "]")):
                try advance()
                return elements
            case .endOfFile:
                throw error("'[' of '\(owner)' is never closed: the file ends first", at: opener)
            default:
                throw error("expected ',' or ']' in the list of '\(owner)', found \(lookahead.spelledOut)", at: lookahead)
            }
        }
    }

    private mutating func parseScalar(owner: String) throws -> TextScalar {
        let start = lookahead
        switch lookahead.kind {
        case .string(let first):
            var text = first
            try advance()
            while case .string(let next) = lookahead.kind {
                text += next
                try advance()
            }
            return TextScalar(kind: .string(text), location: file.location(ofByte: start.start, through: previousEnd))
        case .number(let number):
            try advance()
            return TextScalar(kind: .number(number), location: location(start))
        case .identifier(let word):
            try advance()
            let placeholder = markPlaceholders && NumberLiteral.floatingPoint(word) == nil && word != "true" && word != "false"
            return TextScalar(kind: .identifier(word), location: location(start), isTemplatePlaceholder: placeholder)
        case .symbol(UInt8(ascii: "-")):
            try advance()
            let signed = location(start, through: lookahead.end)
            switch lookahead.kind {
            case .number(let number):
                try advance()
                return TextScalar(kind: .number("-" + number), location: signed)
            case .identifier(let word) where NumberLiteral.floatingPoint(word) != nil:
                try advance()
                return TextScalar(kind: .identifier("-" + word), location: signed)
            default:
                throw error("expected a number after '-' in the value of '\(owner)', found \(lookahead.spelledOut)", at: lookahead)
            }
        default:
            throw error("expected a value for '\(owner)', found \(lookahead.spelledOut)", at: lookahead)
        }
    }

    private mutating func skipSeparator() throws {
        if lookahead.kind == .symbol(UInt8(ascii: ",")) || lookahead.kind == .symbol(UInt8(ascii: ";")) {
            try advance()
        }
    }

    // MARK: - Tokens

    private var previousEnd = 0

    private mutating func advance() throws {
        previousEnd = lookahead.end
        lookahead = try lexer.next()
    }

    private func character(_ token: TextToken) -> Character {
        if case .symbol(let c) = token.kind { return Character(Unicode.Scalar(c)) }
        return "?"
    }

    private func location(_ token: TextToken, through end: Int? = nil) -> SourceLocation {
        file.location(ofByte: token.start, through: end ?? token.end)
    }

    private func error(_ message: String, at token: TextToken) -> TextFormatError {
        TextFormatError(message, at: file.location(ofByte: token.start))
    }
}
