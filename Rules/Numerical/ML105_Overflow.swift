import Foundation
import ModelLintAnalysis
import ModelLintIR

/// ML105: a value may exceed the largest finite number of its dtype. This is
/// the fp16 prover: a model exported for fp16 is checked against 65504.
public struct Overflow: Rule {
    public static let description = RuleDescription(
        code: "ML105",
        name: "overflow",
        summary: "An operation whose result may exceed its dtype's largest finite value: 65504 in fp16, 3.4e38 in fp32.",
        rationale: """
            A float that exceeds its dtype's largest finite value becomes ±inf, and the next \
            subtraction or multiplication by zero turns it into NaN. fp16 overflows early: a MatMul \
            over 4 inputs in [-1, 1] with weights of 30000 already reaches 120000, a sum of squares \
            over a few hundred activations of 20 exceeds 65504, and a Cast to fp16 of a value above \
            65504 is inf. The rule reports the operation where the overflow starts, from inputs that \
            are finite, and only where their bounds come from the model itself (weights, bounded \
            activations) or from declared input ranges: the assumption that an undeclared input may \
            hold any finite value would make every product overflow and tell nothing. It warns only \
            when some input within the declared ranges is shown to reach the overflow (the declared \
            ends through monotone functions and one linear layer with known weights); a bound that \
            grows through many layers is loose, so an overflow only it allows is listed as unproven \
            (--show-unproven), not warned about. Exp is ML104's, a zero divisor ML102's.
            """,
        fix: "Keep the computation in fp32 (autocast the op), scale the values down before it (divide attention scores by sqrt(d) before the MatMul's sum grows, normalize inputs), or clip.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "fp16_matmul",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["4", "2"], "dataType": 10, "int32Data": [30547, 30547, 30547, 30547, 30547, 30547, 30547, 30547]}],
                  "node": [{"name": "squash", "opType": "Tanh", "input": ["x"], "output": ["t"]},
                           {"name": "project", "opType": "MatMul", "input": ["t", "w"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["project"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "fp16_matmul_small",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["4", "2"], "dataType": 10, "int32Data": [15360, 15360, 15360, 15360, 15360, 15360, 15360, 15360]}],
                  "node": [{"name": "squash", "opType": "Tanh", "input": ["x"], "output": ["t"]},
                           {"name": "project", "opType": "MatMul", "input": ["t", "w"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
            .triggering(.prototxt, """
                name: "power_of_pixels"
                layer { name: "data" type: "Data" top: "data" top: "label"
                        transform_param { mean_value: 104 } data_param { source: "train_lmdb" batch_size: 64 } }
                layer { name: "pow" type: "Power" bottom: "data" top: "p" power_param { power: 20 } }  # expect: ML105
                """),
            .nonTriggering(.prototxt, """
                name: "power_of_scaled_pixels"
                layer { name: "data" type: "Data" top: "data" top: "label"
                        transform_param { scale: 0.00390625 } data_param { source: "train_lmdb" batch_size: 64 } }
                layer { name: "pow" type: "Power" bottom: "data" top: "p" power_param { power: 20 } }
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        // The same analysis with undeclared inputs of unknown magnitude (an
        // input bounded there is bounded by the model or by a declared range),
        // and what inputs within the declared ranges are shown to reach (a
        // possible overflow is a warning only where it is, unproven elsewhere):
        // the model computes each once, and only when some op is in question.
        let opaque = Set(context.intervals.opaqueNodes)
        for node in graph.nodes where !node.inputs.isEmpty && !opaque.contains(node.id) {
            guard let output = node.outputs.first, let limit = graph.tensor(output).dtype.maxFinite,
                  !judgedElsewhere(node, context: context),
                  node.inputs.allSatisfy({ isFinite(context.intervals.interval(of: $0)) }),
                  // A result that stays finite after outward rounding was finite before
                  // it: proved, and a proof not worth listing is not recomputed in float64
                  // (for a weighted layer that is another pass over all its weights).
                  !(isWithin(context.intervals.interval(of: output), limit) && (!context.recordsProofs || limit > 65504)),
                  // An infinite bound before rounding is a magnitude nobody knows
                  // (weights kept outside the model), not evidence of overflow.
                  let exact = context.intervals.unroundedOutputs(of: node, in: graph)?.first,
                  exact.isNumericEmpty || (exact.lo.isFinite && exact.hi.isFinite) else { continue }
            let verdict = Verdict.of(exact, someBad: exact.hi > limit || exact.lo < -limit,
                                     allBad: exact.lo > limit || exact.hi < -limit)
            // A proof is worth listing for fp16 (the narrow range), and only where the
            // op can make values larger than its inputs.
            let largestInput = node.inputs.map { magnitude(context.intervals.interval(of: $0)) }.max() ?? 0
            if verdict == .proved && (!context.recordsProofs || limit > 65504 || magnitude(exact) <= largestInput) { continue }
            if !context.intervals.unboundedInputs.isEmpty {
                let withoutAssumption = context.model.intervalsWithUnlimitedInputs
                guard node.inputs.allSatisfy({ isFinite(withoutAssumption.interval(of: $0)) }) else { continue }
            }
            let dtype = graph.tensor(output).dtype.rawValue
            var shown: String?
            var judged = verdict
            if verdict == .possible {
                if let reach = context.model.attained.reach(of: output), reach.hi > limit || reach.lo < -limit {
                    let value = reach.hi > limit ? "at least \(Self.format(reach.hi))" : "at most \(Self.format(reach.lo))"
                    shown = "some input within the declared ranges gives a value of \(value) here: the overflow is reached"
                } else {
                    judged = .unproven
                }
            }
            context.reportHazard("'\(node.name)' (\(node.sourceType)) may overflow \(dtype): its result can exceed \(Self.format(limit)) in magnitude and become inf",
                                 node: node, verdict: judged, operand: exact,
                                 operandName: "before rounding to \(dtype), the result", fact: shown)
        }
    }

    private func magnitude(_ interval: Interval) -> Double {
        interval.isNumericEmpty ? 0 : Swift.max(Swift.abs(interval.lo), Swift.abs(interval.hi))
    }

    private func isWithin(_ interval: Interval, _ limit: Double) -> Bool {
        interval.isNumericEmpty || (interval.lo >= -limit && interval.hi <= limit)
    }

    private func isFinite(_ interval: Interval) -> Bool {
        interval.isNumericEmpty || (interval.lo.isFinite && interval.hi.isFinite)
    }

    /// Ops whose overflow another rule already explains: exp (ML104), log of
    /// zero (ML101), a divisor that may be zero (ML102), dropout of ratio 1 (ML107).
    private func judgedElsewhere(_ node: Node, context: RuleContext) -> Bool {
        switch node.op {
        case .exp, .log, .dropout: return true
        case .div where node.inputs.count >= 2: return context.intervals.interval(of: node.inputs[1]).containsZero
        case .reciprocal: return context.intervals.argument(of: node).containsZero
        case .pow(let exponent?, _) where exponent < 0: return context.intervals.argument(of: node).containsZero
        default: return false
        }
    }

    private static func format(_ value: Double) -> String {
        value == 65504 ? "65504" : String(format: "%.4g", value)
    }
}
