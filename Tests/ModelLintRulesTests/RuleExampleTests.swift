import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// One example of one rule, named for test output.
struct RuleExampleCase: CustomTestStringConvertible, Sendable {
    var rule: RuleDescription
    var index: Int
    var example: RuleExample
    var testDescription: String { "\(rule.code) example \(index + 1) (\(example.triggers ? "flags" : "silent"))" }
}

let allExampleCases: [RuleExampleCase] = RuleRegistry.descriptions.flatMap { rule in
    rule.examples.enumerated().map { RuleExampleCase(rule: rule, index: $0.offset, example: $0.element) }
}

/// Runs the rule's documented examples through the real frontend, shape
/// inference and the rule: a triggering example must be flagged on exactly
/// the lines marked `expect: CODE`, a non-triggering one not at all.
@Suite("Every rule's examples")
struct RuleExampleTests {
    @Test(arguments: allExampleCases)
    func exampleIsFlaggedExactlyWhereMarked(_ testCase: RuleExampleCase) throws {
        let rule = try #require(RuleRegistry.rule(named: testCase.rule.code))
        let example = testCase.example
        let format: ModelFormat = switch example.format {
        case .prototxt: .caffe
        case .onnxJSON: .onnxJSON
        case .swift: .swiftDSL
        }
        let source = SourceFile(path: "\(testCase.rule.code)-example-\(testCase.index + 1).\(example.format.rawValue)",
                                text: example.source)
        let loaded = try ModelLoader.load(source, format: format)
        try #require(!loaded.graphs.isEmpty, "the example must be a model: \(loaded.diagnostics)")
        // Meta rules judge suppressions, not graphs: their examples go through the
        // engine's per-file pass with every rule, and only the meta rule's findings count.
        let findings = testCase.rule.isMeta
            ? Self.metaFindings(loaded, format: format, code: testCase.rule.code)
            : loaded.graphs.flatMap { Linter(rules: [rule]).check($0) }
        #expect(findings.allSatisfy { $0.ruleCode == testCase.rule.code })

        if example.format == .onnxJSON {
            #expect(example.triggers == !example.flaggedNodes.isEmpty, "a triggering JSON example names its flagged nodes")
            // A finding about the model rather than a node (an opset import) is named "(model)".
            #expect(Set(findings.map { $0.nodeName ?? "(model)" }) == Set(example.flaggedNodes),
                    "findings: \(findings.map { "\($0.nodeName ?? "-"): \($0.message)" })")
            return
        }
        let marker = "expect: \(testCase.rule.code)"
        let expectedLines = Set(example.source.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().filter { $0.element.contains(marker) }.map { $0.offset + 1 })
        #expect(example.triggers == !expectedLines.isEmpty,
                "a triggering example marks its lines with '\(marker)'; a silent one marks none")
        #expect(Set(findings.map(\.location.line)) == expectedLines,
                "findings: \(findings.map { "\($0.location.line): \($0.message)" })")
    }

    static func metaFindings(_ loaded: ModelLoader.Loaded, format: ModelFormat, code: String) -> [Finding] {
        let linter = Linter(rules: RuleRegistry.all)
        return linter.mergedFindings([linter.lintLoaded(loaded, format: format)]).findings.filter { $0.ruleCode == code }
    }

    /// A rule is done when it fires in every format where its construct
    /// exists: each rule shows a flagged and a silent model in each format it
    /// declares, and every rule shows ONNX JSON unless it declares that its
    /// construct cannot be written there (`absentFormats`, with the reason:
    /// ONNX has no solver) — and then it shows none there.
    @Test func everyRuleHasBothKindsOfExampleInEachFormat() {
        for rule in RuleRegistry.descriptions {
            let formats = Set(rule.examples.map(\.format))
            if rule.absentFormats[.onnxJSON] == nil {
                #expect(formats.contains(.onnxJSON), "\(rule.code) has no ONNX example")
            }
            for (format, reason) in rule.absentFormats {
                #expect(!formats.contains(format), "\(rule.code) says its construct does not exist in \(format.rawValue), yet has examples there")
                #expect(!reason.isEmpty, "\(rule.code) says why \(format.rawValue) cannot express its construct")
            }
            for format in formats {
                #expect(rule.examples.contains { $0.format == format && $0.triggers }, "\(rule.code) has no flagged \(format.rawValue) example")
                #expect(rule.examples.contains { $0.format == format && !$0.triggers }, "\(rule.code) has no silent \(format.rawValue) example")
            }
        }
    }

    @Test func codesAndNamesAreUniqueAndWellFormed() {
        let rules = RuleRegistry.descriptions
        #expect(Set(rules.map(\.code)).count == rules.count)
        #expect(Set(rules.map(\.name)).count == rules.count)
        for rule in rules {
            #expect(rule.code.wholeMatch(of: /ML[0-9]{3}/) != nil, "\(rule.code)")
            #expect(rule.name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(rule.name)")
            #expect(!rule.summary.isEmpty && !rule.rationale.isEmpty && !rule.fix.isEmpty)
        }
        #expect(rules.map(\.code) == rules.map(\.code).sorted())
        let thresholds = rules.flatMap(\.thresholds).map(\.name)
        #expect(Set(thresholds).count == thresholds.count, "threshold names are unique across rules")
        for name in thresholds { #expect(name.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil, "\(name)") }
    }
}
