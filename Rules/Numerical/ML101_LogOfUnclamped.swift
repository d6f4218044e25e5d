import ModelLintAnalysis
import ModelLintIR

/// ML101: the argument of a log may be zero or negative.
public struct LogOfUnclamped: Rule {
    public static let description = RuleDescription(
        code: "ML101",
        name: "log-of-unclamped",
        summary: "A log's argument may be zero or negative.",
        rationale: """
            log(0) is -inf and log of a negative number is NaN. A ReLU output, a probability that \
            underflows (sigmoid(-104) is exactly 0 in fp32) or any unbounded value can reach them; \
            the -inf or NaN then flows into the loss and every gradient.
            """,
        fix: "Add a small epsilon before the log (`log(p + 1e-7)`), clip the argument (`log(clip(p, eps, 1))`), or use a fused op such as LogSoftmax or a cross-entropy loss.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "log_relu",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                           {"name": "log_of_relu", "opType": "Log", "input": ["r"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["log_of_relu"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "log_guarded",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "eps", "dims": [], "dataType": 1, "floatData": [1e-6]}],
                  "node": [{"name": "sigmoid", "opType": "Sigmoid", "input": ["x"], "output": ["s"]},
                           {"name": "add_eps", "opType": "Add", "input": ["s", "eps"], "output": ["se"]},
                           {"name": "log_guarded", "opType": "Log", "input": ["se"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            // The log is computed everywhere, but kept only where x > 0: `where(x > 0, log(x), 0)`.
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "log_where_positive",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "zero", "dims": [], "dataType": 1, "floatData": [0]}],
                  "node": [{"name": "positive", "opType": "Greater", "input": ["x", "zero"], "output": ["p"]},
                           {"name": "log", "opType": "Log", "input": ["x"], "output": ["l"]},
                           {"name": "keep", "opType": "Where", "input": ["p", "l", "zero"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            // The same Where, with the log kept where x <= 0: the bad values are the ones kept.
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "log_where_wrong_branch",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "zero", "dims": [], "dataType": 1, "floatData": [0]}],
                  "node": [{"name": "positive", "opType": "Greater", "input": ["x", "zero"], "output": ["p"]},
                           {"name": "log", "opType": "Log", "input": ["x"], "output": ["l"]},
                           {"name": "keep", "opType": "Where", "input": ["p", "zero", "l"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["log"]),
            .triggering(.prototxt, """
                name: "log_relu"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "r" }
                layer { name: "log" type: "Log" bottom: "r" top: "y" }  # expect: ML101
                """),
            .nonTriggering(.prototxt, """
                name: "log_shifted"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "sig" type: "Sigmoid" bottom: "data" top: "s" }
                layer { name: "log" type: "Log" bottom: "s" top: "y" log_param { shift: 1 } }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            guard case .log(_, let prelude) = node.op else { continue }
            let argument = context.intervals.argument(of: node)
            context.reportHazard("the argument of log '\(node.name)' may be \(argument.hi <= 0 ? "" : "zero or ")negative, giving -inf or NaN",
                                 node: node, operand: argument, operandIndex: prelude == .identity ? 0 : nil, operandName: "the argument") {
                Verdict.of($0, someBad: $0.lo <= 0, allBad: $0.hi <= 0)
            }
        }
    }
}
