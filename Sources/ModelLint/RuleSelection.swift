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
        for identifier in select + ignore where !RuleRegistry.all.contains(where: { Self.matches(identifier, $0) }) {
            throw UnknownRule(identifier: identifier)
        }
        return RuleRegistry.all.filter { rule in
            let selected = select.isEmpty || select.contains { Self.matches($0, rule) }
            let named = select.contains { $0.lowercased() == rule.description.code.lowercased() || $0 == rule.description.name }
            return selected && (preview || !rule.description.isPreview || named) && !ignore.contains { Self.matches($0, rule) }
        }
    }

    static func matches(_ identifier: String, _ rule: any Rule) -> Bool {
        let wanted = identifier.lowercased()
        let code = rule.description.code.lowercased()
        return wanted == rule.description.name || (!wanted.isEmpty && code.hasPrefix(wanted) && wanted.hasPrefix("ml"))
    }
}
