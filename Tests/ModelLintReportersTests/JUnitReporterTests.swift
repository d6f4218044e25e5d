import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ModelLintIR
import ModelLintReporters
import Testing

/// The JUnit reporter's structure, counts and escaping, read back with an XML
/// parser (libxml2) rather than by comparing strings.
@Suite struct JUnitReporterTests {
    static let rules = [
        RuleDescription(code: "ML101", name: "log-of-unclamped", summary: "", rationale: "", fix: "",
                        defaultSeverity: .warning, examples: []),
        RuleDescription(code: "ML201", name: "pool-stride-exceeds-kernel", summary: "", rationale: "", fix: "",
                        defaultSeverity: .warning, examples: []),
    ]

    func parse(_ report: LintReport) throws -> XMLElement {
        let text = JUnitReporter(rules: Self.rules).render(report)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\""), "\(text)")
        return try #require(try XMLDocument(xmlString: text, options: []).rootElement())
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    @Test func everySelectedRuleIsATestcaseInEveryFile() throws {
        let report = LintReport(findings: [Fixture.finding(file: "a.prototxt", line: 29, column: 5, node: "pool1",
                                                           evidence: ["the input is 10 wide"])],
                                filesLinted: 2, files: ["a.prototxt", "b.onnx"])
        let root = try parse(report)
        #expect(root.name == "testsuites")
        #expect(attribute(root, "tests") == "4")
        #expect(attribute(root, "failures") == "1")
        #expect(attribute(root, "errors") == "0")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { attribute($0, "name") } == ["a.prototxt", "b.onnx"])
        #expect(suites.map { attribute($0, "failures") } == ["1", "0"])
        let cases = suites[0].elements(forName: "testcase")
        #expect(cases.map { attribute($0, "name") } == ["ML101 log-of-unclamped", "ML201 pool-stride-exceeds-kernel"])
        #expect(cases.allSatisfy { attribute($0, "classname") == "a.prototxt" })
        #expect(cases[0].children == nil || cases[0].children!.isEmpty, "a rule that found nothing passes")
        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(attribute(failure, "message") == "pooling stride 5 exceeds kernel 3")
        #expect(attribute(failure, "type") == "warning")
        #expect(failure.stringValue == "a.prototxt:29:5\nin layer 'pool1'\nthe input is 10 wide")
    }

    @Test func failuresCountTestcasesNotFindings() throws {
        let findings = [Fixture.finding(line: 3), Fixture.finding(severity: .error, line: 9)]
        let root = try parse(LintReport(findings: findings, filesLinted: 1, files: ["net.prototxt"]))
        let suite = try #require(root.elements(forName: "testsuite").first)
        #expect(attribute(suite, "tests") == "2")
        #expect(attribute(suite, "failures") == "1")
        let failing = suite.elements(forName: "testcase")[1].elements(forName: "failure")
        #expect(failing.map { attribute($0, "type") } == ["warning", "error"])
    }

    @Test func anUnreadableFileIsOneErrorAndNoRuleTestcases() throws {
        let diagnostics = [Diagnostic(severity: .error, message: "expected '}'",
                                      location: SourceLocation(file: "broken.prototxt", line: 10, column: 42)),
                           Diagnostic(severity: .note, message: "skipped", location: .startOf("other.txt"))]
        let root = try parse(LintReport(findings: [], diagnostics: diagnostics, filesLinted: 1, files: ["broken.prototxt"]))
        #expect(attribute(root, "tests") == "1")
        #expect(attribute(root, "errors") == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 1, "notes from modellint are not tests")
        let cases = suites[0].elements(forName: "testcase")
        #expect(cases.map { attribute($0, "name") } == ["read"])
        let error = try #require(cases[0].elements(forName: "error").first)
        #expect(attribute(error, "message") == "expected '}'")
        #expect(error.stringValue == "broken.prototxt:10:42")
    }

    @Test func aFindingOfAnUnlistedRuleStillGetsATestcase() throws {
        let meta = Finding(ruleCode: "ML901", ruleName: "unused-suppression", severity: .warning, message: "unused",
                           location: .startOf("net.prototxt"))
        let root = try parse(LintReport(findings: [meta], filesLinted: 1, files: ["net.prototxt"]))
        let names = root.elements(forName: "testsuite")[0].elements(forName: "testcase").map { attribute($0, "name") }
        #expect(names.last == "ML901 unused-suppression")
    }

    @Test func markupFromTheModelIsEscapedAndReadsBackExactly() throws {
        let hostile = "a<b>&\"c'd]]>"
        let report = LintReport(findings: [Fixture.finding("stride in \(hostile)", file: "m\(hostile).prototxt",
                                                           node: hostile, evidence: ["</failure><x>"])],
                                filesLinted: 1, files: ["m\(hostile).prototxt"])
        let text = JUnitReporter(rules: Self.rules).render(report)
        #expect(!text.contains("<x>"))
        let root = try parse(report)
        let suite = root.elements(forName: "testsuite")[0]
        #expect(attribute(suite, "name") == "m\(hostile).prototxt")
        let failure = try #require(suite.elements(forName: "testcase")[1].elements(forName: "failure").first)
        #expect(attribute(failure, "message") == "stride in \(hostile)")
        #expect(failure.stringValue?.contains("in layer '\(hostile)'\n</failure><x>") == true)
    }

    @Test func controlCharactersXMLCannotHoldAreReplaced() throws {
        let evil = "pool\u{1B}[2J\u{00}\u{07}\u{FFFF}\tok"
        let report = LintReport(findings: [Fixture.finding(evil, node: evil)], filesLinted: 1, files: ["net.prototxt"])
        let text = JUnitReporter(rules: Self.rules).render(report)
        for forbidden in ["\u{1B}", "\u{00}", "\u{07}", "\u{FFFF}"] {
            #expect(!text.contains(forbidden))
        }
        let root = try parse(report)  // it parses: no forbidden character reached the file
        let failure = try #require(root.elements(forName: "testsuite")[0].elements(forName: "testcase")[1]
            .elements(forName: "failure").first)
        #expect(attribute(failure, "message") == "pool␛[2J␀␇\u{FFFD}\tok")
    }

    @Test func noFilesIsAnEmptyButValidReport() throws {
        let root = try parse(LintReport(findings: [], filesLinted: 0))
        #expect(attribute(root, "tests") == "0")
        #expect(root.elements(forName: "testsuite").isEmpty)
    }
}
