import Foundation
import SwiftSyntax

/// Expressions: literals, names, operators, collections, member access,
/// subscripts, closures, `if`/`switch` expressions and calls.
extension Interpreter {
    func evaluate(_ expression: ExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        try enter(expression)
        defer { leave() }
        if let literal = expression.as(IntegerLiteralExprSyntax.self) {
            guard let value = Self.integer(literal.literal.text) else {
                throw .notStatic(reason: "an integer literal out of range", node: Syntax(literal))
            }
            return .int(value)
        }
        if let literal = expression.as(FloatLiteralExprSyntax.self) {
            guard let value = Double(literal.literal.text.replacingOccurrences(of: "_", with: "")) else {
                throw .notStatic(reason: "a floating-point literal modellint cannot read", node: Syntax(literal))
            }
            return .double(value)
        }
        if let literal = expression.as(BooleanLiteralExprSyntax.self) {
            return .bool(literal.literal.tokenKind == .keyword(.true))
        }
        if expression.is(NilLiteralExprSyntax.self) { return .none }
        if let literal = expression.as(StringLiteralExprSyntax.self) {
            return .string(try string(literal, in: scope))
        }
        if let array = expression.as(ArrayExprSyntax.self) {
            var values: [Value] = []
            for element in array.elements { values.append(try evaluate(element.expression, in: scope)) }
            return .array(values)
        }
        if let dictionary = expression.as(DictionaryExprSyntax.self) {
            var entries: [(key: Value, value: Value)] = []
            if case .elements(let elements) = dictionary.content {
                for element in elements {
                    entries.append((try evaluate(element.key, in: scope), try evaluate(element.value, in: scope)))
                }
            }
            return .dictionary(entries)
        }
        if let tuple = expression.as(TupleExprSyntax.self) {
            if tuple.elements.count == 1, let only = tuple.elements.first, only.label == nil {
                return try evaluate(only.expression, in: scope)
            }
            var items: [(label: String?, value: Value)] = []
            for element in tuple.elements { items.append((element.label?.text, try evaluate(element.expression, in: scope))) }
            return .tuple(items)
        }
        if let reference = expression.as(DeclReferenceExprSyntax.self) {
            return try lookup(reference, in: scope)
        }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self) {
            return try applyPrefix(prefix.operator.text, try evaluate(prefix.expression, in: scope), at: Syntax(prefix))
        }
        if let infix = expression.as(InfixOperatorExprSyntax.self) {
            return try evaluate(infix: infix, in: scope)
        }
        if let ternary = expression.as(TernaryExprSyntax.self) {
            let condition = try boolean(ternary.condition, in: scope)
            return try evaluate(condition ? ternary.thenExpression : ternary.elseExpression, in: scope)
        }
        if let cast = expression.as(AsExprSyntax.self) {
            return try converted(try evaluate(cast.expression, in: scope), to: cast.type)
        }
        if let unwrap = expression.as(ForceUnwrapExprSyntax.self) {
            let value = try evaluate(unwrap.expression, in: scope)
            if value.isNil { throw .rejected(message: "'\(Self.abbreviated(unwrap.expression))' is nil here, and '!' would stop the program", node: Syntax(unwrap)) }
            return value
        }
        if let member = expression.as(MemberAccessExprSyntax.self) {
            return try evaluate(member: member, in: scope)
        }
        if let subscriptCall = expression.as(SubscriptCallExprSyntax.self) {
            return try evaluate(subscript: subscriptCall, in: scope)
        }
        if let closure = expression.as(ClosureExprSyntax.self) {
            return .function(Function(name: Function.anonymous, body: .closure(closure), scope: scope))
        }
        if let call = expression.as(FunctionCallExprSyntax.self) {
            return try evaluate(call: call, in: scope)
        }
        if let ifExpression = expression.as(IfExprSyntax.self) {
            return try evaluate(ifExpression: ifExpression, in: scope)
        }
        if let switchExpression = expression.as(SwitchExprSyntax.self) {
            return try evaluate(switchExpression: switchExpression, in: scope)
        }
        if let sequence = expression.as(SequenceExprSyntax.self) {
            throw .notStatic(reason: "an operator modellint does not know in '\(Self.abbreviated(sequence))'", node: Syntax(sequence))
        }
        throw .notStatic(reason: "'\(Self.abbreviated(expression))'", node: Syntax(expression))
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
