import Foundation
import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// Evaluates the expressions a DSL model is written with, without running
/// anything: literals, `let` constants already evaluated, `-x`, `+ - * /` on
/// numbers, parentheses, arrays, `lo...hi`, `.case` and `.case(label: value)`.
/// Anything else is not a value modellint can know statically.
struct StaticEvaluator {
    /// What could not be evaluated, and where.
    struct NotStatic: Error {
        var reason: String
        var node: Syntax
    }

    var constants: [String: DSLValue] = [:]

    func evaluate(_ expression: ExprSyntax) throws(NotStatic) -> DSLValue {
        if let literal = expression.as(IntegerLiteralExprSyntax.self) {
            guard let value = Self.integer(literal.literal.text) else { throw NotStatic(reason: "an integer literal out of range", node: Syntax(literal)) }
            return .int(value)
        }
        if let literal = expression.as(FloatLiteralExprSyntax.self) {
            guard let value = Double(literal.literal.text.replacingOccurrences(of: "_", with: "")) else {
                throw NotStatic(reason: "a floating-point literal modellint cannot read", node: Syntax(literal))
            }
            return .double(value)
        }
        if let literal = expression.as(BooleanLiteralExprSyntax.self) {
            return .bool(literal.literal.tokenKind == .keyword(.true))
        }
        if let literal = expression.as(StringLiteralExprSyntax.self) {
            var text = ""
            for segment in literal.segments {
                guard let piece = segment.as(StringSegmentSyntax.self) else {
                    throw NotStatic(reason: "string interpolation", node: Syntax(segment))
                }
                text += piece.content.text
            }
            return .string(text)
        }
        if let array = expression.as(ArrayExprSyntax.self) {
            var values: [DSLValue] = []
            for element in array.elements { values.append(try evaluate(element.expression)) }
            return .list(values)
        }
        if let tuple = expression.as(TupleExprSyntax.self), tuple.elements.count == 1, let only = tuple.elements.first,
           only.label == nil {
            return try evaluate(only.expression)
        }
        if let prefix = expression.as(PrefixOperatorExprSyntax.self), prefix.operator.text == "-" {
            switch try evaluate(prefix.expression) {
            case .int(let value):
                // -(Int.min) does not fit (`-(-9223372036854775807 - 1)`).
                guard let negated = Checked.negate(value) else {
                    throw NotStatic(reason: "integer arithmetic that overflows or divides by zero", node: Syntax(prefix))
                }
                return .int(negated)
            case .double(let value): return .double(-value)
            default: throw NotStatic(reason: "'-' of something that is not a number", node: Syntax(prefix))
            }
        }
        if let reference = expression.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            if let value = constants[name] { return value }
            throw NotStatic(reason: "'\(name)' is not a constant modellint can evaluate", node: Syntax(reference))
        }
        if let member = expression.as(MemberAccessExprSyntax.self) {
            if member.base == nil { return .symbol(member.declName.baseName.text) }
            if let base = member.base?.as(DeclReferenceExprSyntax.self), ["Double", "Float"].contains(base.baseName.text) {
                switch member.declName.baseName.text {
                case "infinity": return .double(.infinity)
                case "greatestFiniteMagnitude": return .double(base.baseName.text == "Float" ? Double(Float.greatestFiniteMagnitude) : .greatestFiniteMagnitude)
                default: break
                }
            }
            throw NotStatic(reason: "'\(member.trimmedDescription)' is not a value modellint can evaluate", node: Syntax(member))
        }
        if let call = expression.as(FunctionCallExprSyntax.self), let member = call.calledExpression.as(MemberAccessExprSyntax.self),
           member.base == nil {
            var arguments: [String: DSLValue] = [:]
            for argument in call.arguments {
                guard let label = argument.label?.text else {
                    throw NotStatic(reason: "an unlabeled argument of '.\(member.declName.baseName.text)'", node: Syntax(argument))
                }
                arguments[label] = try evaluate(argument.expression)
            }
            return .call(member.declName.baseName.text, arguments)
        }
        if let sequence = expression.as(SequenceExprSyntax.self) {
            return try evaluate(sequence: Array(sequence.elements), whole: Syntax(sequence))
        }
        if let infix = expression.as(InfixOperatorExprSyntax.self),
           let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text {
            return try apply(op, try evaluate(infix.leftOperand), try evaluate(infix.rightOperand), at: Syntax(infix))
        }
        throw NotStatic(reason: "'\(Self.abbreviated(expression))' is computed, not a literal or a constant", node: Syntax(expression))
    }

    /// `a op b op c ...` as the parser leaves it (unfolded): `...` binds
    /// loosest, then `+ -`, then `* /`, each left to right.
    private func evaluate(sequence elements: [ExprSyntax], whole: Syntax) throws(NotStatic) -> DSLValue {
        for precedence in [["..."], ["+", "-"], ["*", "/"]] {
            // The last operator of the loosest level splits the sequence (left associativity).
            if let index = elements.indices.reversed().first(where: { index in
                index % 2 == 1 && elements[index].as(BinaryOperatorExprSyntax.self).map { precedence.contains($0.operator.text) } == true
            }) {
                let op = elements[index].as(BinaryOperatorExprSyntax.self)!.operator.text
                let left = try evaluate(sequence: Array(elements[..<index]), whole: whole)
                let right = try evaluate(sequence: Array(elements[(index + 1)...]), whole: whole)
                return try apply(op, left, right, at: whole)
            }
        }
        guard elements.count == 1 else {
            throw NotStatic(reason: "an operator modellint cannot evaluate in '\(whole.trimmedDescription)'", node: whole)
        }
        return try evaluate(elements[0])
    }

    private func apply(_ op: String, _ left: DSLValue, _ right: DSLValue, at node: Syntax) throws(NotStatic) -> DSLValue {
        if op == "..." {
            guard let lo = left.number, let hi = right.number, lo <= hi else {
                throw NotStatic(reason: "a range whose bounds are not numbers with lower <= upper", node: node)
            }
            return .range(lo...hi)
        }
        if case .int(let a) = left, case .int(let b) = right {
            let result: (Int, Bool)? = switch op {
            case "+": a.addingReportingOverflow(b)
            case "-": a.subtractingReportingOverflow(b)
            case "*": a.multipliedReportingOverflow(by: b)
            case "/": b == 0 ? nil : a.dividedReportingOverflow(by: b)
            default: nil
            }
            guard let (value, overflow) = result, !overflow else {
                throw NotStatic(reason: "integer arithmetic that overflows or divides by zero", node: node)
            }
            return .int(value)
        }
        guard let a = left.number, let b = right.number else {
            throw NotStatic(reason: "'\(op)' of something that is not a number", node: node)
        }
        switch op {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "/": return .double(a / b)
        default: throw NotStatic(reason: "the operator '\(op)'", node: node)
        }
    }

    static func integer(_ text: String) -> Int? {
        let digits = text.replacingOccurrences(of: "_", with: "")
        if digits.hasPrefix("0x") { return Int(digits.dropFirst(2), radix: 16) }
        if digits.hasPrefix("0b") { return Int(digits.dropFirst(2), radix: 2) }
        if digits.hasPrefix("0o") { return Int(digits.dropFirst(2), radix: 8) }
        return Int(digits)
    }

    /// The expression's text on one line, cut to a readable length for messages.
    static func abbreviated(_ node: some SyntaxProtocol) -> String {
        let text = node.trimmedDescription.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
