import ModelLintIR
import ModelLintRules
import Yams

/// The keys that choose rules and files: `select`, `ignore`, `severity`,
/// `exclude`, `per-file-ignores`. Rule identifiers are what `--select`
/// takes (codes, names, code prefixes); one that matches no rule is an
/// error with a guess, at the identifier.
extension ConfigurationKeys {
    /// `select: [ML1, pool-stride-exceeds-kernel]` (or one identifier, or a comma-separated text).
    @Sendable static func readSelect(_ node: Yams.Node, into configuration: inout Configuration,
                                     _ context: inout ConfigurationReader.Context) {
        configuration.select = ruleList(node, key: "select", &context)
    }

    /// `ignore: [ML0, ML301]`.
    @Sendable static func readIgnore(_ node: Yams.Node, into configuration: inout Configuration,
                                     _ context: inout ConfigurationReader.Context) {
        configuration.ignore = ruleList(node, key: "ignore", &context) ?? []
    }

    /// `severity: {ML201: warning, ML3: note}`.
    @Sendable static func readSeverity(_ node: Yams.Node, into configuration: inout Configuration,
                                       _ context: inout ConfigurationReader.Context) {
        guard let mapping = node.mapping else {
            context.report("severity is a map from rule code, name or prefix to note, warning or error (ML201: warning), not "
                           + ConfigurationReader.describe(node), at: node)
            return
        }
        for (ruleNode, value) in mapping {
            guard let rule = ruleIdentifier(ruleNode, key: "severity", &context) else { continue }
            guard let text = value.scalar?.string, value.null == nil, let severity = Severity(name: text) else {
                context.report("severity: '\(rule)' expects note, warning or error, not \(ConfigurationReader.describe(value))",
                               at: value)
                continue
            }
            configuration.severity[rule] = severity
        }
    }

    /// `exclude: ["legacy/**", "**/*_old.prototxt"]`.
    @Sendable static func readExclude(_ node: Yams.Node, into configuration: inout Configuration,
                                      _ context: inout ConfigurationReader.Context) {
        configuration.exclude = patterns(node, key: "exclude", &context)
    }

    /// `per-file-ignores: {"legacy/**": [ML201], "*.onnx": ML3}`.
    @Sendable static func readPerFileIgnores(_ node: Yams.Node, into configuration: inout Configuration,
                                             _ context: inout ConfigurationReader.Context) {
        guard let mapping = node.mapping else {
            context.report("per-file-ignores is a map from path pattern to rules (\"legacy/**\": [ML201]), not "
                           + ConfigurationReader.describe(node), at: node)
            return
        }
        for (patternNode, value) in mapping {
            guard let pattern = patterns(patternNode, key: "per-file-ignores", &context).first else { continue }
            guard let rules = ruleList(value, key: "per-file-ignores: '\(pattern)'", &context) else { continue }
            configuration.perFileIgnores.append(.init(pattern: pattern, rules: rules))
        }
    }

    /// A list of rule identifiers, one identifier, or `"ML1, ML2"`; nil after a problem.
    static func ruleList(_ node: Yams.Node, key: String, _ context: inout ConfigurationReader.Context) -> [String]? {
        let elements: [Yams.Node]
        if let sequence = node.sequence {
            elements = sequence.map { $0 }
        } else if node.scalar != nil, node.null == nil {
            elements = [node]
        } else {
            context.report("\(key) expects a list of rule codes, names or prefixes ([ML201, ML3]), not "
                           + ConfigurationReader.describe(node), at: node)
            return nil
        }
        var rules: [String] = []
        var ok = true
        for element in elements {
            guard let text = element.scalar?.string, element.null == nil else {
                context.report("\(key): a rule is a code, name or prefix, not \(ConfigurationReader.describe(element))", at: element)
                ok = false
                continue
            }
            for part in text.split(separator: ",") {
                let identifier = part.trimmingBlanks
                guard !identifier.isEmpty else { continue }
                if let problem = unknownRuleMessage(identifier) {
                    context.report("\(key): \(problem)", at: element)
                    ok = false
                } else {
                    rules.append(identifier)
                }
            }
        }
        return ok ? rules : nil
    }

    private static func ruleIdentifier(_ node: Yams.Node, key: String, _ context: inout ConfigurationReader.Context) -> String? {
        guard let text = node.scalar?.string, node.null == nil, !text.isEmpty else {
            context.report("\(key): a rule is a code, name or prefix, not \(ConfigurationReader.describe(node))", at: node)
            return nil
        }
        if let problem = unknownRuleMessage(text) {
            context.report("\(key): \(problem)", at: node)
            return nil
        }
        return text
    }

    /// nil when `identifier` names at least one rule; otherwise the message, with a guess.
    static func unknownRuleMessage(_ identifier: String) -> String? {
        let selector = RuleSelector(identifier)
        if RuleRegistry.descriptions.contains(where: selector.selects) { return nil }
        let guess = selector.suggestion(among: RuleRegistry.descriptions).map { " did you mean '\($0)'?" } ?? ""
        return "unknown rule '\(identifier)';\(guess) `modellint rules` lists the codes and names"
    }

    /// Path patterns: a list, or one pattern.
    private static func patterns(_ node: Yams.Node, key: String, _ context: inout ConfigurationReader.Context) -> [PathGlob] {
        let elements: [Yams.Node] = node.sequence.map { $0.map { $0 } } ?? [node]
        var globs: [PathGlob] = []
        for element in elements {
            guard let text = element.scalar?.string, element.null == nil, !text.isEmpty else {
                context.report("\(key) expects path patterns such as \"legacy/**\" or \"*.onnx\", not "
                               + ConfigurationReader.describe(element), at: element)
                continue
            }
            globs.append(PathGlob(text))
        }
        return globs
    }
}
