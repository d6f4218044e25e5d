import ModelLintIR

/// What one `.modellint.yml` says. Every setting is optional: a key the file
/// does not have leaves the command line's value (or the default) alone.
///
/// A configuration applies whole to the model files it governs (see
/// `ConfigurationDiscovery`): configurations in different folders are never
/// merged. The command line overrides it key by key, and `input-ranges` name
/// by name (`Linter.configured(by:)`).
public struct Configuration: Equatable, Sendable {
    /// `input-ranges:`, like `--input-range`: tensor name -> range.
    public var inputRanges: [String: ClosedRange<Double>]
    /// `weight-bound:`, like `--weight-bound`.
    public var weightBound: Double?
    /// `precision:`, like `--precision`.
    public var precision: DType?
    /// `thresholds:`, like `--threshold`: rule threshold name -> value.
    public var thresholds: [String: Double]
    /// `select:`, like `--select`: rule codes, names or prefixes; nil when the file does not say.
    public var select: [String]?
    /// `ignore:`, like `--ignore`.
    public var ignore: [String]
    /// `severity:`: rule code, name or prefix -> the severity its findings are reported with.
    public var severity: [String: Severity]
    /// `exclude:`: paths under the configuration's folder that folder discovery skips.
    public var exclude: [PathGlob]
    /// `per-file-ignores:`: rules whose findings are dropped in the files a pattern matches.
    public var perFileIgnores: [PerFileIgnore]
    /// The file it was read from, as it is shown in messages; nil when built in code.
    public var path: String?
    /// The absolute folder that holds the file, which `exclude` and
    /// `per-file-ignores` patterns are relative to; set by `ConfigurationDiscovery`
    /// (nil: the current directory).
    public var folder: String?

    /// One `per-file-ignores:` entry: a pattern and the rules it silences there.
    public struct PerFileIgnore: Equatable, Sendable {
        public var pattern: PathGlob
        public var rules: [String]

        public init(pattern: PathGlob, rules: [String]) {
            self.pattern = pattern
            self.rules = rules
        }
    }

    public init(inputRanges: [String: ClosedRange<Double>] = [:], weightBound: Double? = nil,
                precision: DType? = nil, thresholds: [String: Double] = [:], select: [String]? = nil,
                ignore: [String] = [], severity: [String: Severity] = [:], exclude: [PathGlob] = [],
                perFileIgnores: [PerFileIgnore] = [], path: String? = nil, folder: String? = nil) {
        self.select = select
        self.ignore = ignore
        self.severity = severity
        self.exclude = exclude
        self.perFileIgnores = perFileIgnores
        self.folder = folder
        self.thresholds = thresholds
        self.inputRanges = inputRanges
        self.weightBound = weightBound
        self.precision = precision
        self.path = path
    }

    /// No file, or a file that sets nothing.
    public static let empty = Configuration()

    /// The name looked for in each folder.
    public static let fileName = ".modellint.yml"
}
