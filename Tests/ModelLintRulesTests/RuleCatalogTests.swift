import Foundation
import ModelLintRules
import Testing

/// The registry is written by hand: a rule file left out of it would lose
/// its command-line listing, its documentation and its example tests in
/// silence. And the README's table is the catalogue's own rendering.
@Suite("The rule registry and its documentation")
struct RuleCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `MLnnn` of each `Rules/<topic>/MLnnn_Name.swift`.
    static func ruleFileCodes() throws -> [String] {
        let rules = root.appendingPathComponent("Rules")
        let enumerator = try #require(FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil))
        return enumerator.compactMap { $0 as? URL }.map(\.lastPathComponent)
            .filter { $0.range(of: #"^ML\d{3}_.*\.swift$"#, options: .regularExpression) != nil }
            .map { String($0.prefix(5)) }.sorted()
    }

    @Test func everyRuleFileIsRegisteredOnceAndEveryRuleHasAFile() throws {
        let files = try Self.ruleFileCodes()
        let registered = RuleRegistry.descriptions.map(\.code)
        #expect(files.count >= 20, "found \(files.count) rule files under \(Self.root.path)/Rules")
        #expect(Set(registered).count == registered.count, "a code registered twice: \(registered)")
        #expect(files == registered.sorted(), "rule files \(files) vs registry \(registered)")
        #expect(registered == registered.sorted(), "the registry lists rules in code order")
    }

    @Test func theReadmeRulesTableIsTheCatalogues() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(RuleCatalog.markdownTable()),
                "README.md's rules table is stale: replace it with `swift run modellint rules --format markdown`")
    }
}
