import Foundation
import ModelLintAnalysis
import ModelLintIR

/// ML104: exp of a value large enough to overflow the dtype.
public struct ExpOverflow: Rule {
    public static let description = RuleDescription(
        code: "ML104",
        name: "exp-overflow",
        summary: "exp of a value that may exceed ln(max finite) of its dtype: 88.72 in fp32, 11.09 in fp16.",
        rationale: """
            exp(89) is inf in fp32 and exp(12) is inf in fp16. Raw logits, unnormalized scores and \
            anything a linear layer produces can exceed that; inf / inf then gives NaN in a softmax \
            written by hand, and inf - inf in the loss.
            """,
        fix: "Subtract the maximum first (`exp(x - max(x))`), use Softmax/LogSoftmax, or clip the argument.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "exp_logits",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "exp_of_logits", "opType": "Exp", "input": ["x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["exp_of_logits"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "exp_stable",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "row_max", "opType": "ReduceMax", "input": ["x"], "output": ["mx"]},
                           {"name": "sub_max", "opType": "Sub", "input": ["x", "mx"], "output": ["z"]},
                           {"name": "exp_stable", "opType": "Exp", "input": ["z"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            .triggering(.prototxt, """
                name: "exp"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "exp" type: "Exp" bottom: "data" top: "y" }  # expect: ML104
                """),
            .nonTriggering(.prototxt, """
                name: "exp_of_tanh"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "tanh" type: "TanH" bottom: "data" top: "t" }
                layer { name: "exp" type: "Exp" bottom: "t" top: "y" exp_param { scale: 10 } }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            guard case .exp = node.op else { continue }
            let dtype = node.outputs.first.map { context.graph.tensor($0).dtype } ?? .float32
            let limit = Foundation.log((dtype.isFloatingPoint ? dtype : .float32).maxFinite ?? Double(Float.greatestFiniteMagnitude))
            let argument = context.intervals.argument(of: node, dtype: dtype)
            let verdict = Verdict.of(argument, someBad: argument.hi > limit, allBad: argument.lo > limit)
            context.reportHazard("exp '\(node.name)' may overflow: its argument can exceed \((limit * 100).rounded() / 100), the largest that \(dtype.rawValue) holds",
                                 node: node, verdict: verdict, operand: argument, operandName: "the argument")
        }
    }
}
