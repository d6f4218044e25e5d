import ModelLintIR

/// Typed reading of fields, for the fields a reader knows. A value of the
/// wrong kind is an error at that value (`kernel_size: three`), never a guess.
extension TextField {
    public func int() throws -> Int {
        if kind == .number || kind == .negativeNumber,
           let value = document.withLiteral(record, { NumberLiteral.integer($0, negative: kind == .negativeNumber) }),
           let int = Int(exactly: value) {
            return int
        }
        throw mismatch(expecting: "an integer")
    }

    public func double() throws -> Double {
        if kind == .number || kind == .negativeNumber || kind == .identifier || kind == .negativeIdentifier,
           let value = document.withLiteral(record, {
               NumberLiteral.floatingPoint($0, negative: kind == .negativeNumber || kind == .negativeIdentifier)
           }) {
            return value
        }
        throw mismatch(expecting: "a number")
    }

    public func string() throws -> String {
        if kind == .string { return try document.string(record) }
        throw mismatch(expecting: "a quoted string")
    }

    public func bool() throws -> Bool {
        switch kind {
        case .identifier:
            if document.literal(record, is: "true") || document.literal(record, is: "True") || document.literal(record, is: "t") { return true }
            if document.literal(record, is: "false") || document.literal(record, is: "False") || document.literal(record, is: "f") { return false }
        case .number:
            if document.literal(record, is: "1") { return true }
            if document.literal(record, is: "0") { return false }
        default: break
        }
        throw mismatch(expecting: "true or false")
    }

    /// An enum value by name (`MAX`) or by number (`0`), as text format allows.
    public func enumValue() throws -> String {
        switch kind {
        case .identifier: return document.literalText(record)
        case .number, .negativeNumber:
            let text = document.literalText(record)
            if NumberLiteral.integer(text) != nil { return text }
        default: break
        }
        throw mismatch(expecting: "an enum value")
    }

    public func message() throws -> TextMessage {
        if kind == .message, case .message(let message) = value { return message }
        throw TextFormatError("'\(name)' expects a message in braces '{ ... }', found a single value", at: location)
    }

    /// The error for a value of the wrong kind: at the value for a scalar, at the field for a message.
    private func mismatch(expecting what: String) -> TextFormatError {
        if kind == .message { return TextFormatError("'\(name)' expects \(what), found a message in braces", at: location) }
        let scalar = self.scalar
        return TextFormatError("'\(name)' expects \(what), found \(scalar.spelledOut)", at: scalar.location)
    }
}

extension TextMessage {
    /// Numeric reads return nil (unknown) for a template placeholder, as for an absent field.
    public func int(_ name: String) throws -> Int? {
        guard let field = field(named: name), !field.isTemplatePlaceholder else { return nil }
        return try field.int()
    }
    public func double(_ name: String) throws -> Double? {
        guard let field = field(named: name), !field.isTemplatePlaceholder else { return nil }
        return try field.double()
    }
    /// Each element of a repeated integer field, nil for a template placeholder.
    public func intsOrUnknown(_ name: String) throws -> [Int?] {
        try map(named: name) { field -> Int?? in field.isTemplatePlaceholder ? .some(nil) : try field.int() }
    }
    public func string(_ name: String) throws -> String? { try field(named: name)?.string() }
    public func bool(_ name: String) throws -> Bool? { try field(named: name)?.bool() }
    public func enumValue(_ name: String) throws -> String? { try field(named: name)?.enumValue() }
    public func message(_ name: String) throws -> TextMessage? { try field(named: name)?.message() }

    /// The known elements of a repeated integer field (template placeholders left out).
    public func ints(_ name: String) throws -> [Int] {
        try map(named: name) { $0.isTemplatePlaceholder ? nil : try $0.int() }
    }
    public func doubles(_ name: String) throws -> [Double] {
        try map(named: name) { $0.isTemplatePlaceholder ? nil : try $0.double() }
    }
    public func strings(_ name: String) throws -> [String] {
        try map(named: name) { try $0.string() }
    }
    public func messages(_ name: String) throws -> [TextMessage] {
        try map(named: name) { try $0.message() }
    }
}
