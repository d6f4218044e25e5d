import ModelLintAnalysis
import ModelLintIR

/// ML102: a divisor may be zero.
public struct DivWithoutEpsilon: Rule {
    public static let description = RuleDescription(
        code: "ML102",
        name: "div-without-epsilon",
        summary: "A division's divisor may be zero: Div, Reciprocal, Power with a negative exponent, or normalization with epsilon 0.",
        rationale: """
            x / 0 is ±inf and 0 / 0 is NaN. Sums of non-negative values (a ReLU output reduced, a \
            variance) reach exactly zero on a dead batch or a constant channel, and the inf or NaN \
            reaches the loss.
            """,
        fix: "Add a small epsilon to the divisor (`x / (s + 1e-5)`), or give the normalization a positive epsilon.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "div_by_sum",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                           {"name": "reduce_sum", "opType": "ReduceSum", "input": ["r"], "output": ["s"]},
                           {"name": "div_by_sum", "opType": "Div", "input": ["r", "s"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["div_by_sum"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "div_guarded",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "eps", "dims": [], "dataType": 1, "floatData": [1e-5]}],
                  "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                           {"name": "reduce_sum", "opType": "ReduceSum", "input": ["r"], "output": ["s"]},
                           {"name": "add_eps", "opType": "Add", "input": ["s", "eps"], "output": ["se"]},
                           {"name": "div_guarded", "opType": "Div", "input": ["r", "se"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            // TF's div_no_nan: the quotient is kept only where the divisor (a square, >= 0) is not 0.
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "div_no_nan",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}},
                            {"name": "d", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "zero", "dims": [], "dataType": 1, "floatData": [0]}],
                  "node": [{"name": "square", "opType": "Mul", "input": ["d", "d"], "output": ["y"]},
                           {"name": "is_zero", "opType": "Equal", "input": ["y", "zero"], "output": ["z"]},
                           {"name": "divide", "opType": "Div", "input": ["x", "y"], "output": ["q"]},
                           {"name": "no_nan", "opType": "Where", "input": ["z", "zero", "q"], "output": ["out"]}],
                  "output": [{"name": "out"}]}}
                """),
            // The quotient kept where the divisor is 0 instead: the guard is the wrong way round.
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "div_where_zero",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}},
                            {"name": "d", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "zero", "dims": [], "dataType": 1, "floatData": [0]}],
                  "node": [{"name": "square", "opType": "Mul", "input": ["d", "d"], "output": ["y"]},
                           {"name": "is_zero", "opType": "Equal", "input": ["y", "zero"], "output": ["z"]},
                           {"name": "divide", "opType": "Div", "input": ["x", "y"], "output": ["q"]},
                           {"name": "no_nan", "opType": "Where", "input": ["z", "q", "zero"], "output": ["out"]}],
                  "output": [{"name": "out"}]}}
                """, nodes: ["divide"]),
            .triggering(.prototxt, """
                name: "reciprocal"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "r" }
                layer { name: "inv" type: "Power" bottom: "r" top: "y" power_param { power: -1 } }  # expect: ML102
                """),
            .nonTriggering(.prototxt, """
                name: "reciprocal_shifted"
                input: "data"
                input_shape { dim: 1 dim: 4 }
                layer { name: "relu" type: "ReLU" bottom: "data" top: "r" }
                layer { name: "inv" type: "Power" bottom: "r" top: "y" power_param { power: -1 shift: 1 } }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        for node in context.graph.nodes {
            let divisor: Interval
            let divisorIndex: Int?
            switch node.op {
            case .div where node.inputs.count >= 2:
                (divisor, divisorIndex) = (context.intervals.interval(of: node.inputs[1]), 1)
            case .reciprocal:
                (divisor, divisorIndex) = (context.intervals.argument(of: node), 0)
            case .pow(let exponent?, let prelude) where exponent < 0:
                (divisor, divisorIndex) = (context.intervals.argument(of: node), prelude == .identity ? 0 : nil)
            case .batchNorm(let epsilon, _) where (epsilon ?? 1e-5) == 0:
                // Without statistics the variance may be 0: only epsilon stands between it and 0/0.
                context.reportHazard("batch normalization '\(node.name)' has epsilon 0, so a constant channel divides by zero",
                                     node: node, verdict: .possible, operand: Interval(0, .infinity), operandName: "the variance",
                                     field: .attribute("epsilon"))
                continue
            default:
                continue
            }
            context.reportHazard("the divisor of '\(node.name)' may be zero, giving inf or NaN", node: node,
                                 operand: divisor, operandIndex: divisorIndex, operandName: "the divisor") {
                Verdict.of($0, someBad: $0.containsZero, allBad: $0.lo == 0 && $0.hi == 0)
            }
        }
    }
}
