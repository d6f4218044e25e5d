import ModelLintIR
import ModelLintRules
import Yams

/// The settings a `.modellint.yml` may hold, each with the reader of its
/// value. A new setting is one entry here and one property of
/// `Configuration`; the reader, the unknown-key message and docs/usage.md's
/// list of keys all come from this table.
public enum ConfigurationKeys {
    /// One top-level key and how its value is read into a configuration;
    /// problems are reported on the context, at the node they are about.
    public struct Key: Sendable {
        public var name: String
        var read: @Sendable (Yams.Node, inout Configuration, inout ConfigurationReader.Context) -> Void
    }

    public static let all: [Key] = [
        Key(name: "input-ranges", read: readInputRanges),
        Key(name: "weight-bound", read: readWeightBound),
        Key(name: "precision", read: readPrecision),
        Key(name: "thresholds", read: readThresholds),
        Key(name: "select", read: readSelect),
        Key(name: "ignore", read: readIgnore),
        Key(name: "severity", read: readSeverity),
        Key(name: "exclude", read: readExclude),
        Key(name: "per-file-ignores", read: readPerFileIgnores),
    ]

    /// Every threshold a rule declares, by name (`RuleDescription.thresholds`).
    public static var knownThresholds: [RuleThreshold] { RuleRegistry.descriptions.flatMap(\.thresholds) }

    /// `thresholds: {high-lr-sgd: 0.1, deep-net-layers: 30}`: like `--threshold high-lr-sgd=0.1`.
    /// A name no rule declares is an error (with a guess); a value is a finite number >= 0.
    @Sendable static func readThresholds(_ node: Yams.Node, into configuration: inout Configuration,
                                         _ context: inout ConfigurationReader.Context) {
        let known = knownThresholds.map(\.name)
        guard let mapping = node.mapping else {
            context.report("thresholds is a map from threshold name to number (high-lr-sgd: 0.1), not "
                           + ConfigurationReader.describe(node), at: node)
            return
        }
        for (nameNode, value) in mapping {
            guard let name = nameNode.scalar?.string, nameNode.null == nil, known.contains(name) else {
                let written = nameNode.scalar?.string ?? ""
                let guess = EditDistance.nearest(to: written, among: known).map { "did you mean '\($0)'? " } ?? ""
                context.report("thresholds: unknown threshold \(ConfigurationReader.describe(nameNode)); \(guess)the known ones are "
                               + known.joined(separator: ", "), at: nameNode)
                continue
            }
            guard let text = value.scalar?.string, value.null == nil, let number = AnalysisValueSyntax.number(text),
                  number.isFinite, number >= 0 else {
                context.report("thresholds: '\(name)' expects a finite number >= 0, not \(ConfigurationReader.describe(value))",
                               at: value)
                continue
            }
            configuration.thresholds[name] = number
        }
    }

    /// `input-ranges: {x: "0:1", y: [-1, 1]}`: like `--input-range x=0:1`.
    @Sendable static func readInputRanges(_ node: Yams.Node, into configuration: inout Configuration,
                                          _ context: inout ConfigurationReader.Context) {
        guard let mapping = node.mapping else {
            context.report("input-ranges is a map from tensor name to range (x: \"0:1\" or x: [0, 1]), not "
                           + ConfigurationReader.describe(node), at: node)
            return
        }
        for (nameNode, value) in mapping {
            guard let name = nameNode.scalar?.string, !name.isEmpty else {
                context.report("input-ranges: a tensor name is text, not \(ConfigurationReader.describe(nameNode))",
                               at: nameNode)
                continue
            }
            if let range = self.range(value, of: name, &context) { configuration.inputRanges[name] = range }
        }
    }

    /// A range written `"LO:HI"` or `[LO, HI]`: numbers (`-inf`, `inf`,
    /// `.inf` allowed), not NaN, LO <= HI.
    static func range(_ node: Yams.Node, of name: String, _ context: inout ConfigurationReader.Context) -> ClosedRange<Double>? {
        let expected = "input-ranges: '\(name)' expects a range \"LO:HI\" or [LO, HI]"
        let bounds: (lo: Double, hi: Double)
        if let sequence = node.sequence {
            guard sequence.count == 2 else {
                context.report("\(expected), with two numbers, not a list of \(sequence.count)", at: node)
                return nil
            }
            var numbers: [Double] = []
            for element in sequence {
                guard let text = element.scalar?.string, element.null == nil, let number = AnalysisValueSyntax.number(text) else {
                    context.report("\(expected): a bound is a number, not \(ConfigurationReader.describe(element))", at: element)
                    return nil
                }
                numbers.append(number)
            }
            bounds = (numbers[0], numbers[1])
        } else if let text = node.scalar?.string, node.null == nil {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let lo = AnalysisValueSyntax.number(parts[0]), let hi = AnalysisValueSyntax.number(parts[1]) else {
                context.report("\(expected), not \(ConfigurationReader.describe(node))", at: node)
                return nil
            }
            bounds = (lo, hi)
        } else {
            context.report("\(expected), not \(ConfigurationReader.describe(node))", at: node)
            return nil
        }
        if bounds.lo.isNaN || bounds.hi.isNaN {
            context.report("input-ranges: '\(name)' has a NaN bound; a bound is a number (or -inf, inf)", at: node)
            return nil
        }
        guard let range = AnalysisValueSyntax.range(lo: bounds.lo, hi: bounds.hi) else {
            context.report("input-ranges: '\(name)' has LO \(format(bounds.lo)) above HI \(format(bounds.hi))", at: node)
            return nil
        }
        return range
    }

    /// `weight-bound: 10`: like `--weight-bound 10`, a finite number >= 0.
    @Sendable static func readWeightBound(_ node: Yams.Node, into configuration: inout Configuration,
                                          _ context: inout ConfigurationReader.Context) {
        guard let text = node.scalar?.string, node.null == nil, let bound = AnalysisValueSyntax.number(text),
              bound.isFinite, bound >= 0 else {
            context.report("weight-bound expects a finite number >= 0, not \(ConfigurationReader.describe(node))", at: node)
            return
        }
        configuration.weightBound = bound
    }

    /// `precision: float16`: like `--precision float16`.
    @Sendable static func readPrecision(_ node: Yams.Node, into configuration: inout Configuration,
                                        _ context: inout ConfigurationReader.Context) {
        guard let text = node.scalar?.string, node.null == nil, let type = AnalysisValueSyntax.precision(text) else {
            context.report("precision expects float16 or bfloat16, not \(ConfigurationReader.describe(node))", at: node)
            return
        }
        configuration.precision = type
    }

    /// 3 rather than 3.0, for messages.
    static func format(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
