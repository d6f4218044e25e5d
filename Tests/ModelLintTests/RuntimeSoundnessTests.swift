import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing
import ModelLintONNX

private let onnxCorpus = SharedMaterial.corpus("onnx")

/// onnxruntime as a soundness oracle on whole models: every `.onnx` file of
/// the corpus runs in onnxruntime on a few random inputs inside declared
/// ranges, with every node output exposed (`Oracles/run_onnxruntime.py`);
/// every value a tensor held must lie inside the interval the interpreter
/// gives it with the same ranges declared (NaN only where NaN is allowed).
/// Runs where Python has onnxruntime (CI installs it).
@Suite("Interval soundness on the ONNX corpus, run in onnxruntime", .enabled(if: PythonONNXRuntime.isAvailable))
struct RuntimeSoundnessTests {
    /// What the script writes: numbers as Python's `repr` of a double, which `Double(_:)` reads back exactly.
    struct Report: Decodable {
        var onnxruntime: String
        var models: [Model]
    }

    struct Model: Decodable {
        var path: String
        var skipped: String?
        var inputs: [String: Range]?
        var samples: Int?
        var filledInitializers: Int?
        var tensors: [String: Observed]?
    }

    struct Range: Decodable {
        var lo: String
        var hi: String
    }

    struct Observed: Decodable {
        var lo: String
        var hi: String
        var finiteLo: String
        var finiteHi: String
        var nan: Bool
        var count: Int
    }

    struct Violation: CustomStringConvertible {
        var model: String
        var tensor: String
        var op: String
        var observed: Interval
        var interval: Interval
        var description: String { "\(model): \(tensor) (\(op)) held \(observed), outside \(interval)" }
    }

    struct Tally {
        var models = 0
        var tensors = 0
        var values = 0
        var unmatched: [String] = []
        var violations: [Violation] = []
        /// Per tensor, interval width / observed range (finite values, where they span a range).
        var widthRatios: [Double] = []
        /// The same, per model.
        var modelRatios: [String: [Double]] = [:]
    }

