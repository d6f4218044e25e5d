import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// The layers a result-builder body declares, in order, and the cuts where
/// a statement of it could not be evaluated.
final class LayerList {
    var layers: [Layer] = []
}

/// Statements: declarations, `for`/`while` loops, `if`/`guard`/`switch`,
/// `return`/`break`/`continue`. A body is run either as a result builder
/// (`collecting` a `LayerList`: each expression that is a layer or an array
/// of layers is declared) or as ordinary code (`collecting` nil).
extension Interpreter {
    func execute(_ statements: CodeBlockItemListSyntax, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        for statement in statements {
            let completion: Completion
            if let list {
                // In a builder, a statement that cannot be evaluated is noted and cuts the graph; the rest is read.
                do {
                    completion = try execute(statement, in: scope, collecting: list)
                } catch {
                    if case .limit = error { throw error }
                    record(error, statement: statement)
                    list.layers.append(.cut(at: place(error.node)))
                    continue
                }
            } else {
                completion = try execute(statement, in: scope, collecting: nil)
            }
            if case .normal = completion { continue }
            return completion
        }
        return .normal
    }

    func execute(_ statement: CodeBlockItemSyntax, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        try enter(statement)
        defer { leave() }
        switch statement.item {
        case .decl(let declaration):
            try declare(declaration, in: scope)
            return .normal
        case .expr(let expression):
            return try execute(expression: expression, in: scope, collecting: list)
        case .stmt(let statement):
            return try execute(statement: statement, label: nil, in: scope, collecting: list)
        }
    }

    private func execute(expression: ExprSyntax, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        if let ifExpression = expression.as(IfExprSyntax.self) {
            return try execute(if: ifExpression, in: scope, collecting: list)
        }
        if let switchExpression = expression.as(SwitchExprSyntax.self) {
            guard let (statements, inner) = try matchingCase(of: switchExpression, in: scope) else { return .normal }
            let completion = try execute(statements, in: inner, collecting: list)
            if case .breakLoop(nil) = completion { return .normal }    // `break` leaves the switch
            return completion
        }
        let value = try evaluate(expression, in: scope)
        if let list, let layers = value.layers {
            list.layers += layers
        }
        return .normal
    }

    private func execute(statement: StmtSyntax, label: String?, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        if let labeled = statement.as(LabeledStmtSyntax.self) {
            return try execute(statement: labeled.statement, label: labeled.label.text, in: scope, collecting: list)
        }
        if let expression = statement.as(ExpressionStmtSyntax.self) {
            return try execute(expression: expression.expression, in: scope, collecting: list)
        }
        if let loop = statement.as(ForStmtSyntax.self) {
            return try execute(for: loop, label: label, in: scope, collecting: list)
        }
        if let loop = statement.as(WhileStmtSyntax.self) {
            while true {
                let inner = Scope(parent: scope)
                guard try conditionsHold(loop.conditions, in: inner) else { return .normal }
                switch try execute(loop.body.statements, in: inner, collecting: list) {
                case .breakLoop(let target) where target == nil || target == label: return .normal
                case .continueLoop(let target) where target == nil || target == label: continue
                case .normal: continue
                case let other: return other
                }
            }
        }
        if let guardStatement = statement.as(GuardStmtSyntax.self) {
            if try conditionsHold(guardStatement.conditions, in: scope) { return .normal }
            return try execute(guardStatement.body.statements, in: Scope(parent: scope), collecting: list)
        }
        if let returnStatement = statement.as(ReturnStmtSyntax.self) {
            return .returned(try returnStatement.expression.map { (expression) throws(EvaluationFailure) in try evaluate(expression, in: scope) } ?? .void)
        }
        if let breakStatement = statement.as(BreakStmtSyntax.self) {
            return .breakLoop(label: breakStatement.label?.text)
        }
        if let continueStatement = statement.as(ContinueStmtSyntax.self) {
            return .continueLoop(label: continueStatement.label?.text)
        }
        if let doStatement = statement.as(DoStmtSyntax.self), doStatement.catchClauses.isEmpty {
            return try execute(doStatement.body.statements, in: Scope(parent: scope), collecting: list)
        }
        throw .notStatic(reason: "the statement '\(Self.abbreviated(statement))'", node: Syntax(statement))
    }

