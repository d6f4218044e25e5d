import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// Reads the `Model(...) { ... }` declarations of a file into DSL models. The
/// model's body is run by the static `Interpreter` as the DSL's result
/// builder would run it: loops, conditions and the file's own helpers are
/// evaluated; what cannot be known without running the program becomes a
/// note there and a cut in the graph; a call the Swift compiler would reject
/// (unknown layer, missing or mistyped argument) becomes an error there.
struct ModelReader {
    let interpreter: Interpreter
    private var ownDiagnostics: [Diagnostic] = []

    init(file: SourceFile, tree: SourceFileSyntax) {
        interpreter = Interpreter(file: file.path, tree: tree)
    }

    /// The reader's own diagnostics, then the evaluator's (sorted by place).
    var diagnostics: [Diagnostic] { (ownDiagnostics + interpreter.diagnostics).sorted { $0.location < $1.location } }

    mutating func add(_ diagnostic: Diagnostic) { ownDiagnostics.append(diagnostic) }

    func location(_ position: AbsolutePosition) -> ModelLintIR.SourceLocation { interpreter.place(position) }

    mutating func note(_ message: String, at node: some SyntaxProtocol) {
        ownDiagnostics.append(Diagnostic(severity: .note, message: message, location: interpreter.place(Syntax(node))))
    }

    mutating func error(_ message: String, at node: some SyntaxProtocol) {
        ownDiagnostics.append(Diagnostic(severity: .error, message: message, location: interpreter.place(Syntax(node))))
    }

    mutating func report(_ failure: EvaluationFailure, _ message: (String) -> String) {
        switch failure {
        case .notStatic(let reason, let node): note(message(reason), at: node)
        case .rejected(let text, let node), .limit(let text, let node): error(text, at: node)
        }
    }

    /// `Model`, `ModelLintDSL.Model`: the type name a call is made on, if it is a plain one.
    static func calleeName(_ call: FunctionCallExprSyntax) -> (name: String, token: TokenSyntax)? {
        if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) {
            return (reference.baseName.text, reference.baseName)
        }
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self), member.base != nil {
            return (member.declName.baseName.text, member.declName.baseName)
        }
        return nil
    }

    // MARK: - Models

    mutating func model(_ call: FunctionCallExprSyntax, callee: TokenSyntax) -> Model? {
        interpreter.resetLimits()
        guard let nameArgument = call.arguments.first, nameArgument.label == nil else {
            error("Model(...) needs the model's name first: Model(\"name\") { ... }", at: call)
            return nil
        }
        let name: String
        do {
            guard case .string(let text) = try interpreter.evaluate(nameArgument.expression, in: interpreter.globals) else {
                error("the model's name must be a string", at: nameArgument)
                return nil
            }
            name = text
        } catch {
            report(error) { "cannot evaluate the model's name (\($0)) statically; the model is not linted" }
            return nil
        }
        var training: Training?
        for argument in call.arguments.dropFirst() {
            guard argument.label?.text == "training" else {
                if argument.label?.text != "layers" {
                    error("Model has no argument '\(argument.label?.text ?? "_")' (expected Model(_:training:) { ... })", at: argument)
                }
                continue
            }
            training = self.training(argument.expression)
        }
        guard let closure = call.trailingClosure
                ?? call.arguments.first(where: { $0.label?.text == "layers" })?.expression.as(ClosureExprSyntax.self) else {
            error("Model(\"\(name)\") has no layers: give them in a trailing closure { ... }", at: call)
            return nil
        }
        let list = LayerList()
        do {
            _ = try interpreter.execute(closure.statements, in: Scope(parent: interpreter.globals), collecting: list)
        } catch {
            // Only a limit escapes a builder: the model is not read, and the file is an error.
            report(error) { $0 }
            return nil
        }
        return Model(name: name, layers: list.layers, training: training, location: location(callee.positionAfterSkippingLeadingTrivia))
    }

    private mutating func training(_ expression: ExprSyntax) -> Training? {
        if expression.is(NilLiteralExprSyntax.self) { return nil }
        guard let call = expression.as(FunctionCallExprSyntax.self), Self.calleeName(call)?.name == "Training",
              let callee = Self.calleeName(call)?.token else {
            note("cannot evaluate the training settings statically ('\(Interpreter.abbreviated(expression))'): write Training(...) here; they are left out", at: expression)
            return nil
        }
        do {
            let matched = try interpreter.matched(call, Training.signature, in: interpreter.globals)
            return Training(arguments: matched.values, location: location(callee.positionAfterSkippingLeadingTrivia),
                            argumentLocations: matched.positions.mapValues { interpreter.place($0) })
        } catch {
            report(error) { "cannot evaluate \($0) statically, so the training settings are not linted" }
            return nil
        }
    }
}
