import ArgumentParser
import ModelLintRules

struct ListRules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule.")

    func run() {
        for rule in RuleDescriptionsTable.rows() { print(rule) }
    }
}

/// `ML201  warning  pool-stride-exceeds-kernel  A pooling layer's stride ...`
enum RuleDescriptionsTable {
    static func rows() -> [String] {
        let descriptions = RuleRegistry.descriptions
        let nameWidth = descriptions.map(\.name.count).max() ?? 0
        return descriptions.map { rule in
            let severity = rule.defaultSeverity.description.padding(toLength: 8, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            return "\(rule.code)  \(severity)  \(name)  \(rule.isPreview ? "(preview) " : "")\(rule.summary)"
        }
    }
}
