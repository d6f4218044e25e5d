/// What a DSL call accepts: its parameters in order, as the library's
/// initializers declare them. The static frontend matches a call written in
/// source against the signature (labels, order, types, what is required); the
/// library's initializers match it by construction, and a test checks each
/// example both ways.
public struct DSLSignature: Sendable {
    public enum ValueType: Hashable, Sendable {
        case string, int, double, bool
        /// `[Int]`.
        case ints
        /// `lo...hi`.
        case range
        /// One of these enum cases, written `.name`.
        case symbol([String])
        /// A learning-rate schedule: `.fixed`, `.step(gamma:every:)`, ... (see `Schedule`).
        case schedule
        /// Names of tensors, unlabeled and variadic: `Add("sum", "a", "b")`.
        case names
    }

    public struct Parameter: Sendable {
        /// The argument label; nil for an unlabeled argument.
        public let label: String?
        /// Where the value is kept in `Layer.arguments`.
        public let key: String
        public let type: ValueType
        public let isRequired: Bool

        public init(_ label: String?, key: String? = nil, _ type: ValueType, required: Bool = false) {
            self.label = label
            self.key = key ?? label ?? "_"
            self.type = type
            self.isRequired = required
        }
    }

    public let name: String
    public let parameters: [Parameter]

    public init(_ name: String, _ parameters: [Parameter]) {
        self.name = name
        self.parameters = parameters
    }

    /// How the call is written, for messages: `Conv(_:from:outputs:kernel:...)`.
    public var spelling: String {
        name + "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }
}
