import Foundation
import ModelLintDSL
import ModelLintIR
import SwiftOperators
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// What reading one Swift file produced.
public struct SwiftDSLLoadResult: Sendable {
    /// One graph per `Model(...)` declaration, in file order.
    public var graphs: [Graph]
    /// Notes where something could not be evaluated statically, errors for
    /// calls the compiler would reject; the graphs hold everything else.
    public var diagnostics: [Diagnostic]
}

/// Swift source that does not parse, with the parser's first error.
public struct SwiftSyntaxError: LocatedError {
    public var message: String
    public var location: ModelLintIR.SourceLocation
}

/// The entry point of the Swift DSL frontend: a `.swift` file in, IR graphs
/// out, without compiling or running any of it. The file is parsed with
/// swift-syntax; each `Model("name", training: ...) { layers }` call is read
/// with the DSL's own `Vocabulary`, so the IR is the one `Model.graph` would
/// build if the file were compiled and run.
public enum SwiftDSLFrontend {
    public static func load(_ file: SourceFile) throws -> SwiftDSLLoadResult {
        try OwnStack.run { () throws -> SwiftDSLLoadResult in try read(file) }
    }

    private static func read(_ file: SourceFile) throws -> SwiftDSLLoadResult {
        // What the compiler would refuse, and what would overflow the parser's stack, before parsing.
        if let problem = TextScreening.firstProblem(in: file.bytes) {
            throw SwiftSyntaxError(message: problem.message, location: file.location(ofByte: problem.offset))
        }
        if let tooDeep = BracketDepth.firstTooDeep(in: file.bytes, limit: InputLimits.maximumSwiftNesting) {
            throw SwiftSyntaxError(message: "brackets nested more than \(InputLimits.maximumSwiftNesting) levels deep",
                                   location: file.location(ofByte: tooDeep))
        }
        let parsed = Parser.parse(source: String(decoding: file.bytes, as: UTF8.self))
        if parsed.hasError, let first = ParseDiagnosticsGenerator.diagnostics(for: parsed).first(where: { $0.diagMessage.severity == .error }) {
            let place = SourceLocationConverter(fileName: file.path, tree: parsed).location(for: first.position)
            throw SwiftSyntaxError(message: "Swift syntax error: \(first.message)",
                                   location: ModelLintIR.SourceLocation(file: file.path, line: place.line, column: place.column))
        }
        // Operator sequences folded by Swift's precedences (`a + b * c`, `x ?? y`, `c ? a : b`); the text,
        // and so every position, is unchanged. An operator the table does not know stays unfolded.
        let tree = OperatorTable.standardOperators.foldAll(parsed) { _ in }.as(SourceFileSyntax.self) ?? parsed
        var reader = ModelReader(file: file, tree: tree)
        var graphs: [Graph] = []
        for (call, callee) in ModelCalls.find(in: tree) {
            if let model = reader.model(call, callee: callee) {
                graphs.append(ModelAssembler.graph(of: model, source: file))
            }
        }
        if graphs.isEmpty && !reader.diagnostics.contains(where: { $0.severity == .error }) {
            reader.add(Diagnostic(
                severity: .note, message: "skipped: no Model(\"name\") { ... } declaration of the modellint DSL in this file",
                location: .startOf(file.path)))
        }
        return SwiftDSLLoadResult(graphs: graphs, diagnostics: reader.diagnostics)
    }
}

/// Every `Model(...)` call in a file, wherever it is (a global, a static
/// property, a function's body), outermost first; calls nested inside
/// another model's layers are that model's business.
private final class ModelCalls: SyntaxVisitor {
    var calls: [(FunctionCallExprSyntax, TokenSyntax)] = []

    static func find(in tree: SourceFileSyntax) -> [(FunctionCallExprSyntax, TokenSyntax)] {
        let visitor = ModelCalls(viewMode: .sourceAccurate)
        visitor.walk(tree)
        return visitor.calls
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        if let (name, token) = ModelReader.calleeName(node), name == "Model" {
            calls.append((node, token))
            return .skipChildren
        }
        return .visitChildren
    }
}

/// Runs the parser and the static evaluator on a thread of their own with a
/// stack of known size: both recurse once or more per level of nesting
/// (brackets, then expressions, statements and helper calls, each level a
/// few frames, and frames are large in a debug build), and a worker thread's
/// default stack (512 KiB on some platforms) is too small to be sure that
/// `InputLimits.maximumSwiftNesting` and `EvaluationLimits` are reached
/// before the stack ends.
enum OwnStack {
    static let size = 64 << 20

    private final class Outcome<Value>: @unchecked Sendable {
        var result: Result<Value, any Error>?
    }

    static func run<Value>(_ body: @escaping () throws -> Value) throws -> Value {
        let outcome = Outcome<Value>()
        let done = DispatchSemaphore(value: 0)
        let work = UnsafeSendable(body)
        let thread = Thread {
            outcome.result = Result { try work.value() }
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        return try outcome.result!.get()
    }

    private struct UnsafeSendable<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
