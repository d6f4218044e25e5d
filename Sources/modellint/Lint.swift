import ArgumentParser
import Foundation
import ModelLint
import ModelLintIR
import ModelLintReporters
import ModelLintRules

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint model files and folders (the default command).")

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case note, warning, error
        var severity: Severity { Severity(name: rawValue)! }
    }

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Model files, or folders to search for *.prototxt, *.pt, *.onnx, *.json and *.swift models.")
    var paths: [String] = []

    @Option(help: "Output format: text.")
    var format: String = "text"

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Run only these rules: codes, names or code prefixes such as ML2, comma-separated or repeated.")
    var select: [String] = []

    @Option(help: "Skip these rules: codes, names or code prefixes, comma-separated or repeated.")
    var ignore: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: note, warning or error.")
    var failOn: FailOn = .warning

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings are reported (2 still means a file could not be read).")
    var exitZero = false

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode = .auto

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one model file or folder") }
        if let output {
            // modellint never writes to an input file, even when asked to.
            let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
            let inputs = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
            if inputs.contains(where: { target == $0 || target.hasPrefix($0 + "/") && ModelFormat.byExtension(target) != nil }) {
                throw ValidationError("the report would overwrite the model '\(output)'; choose another --output")
            }
        }
        guard format == TextReporter.identifier else {
            throw ValidationError("unknown format '\(format)'; available: \(TextReporter.identifier)")
        }
    }

    func run() throws {
        let rules: [any Rule]
        do {
            rules = try RuleSelection(select: Self.split(select), ignore: Self.split(ignore)).rules()
        } catch {
            throw ValidationError("\(error)")
        }
        let report = Linter(rules: rules).lint(paths: paths)
        let useColor: Bool = switch color {
        case .always: true
        case .never: false
        case .auto: output == nil && TextReporter.shouldUseColor(
            environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
        }
        let rendered = TextReporter(useColor: useColor).render(report)
        if let output {
            do {
                try Data(rendered.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                FileHandle.standardError.write(Data("modellint: cannot write '\(output)': \(error.localizedDescription)\n".utf8))
                throw ExitCode(ExitStatus.couldNotRun)
            }
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        throw ExitCode(exitStatus(for: report))
    }

    /// `--ignore ML0,ML201 --ignore ML3` is three identifiers.
    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func exitStatus(for report: LintReport) -> Int32 {
        if report.diagnostics.contains(where: { $0.severity == .error }) { return ExitStatus.couldNotRun }
        if exitZero { return ExitStatus.clean }
        return report.findings.contains { $0.severity >= failOn.severity } ? ExitStatus.findings : ExitStatus.clean
    }
}
