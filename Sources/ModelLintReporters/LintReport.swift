import ModelLintIR

/// What one run produced, handed to every reporter. Reporters only format it:
/// the engine has already filtered and sorted the findings, so that every
/// output format lists the same findings in the same order.
public struct LintReport: Sendable {
    /// Already filtered (config, suppressions, baseline) and sorted by the engine.
    public var findings: [Finding]
    /// Messages from modellint itself: parse errors (`.error`, exit 2), skipped
    /// files and nets not found (`.note`).
    public var diagnostics: [Diagnostic]
    /// Path -> file, so that reporters can quote the line a finding points at
    /// without touching the file system again.
    public var sources: [String: SourceFile]
    /// How many files the engine looked at, for the summary line.
    public var filesLinted: Int
    /// The paths of the files the engine looked at, in its order (JUnit has a
    /// testsuite for each, clean or not). Empty when the caller did not say.
    public var files: [String]
    /// Dangerous operations proved safe, when asked for (`--show-proofs`);
    /// they never count as findings.
    public var proofs: [Finding]
    /// Dangerous operations whose bound allows the bad values while nothing
    /// shows an input reaches them, when asked for (`--show-unproven`); never
    /// findings. `unprovenCount` counts them whether listed or not.
    public var unproven: [Finding] = []
    public var unprovenCount: Int = 0
    /// Options the run found wrong only once the models were read (an
    /// `--input-range` naming no input): the command line reports them as
    /// usage errors, exit 2. Reporters do not show them.
    public var usageErrors: [String] = []
    /// Findings removed by inline suppressions (`modellint: disable=…`), for
    /// summaries; the findings themselves are not kept.
    public var suppressedCount: Int = 0
    /// Each file's (first) graph with its shapes and intervals, by path, when
    /// the engine was asked to keep them (`Linter.keepsGraphs`: the HTML report
    /// and `modellint graph` draw them). Empty otherwise.
    public var graphs: [String: AnalysedGraph] = [:]

    public init(findings: [Finding], diagnostics: [Diagnostic] = [], sources: [String: SourceFile] = [:],
                filesLinted: Int, proofs: [Finding] = [], files: [String] = []) {
        self.files = files
        self.findings = findings
        self.proofs = proofs
        self.diagnostics = diagnostics
        self.sources = sources
        self.filesLinted = filesLinted
    }
}

extension LintReport {
    /// How many findings have `severity`; every summary (text, JUnit counts)
    /// asks the same question, so it is answered once here.
    public func count(of severity: Severity) -> Int {
        findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }

    /// The distinct files named by error diagnostics, in first-seen order: a
    /// file with three parse errors is still one file that could not be read.
    public var unreadableFiles: [String] {
        var seen = Set<String>()
        return diagnostics.filter { $0.severity == .error }.map(\.location.file).filter { seen.insert($0).inserted }
    }
}
