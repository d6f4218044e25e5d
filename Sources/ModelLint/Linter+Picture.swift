import ModelLintIR
import ModelLintReporters

extension Linter {
    /// What `modellint graph` draws: a file's first graph, analysed, with the
    /// findings (after configuration and suppressions) and the proofs.
    public struct Picture: Sendable {
        public var graph: AnalysedGraph
        public var findings: [Finding]
        public var proofs: [Finding]
        /// Notes from modellint about the file (a net not found, a phase drawn).
        public var diagnostics: [Diagnostic]
    }

    /// Lints one file as `modellint FILE --show-proofs` would, keeping its graph.
    public func picture(path: String) throws(UnreadableModel) -> Picture {
        var linter = self
        linter.keepsGraphs = true
        linter.showProofs = true
        let report = linter.lint(paths: [path])
        guard report.usageErrors.isEmpty, !report.diagnostics.contains(where: { $0.severity == .error }),
              let graph = report.graphs[path] ?? report.graphs.values.first
        else { throw UnreadableModel(report: report) }
        return Picture(graph: graph, findings: report.findings, proofs: report.proofs, diagnostics: report.diagnostics)
    }
}
