import ModelLintIR

/// ML107: dropout that drops everything.
public struct DropoutRatioOne: Rule {
    public static let description = RuleDescription(
        code: "ML107",
        name: "dropout-ratio-one",
        summary: "A dropout ratio of 1 or more.",
        rationale: """
            Training-time dropout scales the values it keeps by 1 / (1 - p). With p = 1 that is \
            1 / 0 = inf, and every value is dropped anyway, so the layer outputs 0 * inf = NaN; \
            a ratio above 1 is meaningless and gives a negative scale.
            """,
        fix: "Use a ratio below 1 (0.5 is the usual default), or remove the layer.",
        defaultSeverity: .error,
        examples: [
            .triggering(.prototxt, """
                name: "drop_all"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "drop" type: "Dropout" bottom: "data" top: "data"
                  dropout_param { dropout_ratio: 1.0 } }  # expect: ML107
                """),
            .nonTriggering(.prototxt, """
                name: "drop_half"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "drop" type: "Dropout" bottom: "data" top: "data" dropout_param { dropout_ratio: 0.5 } }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "drop_all",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "ratio", "dims": [], "dataType": 1, "floatData": [1.0]}],
                  "node": [{"name": "dropout", "opType": "Dropout", "input": ["x", "ratio"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["dropout"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "drop_some",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "ratio", "dims": [], "dataType": 1, "floatData": [0.1]}],
                  "node": [{"name": "dropout", "opType": "Dropout", "input": ["x", "ratio"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            guard case .dropout(let ratio?) = node.op, ratio >= 1 else { continue }
            context.report("dropout '\(node.name)' has ratio \(ratio): its training-time scale 1 / (1 - \(ratio)) is \(ratio == 1 ? "inf" : "negative"), so its outputs are NaN",
                           node: node, field: .attribute("ratio"))
        }
    }
}
