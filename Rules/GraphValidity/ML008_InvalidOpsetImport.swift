import ModelLintIR

/// ML008: opset imports onnx.checker refuses.
public struct InvalidOpsetImport: Rule {
    public static let description = RuleDescription(
        code: "ML008",
        name: "invalid-opset-import",
        summary: "An ONNX model breaks the rules of the IR version it declares (before IR 4 every initializer must be a graph input), or (a warning) imports one domain at two opsets.",
        rationale: """
            The IR version says which rules the file follows; before IR 4 every initializer had \
            to be a graph input, and a file that declares such a version without following it \
            is refused by onnx.checker (an exporter wrote the wrong version, or a tool rewrote \
            the graph and kept the old one).
            """,
        fix: "Set ir_version to 4 or later (what the exporter of the opset writes), or list the initializers among the graph inputs.",
        defaultSeverity: .error,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "3", "opsetImport": [{"version": "9"}], "graph": {"name": "ir3",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "b", "dims": ["4"], "dataType": 1, "floatData": [1, 1, 1, 1]}],
                  "node": [{"name": "add", "opType": "Add", "input": ["x", "b"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["(model)"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}, {"domain": "ai.onnx", "version": "11"}], "graph": {"name": "two_opsets",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["(model)"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "3", "opsetImport": [{"version": "9"}], "graph": {"name": "ir3_inputs",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}},
                            {"name": "b", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "b", "dims": ["4"], "dataType": 1, "floatData": [1, 1, 1, 1]}],
                  "node": [{"name": "add", "opType": "Add", "input": ["x", "b"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}, {"domain": "ai.onnx.ml", "version": "3"}], "graph": {"name": "imports",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
        ],
        absentFormats: [
            .prototxt: "Caffe has no opsets: a net's layers have one meaning.",
            .swift: "The DSL has no opsets.",
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        context.reportSchemaViolations(.opsetImport)
    }
}
