import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// Why an expression or statement has no static value.
enum EvaluationFailure: Error {
    /// Something only running the program could tell (a function of another
    /// module, I/O, randomness): a note there, and a cut in the graph.
    case notStatic(reason: String, node: Syntax)
    /// What the Swift compiler would reject (an unknown layer, a mistyped
    /// argument): an error there, and a cut in the graph.
    case rejected(message: String, node: Syntax)
    /// An `EvaluationLimits` limit: an error there, and the model is not read.
    case limit(message: String, node: Syntax)

    var node: Syntax {
        switch self {
        case .notStatic(_, let node), .rejected(_, let node), .limit(_, let node): node
        }
    }
}

/// How a statement finished.
enum Completion {
    case normal
    case breakLoop(label: String?)
    case continueLoop(label: String?)
    case returned(Value)
}

/// Evaluates the Swift a model is written in, statically: `let`/`var`,
/// arithmetic, interpolation, loops, conditions, `switch`, and calls of the
/// functions and closures declared in the same file, down to the DSL's layer
/// calls. Nothing is compiled or run; what would need running is a failure at
/// its place (`EvaluationFailure`).
///
/// The evaluator keeps the chain of helper calls and loop iterations it is in,
/// so that every layer it makes knows how it was reached (`Layer.expansion`).
final class Interpreter {
    let globals: Scope
    let file: String
    let converter: SourceLocationConverter
    /// Notes and errors of builder statements that could not be evaluated, each place once.
    var diagnostics: [Diagnostic] = []
    var reported: Set<Diagnostic> = []
    /// File-scope `let`/`var` bindings not evaluated yet, by name (Swift
    /// globals are lazy, so one may use another declared below it).
    private var pendingGlobals: [String: PatternBindingSyntax] = [:]
    private var evaluatingGlobals: Set<String> = []
    /// Why a file-scope constant has no value, for the message where it is used.
    var unevaluableGlobals: [String: String] = [:]
    /// The types the file declares: a call of one is not an unknown layer.
    private(set) var fileTypes: Set<String> = []

    // Limits, counted per model.
    private(set) var steps = 0
    private(set) var nesting = 0
    private(set) var callDepth = 0
    var layerCount = 0
    /// The loop iterations and calls being evaluated, outermost first.
    var expansion: [RelatedLocation] = []

    init(file: String, tree: SourceFileSyntax) {
        self.file = file
        converter = SourceLocationConverter(fileName: file, tree: tree)
        globals = Scope(parent: nil)
        for statement in tree.statements {
            guard case .decl(let declaration) = statement.item else { continue }
            declareFileScope(declaration, prefix: "")
        }
    }

    func place(_ position: AbsolutePosition) -> ModelLintIR.SourceLocation {
        let location = converter.location(for: position)
        return ModelLintIR.SourceLocation(file: file, line: location.line, column: location.column)
    }

    /// Where `node` starts, with its byte range.
    func place(_ node: Syntax) -> ModelLintIR.SourceLocation {
        let start = node.positionAfterSkippingLeadingTrivia
        var location = place(start)
        location.byteRange = start.utf8Offset..<max(node.endPositionBeforeTrailingTrivia.utf8Offset, start.utf8Offset)
        return location
    }

    /// Starts counting anew for the next model.
    func resetLimits() {
        steps = 0
        nesting = 0
        callDepth = 0
        layerCount = 0
        expansion = []
    }

