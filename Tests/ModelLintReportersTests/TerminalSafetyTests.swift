import ModelLintIR
@testable import ModelLintReporters
import Testing

/// User data (node names, messages, paths, quoted lines) must not be able to
/// send escape sequences to the terminal or forge extra output lines.
@Suite struct TerminalSafetyTests {
    private let esc = "\u{1B}"

    /// What is replaced is compared by number; it must be every character
    /// Unicode calls a control (category Cc) but the tab, and nothing else.
    @Test func replacedCharactersAreUnicodesControlsButTheTab() {
        var replaced = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let control = scalar.properties.generalCategory == .control && scalar != "\t"
            #expect(TerminalSafe.needsReplacement(scalar) == control, "U+\(String(value, radix: 16))")
            if control { replaced += 1 }
        }
        #expect(replaced == 64)
    }

    @Test func escapeSequenceInNodeNameIsNeutralised() {
        // Set the window title, then clear the screen.
        let evil = "pool1\u{1B}]0;pwned\u{07}\u{1B}[2J"
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(node: evil)], filesLinted: 1))
        #expect(lines == [
            "net.prototxt:1:1: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "note: in layer 'pool1␛]0;pwned␇␛[2J'",
            "1 finding (1 warning) in 1 file",
        ])
    }

    @Test func withColourOnlyTheReportersOwnEscapesRemain() {
        let evil = "x\u{1B}[31m"
        let text = TextReporter(useColor: true).render(LintReport(findings: [Fixture.finding(node: evil)], filesLinted: 1))
        // header: 3 styled spans; note: 1 styled span; 2 escapes each.
        #expect(text.unicodeScalars.filter { $0 == "\u{1B}" }.count == 8)
        #expect(text.contains("'x␛[31m'"))
    }

    @Test func newlineInAMessageCannotForgeAFinding() {
        let message = "bad layer\nevil.prototxt:1:1: error: forged [ML000]"
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(message, evidence: ["a\r\nb"])], filesLinted: 1))
        #expect(lines == [
            "net.prototxt:1:1: warning: bad layer␊evil.prototxt:1:1: error: forged [ML000] [ML201]",
            "note: a␍␊b",
            "1 finding (1 warning) in 1 file",
        ])
    }

    @Test func c1ControlsAndDeleteAreReplacedTooButTabsAndUTF8Stay() {
        // U+009B is the 8-bit CSI some terminals honour.
        let node = "池化\u{9B}31m\u{7F}\tε"
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(node: node, fix: "use\tε = 1e-5")], filesLinted: 1))
        #expect(lines[1] == "note: in layer '池化\u{FFFD}31m␡\tε'")
        #expect(lines[2] == "note: fix: use\tε = 1e-5")
    }

    @Test func controlCharactersInPathsAndQuotedLinesAreReplacedAndTheCaretStillLinesUp() {
        let path = "m\u{1B}[8m.prototxt"
        let file = SourceFile(path: path, text: "name: \"a\u{1B}[2Jb\" stride: 2\n")
        // bytes: `name: "a` 8, ESC 1, `[2Jb" ` 6 -> `s` at column 16.
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(file: path, line: 1, column: 16)],
                                              sources: Fixture.sources(file), filesLinted: 1))
        #expect(lines == [
            "m␛[8m.prototxt:1:16: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "name: \"a␛[2Jb\" stride: 2",
            String(repeating: " ", count: 15) + "^",
            "1 finding (1 warning) in 1 file",
        ])
    }
}
