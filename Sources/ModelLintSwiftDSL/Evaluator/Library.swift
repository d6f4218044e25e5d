import Foundation
import SwiftSyntax

/// The standard library as model code uses it, evaluated: `stride`, `zip`,
/// `min`/`max`/`abs`, conversions (`Double(x)`, `String(x)`), and the
/// properties and methods of arrays, ranges, strings and dictionaries
/// (`count`, `enumerated()`, `map`, `append`, ...). What depends on the world
/// outside the file (randomness, I/O, the clock) is not evaluated.
enum Library {
    typealias Arguments = [(label: String?, value: Value)]
    typealias Invoke = (Function, Arguments) throws(EvaluationFailure) -> Value

    /// Type names whose calls are conversions, not unknown layers.
    static let knownTypes: Set<String> = ["Int", "Double", "Float", "String", "Bool", "Array", "Dictionary", "Set"]

    static func function(_ name: String, _ arguments: Arguments, at node: Syntax) throws(EvaluationFailure) -> Value? {
        let values = arguments.map(\.value)
        let labels = arguments.map { $0.label ?? "_" }
        switch (name, labels) {
        case ("stride", ["from", "to", "by"]), ("stride", ["from", "through", "by"]):
            return try stride(values[0], values[1], values[2], closed: labels[1] == "through", at: node)
        case ("zip", ["_", "_"]):
            let first = try elements(of: values[0], at: node, limit: EvaluationLimits.maximumCollection)
            let second = try elements(of: values[1], at: node, limit: EvaluationLimits.maximumCollection)
            return .array(zip(first, second).map { .tuple([(nil, $0), (nil, $1)]) })
        case ("min", _), ("max", _):
            guard values.count >= 2 else { return nil }
            var best = values[0]
            for value in values.dropFirst() {
                guard let a = best.number, let b = value.number else { throw unsupported("'\(name)' of \(value.kind)", node) }
                if name == "min" ? b < a : b > a { best = value }
            }
            if values.contains(where: { if case .double = $0 { true } else { false } }), let number = best.number { return .double(number) }
            return best
        case ("abs", ["_"]):
            switch values[0] {
            case .int(let int) where int != .min: return .int(Swift.abs(int))
            case .double(let double): return .double(Swift.abs(double))
            default: throw unsupported("'abs' of \(values[0].kind)", node)
            }
        case ("Int", ["_"]):
            switch values[0] {
            case .int: return values[0]
            case .double(let double) where double.isFinite && Swift.abs(double) < 9e18: return .int(Int(double))
            case .string(let text): return Int(text).map(Value.int) ?? .none
            default: throw unsupported("'Int(...)' of \(values[0].kind)", node)
            }
        case ("Double", ["_"]), ("Float", ["_"]):
            if let number = values[0].number { return .double(name == "Float" ? Double(Float(number)) : number) }
            if case .string(let text) = values[0] { return Double(text).map(Value.double) ?? .none }
            throw unsupported("'\(name)(...)' of \(values[0].kind)", node)
        case ("String", ["_"]), ("String", ["describing"]):
            return .string(values[0].interpolated)
        case ("Array", ["_"]):
            return .array(try elements(of: values[0], at: node, limit: EvaluationLimits.maximumCollection))
        case ("Array", ["repeating", "count"]):
            guard case .int(let count) = values[1], count >= 0 else { throw unsupported("a count that is not a natural number", node) }
            guard count <= EvaluationLimits.maximumCollection else {
                throw .limit(message: "a collection of more than \(EvaluationLimits.maximumCollection) elements", node: node)
            }
            return .array(Array(repeating: values[0], count: count))
        case ("print", _), ("debugPrint", _), ("readLine", _), ("fatalError", _), ("precondition", _), ("assert", _):
            throw .notStatic(reason: "'\(name)(...)', which reads or writes outside the model", node: node)
        default:
            return nil
        }
    }

    static func staticCallReason(_ type: String, _ name: String) -> String {
        if name.hasPrefix("random") { return "randomness ('\(type).\(name)(...)')" }
        return "the call '\(type).\(name)(...)', which is not declared in this file"
    }

    static func typeConstant(_ type: String, _ name: String) -> Value? {
        switch (type, name) {
        case ("Double", "infinity"), ("Float", "infinity"): .double(.infinity)
        case ("Double", "pi"): .double(.pi)
        case ("Float", "pi"): .double(Double(Float.pi))
        case ("Double", "greatestFiniteMagnitude"): .double(.greatestFiniteMagnitude)
        case ("Float", "greatestFiniteMagnitude"): .double(Double(Float.greatestFiniteMagnitude))
        case ("Int", "max"): .int(.max)
        case ("Int", "min"): .int(.min)
        default: nil
        }
    }

