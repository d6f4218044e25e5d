import ModelLintIR

/// A shape the file declares for a node's output (ONNX `value_info`, a graph
/// output) that the node cannot compute: onnx.checker's shape inference
/// refuses such a model ("Inferred shape and existing shape differ"), and a
/// runtime that trusts the declaration allocates the wrong buffer.
public struct DeclaredShapeConflict: Hashable, Sendable {
    public let node: NodeID
    public let output: TensorID
    public let position: Int
    public let declared: Shape
    public let computed: Shape
}
