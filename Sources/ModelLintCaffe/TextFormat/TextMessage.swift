import ModelLintIR

/// A parsed protobuf text-format message, schema-free: fields in file order,
/// each with the position a finding can point at. The Caffe readers give the
/// fields meaning; this layer only knows the syntax.
///
/// A view into a `TextDocument` (copying one costs a reference count), or,
/// for the V0 upgrade, a list of fields assembled by hand.
public struct TextMessage: Sendable {
    private enum Storage: Sendable {
        /// The records `fieldRecords` of the document, the value of field `record` (nil for the file itself).
        case parsed(TextDocument)
        /// Assembled by hand (the V0 upgrade, an empty default): the fields and where the message is.
        case assembled(Assembled)
    }
    private let storage: Storage
    private let fieldRecords: Range<Int>
    private let record: Int?

    private final class Assembled: Sendable {
        let fields: [TextField]
        let location: SourceLocation
        init(fields: [TextField], location: SourceLocation) {
            self.fields = fields
            self.location = location
        }
    }

    public init(fields: [TextField], location: SourceLocation) {
        storage = .assembled(Assembled(fields: fields, location: location))
        fieldRecords = 0..<0
        record = nil
    }

    /// The whole file.
    init(root document: TextDocument) {
        storage = .parsed(document)
        fieldRecords = 0..<document.records.count
        record = nil
    }

    /// The value of the message field `record`.
    init(document: TextDocument, record: Int) {
        storage = .parsed(document)
        fieldRecords = record + 1..<Int(document.records[record].subtreeEnd)
        self.record = record
    }

    /// Where the message starts (its opening brace for nested messages, 1:1 for a file).
    public var location: SourceLocation {
        switch storage {
        case .assembled(let assembled): return assembled.location
        case .parsed(let document):
            if let record { return document.valueLocation(record) }
            return SourceLocation(file: document.source.path, line: 1, column: 1, byteRange: 0..<document.source.bytes.count)
        }
    }

    public var fields: [TextField] {
        var fields: [TextField] = []
        forEachField { fields.append($0) }
        return fields
    }

    /// Each field in file order, without collecting them first.
    func forEachField(_ body: (TextField) throws -> Void) rethrows {
        switch storage {
        case .assembled(let assembled):
            for field in assembled.fields { try body(field) }
        case .parsed(let document):
            var index = fieldRecords.lowerBound
            while index < fieldRecords.upperBound {
                try body(TextField(document: document, record: index))
                index = Int(document.records[index].subtreeEnd)
            }
        }
    }

    /// Each field called one of `names`, with the index of its name there:
    /// for a reader that sorts out a message's fields in one pass.
    func forEachField(namedOneOf names: [String], _ body: (Int, TextField) throws -> Void) rethrows {
        switch storage {
        case .assembled(let assembled):
            for field in assembled.fields {
                if let which = names.firstIndex(where: field.isNamed) { try body(which, field) }
            }
        case .parsed(let document):
            try withUnsafeTemporaryAllocation(of: Int32?.self, capacity: names.count) { numbers in
                for (index, name) in names.enumerated() { numbers.initializeElement(at: index, to: document.nameNumber(name)) }
                try document.records.withUnsafeBufferPointer { records in
                    var index = fieldRecords.lowerBound
                    while index < fieldRecords.upperBound {
                        let number = records[index].nameNumber
                        if let which = numbers.firstIndex(of: number) { try body(which, TextField(document: document, record: index)) }
                        index = Int(records[index].subtreeEnd)
                    }
                }
            }
        }
    }

    /// The records of the fields called `name`, in file order, compared by
    /// number; no view is made of a field that does not match.
    private func forEachRecord(named name: String, in document: TextDocument, _ body: (Int) throws -> Bool) rethrows {
        guard let number = document.nameNumber(name) else { return }
        try document.records.withUnsafeBufferPointer { records in
            var index = fieldRecords.lowerBound
            while index < fieldRecords.upperBound {
                if records[index].nameNumber == number, try !body(index) { return }
                index = Int(records[index].subtreeEnd)
            }
        }
    }

    private func forEachField(named name: String, _ body: (TextField) throws -> Void) rethrows {
        switch storage {
        case .assembled(let assembled):
            for field in assembled.fields where field.isNamed(name) { try body(field) }
        case .parsed(let document):
            try forEachRecord(named: name, in: document) { index in
                try body(TextField(document: document, record: index))
                return true
            }
        }
    }

