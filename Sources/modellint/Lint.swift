import ArgumentParser
import Foundation
import ModelLint
import ModelLintIR
import ModelLintReporters
import ModelLintRules

struct Lint: ParsableCommand {
    // Named here: ArgumentParser would derive the name from the type's name,
    // whose description costs a scan of every protocol conformance in the
    // binary (a third of start-up's conformance lookups).
    static let configuration = CommandConfiguration(
        commandName: "lint",
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

    @Option(name: .customLong("format"),
            help: ArgumentHelp("Output format, F or F:FILE (repeatable): \(OutputFormats.identifiers.joined(separator: ", ")). "
                               + "F goes to standard output (or -o); each F:FILE is written to FILE, with text on standard output "
                               + "unless a plain F is also given.",
                               valueName: "F[:FILE]"))
    var formats: [String] = []

    @Option(name: [.short, .customLong("output")], help: "Write the report of the plain --format (text by default) to this file instead of standard output.")
    var output: String?

    @Flag(help: "Text output: only findings and errors; no notes from modellint, no proofs, no summary line (a clean run prints nothing).")
    var quiet = false

    @Flag(name: .customLong("no-color"), help: "No colour in text output (the same as --color never).")
    var noColor = false

    @Option(help: "Run only these rules: codes, names or code prefixes such as ML2, comma-separated or repeated.")
    var select: [String] = []

    @Option(help: "Skip these rules: codes, names or code prefixes, comma-separated or repeated.")
    var ignore: [String] = []

    @Flag(help: "Also run the preview rules (`modellint rules` marks them); one is also run when --select names it.")
    var preview = false

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: note, warning or error.")
    var failOn: FailOn = .warning

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings are reported (2 still means a file could not be read).")
    var exitZero = false

    @Option(help: "Colour in text output: auto (only on a terminal, never with NO_COLOR), always or never.")
    var color: ColorMode = .auto

    @OptionGroup var analysis: AnalysisOptions

    @Flag(name: .customLong("show-proofs"), help: "Also list the dangerous operations proved safe, with the interval that proves it.")
    var showProofs = false

    @Flag(name: .customLong("show-unproven"),
          help: "Also list the dangerous operations neither proved safe nor shown to go wrong: the bound allows the bad values, nothing shows an input reaches them (the summary counts them).")
    var showUnproven = false

    @Flag(name: .customLong("dump-intervals"),
          help: "Print every tensor's interval as JSON instead of linting (one file).")
    var dumpIntervals = false

    @Option(help: ArgumentHelp("Report only the findings that are not in this baseline file (written by --write-baseline).",
                               valueName: "FILE"))
    var baseline: String?

    @Option(name: .customLong("write-baseline"),
            help: ArgumentHelp("Record every current finding in this baseline file, and exit 0 unless a file could not be read.",
                               valueName: "FILE"))
    var writeBaseline: String?

    @Option(name: .customLong("base-dir"),
            help: ArgumentHelp("The folder a Caffe solver's nets must lie in (default: the git repository that holds the solver), and the one SARIF file URIs are relative to (default: the git repository around the current folder, else the current folder).",
                               valueName: "DIR"))
    var baseDirectory: String?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one model file or folder") }
        // modellint never writes to an input file, even when asked to: -o and every F:FILE.
        for file in try parsedTargets().compactMap(\.file) {
            do { try OutputTarget.checkNotAnInput(file, inputs: paths) } catch { throw ValidationError("\(error)") }
        }
        try validateBaselineOptions()
        if dumpIntervals && paths.count != 1 { throw ValidationError("--dump-intervals takes exactly one model file") }
        if let baseDirectory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: baseDirectory, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--base-dir '\(baseDirectory)' is not a folder")
            }
        }
    }

    /// The reports to write: the plain format (text by default) to standard
    /// output or -o, then each F:FILE.
    func parsedTargets() throws -> [OutputTarget] {
        do {
            return try OutputTarget.parse(formats: formats, output: output)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let rules: [any Rule]
        do {
            rules = try RuleSelection(select: Self.split(select), ignore: Self.split(ignore), preview: preview).rules()
        } catch {
            throw ValidationError("\(error)")
        }
        var linter = try analysis.linter(rules: rules, showProofs: showProofs)
        linter.selectGivenOnCommandLine = !Self.split(select).isEmpty
        linter.baseDirectory = baseDirectory
        linter.showUnproven = showUnproven
        let targets = try parsedTargets()
        let drawsPictures = targets.contains { $0.format == HTMLReporter.identifier }
        linter.keepsGraphs = drawsPictures
        if dumpIntervals {
            do {
                FileHandle.standardOutput.write(Data((try linter.dumpIntervals(path: paths[0]) + "\n").utf8))
                throw ExitCode(ExitStatus.clean)
            } catch let unreadable as Linter.UnreadableModel {
                if unreadable.report.usageErrors.isEmpty {
                    FileHandle.standardOutput.write(Data(TextReporter(useColor: false).render(unreadable.report).utf8))
                }
                Self.printUsageErrors(unreadable.report)
                throw ExitCode(ExitStatus.couldNotRun)
            }
        }
        let report = try applyingBaseline { linter.lint(paths: paths) }
        guard report.usageErrors.isEmpty else {
            Self.printUsageErrors(report)
            throw ExitCode(ExitStatus.couldNotRun)
        }
        var writeFailed = false
        let pictures = drawsPictures ? HTMLPictures.render(report) : (svgs: [:], missing: nil)
        for target in targets {
            // Colour only ever goes to standard output; a file gets it only with --color always.
            let useColor: Bool = switch noColor ? .never : color {
            case .always: true
            case .never: false
            case .auto: target.file == nil && TextReporter.shouldUseColor(
                environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
            }
            let context = ReporterContext(useColor: useColor, quiet: quiet, rules: rules.map(\.description),
                                          baseDirectory: baseDirectory ?? ReferencedFile.repositoryRoot(around: FileManager.default.currentDirectoryPath),
                                          pictures: pictures.svgs, missingPictureReason: pictures.missing)
            guard let reporter = OutputFormats.make(target.format, context) else { continue }
            let rendered = reporter.render(report)
            if let file = target.file {
                do {
                    try AtomicWrite.write(rendered, to: file)
                } catch {
                    FileHandle.standardError.write(Data("modellint: \(error)\n".utf8))
                    writeFailed = true
                }
            } else {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
        }
        throw ExitCode(writeFailed ? ExitStatus.couldNotRun : exitStatus(for: report))
    }

    /// A declared range that names no input (a typo that would leave the input unbounded), one line each.
    static func printUsageErrors(_ report: LintReport) {
        for error in report.usageErrors { FileHandle.standardError.write(Data("modellint: error: \(error)\n".utf8)) }
    }

    /// `--ignore ML0,ML201 --ignore ML3` is three identifiers.
    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func exitStatus(for report: LintReport) -> Int32 {
        if report.diagnostics.contains(where: { $0.severity == .error }) { return ExitStatus.couldNotRun }
        if exitZero || writeBaseline != nil { return ExitStatus.clean }
        return report.findings.contains { $0.severity >= failOn.severity } ? ExitStatus.findings : ExitStatus.clean
    }
}
