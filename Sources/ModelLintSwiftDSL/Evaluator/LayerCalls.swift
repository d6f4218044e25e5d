import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// A DSL layer call (`Conv("c1", outputs: 16, kernel: 3)`) evaluated into a
/// `Layer`, matched against the DSL's own signature as the compiler would.
enum LayerCalls {
    /// `Conv`, `ModelLintDSL.Conv`: the type name a call is made on, if it is a plain one.
    static func calleeName(_ call: FunctionCallExprSyntax) -> (name: String, token: TokenSyntax)? {
        if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) {
            return (reference.baseName.text, reference.baseName)
        }
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self),
           member.base?.as(DeclReferenceExprSyntax.self)?.baseName.text == "ModelLintDSL" {
            return (member.declName.baseName.text, member.declName.baseName)
        }
        return nil
    }

    /// "; did you mean 'Conv'?" for a name near enough to a layer's to be a typo.
    static func suggestion(for kind: String) -> String {
        EditDistance.nearest(to: kind, among: Vocabulary.layerNames).map { "; did you mean '\($0)'?" } ?? ""
    }
}

extension Interpreter {
    /// The layer a DSL call declares, located at its type name (inside the
    /// helper that makes it, when a helper does) and carrying the loop
    /// iterations and helper calls that reached it.
    func layer(_ call: FunctionCallExprSyntax, kind: String, callee: TokenSyntax, definition: Vocabulary.Definition,
               in scope: Scope) throws(EvaluationFailure) -> Value {
        let matched = try matched(call, definition.signature, in: scope)
        layerCount += 1
        if layerCount > EvaluationLimits.maximumLayers {
            throw .limit(message: "the model declares more than \(EvaluationLimits.maximumLayers) layers", node: Syntax(call))
        }
        // The layer is at its type name; its byte range is the whole call, so a
        // suppression above the call covers findings on any of its lines.
        var location = place(callee.positionAfterSkippingLeadingTrivia)
        location.byteRange = callee.positionAfterSkippingLeadingTrivia.utf8Offset..<call.endPositionBeforeTrailingTrivia.utf8Offset
        return .layer(Layer(kind: kind, arguments: matched.values, location: location,
                            argumentLocations: matched.positions.mapValues { self.place($0) },
                            expansion: expansion.reversed()))
    }

    /// The arguments of a DSL call (a layer, `Training`), or the failure that the caller reports.
    func matched(_ call: FunctionCallExprSyntax, _ signature: DSLSignature, in scope: Scope) throws(EvaluationFailure) -> CallMatcher.Matched {
        do {
            return try CallMatcher { (expression) throws(EvaluationFailure) in try self.evaluate(expression, in: scope) }.match(call, signature)
        } catch {
            switch error {
            case .mismatch(let mismatch): throw .rejected(message: mismatch.message, node: mismatch.node)
            case .unevaluable(let failure): throw failure
            }
        }
    }
}
