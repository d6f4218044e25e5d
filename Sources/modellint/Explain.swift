import ArgumentParser
import ModelLintIR
import ModelLintRules

struct Explain: ParsableCommand {
    // Named, not derived from the type's name (see Lint).
    static let configuration = CommandConfiguration(commandName: "explain",
                                                    abstract: "Explain one rule: why it matters, how to fix it, examples.")

    @Argument(help: "A rule code (ML201) or name (pool-stride-exceeds-kernel).")
    var rule: String

    func run() throws {
        guard let found = RuleRegistry.rule(named: rule) else {
            throw ValidationError("no rule '\(rule)'; `modellint rules` lists them")
        }
        print(Self.page(found.description))
    }

    static func page(_ rule: RuleDescription) -> String {
        var lines = [
            "\(rule.code) \(rule.name) (default severity: \(rule.defaultSeverity))",
            "",
            rule.summary,
            "",
        ]
        if rule.isPreview {
            lines += ["Preview: runs only when selected by its code or name (--select \(rule.code)), or with --preview.", ""]
        }
        lines += [
            "Why it is bad:",
            rule.rationale,
            "",
            "How to fix it:",
            rule.fix,
        ]
        if !rule.thresholds.isEmpty {
            lines += ["", "Thresholds (thresholds: in .modellint.yml, or --threshold NAME=VALUE):"]
            lines += rule.thresholds.map { "    \($0.name) (default \(Self.number($0.defaultValue))): \($0.summary)" }
        }
        for (format, reason) in rule.absentFormats.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines += ["", "No \(format.rawValue) examples: \(reason)"]
        }
        for example in rule.examples {
            lines += ["", example.triggers ? "Flagged (\(example.format.rawValue)):" : "Not flagged (\(example.format.rawValue)):"]
            lines += example.source.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
