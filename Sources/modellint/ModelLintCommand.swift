import ArgumentParser
import Foundation
import ModelLint
import ModelLintIR
import ModelLintReporters
import ModelLintRules

@main
struct ModelLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modellint",
        abstract: "Find what makes a neural network train to NaN or Inf, before the first step.",
        discussion: """
            Reads Caffe nets and solvers (.prototxt, .pt) and ONNX models (.onnx, ONNX JSON). Exit status: 0 when nothing at or above \
            --fail-on was found, 1 when something was, 2 when a file could not be read or the command \
            line is wrong.
            """,
        version: ModelLintTool.version,
        subcommands: [Lint.self, GraphCommand.self, ListRules.self, Explain.self],
        defaultSubcommand: Lint.self)

    static func main() { mainExitingTwoOnUsageError() }
}

/// Exit codes shared by every subcommand.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let couldNotRun: Int32 = 2
}

extension ParsableCommand {
    /// ArgumentParser exits 64 on usage errors; DESIGN.md promises 2.
    static func mainExitingTwoOnUsageError() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.couldNotRun)
        }
    }
}
