import Foundation
import ModelLintDSL
import ModelLintIR
import SwiftSyntax

/// A value of the part of Swift that model code is written in, as the static
/// evaluator holds it. Nothing here runs user code: a function is its
/// declaration and the scope it was declared in.
enum Value {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case array([Value])
    /// A dictionary literal's entries in order (keys compared with `==`).
    case dictionary([(key: Value, value: Value)])
    case tuple([(label: String?, value: Value)])
    /// `lo..<hi` or `lo...hi`; a closed range of numbers is also the DSL's `range:`.
    indirect case range(lower: Value, upper: Value, closed: Bool)
    /// `.float16`, `.sgd`: an enum case written with a leading dot.
    case symbol(String)
    /// `.step(gamma: 0.1, every: 10)`: an enum case with arguments.
    case enumCall(String, [String: Value])
    /// One DSL layer call, e.g. `Conv(...)`.
    case layer(Layer)
    case function(Function)
    /// Optional `nil`.
    case none
    /// What a statement or a function without a result gives.
    case void

    var isNil: Bool { if case .none = self { true } else { false } }

    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// What the value is, for messages.
    var kind: String {
        switch self {
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .array: "an array"
        case .dictionary: "a dictionary"
        case .tuple: "a tuple"
        case .range: "a range"
        case .symbol, .enumCall: "an enum case"
        case .layer: "a layer"
        case .function: "a function"
        case .none: "nil"
        case .void: "no value"
        }
    }

    /// The layers a result builder takes from this value: one layer, an
    /// array of layers (`buildExpression(_: [Layer])`), nil for anything else.
    var layers: [Layer]? {
        switch self {
        case .layer(let layer): return [layer]
        case .array(let items):
            var layers: [Layer] = []
            for item in items {
                guard case .layer(let layer) = item else { return nil }
                layers.append(layer)
            }
            return layers
        default: return nil
        }
    }

    /// How Swift's string interpolation writes the value (`"\(x)"`).
    var interpolated: String {
        switch self {
        case .string(let value): value
        default: description(quoted: false)
        }
    }

    /// As Swift's `description` writes it: strings quoted inside collections.
    func description(quoted: Bool = true) -> String {
        switch self {
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): quoted ? "\"\(value)\"" : value
        case .bool(let value): "\(value)"
        case .array(let items): "[" + items.map { $0.description() }.joined(separator: ", ") + "]"
        case .dictionary(let entries):
            entries.isEmpty ? "[:]" : "[" + entries.map { "\($0.key.description()): \($0.value.description())" }.joined(separator: ", ") + "]"
        case .tuple(let items): "(" + items.map { ($0.label.map { "\($0): " } ?? "") + $0.value.description() }.joined(separator: ", ") + ")"
        case .range(let lower, let upper, let closed): lower.description() + (closed ? "..." : "..<") + upper.description()
        case .symbol(let name): "." + name
        case .enumCall(let name, let arguments):
            "." + name + "(" + arguments.keys.sorted().map { "\($0): \(arguments[$0]!.description())" }.joined(separator: ", ") + ")"
        case .layer(let layer): "\(layer.kind)(\"\(layer.name)\")"
        case .function(let function): function.name + "(...)"
        case .none: "nil"
        case .void: "()"
        }
    }

    /// The value as a DSL argument, or nil where the DSL takes no such value.
    var dslValue: DSLValue? {
        switch self {
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        case .string(let value): return .string(value)
        case .bool(let value): return .bool(value)
        case .symbol(let name): return .symbol(name)
        case .array(let items):
            var values: [DSLValue] = []
            for item in items {
                guard let value = item.dslValue else { return nil }
                values.append(value)
            }
            return .list(values)
        case .range(let lower, let upper, true):
            guard let lo = lower.number, let hi = upper.number, lo <= hi else { return nil }
            return .range(lo...hi)
        case .enumCall(let name, let arguments):
            var values: [String: DSLValue] = [:]
            for (label, argument) in arguments {
                guard let value = argument.dslValue else { return nil }
                values[label] = value
            }
            return .call(name, values)
        default: return nil
        }
    }

    /// `==` as Swift has it for the values a model compares.
    static func equal(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.symbol(let x), .symbol(let y)): return x == y
        case (.none, .none): return true
        case (.none, _), (_, .none): return false
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) {
                guard let same = equal(p, q) else { return nil }
                if !same { return false }
            }
            return true
        case (.tuple(let x), .tuple(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) {
                guard let same = equal(p.value, q.value) else { return nil }
                if !same { return false }
            }
            return true
        default:
            if let x = a.number, let y = b.number { return x == y }
            return nil
        }
    }
}

/// A function or closure declared in the linted file, with the scope it
/// captures (Swift closures capture variables, not copies).
final class Function {
    enum Body {
        case declaration(FunctionDeclSyntax)
        case closure(ClosureExprSyntax)
    }

    /// The name it is called by: the function's, or the constant a closure is assigned to.
    var name: String
    let body: Body
    let scope: Scope

    /// The name of a closure not (yet) assigned to a constant.
    static let anonymous = "closure"

    init(name: String, body: Body, scope: Scope) {
        self.name = name
        self.body = body
        self.scope = scope
    }
}
