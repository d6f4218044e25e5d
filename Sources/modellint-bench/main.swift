// modellint-bench: prints figures, not pass/fail. For every input (the corpus
// models and synthetic nets it writes itself) it measures, in a fresh process
// of its own so that peak memory is the input's: parse time (reading the file
// and the frontend), analysis time (shape inference and the interval
// analysis), rules time (every registered rule), peak memory (VmHWM), and
// throughput (MB/s of parsing, nodes/s of the whole pipeline). "read MB/s"
// is the text reader alone (prototxt into its document, ONNX JSON into the
// model's messages and the main graph's node records), without building the
// IR: the best of three reads in the process (BENCH_READ_REPEATS=N for more).
//
//   swift run -c release modellint-bench [--sizes 1000,10000,100000,1000000] [--runs 3] [--out DIR] [--corpus DIR]
//   modellint-bench --measure FILE          (one input, one line; used by the above)
//   modellint-bench --generate DIR [--sizes ...]  (write the synthetic inputs only)
//
// The comparison with onnx.checker and Polygraphy, and the folder lint on
// 1 and 2 cores, are in .ci/benchmark, which runs this first.
import Foundation
import ModelLintAnalysis
import ModelLintBenchSupport
import ModelLintCaffe
import ModelLintIR
import ModelLintONNX
import ModelLintRules

#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Peak resident memory of this process so far, in KiB (Linux: VmHWM).
func peakMemoryKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
    }
    return 0
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("modellint-bench: \(message)\n".utf8))
    exit(2)
}

/// Rules on one analysed model and on its nested graphs, as the engine runs them.
func runRules(_ model: AnalysedModel) -> Int {
    var findings = 0
    for rule in RuleRegistry.all {
        var context = RuleContext(model: model, rule: rule.description)
        context.recordsProofs = false
        rule.check(&context)
        findings += context.findings.count
    }
    for subgraph in model.subgraphs { findings += runRules(subgraph) }
    return findings
}

func countNodes(_ graph: Graph) -> Int { graph.nodes.count + graph.subgraphs.reduce(0) { $0 + countNodes($1) } }

/// `--measure FILE`: one line, `parse analysis rules nodes bytes peakKiB findings readerAlone`.
func measure(_ path: String) {
    let start = now()
    let graphs: [Graph]
    let size: Int
    do {
        if path.hasSuffix(".onnx") {
            // As modellint reads it: the file mapped, the weights left in place.
            graphs = try ONNXFrontend.loadBinary(path: path).graphs
            size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        } else {
            let bytes = try InputFile.bytes(of: path, maximumBytes: InputLimits.maximumModelFileBytes, kind: "models")
            size = bytes.count
            let file = SourceFile(path: path, bytes: bytes)
            graphs = try path.hasSuffix(".json") ? ONNXFrontend.load(file, encoding: .json).graphs : CaffeFrontend.load(file).graphs
        }
    } catch {
        fail("\(path): \(error)")
    }
    let parsed = now()
    let analysed = graphs.map { AnalysedModel($0) }
    let analysedAt = now()
    var findings = 0
    for model in analysed { findings += runRules(model) }
    let ruled = now()
    let nodes = graphs.reduce(0) { $0 + countNodes($1) }
    let peak = peakMemoryKiB()
    print(parsed - start, analysedAt - parsed, ruled - analysedAt, nodes, size, peak, findings, readerAlone(path))
}

/// Seconds the text reader alone takes on the file already in memory (no IR
/// built), the best of BENCH_READ_REPEATS (3) reads, measured last so it
/// does not warm the pipeline's run; 0 for binary ONNX, whose reading is not
/// separable from building.
func readerAlone(_ path: String) -> Double {
    guard !path.hasSuffix(".onnx"),
          let bytes = try? InputFile.bytes(of: path, maximumBytes: InputLimits.maximumModelFileBytes, kind: "models") else { return 0 }
    let file = SourceFile(path: path, bytes: bytes)
    let repeats = Int(ProcessInfo.processInfo.environment["BENCH_READ_REPEATS"] ?? "") ?? 3
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = now()
        if path.hasSuffix(".json") { try? ONNXFrontend.readJSON(file) } else { _ = try? TextFormatParser.parse(file) }
        best = min(best, now() - start)
    }
    return best
}

