import ModelLint
import ModelLintCaffe
import ModelLintIR
import ModelLintRules
import Testing

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
        let source = SourceFile(path: "\(testCase.rule.code)-example-\(testCase.index + 1).prototxt",
                                text: testCase.example.source)
        try #require(testCase.example.format == .prototxt, "only prototxt examples can be run so far")
        let loaded = try CaffeFrontend.load(source)
        let findings = loaded.graphs.flatMap { Linter(rules: [rule]).check($0) }

        let marker = "expect: \(testCase.rule.code)"
        let expectedLines = Set(testCase.example.source.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated().filter { $0.element.contains(marker) }.map { $0.offset + 1 })
        #expect(testCase.example.triggers == !expectedLines.isEmpty,
                "a triggering example marks its lines with '# \(marker)'; a silent one marks none")
        #expect(Set(findings.map(\.location.line)) == expectedLines,
                "findings: \(findings.map { "\($0.location.line): \($0.message)" })")
        #expect(findings.allSatisfy { $0.ruleCode == testCase.rule.code })
    }

    @Test func everyRuleHasBothKindsOfExample() {
        for rule in RuleRegistry.descriptions {
            #expect(rule.examples.contains { $0.triggers }, "\(rule.code) has no triggering example")
            #expect(rule.examples.contains { !$0.triggers }, "\(rule.code) has no non-triggering example")
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
    }
}
