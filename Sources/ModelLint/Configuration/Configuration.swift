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
    /// The file it was read from, as it is shown in messages; nil when built in code.
    public var path: String?

    public init(inputRanges: [String: ClosedRange<Double>] = [:], weightBound: Double? = nil,
                precision: DType? = nil, thresholds: [String: Double] = [:], path: String? = nil) {
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
