import ArgumentParser
import Foundation
import ModelLint
import ModelLintIR
import ModelLintReporters

/// `modellint graph MODEL [-o FILE]`: the model as a Graphviz picture, with
/// its findings, proofs and intervals on it.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a model as a Graphviz picture, with its findings, proofs and intervals on it.",
        discussion: """
            One box per layer (op, name, output shape); edges labelled with the interval of the tensor they carry; \
            layers with findings coloured by severity with their rule codes; dangerous operations proved safe \
            outlined in green. Layers sharing a name prefix (enc1_, dec3_) are drawn in a cluster per stage. \
            -o FILE.dot writes DOT; FILE.svg and FILE.png run Graphviz's `dot` (apt-get install graphviz). \
            Without -o, DOT goes to standard output.
            """)

    @Argument(help: "The model file (.prototxt, .pt, .onnx, .json, .swift). A net with several phases is drawn for its first (TRAIN).")
    var path: String

    @Option(name: [.short, .customLong("output")],
            help: ArgumentHelp("Write the picture to FILE: .dot (DOT), .svg or .png (through Graphviz's `dot`). Default: DOT to standard output.",
                               valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Draw stages (groups of layers sharing a name prefix) down to this level as clusters, "
                               + "and each group one level deeper as one box; 0 = one box per stage. Default: every layer.",
                               valueName: "N"))
    var depth: Int?

    @Option(help: ArgumentHelp("Draw only this layer, the chain of layers that produce its inputs, and its direct consumers.",
                               valueName: "NODE"))
    var focus: String?

    @Option(name: .customLong("focus-depth"),
            help: ArgumentHelp("With --focus: how many producer steps back to draw.", valueName: "N"))
    var focusDepth: Int = 10

    @OptionGroup var analysis: AnalysisOptions

    @Flag(help: "Also run the preview rules, as for linting.")
    var preview = false

    static let pictureFormats = ["dot", "svg", "png"]

    func validate() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ValidationError("graph draws one model file, and '\(path)' is a folder")
        }
        if let output {
            guard Self.pictureFormats.contains(Self.format(of: output)) else {
                throw ValidationError("-o '\(output)': the extension picks the picture: .dot, .svg or .png")
            }
            do { try OutputTarget.checkNotAnInput(output, inputs: [path]) } catch { throw ValidationError("\(error)") }
        }
        if let depth, depth < 0 { throw ValidationError("--depth expects a number >= 0, got \(depth)") }
        if focusDepth < 0 { throw ValidationError("--focus-depth expects a number >= 0, got \(focusDepth)") }
    }

    static func format(of file: String) -> String {
        URL(fileURLWithPath: file).pathExtension.lowercased()
    }

    func run() throws {
        let linter = try analysis.linter(rules: try RuleSelection(preview: preview).rules())
        let picture: Linter.Picture
        do {
            picture = try linter.picture(path: path)
        } catch {
            if error.report.usageErrors.isEmpty {
                FileHandle.standardError.write(Data(TextReporter(useColor: false).render(error.report).utf8))
            }
            Lint.printUsageErrors(error.report)
            throw ExitCode(ExitStatus.couldNotRun)
        }
        let dot: String
        do {
            dot = try GraphDOT.render(picture.graph, findings: picture.findings, proofs: picture.proofs,
                                      options: GraphDOT.Options(depth: depth, focus: focus, focusDepth: focusDepth))
        } catch {
            throw ValidationError("--focus: \(error)")
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(dot.utf8))
            throw ExitCode(ExitStatus.clean)
        }
        let format = Self.format(of: output)
        do {
            if format == "dot" {
                try AtomicWrite.write(dot, to: output)
            } else {
                try AtomicWrite.write(bytes: Array(try Graphviz.render(dot, format: format)), to: output)
            }
        } catch let missing as Graphviz.Missing {
            // DOT is still written, beside the file asked for.
            let dotFile = URL(fileURLWithPath: output).deletingPathExtension().appendingPathExtension("dot").path
            let shown = (output as NSString).deletingPathExtension + ".dot"
            do {
                try OutputTarget.checkNotAnInput(dotFile, inputs: [path])
                try AtomicWrite.write(dot, to: dotFile)
                FileHandle.standardError.write(Data("modellint: \(missing); wrote DOT to \(shown)\n".utf8))
            } catch {
                FileHandle.standardError.write(Data("modellint: \(missing); \(error)\n".utf8))
            }
            throw ExitCode(ExitStatus.couldNotRun)
        } catch {
            FileHandle.standardError.write(Data("modellint: \(error)\n".utf8))
            throw ExitCode(ExitStatus.couldNotRun)
        }
        throw ExitCode(ExitStatus.clean)
    }
}

/// The pictures of an HTML report: each file's graph through `dot -Tsvg`,
/// with the element ids the report links to.
enum HTMLPictures {
    static func render(_ report: LintReport) -> (svgs: [String: String], missing: String?) {
        guard Graphviz.executable() != nil else { return ([:], Graphviz.Missing().description) }
        var svgs: [String: String] = [:]
        var missing: String?
        for (index, path) in HTMLReporter.sectionPaths(report).enumerated() {
            guard let graph = report.graphs[path] else { continue }
            do {
                let dot = try GraphDOT.render(graph, findings: HTMLReporter.items(report.findings, for: path, in: report),
                                              proofs: HTMLReporter.items(report.proofs, for: path, in: report),
                                              options: GraphDOT.Options(idPrefix: HTMLReporter.idPrefix(section: index)))
                svgs[path] = Graphviz.inlineSVG(String(decoding: try Graphviz.render(dot, format: "svg"), as: UTF8.self))
            } catch {
                missing = "\(error)"
            }
        }
        return (svgs, missing)
    }
}
