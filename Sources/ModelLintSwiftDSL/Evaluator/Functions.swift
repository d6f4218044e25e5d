import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// Calls: of the file's own functions and closures (labels, defaults,
/// variadics, trailing closures, `@ModelBuilder` bodies), of DSL layers, and
/// of the few standard-library functions model code uses (`Library`).
extension Interpreter {
    func evaluate(call: FunctionCallExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let callee = call.calledExpression
        if let reference = callee.as(DeclReferenceExprSyntax.self) {
            let name = reference.baseName.text
            if let value = try variable(name, in: scope) {
                guard case .function(let function) = value else {
                    throw .rejected(message: "'\(name)' is \(value.kind), not a function", node: Syntax(callee))
                }
                return try invoke(function, call, in: scope)
            }
            if let definition = Vocabulary.definition(of: name) {
                return try layer(call, kind: name, callee: reference.baseName, definition: definition, in: scope)
            }
            let arguments = try evaluateArguments(call, in: scope)
            if let result = try Library.function(name, arguments, at: Syntax(call)) { return result }
            if fileTypes.contains(name) {
                throw .notStatic(reason: "'\(name)(...)', an instance of a type of this file (modellint evaluates functions and closures, not types)",
                                 node: Syntax(call))
            }
            if name.first?.isUppercase == true, !Library.knownTypes.contains(name) {
                throw .rejected(message: "unknown layer '\(name)'" + LayerCalls.suggestion(for: name)
                                + " (see the DSL's layers: \(Vocabulary.layerNames.joined(separator: ", ")))", node: Syntax(reference.baseName))
            }
            throw .notStatic(reason: "the call '\(name)(...)', which is not declared in this file", node: Syntax(call))
        }
        if let member = callee.as(MemberAccessExprSyntax.self) {
            let name = member.declName.baseName.text
            guard let base = member.base else {
                // `.step(gamma: 0.1, every: 10)`: an enum case with arguments.
                var arguments: [String: Value] = [:]
                for argument in call.arguments {
                    guard let label = argument.label?.text else {
                        throw .notStatic(reason: "an unlabeled argument of '.\(name)'", node: Syntax(argument))
                    }
                    arguments[label] = try evaluate(argument.expression, in: scope)
                }
                return .enumCall(name, arguments)
            }
            if let type = base.as(DeclReferenceExprSyntax.self)?.baseName.text, type.first?.isUppercase == true, scope.lookup(type) == nil {
                if type == "ModelLintDSL", let definition = Vocabulary.definition(of: name) {
                    return try layer(call, kind: name, callee: member.declName.baseName, definition: definition, in: scope)
                }
                if case .function(let function)? = try global(type + "." + name) {
                    return try invoke(function, call, in: scope)
                }
                throw .notStatic(reason: Library.staticCallReason(type, name), node: Syntax(call))
            }
            // `dictionary.keys.sorted()`: the keys in an order Swift fixes, unlike `keys` alone.
            if name == "sorted", call.arguments.isEmpty, call.trailingClosure == nil,
               let keys = base.as(MemberAccessExprSyntax.self), keys.declName.baseName.text == "keys", let dictionary = keys.base,
               case .dictionary(let entries) = try evaluate(dictionary, in: scope) {
                return .array(try Library.sorted(entries.map(\.key), at: Syntax(call)))
            }
            let receiver = try evaluate(base, in: scope)
            let arguments = try evaluateArguments(call, in: scope)
            let result = try Library.method(name, of: receiver, arguments, at: Syntax(call)) { (function, values) throws(EvaluationFailure) in
                try self.invoke(function, values, at: call)
            }
            if let mutated = result.mutated { try assign(base, mutated, in: scope) }
            return result.value
        }
        let value = try evaluate(callee, in: scope)
        guard case .function(let function) = value else {
            throw .notStatic(reason: "a call of '\(Self.abbreviated(callee))'", node: Syntax(call))
        }
        return try invoke(function, call, in: scope)
    }

    /// The arguments written in a call, trailing closures last, with their labels.
    func evaluateArguments(_ call: FunctionCallExprSyntax, in scope: Scope) throws(EvaluationFailure) -> [(label: String?, value: Value)] {
        var arguments: [(label: String?, value: Value)] = []
        for argument in call.arguments { arguments.append((argument.label?.text, try evaluate(argument.expression, in: scope))) }
        if let closure = call.trailingClosure { arguments.append((nil, .function(Function(name: Function.anonymous, body: .closure(closure), scope: scope)))) }
        for extra in call.additionalTrailingClosures {
            arguments.append((extra.label.text, .function(Function(name: Function.anonymous, body: .closure(extra.closure), scope: scope))))
        }
        return arguments
    }

    /// A call of a function or closure of the file, at `call`.
    private func invoke(_ function: Function, _ call: FunctionCallExprSyntax, in scope: Scope) throws(EvaluationFailure) -> Value {
        let arguments = try evaluateArguments(call, in: scope)
        return try invoke(function, arguments, at: call)
    }

