import ModelLintDSL
import SwiftSyntax

/// Matches the arguments of a call written in source against a DSL
/// signature, as the Swift compiler would: labels in order, required ones
/// present, each value of its parameter's type. A mismatch is an error the
/// compiler would also report, so the file is not a model as written.
struct CallMatcher {
    struct Mismatch: Error {
        var message: String
        var node: Syntax
    }

    enum Failure: Error {
        case mismatch(Mismatch)
        /// An argument whose value the static evaluator cannot know.
        case unevaluable(EvaluationFailure)
    }

    struct Matched {
        var values: [String: DSLValue] = [:]
        /// Where each argument is written: its label, or its value when unlabeled.
        var positions: [String: AbsolutePosition] = [:]
    }

    /// Evaluates one argument's expression.
    let evaluate: (ExprSyntax) throws(EvaluationFailure) -> Value

    func match(_ call: FunctionCallExprSyntax, _ signature: DSLSignature) throws(Failure) -> Matched {
        var matched = Matched()
        var parameters = signature.parameters[...]
        for argument in call.arguments {
            let label = argument.label?.text
            // Parameters are taken in order; optional ones may be skipped.
            guard let index = parameters.firstIndex(where: { $0.label == label }) else {
                let known = signature.parameters.contains { $0.label == label }
                let message = known ? "argument '\(label ?? "_")' is out of order in \(signature.name)(...) (expected \(signature.spelling))"
                    : label.map { "\(signature.name) has no argument '\($0)' (expected \(signature.spelling))" }
                    ?? "\(signature.name) takes no further unlabeled argument (expected \(signature.spelling))"
                throw .mismatch(Mismatch(message: message, node: Syntax(argument)))
            }
            if let skipped = parameters[..<index].first(where: { $0.isRequired && matched.values[$0.key] == nil }) {
                throw .mismatch(Mismatch(message: "missing argument \(Self.describe(skipped)) in \(signature.name)(...) (expected \(signature.spelling))",
                                         node: Syntax(argument)))
            }
            parameters = parameters[index...]
            let parameter = parameters.first!
            let evaluated: Value
            do {
                evaluated = try evaluate(argument.expression)
            } catch {
                throw .unevaluable(error)
            }
            if evaluated.isNil, !parameter.isRequired, parameter.type != .names {
                // `nil` for an optional argument is the same as leaving it out.
                parameters = parameters.dropFirst()
                continue
            }
            guard let value = evaluated.dslValue else {
                throw .mismatch(Mismatch(message: "\(signature.name)'s \(Self.describe(parameter)) cannot take \(evaluated.kind) (\(evaluated.description()))",
                                         node: Syntax(argument.expression)))
            }
            let typed = try Self.typed(value, as: parameter, in: signature, at: Syntax(argument.expression))
            if parameter.type == .names {
                // Variadic: later unlabeled arguments are more names.
                if case .list(let earlier) = matched.values[parameter.key], case .list(let more) = typed {
                    matched.values[parameter.key] = .list(earlier + more)
                } else {
                    matched.values[parameter.key] = typed
                    matched.positions[parameter.key] = argument.positionAfterSkippingLeadingTrivia
                }
            } else {
                matched.values[parameter.key] = typed
                matched.positions[parameter.key] = argument.positionAfterSkippingLeadingTrivia
                parameters = parameters.dropFirst()
            }
        }
        if let missing = parameters.first(where: { $0.isRequired && matched.values[$0.key] == nil }) {
            throw .mismatch(Mismatch(message: "missing argument \(Self.describe(missing)) in \(signature.name)(...) (expected \(signature.spelling))",
                                     node: Syntax(call)))
        }
        return matched
    }

    private static func describe(_ parameter: DSLSignature.Parameter) -> String {
        parameter.label.map { "'\($0):'" } ?? "'\(parameter.key)'"
    }

    /// `value` as the parameter's type wants it, the way Swift converts
    /// literals: an integer literal is a fine `Double`.
    static func typed(_ value: DSLValue, as parameter: DSLSignature.Parameter, in signature: DSLSignature,
                      at node: Syntax) throws(Failure) -> DSLValue {
        func wrong(_ expected: String) -> Failure {
            .mismatch(Mismatch(message: "\(signature.name)'s \(describe(parameter)) expects \(expected), found \(value)", node: node))
        }
        switch (parameter.type, value) {
        case (.string, .string), (.int, .int), (.double, .double), (.bool, .bool), (.range, .range):
            return value
        case (.double, .int(let integer)):
            return .double(Double(integer))
        case (.ints, .list(let items)):
            guard items.allSatisfy({ if case .int = $0 { true } else { false } }) else { throw wrong("an array of integers") }
            return value
        case (.names, .string):
            return .list([value])
        case (.symbol(let cases), .symbol(let name)):
            guard cases.contains(name) else { throw wrong("one of " + cases.map { "." + $0 }.joined(separator: ", ")) }
            return value
        case (.schedule, .symbol(let name)) where Schedule.plainCases.contains(name):
            return value
        case (.schedule, .call(let name, let arguments)):
            guard let schedule = Schedule.signatures[name] else { throw wrong("a schedule (\(scheduleNames))") }
            var typedArguments: [String: DSLValue] = [:]
            for (label, argument) in arguments {
                guard let inner = schedule.parameters.first(where: { $0.label == label }) else {
                    throw .mismatch(Mismatch(message: ".\(name) has no argument '\(label)' (expected \(schedule.spelling))", node: node))
                }
                typedArguments[label] = try typed(argument, as: inner, in: schedule, at: node)
            }
            if let missing = schedule.parameters.first(where: { $0.isRequired && typedArguments[$0.key] == nil }) {
                throw .mismatch(Mismatch(message: "missing argument \(describe(missing)) in .\(name)(...) (expected \(schedule.spelling))", node: node))
            }
            return .call(name, typedArguments)
        case (.string, _), (.names, _): throw wrong("a string")
        case (.int, _): throw wrong("an integer")
        case (.double, _): throw wrong("a number")
        case (.bool, _): throw wrong("true or false")
        case (.ints, _): throw wrong("an array of integers")
        case (.range, _): throw wrong("a range lo...hi")
        case (.symbol(let cases), _): throw wrong("one of " + cases.map { "." + $0 }.joined(separator: ", "))
        case (.schedule, _): throw wrong("a schedule (\(scheduleNames))")
        }
    }

    private static var scheduleNames: String {
        (Schedule.plainCases.map { "." + $0 } + Schedule.signatures.values.map { "." + $0.spelling }).sorted().joined(separator: ", ")
    }
}
