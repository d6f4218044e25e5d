import ModelLint
import ModelLintDSL
import ModelLintIR
import Testing

@Suite("ModelLint.lint(model) from Swift")
struct DSLLintTests {
    @Test func findingsPointAtTheDSLCallSite() throws {
        let model = Model("pooling") {
            Input("data", shape: [1, 3, 32, 32], range: 0...1)
            Conv("conv1", outputs: 8, kernel: 3)
            MaxPool("pool1", kernel: 3, stride: 5)
        }
        let findings = try ModelLint.lint(model)
        #expect(findings.map(\.ruleCode) == ["ML201"], "\(findings)")
        let finding = try #require(findings.first)
        #expect(finding.location.line == #line - 5, "\(finding.location)")
        #expect(finding.location.column == 13, "\(finding.location)")
        #expect(finding.location.file == #filePath)
        #expect(finding.nodeName == "pool1")
    }
}
