import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// What a numerical finding tells its reader besides the message.
@Suite("Evidence on numerical findings")
struct HazardEvidenceTests {
    private func findings(_ json: String, rule: String, ranges: [String: ClosedRange<Double>] = [:]) throws -> [Finding] {
        let loaded = try ModelLoader.load(SourceFile(path: "evidence.json", text: json), format: .onnxJSON)
        let linter = Linter(rules: [try #require(RuleRegistry.rule(named: rule))], inputRanges: ranges)
        return loaded.graphs.flatMap { linter.check($0) }
    }

    /// x -> OP -> Log, x declared in [1, 2].
    private func logAfter(_ opType: String, domain: String = "") -> String {
        """
        {"irVersion": "8", "opsetImport": [{"version": "17"}, {"domain": "ai.onnx.ml", "version": "3"}], "graph": {"name": "g",
          "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
          "node": [{"name": "mystery", "opType": "\(opType)", "domain": "\(domain)", "input": ["x"], "output": ["m"]},
                   {"name": "log", "opType": "Log", "input": ["m"], "output": ["y"]}],
          "output": [{"name": "y"}]}}
        """
    }

    @Test func aHazardBehindAnOpWithoutSemanticsIsUnprovenAndSaysSo() throws {
        // A tree ensemble has no transfer function: its output is any value, so the log is
        // not proved, and nothing shows it goes wrong either: unproven, not a warning.
        let model = logAfter("TreeEnsembleRegressor", domain: "ai.onnx.ml")
        #expect(try findings(model, rule: "ML101", ranges: ["x": 1...2]).isEmpty)
        let loaded = try ModelLoader.load(SourceFile(path: "evidence.json", text: model), format: .onnxJSON)
        let linter = Linter(rules: [try #require(RuleRegistry.rule(named: "ML101"))], inputRanges: ["x": 1...2])
        let graph = try #require(loaded.graphs.first)
        let unproven = try #require(linter.checkWithProofs(graph).unproven.first)
        #expect(unproven.evidence.contains { $0.contains("no interval semantics for 'mystery' (TreeEnsembleRegressor)") }, "\(unproven.evidence)")
        #expect(unproven.evidence.contains("verdict: unproven"))
    }

    @Test func aModelledOpNeedsNoSuchNote() throws {
        // Erf of [1, 2] is in (0.84, 0.998]: log is proved safe.
        #expect(try findings(logAfter("Erf"), rule: "ML101", ranges: ["x": 1...2]).isEmpty)
    }

    @Test func findingsNameTheAssumedUnboundedInputs() throws {
        let finding = try #require(try findings(logAfter("Neg"), rule: "ML101").first)
        #expect(finding.evidence.contains { $0.contains("assuming any finite value for the input 'x'") })
        #expect(finding.evidence.contains("verdict: possible"))
    }
}
