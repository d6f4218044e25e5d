import Foundation
import ModelLintIR
import ModelLintReporters
import ModelLintRules
import Testing
@testable import ModelLint

@Suite("Baseline")
struct BaselineTests {
    private func lint(_ paths: [String]) -> LintReport {
        Linter(rules: RuleRegistry.all, configuration: .none).lint(paths: paths)
    }

    @Test func aBaselineSurvivesLineShiftsAndLetsNewFindingsThrough() throws {
        let root = try temporaryTree(["nets/a.prototxt": faultyPooling, "nets/b.prototxt": faultyPooling])
        defer { try? FileManager.default.removeItem(at: root) }
        let baselinePath = root.path + "/baseline.json"
        let before = lint([root.path + "/nets"])
        #expect(before.findings.count == 2)
        try Baseline.make(from: before, baselinePath: baselinePath).write(to: baselinePath)
        let written = try BaselineFile.read(from: baselinePath)
        #expect(written.counts.keys.map(\.path).sorted() == ["nets/a.prototxt", "nets/b.prototxt"])
        #expect(written.counts.keys.allSatisfy { $0.rule == "ML201" && $0.node == "pool1" && $0.lineHash.count == 16 })

        // Two comment lines above everything: the findings move down two lines and stay baselined.
        let a = root.appendingPathComponent("nets/a.prototxt")
        try ("# added\n# lines\n" + faultyPooling).write(to: a, atomically: true, encoding: .utf8)
        let shifted = lint([root.path + "/nets"])
        #expect(shifted.findings.map(\.location.line).sorted() == [29, 31])
        let filtered = Baseline.filter(shifted, by: written, baselinePath: baselinePath)
        #expect(filtered.findings.isEmpty)
        #expect(filtered.diagnostics.map(\.message) == ["2 findings are in the baseline and not reported"])

        // A second pool layer with the same mistake is new: it fails.
        let extra = faultyPooling + """
            layer {
              name: "pool2"
              type: "Pooling"
              bottom: "conv1"
              top: "pool2"
              pooling_param { pool: AVE kernel_size: 2 stride: 7 }
            }

            """
        try extra.write(to: a, atomically: true, encoding: .utf8)
        let grown = Baseline.filter(lint([root.path + "/nets"]), by: written, baselinePath: baselinePath)
        #expect(grown.findings.map { "\($0.ruleCode) \($0.nodeName ?? "")" } == ["ML201 pool2"])
    }

    @Test func identicalFingerprintsAreCounted() throws {
        let finding = Finding(ruleCode: "ML201", ruleName: "pool-stride-exceeds-kernel", severity: .warning, message: "m",
                              location: SourceLocation(file: "/z/a.prototxt", line: 1, column: 1), nodeName: "p")
        let report = LintReport(findings: [finding, finding], sources: [:], filesLinted: 1)
        let baseline = Baseline.make(from: report, baselinePath: "/z/b.json")
        #expect(baseline.counts.values.sorted() == [2])
        let three = LintReport(findings: [finding, finding, finding], sources: [:], filesLinted: 1)
        #expect(Baseline.filter(three, by: baseline, baselinePath: "/z/b.json").findings.count == 1, "a third is new")
    }

    @Test func aBaselineRoundTripsAndIsStable() throws {
        let baseline = BaselineFile(counts: [
            Fingerprint(rule: "ML201", path: "b.prototxt", node: "p", lineHash: "00000000000000ff"): 1,
            Fingerprint(rule: "ML101", path: "a/x.onnx", node: "", lineHash: Fingerprint.hash("")): 3,
        ])
        let data = try baseline.encoded()
        #expect(try BaselineFile.decode(data, path: "b.json") == baseline)
        #expect(try baseline.encoded() == data)
        #expect(Fingerprint.hash("stride: 5") == Fingerprint.hash("stride: 5"))
        #expect(Fingerprint.hash("") == "cbf29ce484222325")
    }

    @Test func aMissingOrCorruptBaselineIsRefused() {
        for (text, reason) in [("{", "not a modellint baseline (invalid JSON)"),
                               ("{\"version\": 1}", "not a modellint baseline (missing 'findings')"),
                               ("{\"version\": 9, \"findings\": []}", "version 9 is not one this modellint reads (1)"),
                               ("{\"version\": 1, \"findings\": [{\"rule\": \"ML1\", \"path\": \"a\", \"node\": \"\", \"line\": \"x\", \"count\": 0}]}",
                                "a count is 0; counts are between 1 and 2147483647"),
                               // Two of these would overflow the sum of counts.
                               ("{\"version\": 1, \"findings\": [{\"rule\": \"ML1\", \"path\": \"a\", \"node\": \"\", \"line\": \"x\", \"count\": 9223372036854775807}]}",
                                "a count is 9223372036854775807; counts are between 1 and 2147483647")] {
            #expect(throws: BaselineFile.Problem.self) { try BaselineFile.decode(Data(text.utf8), path: "b.json") }
            do { _ = try BaselineFile.decode(Data(text.utf8), path: "b.json") } catch { #expect(error.reason == reason) }
        }
        do {
            _ = try BaselineFile.read(from: "/nonexistent/b.json")
            Issue.record("read a missing file")
        } catch {
            #expect(error.description == "cannot use the baseline '/nonexistent/b.json': no such file (write one with --write-baseline)")
        }
    }
}
