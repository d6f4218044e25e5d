import ModelLintIR

/// ML005: a declared shape has a negative dimension.
public struct NegativeDimension: Rule {
    public static let description = RuleDescription(
        code: "ML005",
        name: "negative-dimension",
        summary: "A tensor's declared shape has a negative dimension.",
        rationale: """
            No tensor has a negative extent. Runtimes that trust the figure allocate a buffer from \
            it (a huge unsigned size, or a crash); others fail to load the model. Some exporters \
            write -1 meaning "dynamic", which ONNX spells as a named dimension instead: modellint \
            reads an ONNX -1 (and a graph input's 0) that way, with a note at the input, and flags \
            the other negative sizes.
            """,
        fix: "Write the real size, or a symbolic dimension (`dim_param: \"batch\"` in ONNX) when the size varies.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "negative"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: -224 dim: 224 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "relu" }  # expect: ML005
                """),
            .nonTriggering(.prototxt, """
                name: "fine"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 224 dim: 224 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "relu" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "negative",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "-3"}, {"dimValue": "3"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["relu"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "dynamic",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimParam": "batch"}, {"dimValue": "3"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
        ])

    public init() {}

    /// Reported at the first node that reads the tensor (or writes it), since
    /// graph inputs and constants have no node of their own.
    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        for tensor in graph.tensors {
            guard let shape = tensor.shape, shape.dims.contains(where: { ($0.value ?? 0) < 0 }) else { continue }
            let reader = graph.nodes.first { $0.inputs.contains(tensor.id) }
            guard let node = reader ?? tensor.producer.map({ graph.nodes[$0] }) else { continue }
            let field: NodeField = reader != nil ? .input(node.inputs.firstIndex(of: tensor.id) ?? 0)
                : .output(node.outputs.firstIndex(of: tensor.id) ?? 0)
            let verb = reader != nil ? "reads" : "writes"
            context.report("'\(node.name)' \(verb) '\(tensor.displayName)', whose shape \(shape) has a negative dimension",
                           node: node, field: field)
        }
    }
}
