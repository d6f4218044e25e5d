/// One place where a model breaks the schema of its own format, as the
/// framework's loader would reject it (`onnx.checker`, ONNX Runtime's
/// session, Caffe's protobuf parser). Found by the frontend, which knows the
/// schema; reported by the rule for its kind.
public struct SchemaViolation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// An operator its domain does not have at the model's opset (ML003).
        case unknownOperator
        /// A node that does not match its operator's schema: too few or too
        /// many inputs or outputs, an attribute the operator does not have, a
        /// required attribute missing (ML006).
        case operatorUse
        /// A type the operator does not accept, or a declared type that
        /// differs from the one the node computes (ML007).
        case type
        /// An opset import the checker refuses (ML008).
        case opsetImport
    }

    public var kind: Kind
    public var message: String
    /// The node it is about, if any (and the field of it to point at).
    public var node: NodeID?
    public var field: NodeField?
    /// Where to report it when it is about no node (an opset import).
    public var location: SourceLocation?
    public var fix: String?
    /// Where it differs from the rule's default (a defect the framework accepts is a warning).
    public var severity: Severity?

    public init(kind: Kind, message: String, node: NodeID? = nil, field: NodeField? = nil,
                location: SourceLocation? = nil, fix: String? = nil, severity: Severity? = nil) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.node = node
        self.field = field
        self.location = location
        self.fix = fix
    }
}
