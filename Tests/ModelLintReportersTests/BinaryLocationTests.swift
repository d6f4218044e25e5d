import ModelLintIR
import ModelLintReporters
import Testing

@Suite("Findings in binary files")
struct BinaryLocationTests {
    /// A binary `.onnx` has no lines: the header names the file alone, and a
    /// note gives the node's byte range instead of a made-up `:0:0`.
    @Test func byteRangeInsteadOfLineAndColumn() {
        var finding = Fixture.finding(file: "model.onnx", line: 0, column: 0, node: "avgpool_gap")
        finding.location.byteRange = 120..<180
        let lines = Fixture.render(LintReport(findings: [finding], filesLinted: 1))
        #expect(lines[0] == "model.onnx: warning: pooling stride 5 exceeds kernel 3 [ML201]")
        #expect(lines[1] == "note: in layer 'avgpool_gap'")
        #expect(lines[2] == "note: at bytes 120..<180 of the file")
    }
}
