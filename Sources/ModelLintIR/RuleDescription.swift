/// Everything a user reads about a rule: `modellint rules`, `modellint explain`,
/// SARIF `tool.driver.rules`. Declared once, next to the rule's check, in `Rules/`.
public struct RuleDescription: Hashable, Sendable {
    /// `ML201`.
    public var code: String
    /// `pool-stride-exceeds-kernel`.
    public var name: String
    public var summary: String
    /// The mechanism by which the construct produces NaN, Inf or a crash.
    public var rationale: String
    public var fix: String
    public var defaultSeverity: Severity
    public var examples: [RuleExample]
    /// Formats in which the rule's construct cannot be written, each with the
    /// reason (ONNX has no data layers to shuffle; Caffe blobs are all fp32).
    /// The example test excuses a rule from examples in these formats only.
    public var formatsWithoutConstruct: [RuleExample.Format: String]

    public init(code: String, name: String, summary: String, rationale: String, fix: String,
                defaultSeverity: Severity, examples: [RuleExample],
                formatsWithoutConstruct: [RuleExample.Format: String] = [:]) {
        self.formatsWithoutConstruct = formatsWithoutConstruct
        self.code = code
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.defaultSeverity = defaultSeverity
        self.examples = examples
    }
}

/// A model in some input format that a rule must flag or must leave alone.
/// In a triggering example in a format with comments, each line the rule must
/// report carries the marker comment `expect: CODE` (`# expect: ML201` in
/// prototxt, `// expect: ML201` in Swift); formats without comments (ONNX
/// JSON) name the nodes that must be flagged instead. A test runs them all.
public struct RuleExample: Hashable, Sendable {
    public enum Format: String, Hashable, Sendable {
        case prototxt, onnxJSON = "onnx.json", swift
    }

    public var format: Format
    public var triggers: Bool
    public var source: String
    /// For formats without comments: the nodes the rule must flag, by name.
    public var flaggedNodes: [String]

    public static func triggering(_ format: Format, _ source: String, nodes: [String] = []) -> RuleExample {
        RuleExample(format: format, triggers: true, source: source, flaggedNodes: nodes)
    }
    public static func nonTriggering(_ format: Format, _ source: String) -> RuleExample {
        RuleExample(format: format, triggers: false, source: source, flaggedNodes: [])
    }
}
