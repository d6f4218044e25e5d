import ModelLintIR
import ModelLintReporters
import Testing

@Suite struct ColorTests {
    private let esc = "\u{1B}"

    private func report() -> LintReport {
        let net = SourceFile(path: "net.prototxt", text: "  stride: 5\n")
        let error = Diagnostic(severity: .error, message: "unexpected end of input",
                               location: SourceLocation(file: "net.prototxt", line: 1, column: 12))
        return LintReport(findings: [Fixture.finding(line: 1, column: 3, node: "pool1")], diagnostics: [error],
                          sources: Fixture.sources(net), filesLinted: 1)
    }

    @Test func colourOffWritesNoEscapeSequences() {
        let text = TextReporter(useColor: false).render(report())
        #expect(!text.contains(esc))
    }

    @Test func colourOnStylesLabelsAndCaret() {
        let lines = Fixture.render(report(), color: true)
        #expect(lines == [
            "\(esc)[1mnet.prototxt:1:3:\(esc)[0m \(esc)[1;35mwarning:\(esc)[0m "
                + "\(esc)[1mpooling stride 5 exceeds kernel 3 [ML201]\(esc)[0m",
            "  stride: 5",
            "  \(esc)[1;32m^\(esc)[0m",
            "\(esc)[1;36mnote:\(esc)[0m in layer 'pool1'",
            "\(esc)[1mnet.prototxt:1:12:\(esc)[0m \(esc)[1;31merror:\(esc)[0m \(esc)[1munexpected end of input\(esc)[0m",
            "  stride: 5",
            "           \(esc)[1;32m^\(esc)[0m",
            "1 finding (1 warning) in 1 file, 1 file could not be read",
        ])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var environment: [String: String]
        var isTerminal: Bool
        var expected: Bool
        var testDescription: String { "\(environment) terminal=\(isTerminal) -> \(expected)" }
    }

    @Test(arguments: [
        Case(environment: [:], isTerminal: true, expected: true),
        Case(environment: [:], isTerminal: false, expected: false),
        Case(environment: ["NO_COLOR": "1"], isTerminal: true, expected: false),
        // no-color.org: any non-empty value counts, even "0" or "false".
        Case(environment: ["NO_COLOR": "0"], isTerminal: true, expected: false),
        Case(environment: ["NO_COLOR": "false"], isTerminal: true, expected: false),
        // ... but an empty NO_COLOR is not set.
        Case(environment: ["NO_COLOR": ""], isTerminal: true, expected: true),
        Case(environment: ["CLICOLOR_FORCE": "1"], isTerminal: false, expected: true),
        Case(environment: ["CLICOLOR_FORCE": "0"], isTerminal: false, expected: false),
        Case(environment: ["CLICOLOR_FORCE": ""], isTerminal: false, expected: false),
        // NO_COLOR wins over CLICOLOR_FORCE.
        Case(environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"], isTerminal: false, expected: false),
        Case(environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"], isTerminal: true, expected: false),
        Case(environment: ["TERM": "dumb"], isTerminal: true, expected: false),
        Case(environment: ["TERM": "dumb", "CLICOLOR_FORCE": "1"], isTerminal: true, expected: true),
        Case(environment: ["CLICOLOR": "0"], isTerminal: true, expected: false),
        Case(environment: ["TERM": "xterm-256color", "CLICOLOR": "1"], isTerminal: true, expected: true),
    ])
    func shouldUseColor(_ c: Case) {
        #expect(TextReporter.shouldUseColor(environment: c.environment, isTerminal: c.isTerminal) == c.expected)
    }
}
