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

    /// Lints, then writes the baseline (the report is unchanged) or drops the
    /// findings it holds. A baseline that is missing, unreadable or not one is
    /// an error (exit 2), found before any model is read.
    func applyingBaseline(to lint: () -> LintReport) throws -> LintReport {
        var recorded: BaselineFile?
        if let baseline {
            do {
                recorded = try BaselineFile.read(from: baseline)
            } catch {
                throw Self.baselineFailure(error)
            }
        }
        let report = lint()
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
        guard let baseline, let recorded else { return report }
        return Baseline.filter(report, by: recorded, baselinePath: baseline)
    }

    /// Says why on standard error, and exits 2.
    private static func baselineFailure(_ error: BaselineFile.Problem) -> ExitCode {
        FileHandle.standardError.write(Data("modellint: error: \(error)\n".utf8))
        return ExitCode(ExitStatus.couldNotRun)
    }
}
