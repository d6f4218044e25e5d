import ModelLintIR
import ModelLintReporters
import Testing

/// Small builders so each test states only what it is about.
enum Fixture {
    static func finding(_ message: String = "pooling stride 5 exceeds kernel 3", code: String = "ML201",
                        severity: Severity = .warning, file: String = "net.prototxt", line: Int = 1, column: Int = 1,
                        node: String? = nil, related: [RelatedLocation] = [], evidence: [String] = [],
                        fix: String? = nil) -> Finding {
        Finding(ruleCode: code, ruleName: "pool-stride-exceeds-kernel", severity: severity, message: message,
                location: SourceLocation(file: file, line: line, column: column), nodeName: node,
                related: related, evidence: evidence, fixHint: fix)
    }

    static func sources(_ files: SourceFile...) -> [String: SourceFile] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
    }

    /// The rendered output split into lines. Every output ends with exactly
    /// one newline; that is checked here once rather than in every test.
    static func render(_ report: LintReport, color: Bool = false,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
        let text = TextReporter(useColor: color).render(report)
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "output must end with one newline",
                sourceLocation: sourceLocation)
        return text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
