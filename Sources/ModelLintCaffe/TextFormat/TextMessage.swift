import ModelLintIR

/// A parsed protobuf text-format message, schema-free: fields in file order,
/// each with the position a finding can point at. The Caffe readers give the
/// fields meaning; this layer only knows the syntax.
public struct TextMessage: Sendable {
    public var fields: [TextField]
    /// Where the message starts (its field name for nested messages, 1:1 for a file).
    public var location: SourceLocation

    public init(fields: [TextField], location: SourceLocation) {
        self.fields = fields
        self.location = location
    }

    /// Every field called `name`, in file order (repeated fields and `[a, b]` lists alike).
    public func fields(named name: String) -> [TextField] { fields.filter { $0.name == name } }

    /// The last field called `name`, which is what protobuf keeps for a singular field.
    public func field(named name: String) -> TextField? { fields.last { $0.name == name } }

    public func has(_ name: String) -> Bool { fields.contains { $0.name == name } }
}

/// One `name: value` or `name { ... }` entry.
public struct TextField: Sendable {
    public var name: String
    public var value: TextValue
    /// Where the field name starts; its `byteRange` runs to the end of the value.
    public var location: SourceLocation

    public init(name: String, value: TextValue, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

public enum TextValue: Sendable {
    case scalar(TextScalar)
    case message(TextMessage)
}

/// A scalar as written, so that the reader can say exactly what was wrong
/// with it (`kernel_size expects an integer, got identifier 'three'`).
public struct TextScalar: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A quoted string (adjacent strings already joined, escapes decoded).
        case string(String)
        /// A numeric literal as written, sign included: `-1.5e-3`, `0x1F`, `2f`.
        case number(String)
        /// A bare word: an enum value, `true`, `inf`, `nan`, or `-inf`.
        case identifier(String)
    }

    public var kind: Kind
    public var location: SourceLocation
    /// A bare word in a file read as a template (`num_output: cls3x`): a
    /// placeholder a generator script substitutes, so a number read from it is unknown.
    public var isTemplatePlaceholder: Bool

    public init(kind: Kind, location: SourceLocation, isTemplatePlaceholder: Bool = false) {
        self.kind = kind
        self.location = location
        self.isTemplatePlaceholder = isTemplatePlaceholder
    }

    /// How the scalar reads in an error message.
    public var spelledOut: String {
        switch kind {
        case .string(let s): return "string \"\(s)\""
        case .number(let n): return "number \(n)"
        case .identifier(let i): return "'\(i)'"
        }
    }
}
