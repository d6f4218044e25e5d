import ModelLintIR

extension Linter {
    /// This linter for a file governed by `configuration`: the command line's
    /// values override the file's, key by key; input ranges are merged by
    /// tensor name and thresholds by name, the command line's winning for a name both give.
    public func configured(by configuration: Configuration) -> Linter {
        var linter = self
        linter.inputRanges = configuration.inputRanges.merging(inputRanges) { _, commandLine in commandLine }
        linter.assumptions.weightBound = assumptions.weightBound ?? configuration.weightBound
        linter.precision = precision ?? configuration.precision
        linter.thresholds = configuration.thresholds.merging(thresholds) { _, commandLine in commandLine }
        return linter
    }

    /// The errors of the configuration files that could not be used, and for
    /// each a note naming the model files it governs, which were not linted:
    /// a wrong input range or precision would give wrong verdicts. The note
    /// carries no line and comes first, above that file's errors.
    static func report(_ failures: [ConfigurationDiscovery.Failure],
                       skippedByConfiguration skipped: [String: [String]]) -> (diagnostics: [Diagnostic], sources: [String: SourceFile]) {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        for failure in failures {
            if let source = failure.source { sources[failure.path] = source }
            let models = skipped[failure.path] ?? []
            defer { diagnostics += failure.error.diagnostics }
            guard !models.isEmpty else { continue }
            let shown = models.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                + (models.count > 3 ? " and \(models.count - 3) more" : "")
            diagnostics.append(Diagnostic(
                severity: .note,
                message: "this configuration has errors, so the \(models.count == 1 ? "model" : "\(models.count) models") "
                    + "it governs \(models.count == 1 ? "was" : "were") not linted: \(shown)",
                location: SourceLocation(file: failure.path, line: 0, column: 0)))
        }
        return (diagnostics, sources)
    }
}
