import ModelLintIR

/// Derives tensor shapes from the graph's declared inputs, layer by layer.
///
/// Rules need shapes for figures a user recognises ("pool5 is 6x6", "the last
/// window starts at row 10 of a 9-row input"), and frontends know only what a
/// file states. Inference never fails: anything missing, out of range or
/// inconsistent leaves a shape nil (rank unknown) or a dimension `.unknown`.
public enum ShapeInference {
    /// Returns a copy of `graph` where every tensor whose shape can be derived
    /// from its producer's op and the shapes of its inputs has `shape` set.
    /// Tensors that already have a shape (graph inputs, data layers, shapes a
    /// file declares) are kept as they are: a declared shape is the user's word.
    /// Nodes are walked in order, which the IR guarantees is topological.
    /// Subgraphs are inferred on their own.
    public static func infer(_ graph: Graph) -> Graph {
        var result = graph
        for node in graph.nodes {
            let inputs = node.inputs.map { id in result.tensors.indices.contains(id) ? result.tensors[id] : nil }
            let shapes = OpShapes.outputShapes(of: node, inputs: inputs)
            for (position, output) in node.outputs.enumerated() {
                if result.tensors.indices.contains(output), result.tensors[output].dtype == .unknown,
                   let type = OpTypes.outputType(of: node, position: position, inputs: inputs) {
                    result.tensors[output].dtype = type
                }
                guard position < shapes.count, let shape = shapes[position],
                      result.tensors.indices.contains(output), result.tensors[output].shape == nil
                else { continue }
                result.tensors[output].shape = shape
            }
        }
        result.subgraphs = graph.subgraphs.map(infer)
        return result
    }
}
