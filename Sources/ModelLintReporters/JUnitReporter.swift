import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ModelLintIR

/// JUnit XML, as Jenkins (xunit junit-10.xsd) and GitLab read it, built with
/// FoundationXML (libxml2), so that every name and message from the model is
/// escaped by the XML library rather than by string concatenation:
///
///     <testsuites name="modellint" tests="…" failures="…" errors="…">
///       <testsuite name="net.prototxt" tests="12" failures="1" errors="0" skipped="0">
///         <testcase classname="net.prototxt" name="ML101 log-of-unclamped"/>
///         <testcase classname="net.prototxt" name="ML201 pool-stride-exceeds-kernel">
///           <failure message="pooling stride 5 exceeds kernel 3" type="warning">net.prototxt:29:5
///     in layer 'pool1'
///     …evidence, one line each…</failure>
///         </testcase>
///       </testsuite>
///     </testsuites>
///
/// Decisions:
/// - One `testsuite` per linted file (the engine's `LintReport.files`, plus any
///   other file a finding or an error points at, such as the net a solver names).
/// - One `testcase` per selected rule in every file that was read, passing when
///   the rule found nothing there, so CI dashboards show what was checked and a
///   rule's history; that is why the reporter takes the rule list. A finding of a
///   rule not in the list (a meta rule) still gets its own testcase.
/// - A testcase holds one `failure` per finding of that rule in that file, of
///   any severity (`type` = the severity). `failures` counts failing testcases,
///   as JUnit readers count them, not findings.
/// - A file that could not be read (an error diagnostic) has no rule testcases,
///   since no rule ran on it: one testcase `read` with an `error` per diagnostic.
/// - Notes from modellint itself (skipped files) and proofs are not tests and do
///   not appear.
/// - Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF and
///   CR; U+FFFE, U+FFFF) are replaced by visible stand-ins before the text
///   reaches libxml2, which would otherwise write them raw and make the file
///   unreadable; everything else is escaped by libxml2.
public struct JUnitReporter: Reporter, Sendable {
    public static let identifier = "junit"

    /// The selected rules, in the order their testcases appear.
    public var rules: [RuleDescription]

    public init(rules: [RuleDescription]) {
        self.rules = rules
    }

    /// One file's testsuite before it becomes XML.
    struct Suite {
        var file: String
        /// (testcase name, findings of that rule here)
        var cases: [(name: String, findings: [Finding])]
        var errors: [Diagnostic]

        var tests: Int { errors.isEmpty ? cases.count : 1 }
        var failures: Int { errors.isEmpty ? cases.filter { !$0.findings.isEmpty }.count : 0 }
        var errorCount: Int { errors.isEmpty ? 0 : 1 }
    }

    func suites(of report: LintReport) -> [Suite] {
        var order: [String] = []
        var seen = Set<String>()
        for file in report.files + report.findings.map(\.location.file)
            + report.diagnostics.filter({ $0.severity == .error }).map(\.location.file) where seen.insert(file).inserted {
            order.append(file)
        }
        let findingsByFile = Dictionary(grouping: report.findings, by: \.location.file)
        let errorsByFile = Dictionary(grouping: report.diagnostics.filter { $0.severity == .error }, by: \.location.file)
        return order.map { file in
            let findings = findingsByFile[file] ?? []
            var cases: [(name: String, findings: [Finding])] = rules.map { rule in
                (Self.caseName(code: rule.code, name: rule.name), findings.filter { $0.ruleCode == rule.code })
            }
            let known = Set(rules.map(\.code))
            var extra: [String] = []
            for finding in findings where !known.contains(finding.ruleCode) && !extra.contains(finding.ruleCode) {
                extra.append(finding.ruleCode)
            }
            for code in extra {
                let mine = findings.filter { $0.ruleCode == code }
                cases.append((Self.caseName(code: code, name: mine[0].ruleName), mine))
            }
            return Suite(file: file, cases: cases, errors: errorsByFile[file] ?? [])
        }
    }

