import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintReporters
import ModelLintRules

/// The engine: reads each file with its frontend, infers shapes, runs the
/// selected rules on every graph, and gathers one report. Files are linted in
/// parallel; a file that cannot be read becomes an error diagnostic and never
/// stops the others.
public struct Linter: Sendable {
    public var rules: [any Rule]
    /// `--input-range NAME=LO:HI`: ranges for tensors by name (graph inputs, data layers' outputs).
    public var inputRanges: [String: ClosedRange<Double>]

    public init(rules: [any Rule], inputRanges: [String: ClosedRange<Double>] = [:]) {
        self.rules = rules
        self.inputRanges = inputRanges
    }

    /// A file that could not be read, with the report that says why.
    public struct UnreadableModel: Error {
        public var report: LintReport
    }

    /// `--dump-intervals`: every tensor's interval in each graph of one file, as JSON.
    public func dumpIntervals(path: String) throws(UnreadableModel) -> String {
        guard let format = ModelFormat.byExtension(path) else {
            throw UnreadableModel(report: LintReport(findings: [], diagnostics: lintFile(path: path, format: nil).diagnostics,
                                                     filesLinted: 1))
        }
        switch Self.load(path: path, format: format) {
        case .success(let loaded):
            return IntervalDump.render(loaded.graphs.map(applyingInputRanges))
        case .failure(let failure):
            throw UnreadableModel(report: LintReport(
                findings: [], diagnostics: failure.diagnostics,
                sources: Dictionary(failure.sources.map { ($0.path, $0) }, uniquingKeysWith: { $1 }), filesLinted: 1))
        }
    }

    /// The graph with the user's declared ranges on the tensors they name.
    func applyingInputRanges(_ graph: Graph) -> Graph {
        guard !inputRanges.isEmpty else { return graph }
        var graph = graph
        for index in graph.tensors.indices where graph.tensors[index].version == 0 {
            if let range = inputRanges[graph.tensors[index].name] { graph.tensors[index].declaredRange = range }
        }
        graph.subgraphs = graph.subgraphs.map(applyingInputRanges)
        return graph
    }

    public func lint(paths: [String]) -> LintReport {
        let discovery = FileDiscovery.discover(paths)
        let files = discovery.files
        let results = ConcurrentResults<FileResult>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            results[index] = lintFile(path: files[index].path, format: files[index].format)
        }
        var findings: [Finding] = []
        var diagnostics = discovery.missing
        var sources: [String: SourceFile] = [:]
        for result in results.values {
            findings += result.findings
            diagnostics += result.diagnostics
            for source in result.sources { sources[source.path] = source }
        }
        return LintReport(findings: Self.deduplicated(findings).sorted(by: Self.reportOrder),
                          diagnostics: diagnostics.sorted { $0.location < $1.location },
                          sources: sources, filesLinted: files.count)
    }

    struct FileResult: Sendable, Error {
        var findings: [Finding] = []
        var diagnostics: [Diagnostic] = []
        var sources: [SourceFile] = []
    }

    func lintFile(path: String, format: ModelFormat?) -> FileResult {
        guard let format else {
            return FileResult(diagnostics: [Diagnostic(
                severity: .error, message: "not a model file modellint can read (expected .prototxt, .pt, .onnx, .json or .swift)",
                location: .startOf(path))])
        }
        switch Self.load(path: path, format: format) {
        case .success(let loaded):
            let findings = Self.mergedAcrossVariants(loaded.graphs.map { ($0.variantLabel, check($0)) })
            return FileResult(findings: findings, diagnostics: loaded.diagnostics, sources: loaded.sources)
        case .failure(let failure):
            return failure
        }
    }

    /// Reads and parses one file. The file's bytes live only in here (and in
    /// the sources of text formats), so a binary model's weights are not held
    /// twice while the rules run.
    static func load(path: String, format: ModelFormat) -> Result<ModelLoader.Loaded, FileResult> {
        guard let bytes = FileBytes.contents(of: path) else {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: "cannot read the file",
                                                                location: .startOf(path))]))
        }
        let file = SourceFile(path: path, bytes: bytes)
        do {
            return .success(try ModelLoader.load(file, format: format))
        } catch let error as LocatedError {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: error.message, location: error.location)],
                                       sources: format == .onnx ? [] : [file]))
        } catch {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: "\(error)", location: .startOf(path))]))
        }
    }

    /// Runs every rule on one graph, after shape inference, and on the
    /// graphs nested in it (the bodies of `If`, `Loop`, `Scan`, local functions).
    public func check(_ graph: Graph) -> [Finding] {
        checkAnalysed(ShapeInference.infer(applyingInputRanges(graph)))
    }

    /// Nested graphs are checked with the intervals their owner gives them
    /// (a Loop body at its fixpoint, an If branch with the outer values it reads).
    private func checkAnalysed(_ graph: Graph, intervals: IntervalAnalysis? = nil) -> [Finding] {
        var findings: [Finding] = []
        let intervals = intervals ?? IntervalAnalysis.run(graph)
        for rule in rules {
            var context = RuleContext(graph: graph, rule: rule.description, intervals: intervals)
            rule.check(&context)
            findings += context.findings
        }
        for (index, subgraph) in graph.subgraphs.enumerated() {
            findings += checkAnalysed(subgraph, intervals: index < intervals.subgraphs.count ? intervals.subgraphs[index] : nil)
        }
        return findings
    }

    /// A layer shared by the TRAIN and TEST graphs is reported once, with a
    /// note naming the graphs it was found in when the net has several.
    static func mergedAcrossVariants(_ results: [(variant: String, findings: [Finding])]) -> [Finding] {
        var order: [String] = []
        var merged: [String: (finding: Finding, variants: [String])] = [:]
        for (variant, findings) in results {
            for finding in findings {
                let key = identity(finding)
                if merged[key] == nil { order.append(key) }
                merged[key, default: (finding, [])].variants.append(variant)
            }
        }
        let variantCount = results.count
        return order.compactMap { key in
            guard var (finding, variants) = merged[key] else { return nil }
            variants = variants.filter { !$0.isEmpty }
            if !variants.isEmpty && variantCount > 1 {
                let list = variants.count == 1 ? variants[0]
                    : variants.dropLast().joined(separator: ", ") + " and " + variants[variants.count - 1]
                finding.evidence.append(variants.count == variantCount
                    ? "found in every graph of this net: \(list)"
                    : "found only in the \(list) graph\(variants.count == 1 ? "" : "s")")
            }
            return finding
        }
    }

    /// A net linted both on its own and through its solver is reported once.
    static func deduplicated(_ findings: [Finding]) -> [Finding] {
        var seen = Set<String>()
        return findings.filter { seen.insert(identity($0)).inserted }
    }

    private static func identity(_ finding: Finding) -> String {
        "\(finding.ruleCode)|\(finding.location)|\(finding.message)"
    }

    static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location != b.location { return a.location < b.location }
        return a.ruleCode < b.ruleCode
    }
}

/// Results written from `concurrentPerform`, each index by exactly one worker.
final class ConcurrentResults<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value] { lock.withLock { storage.compactMap { $0 } } }
}
