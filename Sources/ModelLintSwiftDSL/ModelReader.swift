import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// Reads the `Model(...) { ... }` declarations of a file into DSL models,
/// statement by statement. What cannot be known without running the code (a
/// loop, a call modellint does not know, a computed value) becomes a note
/// there and is left out; a call the Swift compiler would reject (unknown
/// layer, missing or mistyped argument) becomes an error there. The rest of
/// the model is read either way.
struct ModelReader {
    let file: SourceFile
    let converter: SourceLocationConverter
    var evaluator = StaticEvaluator()
    var diagnostics: [Diagnostic] = []

    init(file: SourceFile, tree: SourceFileSyntax) {
        self.file = file
        converter = SourceLocationConverter(fileName: file.path, tree: tree)
    }

    func location(_ position: AbsolutePosition) -> ModelLintIR.SourceLocation {
        let place = converter.location(for: position)
        return ModelLintIR.SourceLocation(file: file.path, line: place.line, column: place.column)
    }

    func location(_ node: some SyntaxProtocol) -> ModelLintIR.SourceLocation {
        var place = location(node.positionAfterSkippingLeadingTrivia)
        let end = node.endPositionBeforeTrailingTrivia.utf8Offset
        place.byteRange = node.positionAfterSkippingLeadingTrivia.utf8Offset..<max(end, node.positionAfterSkippingLeadingTrivia.utf8Offset)
        return place
    }

    mutating func note(_ message: String, at node: some SyntaxProtocol) {
        diagnostics.append(Diagnostic(severity: .note, message: message, location: location(node)))
    }

    mutating func error(_ message: String, at node: some SyntaxProtocol) {
        diagnostics.append(Diagnostic(severity: .error, message: message, location: location(node)))
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

    // MARK: - Constants

    /// A `let NAME = value` whose value can be evaluated; anything else is
    /// left unknown, and only a use of it is reported.
    mutating func declareConstants(_ declaration: VariableDeclSyntax) {
        guard declaration.bindingSpecifier.tokenKind == .keyword(.let) else { return }
        for binding in declaration.bindings {
            guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                  let initializer = binding.initializer?.value,
                  let value = try? evaluator.evaluate(initializer) else { continue }
            evaluator.constants[name] = value
        }
    }

    // MARK: - Models

    mutating func model(_ call: FunctionCallExprSyntax, callee: TokenSyntax) -> Model? {
        guard let nameArgument = call.arguments.first, nameArgument.label == nil else {
            error("Model(...) needs the model's name first: Model(\"name\") { ... }", at: call)
            return nil
        }
        guard case .string(let name)? = try? evaluator.evaluate(nameArgument.expression) else {
            error("the model's name must be a string literal or a constant", at: nameArgument)
            return nil
        }
        var training: Training?
        for argument in call.arguments.dropFirst() {
            guard argument.label?.text == "training" else {
                error("Model has no argument '\(argument.label?.text ?? "_")' (expected Model(_:training:) { ... })", at: argument)
                continue
            }
            training = self.training(argument.expression)
        }
        guard let closure = call.trailingClosure
                ?? call.arguments.first(where: { $0.label?.text == "layers" })?.expression.as(ClosureExprSyntax.self) else {
            error("Model(\"\(name)\") has no layers: give them in a trailing closure { ... }", at: call)
            return nil
        }
        let saved = evaluator
        let layers = self.layers(in: closure.statements)
        evaluator = saved
        return Model(name: name, layers: layers, training: training, location: location(callee.positionAfterSkippingLeadingTrivia))
    }

    private mutating func training(_ expression: ExprSyntax) -> Training? {
        guard let call = expression.as(FunctionCallExprSyntax.self), Self.calleeName(call)?.name == "Training",
              let callee = Self.calleeName(call)?.token else {
            note("cannot evaluate the training settings statically ('\(StaticEvaluator.abbreviated(expression))'): write Training(...) here; they are left out", at: expression)
            return nil
        }
        guard let matched = matched(call, Training.signature) else { return nil }
        return Training(arguments: matched.values, location: location(callee.positionAfterSkippingLeadingTrivia),
                        argumentLocations: matched.positions.mapValues(location))
    }

    private mutating func layers(in statements: CodeBlockItemListSyntax) -> [Layer] {
        var layers: [Layer] = []
        for statement in statements {
            switch statement.item {
            case .decl(let declaration):
                if let variable = declaration.as(VariableDeclSyntax.self) {
                    declareConstants(variable)
                } else {
                    note("modellint does not read declarations inside a model; this one is left out", at: declaration)
                }
            case .expr(let expression):
                if let layer = layer(expression) { layers.append(layer) }
            case .stmt(let statement):
                let what = statement.is(ForStmtSyntax.self) ? "a loop" : "this statement"
                note("cannot evaluate \(what) statically: the layers it declares are not linted (write them out, one call each)",
                     at: statement)
            }
        }
        return layers
    }

    private mutating func layer(_ expression: ExprSyntax) -> Layer? {
        guard let call = expression.as(FunctionCallExprSyntax.self), let (kind, callee) = Self.calleeName(call) else {
            let what = expression.is(IfExprSyntax.self) || expression.is(SwitchExprSyntax.self) ? "a condition" : "'\(StaticEvaluator.abbreviated(expression))'"
            note("cannot evaluate \(what) statically: the layers it declares are not linted", at: expression)
            return nil
        }
        guard let definition = Vocabulary.definition(of: kind) else {
            if kind.first?.isUppercase == true {
                error("unknown layer '\(kind)'" + Self.suggestion(for: kind) + " (see the DSL's layers: \(Vocabulary.layerNames.joined(separator: ", ")))",
                      at: callee)
            } else {
                note("cannot evaluate the call '\(kind)(...)' statically: the layers it returns are not linted", at: call)
            }
            return nil
        }
        guard let matched = matched(call, definition.signature) else { return nil }
        // The layer is at its type name; its byte range is the whole call, so a
        // suppression above the call covers findings on any of its lines.
        var place = location(callee.positionAfterSkippingLeadingTrivia)
        place.byteRange = callee.positionAfterSkippingLeadingTrivia.utf8Offset..<call.endPositionBeforeTrailingTrivia.utf8Offset
        return Layer(kind: kind, arguments: matched.values, location: place,
                     argumentLocations: matched.positions.mapValues(location))
    }

    private mutating func matched(_ call: FunctionCallExprSyntax, _ signature: DSLSignature) -> CallMatcher.Matched? {
        do {
            return try CallMatcher(evaluator: evaluator).match(call, signature)
        } catch {
            switch error {
            case .mismatch(let mismatch):
                self.error(mismatch.message, at: mismatch.node)
            case .unevaluable(let unevaluable):
                note("cannot evaluate \(unevaluable.reason) statically, so \(signature.name) '\(Self.layerName(call))' is not linted", at: unevaluable.node)
            }
            return nil
        }
    }

    private static func layerName(_ call: FunctionCallExprSyntax) -> String {
        guard let first = call.arguments.first, first.label == nil,
              let literal = first.expression.as(StringLiteralExprSyntax.self) else { return "?" }
        return literal.segments.compactMap { $0.as(StringSegmentSyntax.self)?.content.text }.joined()
    }

    /// ", did you mean 'Conv'?" for a name one or two edits away from a layer.
    static func suggestion(for kind: String) -> String {
        let close = Vocabulary.layerNames.map { ($0, EditDistance.between($0.lowercased(), kind.lowercased())) }
            .filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        return close.map { "; did you mean '\($0.0)'?" } ?? ""
    }
}
