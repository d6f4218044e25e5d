import ArgumentParser
import Foundation
import ModelLint
import ModelLintReporters

/// `--baseline FILE` and `--write-baseline FILE`.
extension Lint {
    func validateBaselineOptions() throws {
        if baseline != nil && writeBaseline != nil {
            throw ValidationError("--baseline and --write-baseline exclude each other: write a baseline, then use it")
        }
        if dumpIntervals && (baseline != nil || writeBaseline != nil) {
            throw ValidationError("--dump-intervals does not lint, so it takes no baseline")
        }
    }

    /// Writes the baseline (the report is unchanged), or drops the findings it
    /// holds. A baseline that is missing, unreadable or not one is a usage error (exit 2).
    func applyingBaseline(to report: LintReport) throws -> LintReport {
        if let writeBaseline {
            do {
                try Baseline.make(from: report, baselinePath: writeBaseline).write(to: writeBaseline)
            } catch {
                throw Self.baselineFailure(error)
            }
            FileHandle.standardError.write(Data(
                "modellint: wrote \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") to the baseline '\(writeBaseline)'\n".utf8))
            return report
        }
        guard let baseline else { return report }
        do {
            return Baseline.filter(report, by: try BaselineFile.read(from: baseline), baselinePath: baseline)
        } catch {
            throw Self.baselineFailure(error)
        }
    }

    /// Says why on standard error, and exits 2.
    private static func baselineFailure(_ error: BaselineFile.Problem) -> ExitCode {
        FileHandle.standardError.write(Data("modellint: error: \(error)\n".utf8))
        return ExitCode(ExitStatus.couldNotRun)
    }
}
