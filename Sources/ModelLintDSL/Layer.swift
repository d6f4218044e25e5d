import ModelLintIR

/// One layer of a model, as a DSL call wrote it: which layer, its arguments by
/// key, and where the call is. The library's layer types and the static
/// frontend both produce these; `ModelAssembler` turns them into IR.
public struct Layer: Hashable, Sendable {
    public var kind: String
    public var arguments: [String: DSLValue]
    /// The call site: `#filePath`, `#line`, `#column` at run time; the call
    /// expression's start when read from source.
    public var location: SourceLocation
    /// Where each argument is written, by key; only the static frontend knows.
    public var argumentLocations: [String: SourceLocation]
    /// The loop iterations and helper calls that produced this call, innermost
    /// first (see `Node.expansion`); only the static frontend knows.
    public var expansion: [RelatedLocation]

    public init(kind: String, arguments: [String: DSLValue], location: SourceLocation,
                argumentLocations: [String: SourceLocation] = [:], expansion: [RelatedLocation] = []) {
        self.kind = kind
        self.arguments = arguments
        self.location = location
        self.argumentLocations = argumentLocations
        self.expansion = expansion
    }

    /// The kind of `cut(at:)`. Package-only: a model written by a user has no cuts.
    package static let cutKind = "(not evaluated)"

    /// Where the static frontend could not evaluate what a model declares
    /// (a call into another module, I/O, randomness): not a layer, but a cut
    /// in the graph. The next layer that reads "the previous output" reads an
    /// input nobody knows, instead of whatever layer came before the cut.
    package static func cut(at location: SourceLocation) -> Layer {
        Layer(kind: cutKind, arguments: [:], location: location)
    }

    /// A layer from a library initializer: nil arguments are left out, so
    /// that defaults are decided in one place (`Vocabulary`).
    init(_ kind: String, _ arguments: [String: DSLValue?], file: String, line: Int, column: Int) {
        self.init(kind: kind, arguments: arguments.compactMapValues { $0 },
                  location: SourceLocation(callee: kind, file: file, line: line, parenthesisColumn: column))
    }

    public var name: String {
        if case .string(let name) = arguments["name"] { return name }
        return kind
    }
}

/// Anything a model's layer list accepts.
public protocol LayerConvertible {
    var layer: Layer { get }
}

extension Layer: LayerConvertible {
    public var layer: Layer { self }
}
