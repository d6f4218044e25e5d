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
    /// The named settings the rule reads (`high-lr-sgd`), overridable under
    /// `thresholds:` in `.modellint.yml` and by `--threshold NAME=VALUE`.
    public var thresholds: [RuleThreshold]
    /// Input formats in which the rule's construct cannot be written, each
    /// with the reason (ONNX has no solver): the rule has no examples there.
    /// Every other rule shows examples in ONNX JSON.
    public var absentFormats: [RuleExample.Format: String]
    /// A rule not yet trusted on real models (ruff's "preview"): it runs only
    /// when selected by its code or name, or with `--preview`.
    public var isPreview: Bool
    /// A rule about modellint's own input (suppressions), not about a model:
    /// the engine reports it after the others, and a suppression of it is
    /// never itself called unused.
    public var isMeta: Bool

    public init(code: String, name: String, summary: String, rationale: String, fix: String,
                defaultSeverity: Severity, examples: [RuleExample], thresholds: [RuleThreshold] = [],
                absentFormats: [RuleExample.Format: String] = [:], isPreview: Bool = false, isMeta: Bool = false) {
        self.isPreview = isPreview
        self.isMeta = isMeta
        self.thresholds = thresholds
        self.absentFormats = absentFormats
        self.code = code
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.defaultSeverity = defaultSeverity
        self.examples = examples
    }
}

/// A named number a rule compares against, with its documented default.
/// Names are kebab-case and unique across all rules.
public struct RuleThreshold: Hashable, Sendable {
    public var name: String
    public var defaultValue: Double
    public var summary: String

    public init(_ name: String, default defaultValue: Double, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
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
