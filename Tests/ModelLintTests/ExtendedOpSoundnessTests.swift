import Foundation
import ModelLintAnalysis
import ModelLintIR
import Testing

/// onnxruntime as the soundness oracle of the operators bounded by
/// `Op.extended` and of onnxruntime's fused operators: models written by
/// `Oracles/write_extended_models.py` (one per com.microsoft operator,
/// models quantized by onnxruntime's `quantize_dynamic`, and a network saved
/// after onnxruntime's own fusions) run on random inputs with every node
/// output exposed; every value must lie inside its interval. Each of these
/// operators must have semantics: none may be left opaque.
@Suite("Interval soundness of quantized and fused operators, run in onnxruntime", .enabled(if: PythonONNXRuntime.isAvailable))
struct ExtendedOpSoundnessTests {
    static let writer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracles/write_extended_models.py")

    @Test func everyObservedValueIsInsideItsInterval() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("modellint-extended-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Self.writer.path, folder.path]
        python.standardOutput = FileHandle.nullDevice
        python.standardError = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "write_extended_models.py failed")
        let models = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "onnx" }.map(\.path).sorted()
        #expect(models.count >= 25)

        let report = try PythonONNXRuntime.start(models: models).finish()
        var tally = RuntimeSoundnessTests.Tally()
        var opaque: [String] = []
        for model in report.models {
            #expect(model.skipped == nil, "\(model.path): \(model.skipped ?? "")")
            guard model.skipped == nil else { continue }
            let graph = try RuntimeSoundnessTests.load(model.path)
            let analysis = IntervalAnalysis.run(ShapeInference.infer(graph))
            opaque += analysis.opaqueNodes.map { "\((model.path as NSString).lastPathComponent): \(graph.nodes[$0].sourceType)" }
            try RuntimeSoundnessTests.check(model, graph: graph, into: &tally)
        }
        let bounded = tally.widthRatios.filter(\.isFinite).sorted()
        print("extended operators: \(tally.models) models, \(tally.tensors) tensors, \(tally.values) values checked, "
              + "\(tally.violations.count) violations; \(bounded.count) of \(tally.widthRatios.count) tensors bounded, "
              + "median interval width / observed range \(bounded.isEmpty ? .nan : bounded[bounded.count / 2])")
        #expect(opaque.isEmpty, "no interval semantics: \(opaque)")
        #expect(tally.unmatched.isEmpty, "\(tally.unmatched.prefix(10))")
        #expect(tally.violations.isEmpty, "\(tally.violations.map(\.description).joined(separator: "\n"))")
        // A bound that says nothing would pass the check above: most outputs must be bounded.
        #expect(bounded.count * 10 >= tally.widthRatios.count * 9, "\(bounded.count) of \(tally.widthRatios.count) bounded")
    }
}