    /// What a `for` loop walks: the elements of an array, an integer range,
    /// a dictionary (as `(key, value)`), the characters of a string.
    static func elements(of value: Value, at node: Syntax, limit: Int) throws(EvaluationFailure) -> [Value] {
        switch value {
        case .array(let items): return items
        case .range(.int(let lower), .int(let upper), let closed):
            return (0..<(try iterations(lower, upper, closed: closed, at: node))).map { .int(lower + $0) }
        case .dictionary:
            throw unsupported("a loop over a dictionary, whose order Swift does not fix (sort its keys)", node)
        case .string(let text): return text.map { .string(String($0)) }
        default: throw unsupported("a loop over \(value.kind)", node)
        }
    }

    /// How many integers `lower..<upper` (or `lower...upper`) holds; a range
    /// Swift would refuse, or one longer than a loop may run, is an error.
    static func iterations(_ lower: Int, _ upper: Int, closed: Bool, at node: Syntax) throws(EvaluationFailure) -> Int {
        guard lower <= upper else {
            throw .rejected(message: "a range whose lower bound \(lower) exceeds its upper bound \(upper), which stops the program", node: node)
        }
        let (span, overflow) = upper.subtractingReportingOverflow(lower)
        guard !overflow, span <= EvaluationLimits.maximumCollection else {
            throw .limit(message: "a loop of more than \(EvaluationLimits.maximumCollection) iterations", node: node)
        }
        return closed ? span + 1 : span
    }

    private static func stride(_ from: Value, _ to: Value, _ by: Value, closed: Bool, at node: Syntax) throws(EvaluationFailure) -> Value {
        var items: [Value] = []
        if case .int(let start) = from, case .int(let end) = to, case .int(let step) = by {
            guard step != 0 else { throw .rejected(message: "a stride of 0, which stops the program", node: node) }
            var current = start
            while step > 0 ? (closed ? current <= end : current < end) : (closed ? current >= end : current > end) {
                items.append(.int(current))
                guard items.count <= EvaluationLimits.maximumCollection else {
                    throw .limit(message: "a loop of more than \(EvaluationLimits.maximumCollection) iterations", node: node)
                }
                let (next, overflow) = current.addingReportingOverflow(step)
                if overflow { break }
                current = next
            }
            return .array(items)
        }
        guard let start = from.number, let end = to.number, let step = by.number, step != 0, step.isFinite else {
            throw unsupported("a stride of \(from.kind), \(to.kind) and \(by.kind)", node)
        }
        // Swift's floating stride computes start + i * step, not a running sum.
        var index = 0.0
        while true {
            let current = start + index * step
            guard step > 0 ? (closed ? current <= end : current < end) : (closed ? current >= end : current > end) else { break }
            items.append(.double(current))
            guard items.count <= EvaluationLimits.maximumCollection else {
                throw .limit(message: "a loop of more than \(EvaluationLimits.maximumCollection) iterations", node: node)
            }
            index += 1
        }
        return .array(items)
    }

    static func property(_ name: String, of value: Value, at node: Syntax) throws(EvaluationFailure) -> Value {
        switch (name, value) {
        case ("count", .array(let items)): return .int(items.count)
        case ("count", .string(let text)): return .int(text.count)
        case ("count", .dictionary(let entries)): return .int(entries.count)
        case ("count", .range), ("isEmpty", .range), ("first", .range), ("last", .range), ("indices", .range):
            return try property(name, of: .array(try elements(of: value, at: node, limit: EvaluationLimits.maximumCollection)), at: node)
        case ("isEmpty", .array(let items)): return .bool(items.isEmpty)
        case ("isEmpty", .string(let text)): return .bool(text.isEmpty)
        case ("isEmpty", .dictionary(let entries)): return .bool(entries.isEmpty)
        case ("first", .array(let items)): return items.first ?? .none
        case ("last", .array(let items)): return items.last ?? .none
        case ("indices", .array(let items)): return .range(lower: .int(0), upper: .int(items.count), closed: false)
        case ("keys", .dictionary), ("values", .dictionary):
            throw unsupported("the order of a dictionary's \(name), which Swift does not fix (write '.keys.sorted()')", node)
        case ("lowerBound", .range(let lower, _, _)): return lower
        case ("upperBound", .range(_, let upper, _)): return upper
        case ("description", _): return .string(value.interpolated)
        case ("layer", .layer): return value    // `ReLU("r").layer`, for a helper that returns `Layer`
        case ("name", .layer(let layer)): return .string(layer.name)
        case (_, .tuple(let items)):
            if let index = Int(name), items.indices.contains(index) { return items[index].value }
            if let item = items.first(where: { $0.label == name }) { return item.value }
        default: break
        }
        throw unsupported("'.\(name)' of \(value.kind)", node)
    }