    /// Every field called `name`, in file order (repeated fields and `[a, b]` lists alike).
    public func fields(named name: String) -> [TextField] {
        var matches: [TextField] = []
        forEachField(named: name) { matches.append($0) }
        return matches
    }

    /// Every field called `name` as `transform` reads it, in file order; nil leaves a field out.
    func map<Value>(named name: String, _ transform: (TextField) throws -> Value?) rethrows -> [Value] {
        var values: [Value] = []
        try forEachField(named: name) { if let value = try transform($0) { values.append(value) } }
        return values
    }

    /// The last field called `name`, which is what protobuf keeps for a singular field.
    public func field(named name: String) -> TextField? {
        guard case .parsed(let document) = storage else { return fields(named: name).last }
        var last: Int?
        forEachRecord(named: name, in: document) { index in
            last = index
            return true
        }
        return last.map { TextField(document: document, record: $0) }
    }

    /// The first field called `name`.
    func firstField(named name: String) -> TextField? {
        guard case .parsed(let document) = storage else { return fields(named: name).first }
        var first: Int?
        forEachRecord(named: name, in: document) { index in
            first = index
            return false
        }
        return first.map { TextField(document: document, record: $0) }
    }

    public func has(_ name: String) -> Bool { firstField(named: name) != nil }
}

/// One `name: value` or `name { ... }` entry.
public struct TextField: Sendable {
    let document: TextDocument
    let record: Int
    /// Set only by the V0 upgrade, which renames fields and gathers moved ones into a new message.
    private var upgrade: Upgrade?

    private final class Upgrade: Sendable {
        let name: String
        let gathered: TextMessage?
        init(name: String, gathered: TextMessage?) {
            self.name = name
            self.gathered = gathered
        }
    }

    init(document: TextDocument, record: Int) {
        self.document = document
        self.record = record
    }

    /// A field written at `field`'s place whose value is a message of `fields` (the V0 upgrade's `*_param`).
    init(name: String, at field: TextField, gathering fields: [TextField], messageLocation: SourceLocation) {
        self.init(document: field.document, record: field.record)
        upgrade = Upgrade(name: name, gathered: TextMessage(fields: fields, location: messageLocation))
    }

    public var name: String {
        get { upgrade?.name ?? document.name(of: record) }
        set { upgrade = Upgrade(name: newValue, gathered: upgrade?.gathered) }
    }

    func isNamed(_ name: String) -> Bool {
        if let upgrade { return upgrade.name == name }
        return document.name(of: record, is: name)
    }

    func hasSameName(as other: TextField) -> Bool {
        if upgrade == nil, other.upgrade == nil, document === other.document {
            return document.records[record].nameNumber == other.document.records[other.record].nameNumber
        }
        return name == other.name
    }

    /// Where the field name starts; its `byteRange` runs to the end of the value.
    public var location: SourceLocation { document.fieldLocation(record) }

    var kind: TextDocument.ValueKind { upgrade?.gathered == nil ? document.records[record].kind : .message }

    public var value: TextValue {
        if let gathered = upgrade?.gathered { return .message(gathered) }
        if kind == .message { return .message(TextMessage(document: document, record: record)) }
        return .scalar(scalar)
    }

    /// The value as a scalar; only for a field that is not a message.
    var scalar: TextScalar {
        let scalarKind: TextScalar.Kind
        switch kind {
        case .string: scalarKind = .string((try? document.string(record)) ?? "")
        case .number, .negativeNumber: scalarKind = .number(document.literalText(record))
        case .identifier, .negativeIdentifier, .message: scalarKind = .identifier(document.literalText(record))
        }
        return TextScalar(kind: scalarKind, location: document.valueLocation(record), isTemplatePlaceholder: isTemplatePlaceholder)
    }

    /// Whether the value is a template placeholder, which numeric reads treat as unknown.
    public var isTemplatePlaceholder: Bool {
        guard document.readsPlaceholders, kind == .identifier else { return false }
        return document.withLiteral(record) { word in
            NumberLiteral.floatingPoint(word, negative: false) == nil
                && !(word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8))
        }
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
