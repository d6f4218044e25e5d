import ModelLintIR
import ModelLintReporters
import Testing

/// Tool messages: parse errors and skipped files, printed like findings but
/// without a rule code, after the findings and before the summary.
@Suite struct DiagnosticTests {
    @Test func parseErrorIsLocatedQuotedAndCounted() {
        let broken = SourceFile(path: "broken.prototxt", text: "layer {\n  name: \"x\" }}\n")
        let error = Diagnostic(severity: .error, message: "unexpected '}'",
                               location: SourceLocation(file: "broken.prototxt", line: 2, column: 14))
        let lines = Fixture.render(LintReport(findings: [], diagnostics: [error],
                                              sources: Fixture.sources(broken), filesLinted: 3))
        #expect(lines == [
            "broken.prototxt:2:14: error: unexpected '}'",
            "  name: \"x\" }}",
            "             ^",
            "no findings in 3 files, 1 file could not be read",
        ])
    }

    @Test func diagnosticsComeAfterFindings() {
        let note = Diagnostic(severity: .note, message: "skipped: not a model file",
                              location: SourceLocation(file: "models/README.md", line: 1, column: 1))
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(line: 2, column: 3)], diagnostics: [note],
                                              filesLinted: 1))
        #expect(lines == [
            "net.prototxt:2:3: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "models/README.md:1:1: note: skipped: not a model file",
            "1 finding (1 warning) in 1 file",
        ])
    }

    @Test func noteDiagnosticsDoNotCountAsUnreadable() {
        let note = Diagnostic(severity: .note, message: "net 'train.prototxt' not found",
                              location: SourceLocation(file: "solver.prototxt", line: 1, column: 6))
        let lines = Fixture.render(LintReport(findings: [], diagnostics: [note], filesLinted: 1))
        #expect(lines.last == "no findings in 1 file")
    }

    @Test func unreadableFilesAreCountedOncePerFile() {
        func error(_ file: String) -> Diagnostic {
            Diagnostic(severity: .error, message: "bad", location: .startOf(file))
        }
        let one = LintReport(findings: [], diagnostics: [error("a"), error("a")], filesLinted: 2)
        #expect(one.unreadableFiles == ["a"])
        #expect(Fixture.render(one).last == "no findings in 2 files, 1 file could not be read")

        let two = LintReport(findings: [], diagnostics: [error("b"), error("a"), error("b")], filesLinted: 2)
        #expect(two.unreadableFiles == ["b", "a"])
        #expect(Fixture.render(two).last == "no findings in 2 files, 2 files could not be read")
    }
}