    static func subscripted(_ base: Value, _ index: Value, at node: Syntax) throws(EvaluationFailure) -> Value {
        switch (base, index) {
        case (.array(let items), .int(let position)):
            guard items.indices.contains(position) else {
                throw .rejected(message: "index \(position) is out of range for an array of \(items.count), which stops the program", node: node)
            }
            return items[position]
        case (.dictionary(let entries), _):
            for entry in entries {
                guard let same = Value.equal(entry.key, index) else { throw unsupported("a dictionary key of \(index.kind)", node) }
                if same { return entry.value }
            }
            return .none
        default:
            throw unsupported("subscripting \(base.kind) with \(index.kind)", node)
        }
    }

    static func replacing(in base: Value, at index: Value, with value: Value, node: Syntax) throws(EvaluationFailure) -> Value {
        switch (base, index) {
        case (.array(var items), .int(let position)):
            guard items.indices.contains(position) else {
                throw .rejected(message: "index \(position) is out of range for an array of \(items.count), which stops the program", node: node)
            }
            items[position] = value
            return .array(items)
        case (.dictionary(var entries), _):
            if let existing = entries.firstIndex(where: { Value.equal($0.key, index) == true }) {
                if value.isNil { entries.remove(at: existing) } else { entries[existing].value = value }
            } else if !value.isNil {
                entries.append((index, value))
            }
            return .dictionary(entries)
        default:
            throw unsupported("assigning into \(base.kind)", node)
        }
    }

