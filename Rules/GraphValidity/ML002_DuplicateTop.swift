import ModelLintIR

/// ML002: two layers write the same top, and the second is not in place.
public struct DuplicateTop: Rule {
    public static let description = RuleDescription(
        code: "ML002",
        name: "duplicate-output",
        summary: "A layer writes a blob name that another layer already produced, without reading it (not in place); in ONNX, any second write of a name.",
        rationale: """
            Caffe stops with "Top blob produced by multiple sources"; ONNX requires every name to be \
            written once (static single assignment), and `onnx.checker` rejects a second write. Where \
            a runtime lets it through, every consumer after the second producer silently reads the \
            wrong values.
            """,
        fix: "Give the second layer a new top name, or (Caffe only) list the blob as its bottom too if it is meant to work in place.",
        defaultSeverity: .error,
        examples: [
            .triggering(.prototxt, """
                name: "clash"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "a" type: "ReLU" bottom: "data" top: "feat" }
                layer { name: "b" type: "Sigmoid" bottom: "data"
                  top: "feat"  # expect: ML002
                }
                """),
            .nonTriggering(.prototxt, """
                name: "in-place"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "a" type: "ReLU" bottom: "data" top: "feat" }
                layer { name: "b" type: "Dropout" bottom: "feat" top: "feat" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "twice",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "a", "opType": "Relu", "input": ["x"], "output": ["y"]},
                           {"name": "b", "opType": "Sigmoid", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["b"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "in-place",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["x"]}],
                  "output": [{"name": "x"}]}}
                """, nodes: ["relu"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "ok",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "a", "opType": "Relu", "input": ["x"], "output": ["y"]},
                           {"name": "b", "opType": "Sigmoid", "input": ["y"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        for node in graph.nodes {
            for (index, output) in node.outputs.enumerated() {
                let tensor = graph.tensor(output)
                guard tensor.version > 0 else { continue }
                let readsPrevious = node.inputs.contains {
                    graph.tensor($0).name == tensor.name && graph.tensor($0).version == tensor.version - 1
                }
                guard !(readsPrevious && graph.inPlaceWritesAllowed) else { continue }
                var related: [RelatedLocation] = []
                if let previous = graph.tensors.first(where: { $0.name == tensor.name && $0.version == tensor.version - 1 }),
                   let producer = previous.producer.map({ graph.nodes[$0] }) {
                    related.append(RelatedLocation(location: producer.location,
                                                   message: "'\(tensor.name)' is first produced by '\(producer.name)' here"))
                }
                context.report("'\(node.name)' writes '\(tensor.name)', which another layer already produced",
                               node: node, field: .output(index), related: related)
            }
        }
    }
}
