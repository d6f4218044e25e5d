import SwiftSyntax

/// Operators, after swift-syntax's `OperatorTable` has folded a sequence by
/// Swift's precedences: arithmetic (with Swift's overflow checks), `==` and
/// friends, `&&`/`||`/`??` short-circuit, ranges, `+` of strings and
/// arrays, and assignment (`=`, `+=`, ...) to variables and their elements.
extension Interpreter {
    func evaluate(infix: InfixOperatorExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        if infix.operator.is(AssignmentExprSyntax.self) {
            try assign(infix.leftOperand, try evaluate(infix.rightOperand, in: scope), in: scope)
            return .void
        }
        guard let op = infix.operator.as(BinaryOperatorExprSyntax.self)?.operator.text else {
            throw .notStatic(reason: "the operator in '\(Self.abbreviated(infix))'", node: Syntax(infix))
        }
        switch op {
        case "&&":
            return .bool(try boolean(infix.leftOperand, in: scope) ? try boolean(infix.rightOperand, in: scope) : false)
        case "||":
            return .bool(try boolean(infix.leftOperand, in: scope) ? true : try boolean(infix.rightOperand, in: scope))
        case "??":
            let left = try evaluate(infix.leftOperand, in: scope)
            return left.isNil ? try evaluate(infix.rightOperand, in: scope) : left
        case "+=", "-=", "*=", "/=", "%=":
            let current = try evaluate(infix.leftOperand, in: scope)
            let result = try apply(String(op.dropLast()), current, try evaluate(infix.rightOperand, in: scope), at: Syntax(infix))
            try assign(infix.leftOperand, result, in: scope)
            return .void
        default:
            return try apply(op, try evaluate(infix.leftOperand, in: scope), try evaluate(infix.rightOperand, in: scope), at: Syntax(infix))
        }
    }

    func applyPrefix(_ op: String, _ value: Value, at node: Syntax) throws(EvaluationFailure) -> Value {
        switch (op, value) {
        case ("-", .int(let int)):
            guard int != .min else { throw .rejected(message: "integer arithmetic that overflows", node: node) }
            return .int(-int)
        case ("-", .double(let double)): return .double(-double)
        case ("+", .int), ("+", .double): return value
        case ("!", .bool(let bool)): return .bool(!bool)
        default: throw .notStatic(reason: "'\(op)' of \(value.kind)", node: node)
        }
    }

    func apply(_ op: String, _ left: Value, _ right: Value, at node: Syntax) throws(EvaluationFailure) -> Value {
        switch op {
        case "...", "..<":
            return .range(lower: left, upper: right, closed: op == "...")
        case "==", "!=":
            guard let same = Value.equal(left, right) else {
                throw .notStatic(reason: "'\(op)' of \(left.kind) and \(right.kind)", node: node)
            }
            return .bool(op == "==" ? same : !same)
        case "<", "<=", ">", ">=":
            let order: Int
            if case .string(let a) = left, case .string(let b) = right {
                order = a < b ? -1 : a == b ? 0 : 1
            } else if case .int(let a) = left, case .int(let b) = right {
                order = a < b ? -1 : a == b ? 0 : 1
            } else if let a = left.number, let b = right.number {
                order = a < b ? -1 : a == b ? 0 : 1
            } else {
                throw .notStatic(reason: "'\(op)' of \(left.kind) and \(right.kind)", node: node)
            }
            switch op {
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        default: break
        }
        switch (left, right) {
        case (.int(let a), .int(let b)):
            let result: (partialValue: Int, overflow: Bool)? = switch op {
            case "+": a.addingReportingOverflow(b)
            case "-": a.subtractingReportingOverflow(b)
            case "*": a.multipliedReportingOverflow(by: b)
            case "/": b == 0 ? nil : a.dividedReportingOverflow(by: b)
            case "%": b == 0 ? nil : a.remainderReportingOverflow(dividingBy: b)
            // Swift's shifts are "smart": an oversized or negative shift never traps.
            case "<<": (a << b, false)
            case ">>": (a >> b, false)
            case "&": (a & b, false)
            case "|": (a | b, false)
            case "^": (a ^ b, false)
            default: nil
            }
            guard let result else {
                if op == "/" || op == "%" { throw .rejected(message: "integer division by zero, which stops the program", node: node) }
                throw .notStatic(reason: "the operator '\(op)' on integers", node: node)
            }
            guard !result.overflow else { throw .rejected(message: "integer arithmetic that overflows, which stops the program", node: node) }
            return .int(result.partialValue)
        case (.string(let a), .string(let b)) where op == "+":
            try checkSize(a.utf8.count + b.utf8.count, at: node)
            return .string(a + b)
        case (.array(let a), .array(let b)) where op == "+":
            try checkSize(a.count + b.count, at: node)
            return .array(a + b)
        default:
            break
        }
        guard let a = left.number, let b = right.number else {
            throw .notStatic(reason: "'\(op)' of \(left.kind) and \(right.kind)", node: node)
        }
        switch op {
        case "+": return .double(a + b)
        case "-": return .double(a - b)
        case "*": return .double(a * b)
        case "/": return .double(a / b)
        default: throw .notStatic(reason: "the operator '\(op)' on numbers", node: node)
        }
    }

    /// `name = value`, `name[index] = value`, `name.0 = value`.
    func assign(_ target: ExprSyntax, _ value: Value, in scope: Scope) throws(EvaluationFailure) {
        if target.is(DiscardAssignmentExprSyntax.self) { return }
        if let reference = target.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            guard scope.assign(name, value) else {
                throw .notStatic(reason: "an assignment to '\(name)', which is not a variable of this file", node: Syntax(target))
            }
            return
        }
        if let element = target.as(SubscriptCallExprSyntax.self), element.arguments.count == 1, let argument = element.arguments.first {
            let container = try evaluate(element.calledExpression, in: scope)
            let index = try evaluate(argument.expression, in: scope)
            try assign(element.calledExpression, try Library.replacing(in: container, at: index, with: value, node: Syntax(element)), in: scope)
            return
        }
        throw .notStatic(reason: "an assignment to '\(Self.abbreviated(target))'", node: Syntax(target))
    }
}
