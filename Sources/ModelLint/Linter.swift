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
    /// What the interval analysis may assume beyond the model (`--weight-bound`).
    public var assumptions: IntervalAnalysis.Assumptions
    /// Keep the operations proved safe in the report (`--show-proofs`).
    public var showProofs: Bool
    /// Keep the operations neither proved safe nor shown to go wrong in the
    /// report (`--show-unproven`); they are counted either way.
    public var showUnproven = false
    /// `--precision float16`: analyse float32 values as if they were of this
    /// type (a model to be exported for fp16, mixed-precision training).
    public var precision: DType?
    /// Where each file's `.modellint.yml` comes from. `inputRanges`,
    /// `assumptions` and `precision` above are the command line's; each file
    /// is linted with its configuration under them (`configured(by:)`).
    public var configuration: ConfigurationDiscovery.Mode
    /// `--threshold NAME=VALUE`: rule thresholds by name (over the file's `thresholds:`).
    public var thresholds: [String: Double]
    /// Keep each file's first graph, with shapes and intervals, in the report
    /// (`LintReport.graphs`), for pictures.
    public var keepsGraphs = false
    /// Whether `rules` came from a `--select`: then a configuration's `select` is not used.
    public var selectGivenOnCommandLine = false
    /// `--base-dir`: the folder a Caffe solver's nets must lie in; nil: the
    /// repository that holds each solver.
    public var baseDirectory: String?
    /// The configuration this linter was made for (`configured(by:)`): its
    /// severity overrides and per-file ignores apply to the findings.
    var fileConfiguration: Configuration?

    public init(rules: [any Rule], inputRanges: [String: ClosedRange<Double>] = [:],
                assumptions: IntervalAnalysis.Assumptions = .init(), showProofs: Bool = false, precision: DType? = nil,
                configuration: ConfigurationDiscovery.Mode = .nearest, thresholds: [String: Double] = [:]) {
        self.thresholds = thresholds
        self.precision = precision
        self.rules = rules
        self.inputRanges = inputRanges
        self.assumptions = assumptions
        self.showProofs = showProofs
        self.configuration = configuration
    }

    /// The same with `--weight-bound`'s value as the one assumption, for
    /// callers that do not speak the analysis's types (the command line).
    public init(rules: [any Rule], inputRanges: [String: ClosedRange<Double>] = [:], weightBound: Double?,
                showProofs: Bool = false, precision: DType? = nil, configuration: ConfigurationDiscovery.Mode = .nearest,
                thresholds: [String: Double] = [:]) {
        self.init(rules: rules, inputRanges: inputRanges, assumptions: IntervalAnalysis.Assumptions(weightBound: weightBound),
                  showProofs: showProofs, precision: precision, configuration: configuration, thresholds: thresholds)
    }

    /// A file that could not be read, with the report that says why.
    public struct UnreadableModel: Error {
        public var report: LintReport
    }

    /// `--dump-intervals`: every tensor's interval in each graph of one file, as JSON.
    /// The file's configuration applies, as it does when linting.
    public func dumpIntervals(path: String) throws(UnreadableModel) -> String {
        let configurations = ConfigurationDiscovery(mode: configuration)
        let found: Configuration
        switch configurations.lookup(forModelAt: path) {
        case .found(let fileConfiguration):
            found = fileConfiguration
        case .broken(let configurationPath):
            let failures = Self.report(configurations.failures, skippedByConfiguration: [configurationPath: [path]])
            throw UnreadableModel(report: LintReport(findings: [], diagnostics: failures.diagnostics, sources: failures.sources,
                                                     filesLinted: 0))
        }
        return try configured(by: found).dumpIntervalsWithoutConfiguration(path: path, commandLineRanges: Set(inputRanges.keys))
    }

    private func dumpIntervalsWithoutConfiguration(path: String, commandLineRanges: Set<String>) throws(UnreadableModel) -> String {
        guard let format = ModelFormat.byExtension(path) else {
            throw UnreadableModel(report: LintReport(findings: [], diagnostics: lintFile(path: path, format: nil).diagnostics,
                                                     filesLinted: 1))
        }
        switch load(path: path, format: format) {
        case .success(let loaded):
            // An error in reading (external data refused, a solver's net that
            // does not parse) leaves intervals the model does not have: none are printed.
            if loaded.diagnostics.contains(where: { $0.severity == .error }) {
                throw UnreadableModel(report: LintReport(
                    findings: [], diagnostics: loaded.diagnostics,
                    sources: Dictionary(loaded.sources.map { ($0.path, $0) }, uniquingKeysWith: { $1 }), filesLinted: 1))
            }
            let unbound = unboundInputRanges(commandLine: commandLineRanges, in: loaded.graphs)
            guard unbound.isEmpty else {
                var report = LintReport(findings: [], diagnostics: [], filesLinted: 1)
                report.usageErrors = unbound
                throw UnreadableModel(report: report)
            }
            return IntervalDump.render(loaded.graphs.map(analysedModel))
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
        for index in graph.tensors.indices {
            guard graph.tensors[index].version == 0 else { continue }
            if let range = inputRanges[graph.tensors[index].name] { graph.tensors[index].declaredRange = range }
        }
        graph.subgraphs = graph.subgraphs.map(applyingInputRanges)
        return graph
    }

    public func lint(paths: [String]) -> LintReport {
        let discovery = FileDiscovery.discover(paths)
        // Configurations are found before the parallel part, each read once.
        let configurations = ConfigurationDiscovery(mode: configuration)
        var toLint: [(path: String, format: ModelFormat?, linter: Linter)] = []
        var skipped: [String: [String]] = [:]
        for file in discovery.files {
            switch configurations.lookup(forModelAt: file.path) {
            case .found(let found):
                if discovery.walked.contains(file.path) && Self.isExcluded(file.path, by: found) { continue }
                toLint.append((file.path, file.format, configured(by: found)))
            case .broken(let configurationPath): skipped[configurationPath, default: []].append(file.path)
            }
        }
        let files = toLint
        let results = ConcurrentResults<FileResult>(count: files.count)
        // Largest files first: the cores take the files in this order, and a
        // large model taken last would be linted alone while the others idle
        // (a folder walk lists the ONNX models after the Caffe nets).
        let schedule = files.indices.map { ($0, InputFile.size(files[$0].path)) }.sorted { $0.1 > $1.1 }.map(\.0)
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            let index = schedule[position]
            results[index] = files[index].linter.lintFile(path: files[index].path, format: files[index].format)
        }
        var proofs: [Finding] = []
        var unproven: [Finding] = []
        let failures = Self.report(configurations.failures, skippedByConfiguration: skipped)
        var diagnostics = discovery.missing + failures.diagnostics
        var sources = failures.sources
        var graphs: [String: AnalysedGraph] = [:]
        for index in files.indices {
            if let graph = results[index]?.graph { graphs[files[index].path] = graph }
        }
        for result in results.values {
            proofs += result.proofs
            unproven += result.unproven
            diagnostics += result.diagnostics
            for source in result.sources { sources[source.path] = source }
        }
        let merged = mergedFindings(results.values)
        var report = LintReport(findings: merged.findings,
                                diagnostics: diagnostics.sorted { $0.location < $1.location },
                                sources: sources, filesLinted: files.count,
                                proofs: Self.deduplicated(proofs).sorted(by: Self.reportOrder),
                                files: files.map(\.path))
        report.suppressedCount = merged.suppressed
        report.usageErrors = Self.unboundInputRanges(commandLine: Array(inputRanges.keys), files: files.indices.compactMap { index in
            results[index].map { ($0, files[index].linter) }
        })
        let allUnproven = Self.deduplicated(unproven)
        report.unprovenCount = allUnproven.count
        report.unproven = showUnproven ? allUnproven.sorted(by: Self.reportOrder) : []
        report.graphs = graphs
        return report
    }

    /// The findings of all files, with ML901 for the suppressions that no
    /// file's pass used (a net linted on its own and through its solver is
    /// one file: a suppression used by either pass is used), deduplicated and sorted.
    func mergedFindings(_ results: [FileResult]) -> (findings: [Finding], suppressed: Int) {
        var findings = results.flatMap(\.findings)
        let selected = Set(rules.map(\.description.code))
        if selected.contains(UnusedSuppression.description.code) {
            findings += Suppressions.unused(results.flatMap(\.suppressionUses), selected: selected)
        }
        // A suppression counted by two passes over the same file is counted once.
        var seen = Set<String>()
        let suppressed = results.flatMap(\.suppressedIdentities).filter { seen.insert($0).inserted }.count
        return (Self.deduplicated(findings).sorted(by: Self.reportOrder), suppressed)
    }

    struct FileResult: Sendable, Error {
        var findings: [Finding] = []
        var diagnostics: [Diagnostic] = []
        var sources: [SourceFile] = []
        var proofs: [Finding] = []
        var unproven: [Finding] = []
        /// The declared input ranges this file binds, and its inputs when it
        /// leaves one unbound (`inputRangeUse(in:)`).
        var boundRangeNames: Set<String> = []
        var rangeableInputs: [String] = []
        /// Findings removed by inline suppressions, by identity (for the count).
        var suppressedIdentities: [String] = []
        /// Which suppressions of rules were used, for ML901 across passes.
        var suppressionUses: [Suppressions.Use] = []
        /// The first graph, analysed, when `keepsGraphs`.
        var graph: AnalysedGraph?
    }

    func lintFile(path: String, format: ModelFormat?) -> FileResult {
        guard let format else {
            return FileResult(diagnostics: [Diagnostic(
                severity: .error, message: "not a model file modellint can read (expected .prototxt, .pt, .onnx, .json or .swift)",
                location: .startOf(path))])
        }
        switch load(path: path, format: format) {
        case .success(let loaded):
            return lintLoaded(loaded, format: format)
        case .failure(let failure):
            return failure
        }
    }

    /// Runs the rules on a loaded file's graphs, then its inline suppressions.
    func lintLoaded(_ loaded: ModelLoader.Loaded, format: ModelFormat) -> FileResult {
        // One analysed model per graph, for the rules and the picture alike.
        let models = loaded.graphs.map(analysedModel)
        let results = zip(loaded.graphs, models).map { ($0.variantLabel, check($1)) }
        let findings = applyingFileConfiguration(Self.mergedAcrossVariants(results.map { ($0.0, $0.1.findings) }))
        let proofs = showProofs ? Self.mergedAcrossVariants(results.map { ($0.0, $0.1.proofs) }) : []
        let unproven = Self.mergedAcrossVariants(results.map { ($0.0, $0.1.unproven) })
        // Comments are read in the text files the frontend read (a solver and its net).
        let suppressions = Suppressions(sources: loaded.sources, scanner: format.commentScanner, graphs: loaded.graphs)
        let applied = suppressions.apply(to: findings, sources: loaded.sources)
        var kept = applied.kept
        if rules.contains(where: { $0.description.code == UnknownRuleInSuppression.description.code }) {
            kept += suppressions.problems
        }
        let keptIdentities = Set(applied.kept.map(Self.identity))
        let ranges = inputRangeUse(in: loaded.graphs)
        return FileResult(findings: kept, diagnostics: loaded.diagnostics, sources: loaded.sources, proofs: proofs,
                          unproven: unproven, boundRangeNames: ranges.bound, rangeableInputs: ranges.inputs,
                          suppressedIdentities: findings.map(Self.identity).filter { !keptIdentities.contains($0) },
                          suppressionUses: applied.uses,
                          graph: keepsGraphs ? models.first.map(Self.picture) : nil)
    }

    /// The analyses of one graph as read, under this linter's input ranges,
    /// precision and assumptions: what its rules, its picture and
    /// `--dump-intervals` all read.
    public func analysedModel(_ graph: Graph) -> AnalysedModel {
        var analysisAssumptions = assumptions
        analysisAssumptions.precision = precision
        return AnalysedModel(applyingInputRanges(graph), assumptions: analysisAssumptions)
    }

    /// A graph as pictures draw it: shapes, and each tensor's interval.
    static func picture(of model: AnalysedModel) -> AnalysedGraph {
        AnalysedGraph(graph: model.graph, ranges: model.graph.tensors.map { tensor in
            let interval = model.intervals.interval(of: tensor.id)
            return ValueRange(lo: interval.lo, hi: interval.hi, mayBeNaN: interval.mayBeNaN)
        })
    }

    /// Reads and parses one file. The file's bytes live only in here (and in
    /// the sources of text formats), so a binary model's weights are not held
    /// twice while the rules run.
    func load(path: String, format: ModelFormat) -> Result<ModelLoader.Loaded, FileResult> {
        if format == .onnx {
            // Mapped, not read: the frontend keeps the weights where the file lies.
            return Self.loading(path: path, file: nil) { try ModelLoader.loadBinaryONNX(path: path) }
        }
        let bytes: [UInt8]
        do {
            bytes = try InputFile.bytes(of: path, maximumBytes: format.maximumFileBytes, kind: "\(format.rawValue) files")
        } catch {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: error.message, location: error.location)]))
        }
        let file = SourceFile(path: path, bytes: bytes)
        return Self.loading(path: path, file: file) { try ModelLoader.load(file, format: format, baseDirectory: baseDirectory) }
    }

    /// A frontend's result, or its error as the file's diagnostic, quoting
    /// `file`'s line where there is one.
    private static func loading(path: String, file: SourceFile?,
                                _ load: () throws -> ModelLoader.Loaded) -> Result<ModelLoader.Loaded, FileResult> {
        do {
            return .success(try load())
        } catch let error as LocatedError {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: error.message, location: error.location)],
                                       sources: file.map { [$0] } ?? []))
        } catch {
            return .failure(FileResult(diagnostics: [Diagnostic(severity: .error, message: "\(error)", location: .startOf(path))]))
        }
    }

    /// Runs every rule on one graph, after shape inference, and on the
    /// graphs nested in it (the bodies of `If`, `Loop`, `Scan`, local functions).
    public func check(_ graph: Graph) -> [Finding] {
        checkWithProofs(graph).findings
    }

    /// The findings on one graph and the operations its rules proved safe.
    public func checkWithProofs(_ graph: Graph) -> GraphCheck {
        check(analysedModel(graph))
    }

    /// What the rules said of one graph and the graphs nested in it.
    public struct GraphCheck: Sendable {
        public var findings: [Finding] = []
        /// Dangerous operations proved safe (kept only with `showProofs`).
        public var proofs: [Finding] = []
        /// Dangerous operations neither proved safe nor shown to go wrong.
        public var unproven: [Finding] = []
    }

    /// Nested graphs are checked with the intervals their owner gives them
    /// (a Loop body at its fixpoint, an If branch with the outer values it reads).
    func check(_ model: AnalysedModel) -> GraphCheck {
        var result = GraphCheck()
        for rule in rules {
            var context = RuleContext(model: model, rule: rule.description)
            context.recordsProofs = showProofs
            context.thresholds = thresholds
            rule.check(&context)
            result.findings += context.findings
            result.proofs += context.proofs
            result.unproven += context.unproven
        }
        for subgraph in model.subgraphs {
            let nested = check(subgraph)
            result.findings += nested.findings
            result.proofs += nested.proofs
            result.unproven += nested.unproven
        }
        return result
    }

    /// A layer shared by the TRAIN and TEST graphs is reported once, with a
    /// note naming the graphs it was found in when the net has several (and
    /// the finding is about a layer).
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
            // Only a finding about a layer says which graphs it was in: one
            // about the solver's settings (no node) is judged once, on the TRAIN net.
            if !variants.isEmpty && variantCount > 1 && finding.nodeName != nil {
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

    /// The node is part of it: a Swift helper or loop puts several layers at
    /// one call (`AvgPool("pool\(i)", ...)` in a loop), each its own finding.
    private static func identity(_ finding: Finding) -> String {
        "\(finding.ruleCode)|\(finding.location)|\(finding.nodeName ?? "")|\(finding.message)"
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
