import ModelLintIR
import ModelLintReporters
import Testing

@Suite struct SummaryTests {
    private func summary(_ severities: [Severity], files: Int, unreadable: Int = 0) -> String? {
        let findings = severities.map { Fixture.finding(severity: $0) }
        let errors = (0..<unreadable).map {
            Diagnostic(severity: .error, message: "cannot parse", location: .startOf("bad\($0).prototxt"))
        }
        return Fixture.render(LintReport(findings: findings, diagnostics: errors, filesLinted: files)).last
    }

    @Test func noFindings() {
        #expect(summary([], files: 4) == "no findings in 4 files")
        #expect(summary([], files: 1) == "no findings in 1 file")
        #expect(summary([], files: 0) == "no findings in 0 files")
    }

    @Test func singularAndPlural() {
        #expect(summary([.warning], files: 1) == "1 finding (1 warning) in 1 file")
        #expect(summary([.note], files: 2) == "1 finding (1 note) in 2 files")
        #expect(summary([.warning, .error, .warning], files: 4) == "3 findings (1 error, 2 warnings) in 4 files")
        #expect(summary([.note, .error, .note, .error], files: 1) == "4 findings (2 errors, 2 notes) in 1 file")
        #expect(summary([.note, .warning, .error], files: 3) == "3 findings (1 error, 1 warning, 1 note) in 3 files")
    }

    @Test func unreadableFilesAreAppended() {
        #expect(summary([.error], files: 5, unreadable: 1)
                == "1 finding (1 error) in 5 files, 1 file could not be read")
        #expect(summary([], files: 5, unreadable: 2) == "no findings in 5 files, 2 files could not be read")
    }

    @Test func countBySeverity() {
        let report = LintReport(findings: [.warning, .error, .warning].map { Fixture.finding(severity: $0) },
                                filesLinted: 1)
        #expect(report.count(of: .warning) == 2)
        #expect(report.count(of: .error) == 1)
        #expect(report.count(of: .note) == 0)
    }
}

@Suite struct QuietTextTests {
    @Test func quietKeepsFindingsAndErrorsOnly() {
        let report = LintReport(findings: [Fixture.finding()], diagnostics: [
            Diagnostic(severity: .error, message: "broken", location: .startOf("b.prototxt")),
            Diagnostic(severity: .note, message: "skipped", location: .startOf("c.txt")),
        ], filesLinted: 2, proofs: [Fixture.finding("safe", severity: .note)])
        let text = TextReporter(useColor: false, quiet: true).render(report)
        #expect(text == "net.prototxt:1:1: warning: pooling stride 5 exceeds kernel 3 [ML201]\nb.prototxt:1:1: error: broken\n")
    }

    @Test func quietCleanRunPrintsNothing() {
        #expect(TextReporter(useColor: false, quiet: true).render(LintReport(findings: [], filesLinted: 4)) == "")
    }
}