    /// Reads one model as modellint does (before its ranges are known).
    static func load(_ path: String) throws -> Graph {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try ONNXFrontend.load(SourceFile(path: path, bytes: Array(bytes)), encoding: .binary).graphs.first)
    }

    /// Checks one model's observations against the interpreter's intervals,
    /// with the input ranges the script sampled declared.
    static func check(_ model: Model, graph: Graph, into tally: inout Tally) throws {
        let url = URL(fileURLWithPath: model.path)
        let name = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
        var graph = graph
        for (input, range) in model.inputs ?? [:] {
            let id = try #require(graph.inputs.first { graph.tensors[$0].name == input }, "\(name): no input \(input)")
            let lo = try #require(Double(range.lo)), hi = try #require(Double(range.hi))
            graph.tensors[id].declaredRange = lo...hi
        }
        let analysis = IntervalAnalysis.run(ShapeInference.infer(graph))
        var ids: [String: TensorID] = [:]
        for tensor in graph.tensors where tensor.version == 0 && !tensor.name.isEmpty { ids[tensor.name] = tensor.id }
        tally.models += 1
        for (tensorName, observed) in (model.tensors ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let id = ids[tensorName] else {
                tally.unmatched.append("\(name): \(tensorName)")
                continue
            }
            let interval = analysis.interval(of: id)
            let lo = try #require(Double(observed.lo)), hi = try #require(Double(observed.hi))
            let seen = Interval(lo, hi, mayBeNaN: observed.nan)
            tally.tensors += 1
            tally.values += observed.count
            if !seen.isSubset(of: interval) {
                tally.violations.append(Violation(model: name, tensor: tensorName,
                                                  op: graph.producer(of: id)?.sourceType ?? "input",
                                                  observed: seen, interval: interval))
            }
            let finiteLo = try #require(Double(observed.finiteLo)), finiteHi = try #require(Double(observed.finiteHi))
            if finiteHi > finiteLo, !interval.isNumericEmpty {
                tally.widthRatios.append((interval.hi - interval.lo) / (finiteHi - finiteLo))
                tally.modelRatios[name, default: []].append((interval.hi - interval.lo) / (finiteHi - finiteLo))
            }
        }
    }

    @Test func everyObservedValueIsInsideItsInterval() throws {
        let started = Date()
        let models = try ["models", "hazards"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: onnxCorpus.appendingPathComponent(folder), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "onnx" }
        }.map(\.path).sorted()
        #expect(models.count >= SharedMaterial.atLeast(full: 20, fixture: 16))
        // onnxruntime runs while the models are read here.
        let oracle = try PythonONNXRuntime.start(models: models)
        let graphs: [String: Graph]
        do {
            graphs = try Dictionary(uniqueKeysWithValues: models.map { ($0, try Self.load($0)) })
        } catch {
            oracle.process.terminate()
            throw error
        }
        let report = try oracle.finish()

        var tally = Tally()
        var skipped: [String] = []
        for model in report.models {
            if let reason = model.skipped {
                skipped.append("\((model.path as NSString).lastPathComponent): \(reason)")
                continue
            }
            try Self.check(model, graph: try #require(graphs[model.path]), into: &tally)
        }
        let ratios = tally.widthRatios.sorted()
        let bounded = ratios.filter(\.isFinite)
        let median = ratios.isEmpty ? .nan : ratios[ratios.count / 2]
        let boundedMedian = bounded.isEmpty ? .nan : bounded[bounded.count / 2]
        let seconds = Date().timeIntervalSince(started)
        print("onnxruntime \(report.onnxruntime) oracle: \(tally.models) of \(report.models.count) models run, "
              + "\(skipped.count) skipped, \(tally.tensors) tensors and \(tally.values) values checked, "
              + "\(tally.violations.count) violations; precision: median interval width / observed range "
              + "\(median) over \(ratios.count) tensors, \(boundedMedian) over the \(bounded.count) bounded ones "
              + "(\(String(format: "%.1f", seconds)) s)")
        for (model, ratios) in tally.modelRatios.sorted(by: { $0.key < $1.key }) {
            let sorted = ratios.sorted()
            print("precision \(model): median \(sorted[sorted.count / 2]) over \(sorted.count) tensors, "
                  + "\(sorted.filter(\.isFinite).count) bounded")
        }
        for line in skipped { print("skipped \(line)") }
        for line in tally.unmatched.prefix(10) { print("not in the IR: \(line)") }
        // A model onnxruntime cannot run is skipped (and printed above), but most must run.
        #expect(tally.models >= SharedMaterial.atLeast(full: 20, fixture: 16))
        #expect(tally.unmatched.isEmpty, "\(tally.unmatched.count) observed tensors have no IR tensor: \(tally.unmatched.prefix(10))")
        #expect(tally.tensors > SharedMaterial.atLeast(full: 2000, fixture: 1000))
        let violations = tally.violations.count
        #expect(violations == 0, "\(tally.violations.prefix(40).map(\.description).joined(separator: "\n"))")
    }
}

/// Python with onnx, numpy and onnxruntime, asked once whether it is here.
enum PythonONNXRuntime {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracles/run_onnxruntime.py")

    static let isAvailable: Bool = {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import onnx, numpy, onnxruntime"]
        python.standardOutput = FileHandle.nullDevice
        python.standardError = FileHandle.nullDevice
        guard (try? python.run()) != nil else { return false }
        python.waitUntilExit()
        return python.terminationStatus == 0
    }()

    /// The script running over some models; `finish` waits for it and reads what it observed.
    struct Run {
        let process: Process
        let out: URL
        let errors: URL

        func finish() throws -> RuntimeSoundnessTests.Report {
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: out)
                try? FileManager.default.removeItem(at: errors)
            }
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            try #require(process.terminationStatus == 0, "run_onnxruntime.py failed: \(message)")
            return try JSONDecoder().decode(RuntimeSoundnessTests.Report.self, from: Data(contentsOf: out))
        }
    }

    /// Starts the oracle script over `models`: 4 samples each, 2 for models
    /// of more than 20M weights (resnet50, vgg11, vit_b_16).
    static func start(models: [String]) throws -> Run {
        let stem = FileManager.default.temporaryDirectory
            .appendingPathComponent("modellint-onnxruntime-\(ProcessInfo.processInfo.processIdentifier)")
        let out = stem.appendingPathExtension("json"), errors = stem.appendingPathExtension("log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", script.path, "--samples", "4", "--big-model-samples", "2", "--seed", "0", out.path] + models
        python.standardOutput = FileHandle.nullDevice
        python.standardError = try FileHandle(forWritingTo: errors)
        try python.run()
        return Run(process: python, out: out, errors: errors)
    }
}
