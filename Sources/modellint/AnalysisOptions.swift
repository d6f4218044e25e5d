import ArgumentParser
import ModelLint
import ModelLintIR
import ModelLintRules

/// What the analysis may assume and which configuration applies: one group
/// of options that `lint` and `graph` share, so that a picture shows the
/// intervals the lint judged by.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("input-range"),
            help: ArgumentHelp("The range of a graph input or data blob, NAME=LO:HI (repeatable; over .modellint.yml's input-ranges); unbounded otherwise.",
                               valueName: "NAME=LO:HI"))
    var inputRanges: [String] = []

    @Option(name: .customLong("weight-bound"),
            help: ArgumentHelp("Assume every weight and bias the model does not hold (Caffe's are in .caffemodel files) has at most this magnitude.",
                               valueName: "B"))
    var weightBound: Double?

    @Option(help: ArgumentHelp("Check float32 values as if computed in this type: float16 or bfloat16 (an fp16 export, mixed precision).",
                               valueName: "TYPE"))
    var precision: String?

    @Option(name: .customLong("threshold"),
            help: ArgumentHelp("Set a rule threshold, NAME=VALUE (repeatable; over .modellint.yml's thresholds); `modellint explain` lists each rule's.",
                               valueName: "NAME=VALUE"))
    var thresholds: [String] = []

    @Option(help: ArgumentHelp("Use this configuration file for every model, instead of the nearest .modellint.yml above each.",
                               valueName: "FILE"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Read no .modellint.yml: only the command line's options and the defaults.")
    var noConfig = false

    func validate() throws {
        _ = try parsedInputRanges()
        if let weightBound, !(weightBound >= 0 && weightBound.isFinite) {
            throw ValidationError("--weight-bound expects a finite number >= 0, got '\(weightBound)'")
        }
        _ = try parsedPrecision()
        _ = try parsedThresholds()
        if config != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
    }

    /// A linter running `rules` under these options.
    func linter(rules: [any Rule], showProofs: Bool = false) throws -> Linter {
        Linter(rules: rules, inputRanges: try parsedInputRanges(), weightBound: weightBound, showProofs: showProofs,
               precision: try parsedPrecision(), configuration: noConfig ? .none : config.map { .file($0) } ?? .nearest,
               thresholds: try parsedThresholds())
    }

    /// `data=0:1` -> ["data": 0...1]; the last `=` separates the name, so names may contain `=`.
    func parsedInputRanges() throws -> [String: ClosedRange<Double>] {
        var ranges: [String: ClosedRange<Double>] = [:]
        for text in inputRanges {
            guard let equals = text.lastIndex(of: "="),
                  let range = AnalysisValueSyntax.range(text[text.index(after: equals)...])
            else { throw ValidationError("--input-range expects NAME=LO:HI with LO <= HI, got '\(text)'") }
            ranges[String(text[..<equals])] = range
        }
        return ranges
    }

    /// `high-lr-sgd=0.1` -> ["high-lr-sgd": 0.1], for a threshold some rule declares.
    func parsedThresholds() throws -> [String: Double] {
        let known = ConfigurationKeys.knownThresholds.map(\.name)
        var values: [String: Double] = [:]
        for text in thresholds {
            guard let equals = text.lastIndex(of: "="), let value = AnalysisValueSyntax.number(text[text.index(after: equals)...]),
                  value.isFinite, value >= 0
            else { throw ValidationError("--threshold expects NAME=VALUE with a finite VALUE >= 0, got '\(text)'") }
            let name = String(text[..<equals])
            guard known.contains(name) else {
                throw ValidationError("--threshold: unknown threshold '\(name)'; the known ones are \(known.joined(separator: ", "))")
            }
            values[name] = value
        }
        return values
    }

    func parsedPrecision() throws -> DType? {
        guard let precision else { return nil }
        guard let type = AnalysisValueSyntax.precision(precision) else {
            throw ValidationError("--precision expects float16 or bfloat16, got '\(precision)'")
        }
        return type
    }
}
