import Foundation
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
        // `rules` is already the command line's selection: the file's `select`
        // applies only when the command line has none, its `ignore` always adds.
        linter.rules = rules.filter { rule in
            (selectGivenOnCommandLine || (configuration.select.map { $0.contains { RuleSelector($0).selects(rule.description) } } ?? true))
                && !configuration.ignore.contains { RuleSelector($0).selects(rule.description) }
        }
        linter.fileConfiguration = configuration
        return linter
    }

    /// The findings of one model file after its configuration's `severity`
    /// overrides and `per-file-ignores`.
    func applyingFileConfiguration(_ findings: [Finding]) -> [Finding] {
        guard let configuration = fileConfiguration,
              !configuration.severity.isEmpty || !configuration.perFileIgnores.isEmpty else { return findings }
        let folder = configuration.folder ?? FileManager.default.currentDirectoryPath
        var relativePaths: [String: String] = [:]
        return findings.compactMap { finding in
            var finding = finding
            if !configuration.perFileIgnores.isEmpty {
                let file = finding.location.file
                let relative = relativePaths[file] ?? RelativePath.of(file, from: folder)
                relativePaths[file] = relative
                if configuration.perFileIgnores.contains(where: { entry in
                    entry.pattern.matches(relative) && entry.rules.contains { Self.identifier($0, names: finding) }
                }) { return nil }
            }
            if let severity = Self.severityOverride(configuration.severity, for: finding) { finding.severity = severity }
            return finding
        }
    }

    /// The most specific entry wins: a code or name over a prefix, a longer prefix over a shorter.
    static func severityOverride(_ overrides: [String: Severity], for finding: Finding) -> Severity? {
        overrides.filter { identifier($0.key, names: finding) }
            .max { specificity($0.key, finding) < specificity($1.key, finding) }?.value
    }

    private static func specificity(_ identifier: String, _ finding: Finding) -> Int {
        RuleSelector(identifier).names(code: finding.ruleCode, name: finding.ruleName) ? Int.max : identifier.count
    }

    /// Whether a configured rule identifier (code, name or prefix) covers the finding's rule.
    static func identifier(_ identifier: String, names finding: Finding) -> Bool {
        RuleSelector(identifier).selects(code: finding.ruleCode, name: finding.ruleName)
    }

    /// Whether a file found by walking a folder is excluded by its configuration's `exclude`.
    static func isExcluded(_ path: String, by configuration: Configuration) -> Bool {
        guard !configuration.exclude.isEmpty else { return false }
        let relative = RelativePath.of(path, from: configuration.folder ?? FileManager.default.currentDirectoryPath)
        return configuration.exclude.contains { $0.matches(relative) }
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
