import ModelLintDSL
import ModelLintIR
import ModelLintRules

/// Lints a model declared with the DSL, from the user's own code or tests:
///
///     import ModelLint
///     import ModelLintDSL
///
///     let findings = try ModelLint.lint(myModel)
///     #expect(findings.isEmpty, "\(findings)")
///
/// The findings are those `modellint MyModel.swift` prints for the same
/// model, located at the DSL call sites (`#filePath`, `#line`, `#column`),
/// except that inline `// modellint:` suppressions and `.modellint.yml`,
/// which belong to files, are not applied: pass `ignore:` instead.
/// `select`/`ignore` take rule codes, names or prefixes, as on the command
/// line; an unknown one throws `RuleSelection.UnknownRule`. `preview` runs
/// the preview rules too, as `--preview` does.
public func lint(_ model: Model, select: [String] = [], ignore: [String] = [], preview: Bool = false,
                 inputRanges: [String: ClosedRange<Double>] = [:]) throws -> [Finding] {
    let rules = try RuleSelection(select: select, ignore: ignore, preview: preview).rules()
    let linter = Linter(rules: rules, inputRanges: inputRanges)
    return Linter.deduplicated(linter.check(model.graph)).sorted(by: Linter.reportOrder)
}
