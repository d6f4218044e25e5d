import ModelLintIR
import ModelLintRules

/// Which rules run: `--select` and `--ignore` take codes (`ML201`), names
/// (`pool-stride-exceeds-kernel`) and code prefixes (`ML2` = all layer rules).
/// Preview rules run only when selected by exact code or name, or with `preview`.
public struct RuleSelection: Sendable {
    public var select: [String]
    public var ignore: [String]
    /// `--preview`: the preview rules join the default set.
    public var preview: Bool

    public init(select: [String] = [], ignore: [String] = [], preview: Bool = false) {
        self.select = select
        self.ignore = ignore
        self.preview = preview
    }

    public struct UnknownRule: Error, CustomStringConvertible {
        public var identifier: String
        public var description: String { "'\(identifier)' is not a rule code, rule name or code prefix (see `modellint rules`)" }
    }

    /// Throws when an identifier matches no rule at all, so a typo never silently selects nothing.
    public func rules() throws -> [any Rule] {
        let selectors = select.map(RuleSelector.init), ignored = ignore.map(RuleSelector.init)
        for selector in selectors + ignored where !RuleRegistry.descriptions.contains(where: selector.selects) {
            throw UnknownRule(identifier: selector.text)
        }
        return RuleRegistry.all.filter { rule in
            let selected = selectors.isEmpty || selectors.contains { $0.selects(rule.description) }
            let named = selectors.contains { $0.names(rule.description) }
            return selected && (preview || !rule.description.isPreview || named) && !ignored.contains { $0.selects(rule.description) }
        }
    }
}
