import ModelLintIR

/// ML901: an inline suppression that suppresses nothing.
///
/// A meta rule: it looks at the suppressions, not at a graph, so its check
/// does nothing; the engine reports it after the other rules ran, for
/// suppressions of rules that were selected (one of a rule left out with
/// `--ignore` or `--select` is never called unused).
public struct UnusedSuppression: Rule {
    public static let description = RuleDescription(
        code: "ML901",
        name: "unused-suppression",
        summary: "An inline suppression (`modellint: disable=…`) that suppresses no finding.",
        rationale: """
            A suppression outlives the hazard it was written for: the layer is fixed, moved or \
            renamed, and the comment stays. It then hides nothing today but will silently hide \
            the next real finding of that rule on that line or node, which may be a new NaN \
            source. It also misleads readers into thinking the model has a known problem there.
            """,
        fix: "Delete the suppression, or move it to the line (or ONNX node) that has the finding.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "fixed_pooling"
                input: "data"
                input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
                layer {
                  name: "pool1"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool1"
                  pooling_param {
                    pool: AVE
                    kernel_size: 3
                    stride: 2  # modellint: disable=ML201 -- expect: ML901 (the stride was fixed)
                  }
                }
                """),
            .nonTriggering(.prototxt, """
                name: "faulty_pooling"
                input: "data"
                input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
                layer {
                  name: "pool1"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool1"
                  pooling_param {
                    pool: AVE
                    kernel_size: 3
                    # modellint: disable=pool-stride-exceeds-kernel -- reproduces the original net
                    stride: 5
                  }
                }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "ok",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "maxpool", "opType": "MaxPool", "input": ["x"], "output": ["y"],
                            "docString": "modellint: disable=ML201 -- the stride used to be 3",
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["maxpool"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "gap",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "avgpool_gap", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                            "docString": "modellint: disable=ML201 -- sparse sampling is intended",
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "strides", "ints": ["3", "3"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """),
        ],
        isMeta: true)

    public init() {}

    /// The engine's suppression pass reports this rule (`Suppressions.unused`).
    public func check(_ context: inout RuleContext) {}
}
