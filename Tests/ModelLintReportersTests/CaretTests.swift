import ModelLintIR
import ModelLintReporters
import Testing

/// The quoted line and the caret under the column. Columns count bytes from 1.
@Suite struct CaretTests {
    /// The two lines under the header for a finding at `line:column` of `text`.
    private func quote(_ text: String, line: Int = 1, column: Int) -> [String] {
        let file = SourceFile(path: "m.prototxt", text: text)
        let lines = Fixture.render(LintReport(findings: [Fixture.finding(file: "m.prototxt", line: line, column: column)],
                                              sources: Fixture.sources(file), filesLinted: 1))
        return Array(lines.dropFirst().dropLast())
    }

    @Test func caretUnderFirstColumn() {
        #expect(quote("stride: 5\n", column: 1) == ["stride: 5", "^"])
    }

    @Test func tabsAreKeptInTheQuoteAndRepeatedInTheCaretLine() {
        // bytes: \t(1) p(2) o o l(5) space(6) {(7) \t(8) space(9) s(10)
        #expect(quote("\tpool {\t stride: 5 }\n", column: 10)
                == ["\tpool {\t stride: 5 }", "\t      \t ^"])
    }

    @Test func caretOnATab() {
        #expect(quote("a\tb\n", column: 2) == ["a\tb", " ^"])
        #expect(quote("a\tb\n", column: 3) == ["a\tb", " \t^"])
    }

    @Test func multiByteCharactersTakeOneColumnAndWideOnesTwo() {
        // `é` is 2 bytes and 1 column; `池` and `化` are 3 bytes and 2 columns each.
        #expect(quote("é: 1\n", column: 3) == ["é: 1", " ^"])
        #expect(quote("  name: \"池化1\" stride: 2\n", column: 19)
                == ["  name: \"池化1\" stride: 2", String(repeating: " ", count: 16) + "^"])
    }

    @Test func columnInsideAMultiByteCharacterPointsAtThatCharacter() {
        #expect(quote("xé: 1\n", column: 3) == ["xé: 1", " ^"])
    }

    @Test func columnPastTheEndOfTheLinePointsPastIt() {
        #expect(quote("abc\n", column: 5) == ["abc", "    ^"])
    }

    @Test func lastLineWithoutNewlineAndCRLFLines() {
        #expect(quote("a: 1\nstride: 5", line: 2, column: 9) == ["stride: 5", "        ^"])
        #expect(quote("a: 1\r\nstride: 5\r\n", line: 2, column: 9) == ["stride: 5", "        ^"])
    }

    @Test func missingSourceFileOrLineIsTolerated() {
        // No SourceFile kept for the path.
        let noFile = Fixture.render(LintReport(findings: [Fixture.finding(line: 4, column: 5, node: "pool1")],
                                               filesLinted: 1))
        #expect(noFile == [
            "net.prototxt:4:5: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "note: in layer 'pool1'",
            "1 finding (1 warning) in 1 file",
        ])
        // The file is there but is shorter than the location says.
        let short = SourceFile(path: "net.prototxt", text: "a: 1\n")
        let noLine = Fixture.render(LintReport(findings: [Fixture.finding(line: 40, column: 5)],
                                               sources: Fixture.sources(short), filesLinted: 1))
        #expect(noLine == [
            "net.prototxt:40:5: warning: pooling stride 5 exceeds kernel 3 [ML201]",
            "1 finding (1 warning) in 1 file",
        ])
    }

    @Test func unknownLineOrColumnIsLeftOutOfTheHeader() {
        // A binary .onnx file has no lines; print what is known, never `:0:0`.
        let onnx = SourceFile(path: "m.onnx", bytes: [0x08, 0x07, 0x12])
        let lines = Fixture.render(LintReport(
            findings: [Fixture.finding("exp can overflow", code: "ML103", file: "m.onnx", line: 0, column: 0),
                       Fixture.finding("exp can overflow", code: "ML103", file: "m.onnx", line: 2, column: 0)],
            sources: Fixture.sources(onnx), filesLinted: 1))
        #expect(lines == [
            "m.onnx: warning: exp can overflow [ML103]",
            "m.onnx:2: warning: exp can overflow [ML103]",
            "2 findings (2 warnings) in 1 file",
        ])
    }
}
