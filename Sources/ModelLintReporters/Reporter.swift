/// One output format. A reporter turns a finished `LintReport` into text and
/// never recomputes anything, so every format agrees on what was found.
public protocol Reporter {
    /// The name `--format` accepts (`text`, `json`, `sarif`, …).
    static var identifier: String { get }
    /// The whole output, ready to be written as is.
    func render(_ report: LintReport) -> String
}
