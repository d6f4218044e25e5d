import ModelLintIR

/// ML106: Log applied to a Softmax output.
public struct LogOfSoftmax: Rule {
    public static let description = RuleDescription(
        code: "ML106",
        name: "log-of-softmax",
        summary: "A Log is applied to the output of a Softmax; LogSoftmax computes the same, stably.",
        rationale: """
            A softmax probability underflows to exactly 0 once its logit is about 104 below the \
            largest in fp32 (17 in fp16), and log(0) is -inf; the gradient through the pair is \
            inf or NaN. LogSoftmax computes x - max(x) - log(sum(exp(x - max(x)))) without ever \
            forming the small probability.
            """,
        fix: "Replace the Softmax and Log pair by LogSoftmax (or a fused cross-entropy loss).",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "softmax_log",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "softmax", "opType": "Softmax", "input": ["x"], "output": ["p"]},
                           {"name": "log_of_softmax", "opType": "Log", "input": ["p"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["log_of_softmax"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "logsoftmax",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "log_softmax", "opType": "LogSoftmax", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            .triggering(.prototxt, """
                name: "softmax_log"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "prob" type: "Softmax" bottom: "data" top: "p" }
                layer { name: "log" type: "Log" bottom: "p" top: "y" }  # expect: ML106
                """),
            .nonTriggering(.prototxt, """
                name: "softmax_loss"
                input: "data"
                input: "label"
                input_shape { dim: 1 dim: 4 }
                input_shape { dim: 1 }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "data" bottom: "label" top: "loss" }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            guard case .log = node.op, let input = node.inputs.first, let producer = context.graph.producer(of: input),
                  case .softmax = producer.op else { continue }
            context.report("log '\(node.name)' of softmax '\(producer.name)' gives -inf when a probability underflows to 0",
                           node: node, related: [RelatedLocation(location: producer.location, message: "the softmax is here")])
        }
    }
}