    static func caseName(code: String, name: String) -> String { "\(code) \(name)" }

    public func render(_ report: LintReport) -> String {
        let suites = suites(of: report)
        let root = XMLElement(name: "testsuites")
        Self.set(root, [("name", "modellint"),
                        ("tests", String(suites.reduce(0) { $0 + $1.tests })),
                        ("failures", String(suites.reduce(0) { $0 + $1.failures })),
                        ("errors", String(suites.reduce(0) { $0 + $1.errorCount }))])
        for suite in suites {
            let element = XMLElement(name: "testsuite")
            Self.set(element, [("name", suite.file), ("tests", String(suite.tests)),
                               ("failures", String(suite.failures)), ("errors", String(suite.errorCount)),
                               ("skipped", "0")])
            if suite.errors.isEmpty {
                for testCase in suite.cases {
                    let caseElement = Self.testcase(file: suite.file, name: testCase.name)
                    for finding in testCase.findings {
                        caseElement.addChild(Self.result("failure", message: finding.message,
                                                         type: finding.severity.description, text: Self.details(of: finding)))
                    }
                    element.addChild(caseElement)
                }
            } else {
                let caseElement = Self.testcase(file: suite.file, name: "read")
                for diagnostic in suite.errors {
                    caseElement.addChild(Self.result("error", message: diagnostic.message, type: "error",
                                                     text: Self.position(diagnostic.location)))
                }
                element.addChild(caseElement)
            }
            root.addChild(element)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        var text = String(decoding: document.xmlData(options: [.nodePrettyPrint]), as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    private static func testcase(file: String, name: String) -> XMLElement {
        let element = XMLElement(name: "testcase")
        set(element, [("classname", file), ("name", name)])
        return element
    }

    private static func result(_ kind: String, message: String, type: String, text: String) -> XMLElement {
        let element = XMLElement(name: kind)
        set(element, [("message", message), ("type", type)])
        element.addChild(XMLNode.text(withStringValue: xmlSafe(text)) as! XMLNode)
        return element
    }

    /// Adds attributes one by one, in the order given, so the output is stable
    /// (a dictionary would not be), each value made XML-safe first.
    private static func set(_ element: XMLElement, _ attributes: [(String, String)]) {
        for (name, value) in attributes {
            element.addAttribute(XMLNode.attribute(withName: name, stringValue: xmlSafe(value)) as! XMLNode)
        }
    }

    /// The failure's body: where it is, the node, the evidence, the fix.
    static func details(of finding: Finding) -> String {
        var lines = [position(finding.location)]
        if let node = finding.nodeName { lines.append("in layer '\(node)'") }
        lines += finding.evidence
        if let hint = finding.fixHint { lines.append("fix: \(hint)") }
        for related in finding.related {
            lines.append("\(position(related.location)): \(related.message)")
        }
        return lines.joined(separator: "\n")
    }

    /// `path:line:col`, shortened when the line or column is unknown.
    static func position(_ location: SourceLocation) -> String {
        guard location.line >= 1 else { return location.file }
        guard location.column >= 1 else { return "\(location.file):\(location.line)" }
        return "\(location.file):\(location.line):\(location.column)"
    }

    /// `text` with every character XML 1.0 forbids replaced: C0 controls other
    /// than tab, LF and CR by their Unicode control pictures (ESC -> `␛`), and
    /// the noncharacters U+FFFE and U+FFFF by U+FFFD. (Swift strings hold no
    /// lone surrogates.) Escaping of `<&"'` is libxml2's job.
    static func xmlSafe(_ text: String) -> String {
        func forbidden(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: return false
            case 0x00...0x1F, 0xFFFE, 0xFFFF: return true
            default: return false
            }
        }
        guard text.unicodeScalars.contains(where: forbidden) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !forbidden(scalar) {
                result.append(scalar)
            } else if scalar.value <= 0x1F {
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else {
                result.append("\u{FFFD}")
            }
        }
        return String(result)
    }
}
