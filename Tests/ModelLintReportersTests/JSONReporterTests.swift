import Foundation
import ModelLintIR
import ModelLintReporters
import Testing

@Suite("JSON reporter")
struct JSONReporterTests {
    static let hostile = "pool<1>&\"x'\u{1B}[2J\u{0}\n\\\u{7F}\u{85}\u{2028}é"

    private func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }

    private func sampleReport() -> LintReport {
        let source = SourceFile(path: "net.prototxt",
                                text: "name: \"n\"\nlayer {\n  name: \"pool1\"\n  type: \"Pooling\"\n}\n")
        var finding = Fixture.finding(line: 2, column: 1, node: "pool1",
                                      related: [RelatedLocation(location: SourceLocation(file: "solver.prototxt", line: 3, column: 1),
                                                                message: "the solver trains it")],
                                      evidence: ["the input is 9 wide"], fix: "make the stride at most the kernel")
        finding.location.byteRange = 10..<54
        return LintReport(findings: [finding],
                          diagnostics: [Diagnostic(severity: .error, message: "expected '}'",
                                                   location: SourceLocation(file: "broken.prototxt", line: 4, column: 7))],
                          sources: Fixture.sources(source), filesLinted: 3,
                          proofs: [Fixture.finding("exp cannot overflow", code: "ML104", severity: .note, line: 3, column: 3)])
    }

    @Test func documentedTopLevelKeysInOrder() throws {
        let text = JSONReporter().render(sampleReport())
        let top = try parse(text)
        #expect(top["version"] as? Int == 1)
        let tool = try #require(top["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "modellint")
        #expect(tool["version"] as? String == ModelLintTool.version)
        #expect(top["files_linted"] as? Int == 3)
        // Keys come in the documented order (the text is the contract, not just the parsed object).
        let keys = ["\"version\"", "\"tool\"", "\"files_linted\"", "\"summary\"", "\"findings\"", "\"proofs\"", "\"diagnostics\""]
        let offsets = keys.map { text.range(of: "\n  \($0): ")?.lowerBound }
        #expect(offsets.allSatisfy { $0 != nil })
        #expect(offsets.compactMap { $0 } == offsets.compactMap { $0 }.sorted())
        #expect(text.hasSuffix("}\n"))
    }

    @Test func findingHasEveryDocumentedKey() throws {
        let top = try parse(JSONReporter().render(sampleReport()))
        let finding = try #require((top["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == ["code", "name", "severity", "message", "file", "line", "column", "end_line",
                                      "end_column", "byte_range", "node", "source_module", "evidence", "fix", "related"])
        #expect(finding["code"] as? String == "ML201")
        #expect(finding["name"] as? String == "pool-stride-exceeds-kernel")
        #expect(finding["severity"] as? String == "warning")
        #expect(finding["file"] as? String == "net.prototxt")
        #expect(finding["line"] as? Int == 2)
        #expect(finding["column"] as? Int == 1)
        // Bytes 10..<54 end with the `}` of line 5 (then its newline).
        #expect(finding["end_line"] as? Int == 5)
        #expect(finding["end_column"] as? Int == 2)
        #expect((finding["byte_range"] as? [String: Int]) == ["start": 10, "end": 54])
        #expect(finding["node"] as? String == "pool1")
        #expect(finding["evidence"] as? [String] == ["the input is 9 wide"])
        #expect(finding["fix"] as? String == "make the stride at most the kernel")
        let related = try #require((finding["related"] as? [[String: Any]])?.first)
        #expect(related["file"] as? String == "solver.prototxt")
        #expect(related["line"] as? Int == 3)
        #expect(related["message"] as? String == "the solver trains it")

        let proof = try #require((top["proofs"] as? [[String: Any]])?.first)
        #expect(proof["code"] as? String == "ML104")
        let diagnostic = try #require((top["diagnostics"] as? [[String: Any]])?.first)
        #expect(Set(diagnostic.keys) == ["severity", "message", "file", "line", "column"])
        #expect(diagnostic["severity"] as? String == "error")
        let summary = try #require(top["summary"] as? [String: Int])
        #expect(summary == ["errors": 0, "warnings": 1, "notes": 0, "unreadable_files": 1, "unproven": 0])
    }

    @Test func absentValuesAreNullNotMissing() throws {
        let top = try parse(JSONReporter().render(LintReport(findings: [Fixture.finding()], filesLinted: 1)))
        let finding = try #require((top["findings"] as? [[String: Any]])?.first)
        for key in ["end_line", "end_column", "byte_range", "node", "source_module", "fix"] {
            #expect(finding[key] is NSNull, "\(key) should be null")
        }
    }

    @Test func theSourceModuleFollowsTheNode() throws {
        var finding = Fixture.finding(file: "model.onnx", line: 0, column: 0, node: "node_log")
        finding.sourceModule = "encoder.layer3"
        let text = JSONReporter().render(LintReport(findings: [finding], filesLinted: 1))
        let entry = try #require((try parse(text)["findings"] as? [[String: Any]])?.first)
        #expect(entry["source_module"] as? String == "encoder.layer3")
        #expect(text.range(of: "\"node\"")!.lowerBound < text.range(of: "\"source_module\"")!.lowerBound)
    }

    @Test func binaryFindingHasNoLineButABytRange() throws {
        var finding = Fixture.finding(file: "model.onnx", line: 0, column: 0, node: "avgpool_gap")
        finding.location.byteRange = 120..<180
        let top = try parse(JSONReporter().render(LintReport(findings: [finding], filesLinted: 1)))
        let entry = try #require((top["findings"] as? [[String: Any]])?.first)
        #expect(entry["line"] is NSNull)
        #expect(entry["column"] is NSNull)
        #expect((entry["byte_range"] as? [String: Int]) == ["start": 120, "end": 180])
    }

    @Test func hostileStringsAreEscapedAndRoundTrip() throws {
        let finding = Fixture.finding("bad \(Self.hostile)", file: "dir/\(Self.hostile).prototxt", node: Self.hostile,
                                      evidence: [Self.hostile], fix: Self.hostile)
        let text = JSONReporter().render(LintReport(findings: [finding], filesLinted: 1))
        // Nothing raw reaches the output: no control character at all except the layout's newlines.
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        #expect(!text.contains("\u{2028}"))
        #expect(text.contains(#"\u001b[2J\u0000\n\\\u007f\u0085\u2028é"#))
        #expect(text.contains(#"pool<1>&\"x'"#))
        let entry = try #require((try parse(text)["findings"] as? [[String: Any]])?.first)
        #expect(entry["node"] as? String == Self.hostile)
        #expect(entry["file"] as? String == "dir/\(Self.hostile).prototxt")
        #expect(entry["evidence"] as? [String] == [Self.hostile])
    }

    @Test func invalidUTF8InTheSourceStillGivesValidJSON() throws {
        let source = SourceFile(path: "net.prototxt", bytes: Array("layer {\n  name: \"".utf8) + [0xFF, 0xC3] + Array("\"\n}\n".utf8))
        var finding = Fixture.finding(line: 1, column: 1, node: String(decoding: [0xFF, 0xC3], as: UTF8.self))
        finding.location.byteRange = 0..<22
        let text = JSONReporter().render(LintReport(findings: [finding], sources: Fixture.sources(source), filesLinted: 1))
        #expect(text.contains("\u{FFFD}"))  // the bad bytes arrive replaced, not raw
        #expect(try parse(text)["findings"] != nil)
    }

    @Test func outputIsDeterministic() {
        let report = sampleReport()
        #expect(JSONReporter().render(report) == JSONReporter().render(report))
        #expect(JSONReporter.identifier == "json")
    }
}
