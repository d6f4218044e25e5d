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
    /// Subgraphs are inferred on their own. Shape arithmetic is evaluated on
    /// the way (`ShapeValues`): its values give Reshape and Expand their
    /// shapes, and a vector whose every element is known becomes a constant
    /// of the graph, which the interval analysis then reads as one.
    public static func infer(_ graph: Graph) -> Graph {
        var conflicts: [DeclaredShapeConflict] = []
        return infer(graph, conflicts: &conflicts)
    }

    /// As `infer(_:)`, and collects where a shape the file declares for a
    /// node's output contradicts the shape the node computes (main graph only).
    public static func infer(_ graph: Graph, conflicts: inout [DeclaredShapeConflict]) -> Graph {
        var result = graph
        var shapeValues = ShapeValues()
        for node in graph.nodes {
            let inputs = node.inputs.map { id in result.tensors.indices.contains(id) ? result.tensors[id] : nil }
            let values = node.inputs.map { id in result.tensors.indices.contains(id) ? shapeValues.value(of: id, in: result)?.elements : nil }
            let shapes = OpShapes.outputShapes(of: node, inputs: inputs, values: values)
            for (position, output) in node.outputs.enumerated() {
                if result.tensors.indices.contains(output), result.tensors[output].dtype == .unknown,
                   let type = OpTypes.outputType(of: node, position: position, inputs: inputs) {
                    result.tensors[output].dtype = type
                }
                guard position < shapes.count, let shape = shapes[position], result.tensors.indices.contains(output) else { continue }
                guard let declared = result.tensors[output].shape else {
                    result.tensors[output].shape = shape
                    continue
                }
                if declared.contradicts(shape) {
                    conflicts.append(DeclaredShapeConflict(node: node.id, output: output, position: position, declared: declared, computed: shape))
                }
            }
            fold(shapeValues.evaluate(node, in: result), into: node.outputs.first, of: &result)
        }
        result.subgraphs = graph.subgraphs.map(infer)
        return result
    }

    /// A shape-arithmetic result whose every element is known becomes the
    /// output's constant (with its shape, when none was inferred).
    private static func fold(_ value: ShapeValues.Value?, into output: TensorID?, of graph: inout Graph) {
        guard let value, let output, graph.tensors.indices.contains(output), graph.tensors[output].constant == nil else { return }
        if graph.tensors[output].shape == nil { graph.tensors[output].shape = Shape(known: value.shape) }
        guard let numbers = value.integers?.map(Double.init) else { return }
        guard let declared = graph.tensors[output].shape?.knownValues, Checked.count(declared) == numbers.count else { return }
        graph.tensors[output].constant = ConstantData(values: numbers)
    }
}
