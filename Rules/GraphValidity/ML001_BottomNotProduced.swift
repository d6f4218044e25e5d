import ModelLintIR

/// ML001: a layer reads a blob that no layer (and no net input) produces.
public struct BottomNotProduced: Rule {
    public static let description = RuleDescription(
        code: "ML001",
        name: "input-not-produced",
        summary: "A layer reads a blob that no layer produces and the net does not declare as an input.",
        rationale: """
            Caffe refuses to build such a net ("Unknown bottom blob"), usually after hours of data \
            preparation; in a multi-phase net it often means a layer was limited to one phase with \
            `include { phase: ... }` while a consumer in the other phase still reads its output.
            """,
        fix: "Correct the bottom's name, declare it with `input:` or an `Input` layer, or give the producing layer the same phase rules as its consumers.",
        defaultSeverity: .error,
        examples: [
            .triggering(.prototxt, """
                name: "typo"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "relu" type: "ReLU" bottom: "dta" top: "relu" }  # expect: ML001
                """),
            .triggering(.prototxt, """
                name: "phase-mismatch"
                layer { name: "data" type: "Data" top: "data" include { phase: TRAIN } data_param { batch_size: 8 } }
                layer { name: "relu" type: "ReLU"
                  bottom: "data"  # expect: ML001
                  top: "relu" }
                layer { name: "input" type: "Input" top: "other" include { phase: TEST } }
                """),
            .nonTriggering(.prototxt, """
                name: "ok"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "data" }
                layer { name: "sig" type: "Sigmoid" bottom: "data" top: "out" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "dangling",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "add", "opType": "Add", "input": ["x", "bias"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["add"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "ok",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "initializer": [{"name": "bias", "dims": ["1"], "dataType": 1, "floatData": [0.5]}],
                  "node": [{"name": "add", "opType": "Add", "input": ["x", "bias"], "output": ["y"]},
                           {"name": "clip", "opType": "Clip", "input": ["y", "", "bias"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        let declared = Set(graph.inputs)
        for node in graph.nodes {
            for (index, input) in node.inputs.enumerated() {
                let tensor = graph.tensor(input)
                // Absent optional inputs (ONNX `""`) and constants need no producer.
                guard tensor.producer == nil, !declared.contains(input), tensor.constant == nil, !tensor.name.isEmpty
                else { continue }
                context.report("'\(node.name)' reads '\(tensor.name)', which no layer produces", node: node,
                               field: .input(index))
            }
        }
    }
}