    /// Functions, constants and the static members of types (`Blocks.bottleneck`) declared at file scope.
    private func declareFileScope(_ declaration: DeclSyntax, prefix: String) {
        if let function = declaration.as(FunctionDeclSyntax.self) {
            let name = prefix + function.name.text
            globals.declare(name, .function(Function(name: name, body: .declaration(function), scope: globals)))
        } else if let variable = declaration.as(VariableDeclSyntax.self) {
            for binding in variable.bindings {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text else { continue }
                pendingGlobals[prefix + name] = binding
            }
        } else if let type = declaration.asProtocol(NamedDeclSyntax.self), let group = declaration.asProtocol(DeclGroupSyntax.self) {
            fileTypes.insert(prefix + type.name.text)
            for member in group.memberBlock.members {
                let isStatic = member.decl.asProtocol(WithModifiersSyntax.self)?.modifiers
                    .contains { $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class) } ?? false
                if isStatic || declaration.is(EnumDeclSyntax.self) && member.decl.is(EnumDeclSyntax.self) {
                    declareFileScope(member.decl, prefix: prefix + type.name.text + ".")
                }
            }
        }
    }

    /// A file-scope constant, evaluated the first time it is used.
    func global(_ name: String) throws(EvaluationFailure) -> Value? {
        if let value = globals.lookup(name) { return value }
        guard let binding = pendingGlobals[name] else { return nil }
        guard evaluatingGlobals.insert(name).inserted else {
            throw .rejected(message: "'\(name)' is used in its own initial value", node: Syntax(binding))
        }
        defer { evaluatingGlobals.remove(name) }
        guard let initializer = binding.initializer?.value else {
            unevaluableGlobals[name] = "'\(name)' has no initial value"
            pendingGlobals[name] = nil
            return nil
        }
        do {
            let value = try converted(try evaluate(initializer, in: globals), to: binding.typeAnnotation?.type)
            if case .function(let function) = value, function.name == Function.anonymous { function.name = name }
            globals.declare(name, value)
            pendingGlobals[name] = nil
            return value
        } catch {
            if case .limit = error { throw error }
            pendingGlobals[name] = nil
            unevaluableGlobals[name] = Self.reason(error)
            return nil
        }
    }

    /// A name in scope, else a file-scope constant or function.
    func variable(_ name: String, in scope: Scope) throws(EvaluationFailure) -> Value? {
        if let value = scope.lookup(name) { return value }
        return try global(name)
    }

    static func reason(_ failure: EvaluationFailure) -> String {
        switch failure {
        case .notStatic(let reason, _): reason
        case .rejected(let message, _), .limit(let message, _): message
        }
    }

    // MARK: - Limits

    /// Counts one step of evaluation at `node`, and one level of nesting until `leave()`.
    func enter(_ node: some SyntaxProtocol) throws(EvaluationFailure) {
        steps += 1
        nesting += 1
        if steps > EvaluationLimits.maximumSteps {
            throw .limit(message: "the model takes more than \(EvaluationLimits.maximumSteps) steps to evaluate statically (an endless loop?)",
                         node: Syntax(node))
        }
        if nesting > EvaluationLimits.maximumNesting {
            throw .limit(message: "the model's code nests more than \(EvaluationLimits.maximumNesting) expressions, statements and calls deep",
                         node: Syntax(node))
        }
    }

    func leave() { nesting -= 1 }

    func enterCall(_ node: some SyntaxProtocol, name: String) throws(EvaluationFailure) {
        callDepth += 1
        if callDepth > EvaluationLimits.maximumCallDepth {
            throw .limit(message: "calls nest more than \(EvaluationLimits.maximumCallDepth) deep (does '\(name)' call itself without end?)",
                         node: Syntax(node))
        }
    }

    func leaveCall() { callDepth -= 1 }

    func checkSize(_ count: Int, at node: some SyntaxProtocol) throws(EvaluationFailure) {
        if count > EvaluationLimits.maximumCollection {
            throw .limit(message: "a collection of more than \(EvaluationLimits.maximumCollection) elements", node: Syntax(node))
        }
    }

    // MARK: - Types

    /// A value as a declared type has it: an integer literal given to a
    /// `Double` is a `Double` (so `"\(x)"` writes `1.0`, as Swift does).
    func converted(_ value: Value, to type: TypeSyntax?) throws(EvaluationFailure) -> Value {
        guard let type else { return value }
        let name = type.trimmedDescription.replacingOccurrences(of: " ", with: "")
        switch (name, value) {
        case ("Double", .int(let int)), ("Float", .int(let int)), ("Double?", .int(let int)), ("Float?", .int(let int)):
            return .double(Double(int))
        case ("[Double]", .array(let items)), ("[Float]", .array(let items)):
            return .array(items.map { if case .int(let int) = $0 { .double(Double(int)) } else { $0 } })
        case ("ClosedRange<Double>", .range(let lower, let upper, let closed)):
            return .range(lower: .double(lower.number ?? 0), upper: .double(upper.number ?? 0), closed: closed)
        default:
            return value
        }
    }
}