    func invoke(_ function: Function, _ arguments: [(label: String?, value: Value)], at call: FunctionCallExprSyntax) throws(EvaluationFailure) -> Value {
        try enterCall(call, name: function.name)
        defer { leaveCall() }
        let frame = Scope(parent: function.scope)
        switch function.body {
        case .declaration(let declaration): try bindParameters(of: declaration, arguments, in: frame, at: call)
        case .closure(let closure): try bindParameters(of: closure, arguments, in: frame, at: call)
        }
        // A named function or closure is a helper, and says so in the chain; an anonymous closure (`map { ... }`) does not.
        let isHelper = function.name != Function.anonymous
        // Layers made inside say which call made them: the helper's call site.
        if isHelper {
            expansion.append(RelatedLocation(location: place(Syntax(call.calledExpression)), message: "in this call of '\(function.name)'"))
        }
        defer { if isHelper { expansion.removeLast() } }
        switch function.body {
        case .declaration(let declaration):
            guard let body = declaration.body else {
                throw .notStatic(reason: "'\(function.name)', which has no body", node: Syntax(call))
            }
            let isBuilder = declaration.attributes.contains { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription.hasSuffix("ModelBuilder") == true }
            let result = try run(body.statements, builder: isBuilder, in: frame)
            return try converted(result, to: declaration.signature.returnClause?.type)
        case .closure(let closure):
            let hasReturn = closure.statements.contains { $0.item.as(StmtSyntax.self)?.is(ReturnStmtSyntax.self) == true }
            // A closure of several statements without `return` is a builder body (as `Model`'s own is).
            return try run(closure.statements, builder: closure.statements.count > 1 && !hasReturn, in: frame)
        }
    }

    /// Runs a body: as a result builder (its layers), a single expression (its value), or statements up to `return`.
    private func run(_ statements: CodeBlockItemListSyntax, builder: Bool, in frame: Scope) throws(EvaluationFailure) -> Value {
        if builder {
            let list = LayerList()
            _ = try execute(statements, in: frame, collecting: list)
            return .array(list.layers.map(Value.layer))
        }
        if statements.count == 1, let only = statements.first, case .expr(let expression) = only.item {
            return try evaluate(expression, in: frame)    // an implicit return, or an `if`/`switch` that returns
        }
        if case .returned(let value) = try execute(statements, in: frame, collecting: nil) { return value }
        return .void
    }

    private func bindParameters(of declaration: FunctionDeclSyntax, _ arguments: [(label: String?, value: Value)],
                                in frame: Scope, at call: FunctionCallExprSyntax) throws(EvaluationFailure) {
        var remaining = arguments[...]
        for parameter in declaration.signature.parameterClause.parameters {
            let label: String? = parameter.firstName.tokenKind == .wildcard ? nil : parameter.firstName.text
            let local = (parameter.secondName ?? parameter.firstName).text
            var value: Value
            if parameter.ellipsis != nil {
                var items: [Value] = []
                if let first = remaining.first, first.label == label {
                    items.append(first.value)
                    remaining = remaining.dropFirst()
                    while let next = remaining.first, next.label == nil {
                        items.append(next.value)
                        remaining = remaining.dropFirst()
                    }
                }
                value = .array(items)
            } else if let first = remaining.first, first.label == label {
                value = first.value
                remaining = remaining.dropFirst()
            } else if let first = remaining.first, first.label == nil, case .function = first.value, label != nil,
                      parameter.defaultValue == nil {
                // A trailing closure for a labelled function parameter.
                value = first.value
                remaining = remaining.dropFirst()
            } else if let defaultValue = parameter.defaultValue?.value {
                value = try evaluate(defaultValue, in: frame)
            } else {
                throw .rejected(message: "missing argument '\(label.map { $0 + ":" } ?? local)' in the call of '\(declaration.name.text)'",
                                node: Syntax(call))
            }
            value = try converted(value, to: parameter.type)
            frame.declare(local, value)
        }
        if let extra = remaining.first {
            throw .rejected(message: "'\(declaration.name.text)' has no parameter for the argument \(extra.label.map { "'\($0):'" } ?? extra.value.description())",
                            node: Syntax(call))
        }
    }

    private func bindParameters(of closure: ClosureExprSyntax, _ arguments: [(label: String?, value: Value)],
                                in frame: Scope, at call: FunctionCallExprSyntax) throws(EvaluationFailure) {
        var names: [(String, TypeSyntax?)] = []
        switch closure.signature?.parameterClause {
        case .simpleInput(let shorthand)?:
            names = shorthand.map { ($0.name.text, nil) }
        case .parameterClause(let clause)?:
            names = clause.parameters.map { (($0.secondName ?? $0.firstName).text, $0.type) }
        case nil:
            names = arguments.indices.map { ("$\($0)", nil) }
        }
        guard names.count == arguments.count else {
            throw .rejected(message: "the closure takes \(names.count) arguments, called with \(arguments.count)", node: Syntax(call))
        }
        for ((name, type), argument) in zip(names, arguments) {
            frame.declare(name, try converted(argument.value, to: type))
        }
    }
}
