import Foundation
import ModelLintIR
import ModelLintReporters
import Testing

/// Workflow-command annotations and GitHub's escaping.
@Suite struct GitHubReporterTests {
    func render(_ report: LintReport) -> [String] {
        let text = GitHubReporter().render(report)
        #expect(text.isEmpty || (text.hasSuffix("\n") && !text.hasSuffix("\n\n")))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func oneLinePerFindingWithItsSeverity() {
        let report = LintReport(findings: [
            Fixture.finding(severity: .error, line: 29, column: 5, node: "pool1", evidence: ["10 wide"], fix: "lower it"),
            Fixture.finding("w", severity: .warning, line: 3, column: 1),
            Fixture.finding("n", severity: .note, line: 4, column: 2),
        ], filesLinted: 1)
        #expect(render(report) == [
            "::error file=net.prototxt,line=29,col=5,title=ML201 pool-stride-exceeds-kernel::pooling stride 5 exceeds kernel 3%0Ain layer 'pool1'%0A10 wide%0Afix: lower it",
            "::warning file=net.prototxt,line=3,col=1,title=ML201 pool-stride-exceeds-kernel::w",
            "::notice file=net.prototxt,line=4,col=2,title=ML201 pool-stride-exceeds-kernel::n",
        ])
    }

    @Test func endOfTheDefinitionFromItsByteRange() {
        let source = SourceFile(path: "net.prototxt", text: "layer {\n  name: \"p\"\n}\n")
        var finding = Fixture.finding(line: 1, column: 1)
        finding.location.byteRange = 0..<21  // through the closing brace
        let lines = render(LintReport(findings: [finding], sources: Fixture.sources(source), filesLinted: 1))
        #expect(lines.first?.hasPrefix("::warning file=net.prototxt,line=1,col=1,endLine=3,endColumn=1,title=") == true,
                "\(lines)")
    }

    @Test func binaryModelWithoutLinesHasOnlyTheFile() {
        let lines = render(LintReport(findings: [Fixture.finding(file: "m.onnx", line: 0, column: 0)], filesLinted: 1))
        #expect(lines.first?.hasPrefix("::warning file=m.onnx,title=") == true)
    }

    @Test func escapingOfMessagesAndProperties() {
        let finding = Fixture.finding("100% bad\r\nnext::line, a:b", file: "dir,x/a:b%.prototxt", line: 1, column: 1)
        #expect(render(LintReport(findings: [finding], filesLinted: 1)) == [
            "::warning file=dir%2Cx/a%3Ab%25.prototxt,line=1,col=1,title=ML201 pool-stride-exceeds-kernel::100%25 bad%0D%0Anext::line, a:b",
        ])
        #expect(GitHubReporter.escapeProperty("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae")
        #expect(GitHubReporter.escapeData("a,b:c%d\re") == "a,b:c%25d%0De")
    }

    @Test func noRawEscapeSequenceFromTheModel() {
        let evil = "pool\u{1B}]0;pwned\u{07}\u{1B}[2J"
        let text = GitHubReporter().render(LintReport(findings: [Fixture.finding(evil, file: "x\u{1B}.prototxt", node: evil)],
                                                      filesLinted: 1))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(text.contains("pool␛]0;pwned␇␛[2J"))
    }

    @Test func unreadableFilesAreErrorsAndNotesNotices() {
        let report = LintReport(findings: [], diagnostics: [
            Diagnostic(severity: .error, message: "expected '}'", location: SourceLocation(file: "b.prototxt", line: 2, column: 3)),
            Diagnostic(severity: .note, message: "skipped", location: .startOf("c.txt")),
        ], filesLinted: 2)
        #expect(render(report) == [
            "::error file=b.prototxt,line=2,col=3,title=modellint::expected '}'",
            "::notice file=c.txt,line=1,col=1,title=modellint::skipped",
        ])
    }

    @Test func cleanRunPrintsNothing() {
        #expect(GitHubReporter().render(LintReport(findings: [], filesLinted: 3)) == "")
    }
}
