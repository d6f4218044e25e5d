import Foundation
import SwiftSyntax

/// Expressions: literals, names, operators, collections, member access,
/// subscripts, closures, `if`/`switch` expressions and calls.
extension Interpreter {
    func evaluate(_ expression: ExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        try enter(expression)
        defer { leave() }
        // One dispatch on the node's kind: a chain of casts costs more than the rest of a step.
        switch expression.as(ExprSyntaxEnum.self) {
        case .integerLiteralExpr(let literal):
            guard let value = Self.integer(literal.literal.text) else {
                throw .notStatic(reason: "an integer literal out of range", node: Syntax(literal))
            }
            return .int(value)
        case .floatLiteralExpr(let literal):
            guard let value = Double(literal.literal.text.replacingOccurrences(of: "_", with: "")) else {
                throw .notStatic(reason: "a floating-point literal modellint cannot read", node: Syntax(literal))
            }
            return .double(value)
        case .booleanLiteralExpr(let literal):
            return .bool(literal.literal.tokenKind == .keyword(.true))
        case .nilLiteralExpr:
            return .none
        case .stringLiteralExpr(let literal):
            return .string(try string(literal, in: scope))
        case .arrayExpr(let array):
            var values: [Value] = []
            for element in array.elements { values.append(try evaluate(element.expression, in: scope)) }
            return .array(values)
        case .dictionaryExpr(let dictionary):
            var entries: [(key: Value, value: Value)] = []
            if case .elements(let elements) = dictionary.content {
                for element in elements {
                    entries.append((try evaluate(element.key, in: scope), try evaluate(element.value, in: scope)))
                }
            }
            return .dictionary(entries)
        case .tupleExpr(let tuple):
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return try evaluate(only.expression, in: scope)
            }
            var items: [(label: String?, value: Value)] = []
            for element in tuple.elements { items.append((element.label?.text, try evaluate(element.expression, in: scope))) }
            return .tuple(items)
        case .declReferenceExpr(let reference):
            return try lookup(reference, in: scope)
        case .prefixOperatorExpr(let prefix):
            return try applyPrefix(prefix.operator.text, try evaluate(prefix.expression, in: scope), at: Syntax(prefix))
        case .infixOperatorExpr(let infix):
            return try evaluate(infix: infix, in: scope)
        case .ternaryExpr(let ternary):
            let condition = try boolean(ternary.condition, in: scope)
            return try evaluate(condition ? ternary.thenExpression : ternary.elseExpression, in: scope)
        case .asExpr(let cast):
            return try converted(try evaluate(cast.expression, in: scope), to: cast.type)
        case .forceUnwrapExpr(let unwrap):
            let value = try evaluate(unwrap.expression, in: scope)
            if value.isNil { throw .rejected(message: "'\(Self.abbreviated(unwrap.expression))' is nil here, and '!' would stop the program", node: Syntax(unwrap)) }
            return value
        case .memberAccessExpr(let member):
            return try evaluate(member: member, in: scope)
        case .subscriptCallExpr(let subscriptCall):
            return try evaluate(subscript: subscriptCall, in: scope)
        case .closureExpr(let closure):
            return .function(Function(name: Function.anonymous, body: .closure(closure), scope: scope))
        case .functionCallExpr(let call):
            return try evaluate(call: call, in: scope)
        case .ifExpr(let ifExpression):
            return try evaluate(ifExpression: ifExpression, in: scope)
        case .switchExpr(let switchExpression):
            return try evaluate(switchExpression: switchExpression, in: scope)
        case .sequenceExpr(let sequence):
            throw .notStatic(reason: "an operator modellint does not know in '\(Self.abbreviated(sequence))'", node: Syntax(sequence))
        default:
            throw .notStatic(reason: "'\(Self.abbreviated(expression))'", node: Syntax(expression))
        }
    }

    func boolean(_ expression: ExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Bool {
        let value = try evaluate(expression, in: scope)
        guard case .bool(let result) = value else {
            throw .rejected(message: "a condition must be true or false, found \(value.kind)", node: Syntax(expression))
        }
        return result
    }

    /// A string literal, with its interpolations (`"conv\(i)"`) evaluated.
    func string(_ literal: StringLiteralExprSyntax, in scope: Scope) throws(EvaluationFailure) -> String {
        var text = ""
        for segment in literal.segments {
            if let piece = segment.as(StringSegmentSyntax.self) {
                text += Self.unescaped(piece.content.text)
            } else if let interpolation = segment.as(ExpressionSegmentSyntax.self) {
                guard interpolation.expressions.count == 1, let only = interpolation.expressions.first, only.label == nil else {
                    throw .notStatic(reason: "an interpolation with arguments", node: Syntax(interpolation))
                }
                text += try evaluate(only.expression, in: scope).interpolated
            }
            try checkSize(text.utf8.count, at: literal)
        }
        return text
    }

    private func lookup(_ reference: DeclReferenceExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let name = reference.baseName.text
        if let value = scope.lookup(name) { return value }
        if let value = try global(name) { return value }
        if let reason = unevaluableGlobals[name] {
            throw .notStatic(reason: "'\(name)' (its value: \(reason))", node: Syntax(reference))
        }
        throw .notStatic(reason: "'\(name)', which is not declared in this file", node: Syntax(reference))
    }

    private func evaluate(member: MemberAccessExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let name = member.declName.baseName.text
        guard let base = member.base else { return .symbol(name) }
        if let type = base.as(DeclReferenceExprSyntax.self)?.baseName.text, type.first?.isUppercase == true,
           scope.lookup(type) == nil {
            if let value = try global(type + "." + name) { return value }
            if let constant = Library.typeConstant(type, name) { return constant }
            throw .notStatic(reason: "'\(Self.abbreviated(member))', which is not declared in this file", node: Syntax(member))
        }
        let value = try evaluate(base, in: scope)
        return try Library.property(name, of: value, at: Syntax(member))
    }

    private func evaluate(subscript call: SubscriptCallExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let base = try evaluate(call.calledExpression, in: scope)
        guard call.arguments.count == 1, let argument = call.arguments.first else {
            throw .notStatic(reason: "a subscript with \(call.arguments.count) arguments", node: Syntax(call))
        }
        let index = try evaluate(argument.expression, in: scope)
        return try Library.subscripted(base, index, at: Syntax(call))
    }

    private func evaluate(ifExpression: IfExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let inner = Scope(parent: scope)
        if try conditionsHold(ifExpression.conditions, in: inner) {
            return try value(of: ifExpression.body.statements, in: inner)
        }
        switch ifExpression.elseBody {
        case .ifExpr(let next)?: return try evaluate(ifExpression: next, in: scope)
        case .codeBlock(let block)?: return try value(of: block.statements, in: Scope(parent: scope))
        case nil: return .void
        }
    }

    private func evaluate(switchExpression: SwitchExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        guard let (statements, inner) = try matchingCase(of: switchExpression, in: scope) else { return .void }
        return try value(of: statements, in: inner)
    }

    /// The value of a branch of an `if` or `switch` used as an expression: its one expression.
    private func value(of statements: CodeBlockItemListSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        var result = Value.void
        for statement in statements {
            if case .expr(let expression) = statement.item {
                result = try evaluate(expression, in: scope)
            } else if case .returned(let value) = try execute(statement, in: scope, collecting: nil) {
                return value
            }
        }
        return result
    }

    static func integer(_ text: String) -> Int? {
        let digits = text.replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16) }
        if digits.hasPrefix("0b") { return Int(digits.dropFirst(2), radix: 2) }
        if digits.hasPrefix("0o") { return Int(digits.dropFirst(2), radix: 8) }
        return Int(digits)
    }

    /// A string literal's text with its escapes (`\n`, `\"`, `\\`) resolved.
    static func unescaped(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "0": result.append("\0")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The expression's text on one line, cut to a readable length for messages.
    static func abbreviated(_ node: some SyntaxProtocol) -> String {
        let text = node.trimmedDescription.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
