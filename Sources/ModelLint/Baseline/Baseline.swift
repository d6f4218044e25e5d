import Foundation
import ModelLintIR
import ModelLintReporters

/// `--write-baseline` and `--baseline`: record today's findings, then report
/// only the findings that are not in the record.
public enum Baseline {
    /// The baseline of every finding in `report`, paths relative to the folder holding `baselinePath`.
    public static func make(from report: LintReport, baselinePath: String) -> BaselineFile {
        let folder = self.folder(of: baselinePath)
        var counts: [Fingerprint: Int] = [:]
        for finding in report.findings {
            counts[Fingerprint(finding, sources: report.sources, baselineFolder: folder), default: 0] += 1
        }
        return BaselineFile(counts: counts)
    }

    /// `report` without the findings the baseline holds: as many findings of
    /// a fingerprint as the baseline counts are dropped (in report order), any
    /// more are new. When some were dropped, a note says how many.
    public static func filter(_ report: LintReport, by baseline: BaselineFile, baselinePath: String) -> LintReport {
        let folder = self.folder(of: baselinePath)
        var remaining = baseline.counts
        var report = report
        var dropped = 0
        report.findings = report.findings.filter { finding in
            let fingerprint = Fingerprint(finding, sources: report.sources, baselineFolder: folder)
            guard let left = remaining[fingerprint], left > 0 else { return true }
            remaining[fingerprint] = left - 1
            dropped += 1
            return false
        }
        if dropped > 0 {
            report.diagnostics.append(Diagnostic(
                severity: .note,
                message: "\(dropped) finding\(dropped == 1 ? " is" : "s are") in the baseline and not reported",
                location: SourceLocation(file: baselinePath, line: 0, column: 0)))
        }
        return report
    }

    static func folder(of baselinePath: String) -> String {
        ConfigurationDiscovery.parent(of: ConfigurationDiscovery.absolute(
            baselinePath, in: FileManager.default.currentDirectoryPath))
    }
}
