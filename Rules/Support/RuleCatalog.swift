import ModelLintIR

/// The registry's rules as people read them: the `modellint rules` listing
/// and the README's rules table, both from the rules' own descriptions (a
/// test checks that the README holds exactly `markdownTable()`).
public enum RuleCatalog {
    /// `ML201  warning  pool-stride-exceeds-kernel  A pooling layer's stride ...`
    public static func textRows() -> [String] {
        let descriptions = RuleRegistry.descriptions
        let nameWidth = descriptions.map(\.name.count).max() ?? 0
        return descriptions.map { rule in
            let severity = rule.defaultSeverity.description.padding(toLength: 8, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            return "\(rule.code)  \(severity)  \(name)  \(rule.isPreview ? "(preview) " : "")\(rule.summary)"
        }
    }

    /// A Markdown table: code, name, default severity (and "preview"), summary.
    public static func markdownTable() -> String {
        var lines = ["| code | name | default | what it finds |", "|---|---|---|---|"]
        for rule in RuleRegistry.descriptions {
            let severity = rule.defaultSeverity.description + (rule.isPreview ? " (preview)" : "")
            let summary = rule.summary.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| \(rule.code) | \(rule.name) | \(severity) | \(summary) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
