import ModelLintAnalysis
import ModelLintIR

/// ML103: a square root or fractional power of a value that may be negative.
public struct SqrtOfNegative: Rule {
    public static let description = RuleDescription(
        code: "ML103",
        name: "sqrt-of-negative",
        summary: "A square root, or a fractional power, of a value that may be negative.",
        rationale: """
            sqrt(-1) and (-1)^0.5 are NaN in IEEE arithmetic. A linear layer's output, a difference, \
            or a variance computed as E[x^2] - E[x]^2 (which rounding makes slightly negative) \
            reaches them, and the NaN spreads to every later value.
            """,
        fix: "Take the root of a value that cannot be negative: `sqrt(abs(x) + eps)`, `sqrt(relu(v) + eps)`, or clip it first.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "pow_half",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "half", "dims": [], "dataType": 1, "floatData": [0.5]}],
                  "node": [{"name": "pow_half", "opType": "Pow", "input": ["x", "half"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["pow_half"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "sqrt_abs",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "abs", "opType": "Abs", "input": ["x"], "output": ["a"]},
                           {"name": "sqrt", "opType": "Sqrt", "input": ["a"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            .triggering(.prototxt, """
                name: "sqrt"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "root" type: "Power" bottom: "data" top: "y" power_param { power: 0.5 } }  # expect: ML103
                """),
            .nonTriggering(.prototxt, """
                name: "sqrt_of_relu"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "r" }
                layer { name: "root" type: "Power" bottom: "r" top: "y" power_param { power: 0.5 } }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            let plainOperand: Bool
            switch node.op {
            case .sqrt: plainOperand = true
            case .pow(let exponent?, let prelude) where exponent != exponent.rounded(): plainOperand = prelude == .identity
            default: continue
            }
            let argument = context.intervals.argument(of: node)
            context.reportHazard("'\(node.name)' takes a root of a value that may be negative, giving NaN", node: node,
                                 operand: argument, operandIndex: plainOperand ? 0 : nil, operandName: "the base") {
                Verdict.of($0, someBad: $0.lo < 0, allBad: $0.hi < 0)
            }
        }
    }
}