// MARK: - Generating

struct Input {
    var label: String
    var path: String
    var format: String
}

func write(_ bytes: [UInt8], to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fail("cannot write \(path)") }
}

func generate(into folder: String, sizes: [Int]) -> [Input] {
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var inputs: [Input] = []
    for size in sizes {
        let label = size >= 1_000_000 ? "\(size / 1_000_000)M" : "\(size / 1000)k"
        let caffe = "\(folder)/residual_\(label).prototxt"
        if !FileManager.default.fileExists(atPath: caffe) {
            write(SyntheticNets.caffePrototxt(blocks: max(1, size / SyntheticNets.caffeNodesPerBlock)), to: caffe)
        }
        inputs.append(Input(label: "synthetic \(label)", path: caffe, format: "prototxt"))
        let json = "\(folder)/residual_\(label).json", binary = "\(folder)/residual_\(label).onnx"
        if !FileManager.default.fileExists(atPath: json) || !FileManager.default.fileExists(atPath: binary) {
            let net = SyntheticNets.onnxResidual(blocks: max(1, size / SyntheticNets.onnxNodesPerBlock))
            write(SyntheticNets.onnxJSON(net), to: json)
            write(SyntheticNets.onnxBinary(net), to: binary)
        }
        inputs.append(Input(label: "synthetic \(label)", path: json, format: "ONNX JSON"))
        inputs.append(Input(label: "synthetic \(label)", path: binary, format: "ONNX"))
    }
    let resnet = "\(folder)/resnet50_synthetic.onnx"
    if !FileManager.default.fileExists(atPath: resnet) { write(SyntheticNets.onnxBinary(SyntheticNets.resnet50()), to: resnet) }
    inputs.append(Input(label: "ResNet-50-sized", path: resnet, format: "ONNX"))
    return inputs
}

// MARK: - The run

struct Figures {
    var parse = Double.infinity, analysis = Double.infinity, rules = Double.infinity, reader = Double.infinity
    var nodes = 0, bytes = 0, peakKiB = 0
    var total: Double { parse + analysis + rules }
}

func selfPath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// Best of `runs` fresh processes, phase by phase; the largest peak memory.
func measureInChild(_ path: String, runs: Int) -> Figures? {
    var figures = Figures()
    for _ in 0..<runs {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: selfPath())
        process.arguments = ["--measure", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let fields = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count >= 6, let p = Double(fields[0]), let a = Double(fields[1]), let r = Double(fields[2]),
              let n = Int(fields[3]), let b = Int(fields[4]), let m = Int(fields[5]) else { return nil }
        figures.parse = min(figures.parse, p)
        figures.analysis = min(figures.analysis, a)
        figures.rules = min(figures.rules, r)
        figures.nodes = n
        figures.bytes = b
        figures.peakKiB = max(figures.peakKiB, m)
        if fields.count >= 8, let alone = Double(fields[7]) { figures.reader = min(figures.reader, alone) }
    }
    return figures
}

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + space : space + s
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.1f", seconds * 1000) }

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

if let path = option("--measure") {
    measure(path)
    exit(0)
}

let sizes = (option("--sizes") ?? "1000,10000,100000,1000000").split(separator: ",").compactMap { Int($0) }
let runs = Int(option("--runs") ?? "3") ?? 3
let folder = option("--out") ?? option("--generate") ?? ".build/bench-models"
/// The corpus folder (with `onnx/models` and `caffe`) whose models are measured too; none when not given.
let corpus = option("--corpus")

if option("--generate") != nil {
    for input in generate(into: folder, sizes: sizes) { print(input.path) }
    exit(0)
}

