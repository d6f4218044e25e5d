import ModelLintIR

/// ML003: a layer type the frontend does not know.
public struct UnknownLayerType: Rule {
    public static let description = RuleDescription(
        code: "ML003",
        name: "unknown-layer-type",
        summary: "A layer has a type that modellint does not know, such as a fork's custom layer or a Python layer; an error for an operator that its ONNX domain does not have at the model's opset.",
        rationale: """
            modellint cannot see inside the layer, so shapes and value ranges after it are unknown and \
            hazards downstream are judged on the widest assumption. This is a note, not a defect: \
            SSD's PriorBox or a Python layer are legitimate, but stock Caffe cannot run them.
            """,
        fix: "Nothing, if your Caffe build provides the layer; otherwise check the type's spelling.",
        defaultSeverity: .note,
        examples: [
            .triggering(.prototxt, """
                name: "ssd-head"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 300 dim: 300 }
                layer { name: "prior" type: "PriorBox"  # expect: ML003
                  bottom: "data" top: "prior" }
                """),
            .triggering(.prototxt, """
                name: "v1-typo"
                input: "data"
                input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
                layers { name: "r" type: RELUU bottom: "data" top: "r" }  # expect: ML003
                """),
            .nonTriggering(.prototxt, """
                name: "stock"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "spp" type: "SPP" bottom: "data" top: "spp" }
                layer { name: "r" type: "ReLU" bottom: "spp" top: "r" }
                """),
            .nonTriggering(.prototxt, """
                name: "stock-v1"
                input: "data"
                input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
                layers { name: "r" type: RELU bottom: "data" top: "r" }
                layers { name: "t" type: 23 bottom: "r" top: "t" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}, {"domain": "com.example", "version": "1"}], "graph": {
                  "name": "custom",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "initializer": [{"name": "scales", "dims": ["4"], "dataType": 1, "floatData": [1, 1, 2, 2]}],
                  "node": [{"name": "mystery", "opType": "FancyNorm", "domain": "com.example", "input": ["x"], "output": ["y"]},
                           {"name": "typo", "opType": "Rleu", "input": ["y"], "output": ["z"]},
                           {"name": "deprecated", "opType": "Upsample", "input": ["z", "scales"], "output": ["u"]}],
                  "output": [{"name": "u"}]}}
                """, nodes: ["mystery", "typo", "deprecated"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}, {"domain": "ai.onnx.ml", "version": "3"}], "graph": {
                  "name": "known",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "t", "opType": "Transpose", "input": ["x"], "output": ["y"]},
                           {"name": "n", "opType": "Normalizer", "domain": "ai.onnx.ml", "input": ["y"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """),
        ])

    public init() {}

    /// One note per unknown type, at its first layer: a SegNet with 47 `BN`
    /// layers gets one note that names the count, not 47 notes.
    public func check(_ context: inout RuleContext) {
        // An operator the ONNX domain does not have at the model's opset: an error, as for onnx.checker.
        let rejected = context.reportSchemaViolations(.unknownOperator, severity: .error)
        var layersByType: [String: [Node]] = [:]
        var order: [String] = []
        for node in context.graph.nodes where !rejected.contains(node.id) {
            guard case .unknown(let type) = node.op else { continue }
            if layersByType[type] == nil { order.append(type) }
            layersByType[type, default: []].append(node)
        }
        for type in order {
            let nodes = layersByType[type] ?? []
            let first = nodes[0]
            let others = nodes.count > 1 ? " (and \(nodes.count - 1) more layer\(nodes.count == 2 ? "" : "s") of this type)" : ""
            let message = type.isEmpty
                ? "layer '\(first.name)'\(others) has no type"
                : "layer '\(first.name)'\(others) has type '\(type)', which modellint does not know; it is treated as opaque"
            context.report(message, node: first, field: .opType)
        }
    }
}
