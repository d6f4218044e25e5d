import ModelLintIR

/// Typed reading of fields, for the fields a reader knows. A value of the
/// wrong kind is an error at that value (`kernel_size: three`), never a guess.
extension TextField {
    public func int() throws -> Int {
        let scalar = try self.scalar(expecting: "an integer")
        if case .number(let text) = scalar.kind, let value = NumberLiteral.integer(text),
           let int = Int(exactly: value) {
            return int
        }
        throw TextFormatError("'\(name)' expects an integer, found \(scalar.spelledOut)", at: scalar.location)
    }

    public func double() throws -> Double {
        let scalar = try self.scalar(expecting: "a number")
        switch scalar.kind {
        case .number(let text), .identifier(let text):
            if let value = NumberLiteral.floatingPoint(text) { return value }
        case .string: break
        }
        throw TextFormatError("'\(name)' expects a number, found \(scalar.spelledOut)", at: scalar.location)
    }

    public func string() throws -> String {
        let scalar = try self.scalar(expecting: "a quoted string")
        if case .string(let text) = scalar.kind { return text }
        throw TextFormatError("'\(name)' expects a quoted string, found \(scalar.spelledOut)", at: scalar.location)
    }

    public func bool() throws -> Bool {
        let scalar = try self.scalar(expecting: "true or false")
        switch scalar.kind {
        case .identifier("true"), .identifier("True"), .identifier("t"), .number("1"): return true
        case .identifier("false"), .identifier("False"), .identifier("f"), .number("0"): return false
        default: throw TextFormatError("'\(name)' expects true or false, found \(scalar.spelledOut)", at: scalar.location)
        }
    }

    /// An enum value by name (`MAX`) or by number (`0`), as text format allows.
    public func enumValue() throws -> String {
        let scalar = try self.scalar(expecting: "an enum value")
        switch scalar.kind {
        case .identifier(let word) where !word.hasPrefix("-"): return word
        case .number(let text) where NumberLiteral.integer(text) != nil: return text
        default: throw TextFormatError("'\(name)' expects an enum value, found \(scalar.spelledOut)", at: scalar.location)
        }
    }

    public func message() throws -> TextMessage {
        if case .message(let message) = value { return message }
        throw TextFormatError("'\(name)' expects a message in braces '{ ... }', found a single value", at: location)
    }

    private func scalar(expecting what: String) throws -> TextScalar {
        if case .scalar(let scalar) = value { return scalar }
        throw TextFormatError("'\(name)' expects \(what), found a message in braces", at: location)
    }
}

extension TextField {
    /// Whether the value is a template placeholder, which numeric reads treat as unknown.
    public var isTemplatePlaceholder: Bool {
        if case .scalar(let scalar) = value { return scalar.isTemplatePlaceholder }
        return false
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
        var values: [Int?] = []
        for field in fields(named: name) { values.append(field.isTemplatePlaceholder ? nil : try field.int()) }
        return values
    }
    public func string(_ name: String) throws -> String? { try field(named: name)?.string() }
    public func bool(_ name: String) throws -> Bool? { try field(named: name)?.bool() }
    public func enumValue(_ name: String) throws -> String? { try field(named: name)?.enumValue() }
    public func message(_ name: String) throws -> TextMessage? { try field(named: name)?.message() }

    /// The known elements of a repeated integer field (template placeholders left out).
    public func ints(_ name: String) throws -> [Int] {
        try intsOrUnknown(name).compactMap { $0 }
    }
    public func doubles(_ name: String) throws -> [Double] {
        var values: [Double] = []
        for field in fields(named: name) where !field.isTemplatePlaceholder { values.append(try field.double()) }
        return values
    }
    public func strings(_ name: String) throws -> [String] {
        var values: [String] = []
        for field in fields(named: name) { values.append(try field.string()) }
        return values
    }
    public func messages(_ name: String) throws -> [TextMessage] {
        var values: [TextMessage] = []
        for field in fields(named: name) { values.append(try field.message()) }
        return values
    }
}