var inputs: [Input] = []
if let corpus {
    let onnxModels = "\(corpus)/onnx/models"
    for name in ((try? FileManager.default.contentsOfDirectory(atPath: onnxModels)) ?? []).sorted()
    where name.hasSuffix(".onnx") || name.hasSuffix(".json") {
        inputs.append(Input(label: "corpus " + name.replacingOccurrences(of: ".noweights", with: "")
                                .replacingOccurrences(of: ".onnx", with: "").replacingOccurrences(of: ".json", with: ""),
                            path: "\(onnxModels)/\(name)", format: name.hasSuffix(".onnx") ? "ONNX" : "ONNX JSON"))
    }
    // The five largest Caffe nets of the corpus (the others are small variants of them).
    let caffeFolder = "\(corpus)/caffe"
    var caffeNets: [(String, Int)] = []
    if let walker = FileManager.default.enumerator(atPath: caffeFolder) {
        for case let name as String in walker where name.hasSuffix(".prototxt") && !name.contains("solver") {
            let path = "\(caffeFolder)/\(name)"
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            caffeNets.append((path, size))
        }
    }
    for (path, _) in caffeNets.sorted(by: { $0.1 > $1.1 }).prefix(5) {
        inputs.append(Input(label: "corpus " + (path as NSString).lastPathComponent.replacingOccurrences(of: ".prototxt", with: ""),
                            path: path, format: "prototxt"))
    }
}
let generateStart = now()
inputs += generate(into: folder, sizes: sizes)
print("synthetic inputs in \(folder) (written in \(String(format: "%.1f", now() - generateStart)) s when missing); best of \(runs) runs each (1M-node inputs: one run), one process per run")
print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; rules: all \(RuleRegistry.all.count) registered")
print("")

let header = [pad("input", 34, left: true), pad("format", 9, left: true), pad("MB", 8), pad("nodes", 9), pad("parse ms", 10),
              pad("analysis ms", 12), pad("rules ms", 10), pad("peak MiB", 9), pad("parse MB/s", 11), pad("read MB/s", 10),
              pad("nodes/s", 11), pad("us/node", 8)].joined(separator: " ")
print(header)
print(String(repeating: "-", count: header.count))
var perNode: [String: [Int: Double]] = [:]
for input in inputs {
    // The 1M-node inputs run once: each takes tens of seconds.
    guard let f = measureInChild(input.path, runs: input.label.hasSuffix("M") ? 1 : runs) else {
        print(pad(input.label, 34, left: true), pad(input.format, 9, left: true), "  FAILED (see stderr)")
        continue
    }
    let megabytes = Double(f.bytes) / 1e6
    let usPerNode = f.total * 1e6 / Double(max(f.nodes, 1))
    print([pad(input.label, 34, left: true), pad(input.format, 9, left: true), pad(String(format: "%.2f", megabytes), 8),
           pad("\(f.nodes)", 9), pad(milliseconds(f.parse), 10), pad(milliseconds(f.analysis), 12), pad(milliseconds(f.rules), 10),
           pad("\(f.peakKiB / 1024)", 9), pad(String(format: "%.0f", megabytes / f.parse), 11),
           pad(f.reader > 0 && f.reader.isFinite ? String(format: "%.0f", megabytes / f.reader) : "-", 10),
           pad(String(format: "%.0f", Double(f.nodes) / f.total), 11), pad(String(format: "%.2f", usPerNode), 8)].joined(separator: " "))
    if input.label.hasPrefix("synthetic") {
        perNode[input.format, default: [:]][f.nodes] = usPerNode
    }
}
print("")
print("linear growth (time per node, largest synthetic size over the one 10x smaller; 1.00 is linear):")
for (format, table) in perNode.sorted(by: { $0.key < $1.key }) {
    let sizes = table.keys.sorted()
    var parts: [String] = []
    for (small, large) in zip(sizes, sizes.dropFirst()) {
        parts.append("\(large)/\(small) nodes: \(String(format: "%.2f", table[large]! / table[small]!))x")
    }
    print("  \(pad(format, 9, left: true)) " + parts.joined(separator: ", "))
}
