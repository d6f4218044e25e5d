/// An argument of a DSL call, as both halves of the DSL see it: the library
/// records the values its initializers receive, and the static frontend
/// evaluates the same arguments from source. Both hand them to one
/// `Vocabulary`, so a model means the same whichever half read it.
public enum DSLValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case list([DSLValue])
    case range(ClosedRange<Double>)
    /// An enum case written with a leading dot: `.float16`, `.sgd`, `.max`.
    case symbol(String)
    /// An enum case with arguments: `.step(gamma: 0.1, every: 10_000)`.
    case call(String, [String: DSLValue])

    /// A number, whether written as an integer or a floating-point literal.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .bool(let value): "\(value)"
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .range(let range): "\(range.lowerBound)...\(range.upperBound)"
        case .symbol(let name): "." + name
        case .call(let name, let arguments):
            "." + name + "(" + arguments.keys.sorted().map { "\($0): \(arguments[$0]!)" }.joined(separator: ", ") + ")"
        }
    }
}
