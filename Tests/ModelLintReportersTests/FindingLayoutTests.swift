import ModelLintIR
import ModelLintReporters
import Testing

@Suite struct FindingLayoutTests {
    @Test func identifierIsText() {
        #expect(TextReporter.identifier == "text")
    }

    @Test func fullFindingPrintsHeaderQuoteCaretNotesAndRelated() {
        let net = SourceFile(path: "nets/net.prototxt", text: """
            layer {
              name: "pool1"
              pooling_param {
                stride: 5
              }
            }

            """)
        let solver = SourceFile(path: "nets/solver.prototxt", text: "base_lr: 0.1\nnet: \"net.prototxt\"\n")
        let finding = Fixture.finding(
            file: "nets/net.prototxt", line: 4, column: 5, node: "pool1",
            related: [RelatedLocation(location: SourceLocation(file: "nets/solver.prototxt", line: 2, column: 6),
                                      message: "trained by this solver")],
            evidence: ["the input is 9 wide", "kernel_size: 3"], fix: "make stride ≤ kernel_size")
        let lines = Fixture.render(LintReport(findings: [finding], sources: Fixture.sources(net, solver), filesLinted: 1))
        #expect(lines == [
            "nets/net.prototxt:4:5: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "    stride: 5",
            "    ^",
            "note: in layer 'pool1'",
            "note: the input is 9 wide",
            "note: kernel_size: 3",
            "note: fix: make stride ≤ kernel_size",
            "nets/solver.prototxt:2:6: note: trained by this solver",
            "net: \"net.prototxt\"",
            "     ^",
            "1 finding (1 warning) in 1 file",
        ])
    }

    @Test func findingWithoutExtrasIsHeaderAndQuoteOnly() {
        let net = SourceFile(path: "a.prototxt", text: "stride: 5\n")
        let finding = Fixture.finding("log of a value that can be 0", code: "ML102", severity: .error,
                                      file: "a.prototxt", line: 1, column: 9)
        let lines = Fixture.render(LintReport(findings: [finding], sources: Fixture.sources(net), filesLinted: 1))
        #expect(lines == [
            "a.prototxt:1:9: error: log of a value that can be 0 [ML102]",
            "stride: 5",
            "        ^",
            "1 finding (1 error) in 1 file",
        ])
    }

    @Test func findingsKeepTheEnginesOrder() {
        // The engine sorts; the reporter must not re-sort (here: line 9 before line 2).
        let findings = [Fixture.finding("second", line: 9), Fixture.finding("first", line: 2)]
        let lines = Fixture.render(LintReport(findings: findings, filesLinted: 1))
        #expect(lines == [
            "net.prototxt:9:1: warning: second [ML201]",
            "net.prototxt:2:1: warning: first [ML201]",
            "2 findings (2 warnings) in 1 file",
        ])
    }

    @Test func relatedLocationWithoutSourceIsJustItsNoteLine() {
        let finding = Fixture.finding(
            file: "net.prototxt", line: 3, column: 2,
            related: [RelatedLocation(location: SourceLocation(file: "solver.prototxt", line: 3, column: 1),
                                      message: "base_lr: 10 never decays")])
        let lines = Fixture.render(LintReport(findings: [finding], filesLinted: 2))
        #expect(lines == [
            "net.prototxt:3:2: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "solver.prototxt:3:1: note: base_lr: 10 never decays",
            "1 finding (1 warning) in 2 files",
        ])
    }
}