    /// `let`/`var` (with a name, a tuple of names or `_`) and local functions.
    func declare(_ declaration: DeclSyntax, in scope: Scope) throws(EvaluationFailure) {
        if let function = declaration.as(FunctionDeclSyntax.self) {
            scope.declare(function.name.text, .function(Function(name: function.name.text, body: .declaration(function), scope: scope)))
            return
        }
        guard let variable = declaration.as(VariableDeclSyntax.self) else { return }    // a type declared in a body makes no layer
        for binding in variable.bindings {
            guard let initializer = binding.initializer?.value else {
                if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text { scope.declare(name, .none) }
                continue
            }
            let value = try converted(try evaluate(initializer, in: scope), to: binding.typeAnnotation?.type)
            try bind(binding.pattern, to: value, in: scope)
        }
    }

    /// Declares the names of `pattern` (`x`, `(a, b)`, `_`, `let x`) with the parts of `value`.
    func bind(_ pattern: PatternSyntax, to value: Value, in scope: Scope) throws(EvaluationFailure) {
        if let identifier = pattern.as(IdentifierPatternSyntax.self) {
            if case .function(let function) = value, function.name == Function.anonymous { function.name = identifier.identifier.text }
            scope.declare(identifier.identifier.text, value)
        } else if pattern.is(WildcardPatternSyntax.self) {
            return
        } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
            try bind(binding.pattern, to: value, in: scope)
        } else if let tuple = pattern.as(TuplePatternSyntax.self), case .tuple(let items) = value, items.count == tuple.elements.count {
            for (element, item) in zip(tuple.elements, items) { try bind(element.pattern, to: item.value, in: scope) }
        } else {
            throw .notStatic(reason: "the pattern '\(Self.abbreviated(pattern))' for \(value.kind)", node: Syntax(pattern))
        }
    }

    private func execute(for loop: ForStmtSyntax, label: String?, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        guard loop.caseKeyword == nil, loop.awaitKeyword == nil, loop.tryKeyword == nil else {
            throw .notStatic(reason: "a 'for case', 'for try' or 'for await' loop", node: Syntax(loop))
        }
        let sequence = try evaluate(loop.sequence, in: scope)
        let where_ = place(Syntax(loop.forKeyword))
        // An integer range is walked without making its array (`0..<1_000_000` costs only its iterations).
        let count: Int
        var elements: [Value] = []
        var first = 0
        if case .range(.int(let lower), .int(let upper), let closed) = sequence {
            first = lower
            count = try Library.iterations(lower, upper, closed: closed, at: Syntax(loop.sequence))
        } else {
            elements = try Library.elements(of: sequence, at: Syntax(loop.sequence), limit: EvaluationLimits.maximumCollection)
            count = elements.count
        }
        for index in 0..<count {
            let element = elements.isEmpty ? Value.int(first + index) : elements[index]
            let inner = Scope(parent: scope)
            try bind(loop.pattern, to: element, in: inner)
            if let condition = loop.whereClause?.condition, !(try boolean(condition, in: inner)) { continue }
            expansion.append(RelatedLocation(location: where_, message: "in the iteration \(Self.iteration(loop.pattern, element)) of this loop"))
            defer { expansion.removeLast() }
            switch try execute(loop.body.statements, in: inner, collecting: list) {
            case .breakLoop(let target) where target == nil || target == label: return .normal
            case .continueLoop(let target) where target == nil || target == label: continue
            case .normal: continue
            case let other: return other
            }
        }
        return .normal
    }

    /// `i = 2`, `(stage, depth) = (1, 4)`: the loop variables of one iteration.
    static func iteration(_ pattern: PatternSyntax, _ value: Value) -> String {
        let text = value.description()
        let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
        return "\(pattern.trimmedDescription) = \(shown)"
    }

    private func execute(if statement: IfExprSyntax, in scope: Scope, collecting list: LayerList?) throws(EvaluationFailure) -> Completion {
        let inner = Scope(parent: scope)
        if try conditionsHold(statement.conditions, in: inner) {
            return try execute(statement.body.statements, in: inner, collecting: list)
        }
        switch statement.elseBody {
        case .ifExpr(let next)?: return try execute(if: next, in: scope, collecting: list)
        case .codeBlock(let block)?: return try execute(block.statements, in: Scope(parent: scope), collecting: list)
        case nil: return .normal
        }
    }

    /// Evaluates `a, let b = c, d` left to right, declaring bindings in `scope`.
    func conditionsHold(_ conditions: ConditionElementListSyntax, in scope: Scope) throws(EvaluationFailure) -> Bool {
        for element in conditions {
            switch element.condition {
            case .expression(let expression):
                if !(try boolean(expression, in: scope)) { return false }
            case .optionalBinding(let binding):
                let value: Value
                if let initializer = binding.initializer {
                    value = try evaluate(initializer.value, in: scope)
                } else if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
                          let known = try variable(name, in: scope) {
                    value = known
                } else {
                    throw .notStatic(reason: "the condition '\(Self.abbreviated(binding))'", node: Syntax(binding))
                }
                if value.isNil { return false }
                try bind(binding.pattern, to: value, in: scope)
            default:
                throw .notStatic(reason: "the condition '\(Self.abbreviated(element))'", node: Syntax(element))
            }
        }
        return true
    }

    /// The statements of the first case of `switch` whose pattern matches, with the case's bindings.
    func matchingCase(of statement: SwitchExprSyntax, in scope: Scope) throws(EvaluationFailure) -> (CodeBlockItemListSyntax, Scope)? {
        let subject = try evaluate(statement.subject, in: scope)
        for member in statement.cases {
            guard let switchCase = member.as(SwitchCaseSyntax.self) else {
                throw .notStatic(reason: "a '#if' inside a switch", node: Syntax(member))
            }
            let inner = Scope(parent: scope)
            switch switchCase.label {
            case .default:
                return (switchCase.statements, inner)
            case .case(let label):
                for item in label.caseItems where try matches(item.pattern, subject, in: inner) {
                    if let condition = item.whereClause?.condition, !(try boolean(condition, in: inner)) { continue }
                    return (switchCase.statements, inner)
                }
            }
        }
        return nil
    }

    private func matches(_ pattern: PatternSyntax, _ subject: Value, in scope: Scope) throws(EvaluationFailure) -> Bool {
        if pattern.is(WildcardPatternSyntax.self) { return true }
        if pattern.is(ValueBindingPatternSyntax.self) {
            try bind(pattern, to: subject, in: scope)
            return true
        }
        guard let expression = pattern.as(ExpressionPatternSyntax.self)?.expression else {
            throw .notStatic(reason: "the pattern '\(Self.abbreviated(pattern))'", node: Syntax(pattern))
        }
        let value = try evaluate(expression, in: scope)
        if case .range(let lower, let upper, let closed) = value, !(subject.isRange) {
            guard let low = lower.number, let high = upper.number, let x = subject.number else {
                throw .notStatic(reason: "a range pattern of \(subject.kind)", node: Syntax(pattern))
            }
            return x >= low && (closed ? x <= high : x < high)
        }
        guard let same = Value.equal(value, subject) else {
            throw .notStatic(reason: "matching \(subject.kind) against '\(Self.abbreviated(pattern))'", node: Syntax(pattern))
        }
        return same
    }

    /// Notes (or errors) a statement of a builder that could not be
    /// evaluated; the same place is reported once, however often a loop or
    /// helper reaches it.
    func record(_ failure: EvaluationFailure, statement: CodeBlockItemSyntax) {
        let location = place(failure.node)
        let diagnostic: Diagnostic
        switch failure {
        case .rejected(let message, _), .limit(let message, _):
            diagnostic = Diagnostic(severity: .error, message: message, location: location)
        case .notStatic(let reason, _):
            let what = Self.layerCallDescription(statement).map { "\($0) is" } ?? "the layers this declares are"
            diagnostic = Diagnostic(severity: .note,
                                    message: "not evaluated statically: \(reason); \(what) not linted, and the next layer reads an unknown input",
                                    location: location)
        }
        if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    /// `Dense 'fc'` when the statement is a DSL layer call whose name is a literal.
    private static func layerCallDescription(_ statement: CodeBlockItemSyntax) -> String? {
        guard case .expr(let expression) = statement.item, let call = expression.as(FunctionCallExprSyntax.self),
              let kind = LayerCalls.calleeName(call)?.name, Vocabulary.definition(of: kind) != nil else { return nil }
        guard let first = call.arguments.first, first.label == nil, let literal = first.expression.as(StringLiteralExprSyntax.self),
              literal.segments.allSatisfy({ $0.is(StringSegmentSyntax.self) }) else { return kind }
        return "\(kind) '\(literal.segments.compactMap { $0.as(StringSegmentSyntax.self)?.content.text }.joined())'"
    }
}

extension Value {
    var isRange: Bool { if case .range = self { true } else { false } }
}