    /// A method call: its result, and the receiver's new value for a mutating method (`append`).
    static func method(_ name: String, of receiver: Value, _ arguments: Arguments, at node: Syntax,
                       invoke: Invoke) throws(EvaluationFailure) -> (value: Value, mutated: Value?) {
        let labels = arguments.map { $0.label ?? "_" }
        if case .range = receiver, name != "contains" {
            return try method(name, of: .array(try elements(of: receiver, at: node, limit: EvaluationLimits.maximumCollection)),
                              arguments, at: node, invoke: invoke)
        }
        func closure(_ index: Int) throws(EvaluationFailure) -> Function {
            guard arguments.indices.contains(index), case .function(let function) = arguments[index].value else {
                throw unsupported("'\(name)' without a closure of this file", node)
            }
            return function
        }
        switch (receiver, name, labels) {
        case (.array(let items), "append", ["_"]):
            try checkSize(items.count + 1, node)
            return (.void, .array(items + [arguments[0].value]))
        case (.array(let items), "append", ["contentsOf"]), (.array(let items), "appendContents", ["_"]):
            let more = try elements(of: arguments[0].value, at: node, limit: EvaluationLimits.maximumCollection)
            try checkSize(items.count + more.count, node)
            return (.void, .array(items + more))
        case (.array(var items), "insert", ["_", "at"]):
            guard case .int(let position) = arguments[1].value, position >= 0 && position <= items.count else {
                throw .rejected(message: "an insertion out of the array's range, which stops the program", node: node)
            }
            items.insert(arguments[0].value, at: position)
            return (.void, .array(items))
        case (.array(var items), "removeLast", []), (.array(var items), "removeFirst", []):
            guard !items.isEmpty else { throw .rejected(message: "'\(name)()' of an empty array, which stops the program", node: node) }
            let removed = name == "removeLast" ? items.removeLast() : items.removeFirst()
            return (removed, .array(items))
        case (.array(let items), "enumerated", []):
            return (.array(items.enumerated().map { .tuple([("offset", .int($0.offset)), ("element", $0.element)]) }), nil)
        case (.array(let items), "reversed", []):
            return (.array(items.reversed()), nil)
        case (.array(let items), "sorted", []):
            return (.array(try sorted(items, at: node)), nil)
        case (.array(let items), "dropFirst", _), (.array(let items), "dropLast", _),
             (.array(let items), "prefix", ["_"]), (.array(let items), "suffix", ["_"]):
            var count = 1
            if let first = arguments.first {
                guard case .int(let written) = first.value, written >= 0 else { throw unsupported("'\(name)' of \(first.value.kind)", node) }
                count = written
            }
            switch name {
            case "dropFirst": return (.array(Array(items.dropFirst(count))), nil)
            case "dropLast": return (.array(Array(items.dropLast(count))), nil)
            case "prefix": return (.array(Array(items.prefix(count))), nil)
            default: return (.array(Array(items.suffix(count))), nil)
            }
        case (.array(let items), "map", ["_"]), (.array(let items), "flatMap", ["_"]), (.array(let items), "compactMap", ["_"]),
             (.array(let items), "filter", ["_"]), (.array(let items), "forEach", ["_"]):
            let function = try closure(0)
            var results: [Value] = []
            for item in items {
                let result = try invoke(function, [(nil, item)])
                switch name {
                case "map": results.append(result)
                case "flatMap": results += try elements(of: result, at: node, limit: EvaluationLimits.maximumCollection)
                case "compactMap": if !result.isNil { results.append(result) }
                case "filter":
                    guard case .bool(let keep) = result else { throw unsupported("a filter that is not true or false", node) }
                    if keep { results.append(item) }
                default: break
                }
                try checkSize(results.count, node)
            }
            return (name == "forEach" ? .void : .array(results), nil)
        case (.array(let items), "reduce", ["_", "_"]):
            var result = arguments[0].value
            if case .function(let function) = arguments[1].value {
                for item in items { result = try invoke(function, [(nil, result), (nil, item)]) }
                return (result, nil)
            }
            throw unsupported("'reduce' with an operator; write a closure", node)
        case (.array(let items), "contains", ["_"]):
            return (.bool(items.contains { Value.equal($0, arguments[0].value) == true }), nil)
        case (.array(let items), "joined", let given) where given.isEmpty || given == ["separator"]:
            var separator = ""
            if let first = arguments.first, case .string(let text) = first.value { separator = text }
            var parts: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw unsupported("'joined' of \(item.kind)", node) }
                parts.append(text)
            }
            return (.string(parts.joined(separator: separator)), nil)
        case (.array(let items), "min", []), (.array(let items), "max", []):
            guard var best = items.first else { return (.none, nil) }
            for item in items.dropFirst() {
                guard let a = best.number, let b = item.number else { throw unsupported("'\(name)' of \(item.kind)", node) }
                if name == "min" ? b < a : b > a { best = item }
            }
            return (best, nil)
        case (.range(let lower, let upper, let closed), "contains", ["_"]):
            guard let low = lower.number, let high = upper.number, let x = arguments[0].value.number else {
                throw unsupported("'contains' of \(arguments[0].value.kind)", node)
            }
            return (.bool(x >= low && (closed ? x <= high : x < high)), nil)
        case (.string(let text), "uppercased", []): return (.string(text.uppercased()), nil)
        case (.string(let text), "lowercased", []): return (.string(text.lowercased()), nil)
        case (.string(let text), "hasPrefix", ["_"]), (.string(let text), "hasSuffix", ["_"]), (.string(let text), "contains", ["_"]):
            guard case .string(let other) = arguments[0].value else { throw unsupported("'\(name)' of \(arguments[0].value.kind)", node) }
            return (.bool(name == "hasPrefix" ? text.hasPrefix(other) : name == "hasSuffix" ? text.hasSuffix(other) : text.contains(other)), nil)
        case (.string(let text), "append", ["_"]):
            guard case .string(let other) = arguments[0].value else { throw unsupported("'append' of \(arguments[0].value.kind)", node) }
            try checkSize(text.utf8.count + other.utf8.count, node)
            return (.void, .string(text + other))
        default:
            throw unsupported("'.\(name)(\(labels.map { $0 + ":" }.joined()))' of \(receiver.kind)", node)
        }
    }

    /// Numbers or strings in ascending order.
    static func sorted(_ items: [Value], at node: Syntax) throws(EvaluationFailure) -> [Value] {
        if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
            return items.sorted { $0.interpolated < $1.interpolated }
        }
        guard items.allSatisfy({ $0.number != nil }) else { throw unsupported("sorting \(items.first?.kind ?? "values") ", node) }
        return items.sorted { $0.number! < $1.number! }
    }

    private static func checkSize(_ count: Int, _ node: Syntax) throws(EvaluationFailure) {
        if count > EvaluationLimits.maximumCollection {
            throw .limit(message: "a collection of more than \(EvaluationLimits.maximumCollection) elements", node: node)
        }
    }

    private static func unsupported(_ what: String, _ node: Syntax) -> EvaluationFailure {
        .notStatic(reason: what, node: node)
    }
}
