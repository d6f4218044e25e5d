import ModelLintIR

/// ML007: a type the operator does not accept, or a declared type or shape the node does not compute.
public struct OperatorTypeMismatch: Rule {
    public static let description = RuleDescription(
        code: "ML007",
        name: "operator-type-mismatch",
        summary: "An operator gets an element type its schema does not accept, or a value's declared type or shape (value_info, graph output) differs from what its node computes.",
        rationale: """
            onnxruntime refuses to load such a model ("Type (tensor(float16)) of output arg ... does \
            not match expected type (tensor(float))") and onnx.checker rejects it ("Inferred elem \
            type differs from existing elem type"). Converting a model to float16 while keeping its \
            inputs and outputs in float32 writes exactly this when a Cast is left behind. A declared \
            shape the node cannot produce is refused too ("Inferred shape and existing shape \
            differ"), and a runtime that trusts it sizes its buffers wrong.
            """,
        fix: "Make the types agree: cast the input to a type the operator takes, or correct the declared type (or the Cast's `to`).",
        defaultSeverity: .error,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "broken_fp16",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "node": [{"name": "to_half", "opType": "Cast", "input": ["x"], "output": ["h"],
                            "attribute": [{"name": "to", "i": "10", "type": "INT"}]},
                           {"name": "back", "opType": "Cast", "input": ["h"], "output": ["y"],
                            "attribute": [{"name": "to", "i": "1", "type": "INT"}]}],
                  "valueInfo": [{"name": "y", "type": {"tensorType": {"elemType": 10}}}],
                  "output": [{"name": "y", "type": {"tensorType": {"elemType": 10}}}]}}
                """, nodes: ["back"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "int_conv",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 7, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "1"}, {"dimValue": "4"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["1", "1", "1", "1"], "dataType": 7, "int64Data": ["1"]}],
                  "node": [{"name": "conv", "opType": "Conv", "input": ["x", "w"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["conv"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "declared_shape",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                           {"name": "flat", "opType": "Flatten", "input": ["r"], "output": ["y"]}],
                  "valueInfo": [{"name": "r", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "output": [{"name": "y", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "1"}]}}}}]}}
                """, nodes: ["relu", "flat"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "declared_loosely",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                           {"name": "flat", "opType": "Flatten", "input": ["r"], "output": ["y"]}],
                  "valueInfo": [{"name": "r", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimParam": "batch"}, {"dimValue": "-1"}]}}}}],
                  "output": [{"name": "y", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {}]}}}}]}}
                """),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "fp16_kept_in",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "node": [{"name": "to_half", "opType": "Cast", "input": ["x"], "output": ["h"],
                            "attribute": [{"name": "to", "i": "10", "type": "INT"}]},
                           {"name": "relu", "opType": "Relu", "input": ["h"], "output": ["r"]},
                           {"name": "back", "opType": "Cast", "input": ["r"], "output": ["y"],
                            "attribute": [{"name": "to", "i": "1", "type": "INT"}]}],
                  "valueInfo": [{"name": "r", "type": {"tensorType": {"elemType": 10}}}],
                  "output": [{"name": "y", "type": {"tensorType": {"elemType": 1}}}]}}
                """),
        ],
        absentFormats: [
            .prototxt: "Caffe computes every blob in one type and declares no shapes for layer outputs: there is nothing to disagree.",
            .swift: "The DSL declares no element types, nor shapes for layer outputs.",
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        context.reportSchemaViolations(.type)
        let graph = context.graph
        for conflict in context.model.declaredShapeConflicts where graph.nodes.indices.contains(conflict.node) {
            let node = graph.nodes[conflict.node]
            context.report("'\(graph.tensor(conflict.output).displayName)' is declared with shape \(conflict.declared), "
                           + "and \(node.sourceType) '\(node.name)' computes \(conflict.computed) from its inputs",
                           node: node, field: .output(conflict.position), severity: .error,
                           fix: "Correct the declared shape (value_info or graph output), or the node's inputs and attributes.")
        }
    }
}
