import ModelLintIR

/// ML902: a suppression that names no rule, or that cannot be read.
///
/// A meta rule: the engine reports it while reading suppressions; its check
/// over a graph does nothing.
public struct UnknownRuleInSuppression: Rule {
    public static let description = RuleDescription(
        code: "ML902",
        name: "unknown-rule-in-suppression",
        summary: "A suppression names a rule code or name that no rule has, or is malformed.",
        rationale: """
            A mistyped code (`ML2O1`), a code prefix (`ML2`) or a misspelt directive \
            (`modellint: disabel=ML201`) suppresses nothing, yet the author believes the finding \
            is handled. modellint never drops such a comment silently: the finding it meant to \
            hide is still reported, and this says why.
            """,
        fix: "Write 'modellint: disable=CODE' with codes (ML201) or names (pool-stride-exceeds-kernel) from `modellint rules`, separated by commas, then optionally ' -- reason'.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
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
                    stride: 5  # modellint: disable=ML2O1 -- expect: ML902 (a letter O)
                  }
                }
                """),
            .triggering(.prototxt, """
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
                    # modellint: disabel=ML201 -- expect: ML902
                    stride: 5
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
                    stride: 5  # modellint: disable=ML201, pool-stride-exceeds-kernel -- both spellings
                  }
                }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "gap",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "avgpool_gap", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                            "docString": "modellint: disable=pool-stride-exceed-kernel",
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "strides", "ints": ["3", "3"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["avgpool_gap"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "gap",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "avgpool_gap", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                            "docString": "Sparse sampling.\\nmodellint: disable=pool-stride-exceeds-kernel -- intended",
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "strides", "ints": ["3", "3"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """),
        ],
        isMeta: true)

    public init() {}

    /// The engine reports this rule while it reads suppressions (`Suppressions`).
    public func check(_ context: inout RuleContext) {}
}
