import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintONNX

@Suite("The ONNX corpus")
struct ONNXCorpusTests {
    @Test func everyModelReadsWithoutError() throws {
        let files = corpusModels(withExtension: "onnx") + corpusModels(withExtension: "json")
        try #require(files.count >= SharedMaterial.atLeast(full: 40, fixture: 30), "the corpus at \(onnxCorpus.path) is missing or incomplete")
        var failures: [String] = []
        var unknownOps: Set<String> = []
        for url in files {
            do {
                let graph = try #require(try loadONNX(url).graphs.first)
                #expect(!graph.nodes.isEmpty, "\(url.lastPathComponent) has no nodes")
                for node in graph.nodes { if case .unknown(let type) = node.op { unknownOps.insert(type) } }
            } catch {
                failures.append("\(url.lastPathComponent): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(unknownOps.isEmpty, "ops without a mapping: \(unknownOps.sorted())")
    }

    /// The same model as `.onnx` and as JSON reads into the same graph.
    @Test func binaryAndJSONFormsAgree() throws {
        var pairs = 0
        for json in corpusModels(withExtension: "json") {
            let binary = json.deletingPathExtension().appendingPathExtension("onnx")
            guard FileManager.default.fileExists(atPath: binary.path) else { continue }
            pairs += 1
            let a = ShapeInference.infer(try #require(try loadONNX(json).graphs.first))
            let b = ShapeInference.infer(try #require(try loadONNX(binary).graphs.first))
            #expect(a.nodes.map(\.name) == b.nodes.map(\.name), "\(json.lastPathComponent)")
            #expect(a.nodes.map(\.op) == b.nodes.map(\.op), "\(json.lastPathComponent)")
            #expect(a.tensors.map(\.shape) == b.tensors.map(\.shape), "\(json.lastPathComponent)")
        }
        #expect(pairs >= SharedMaterial.atLeast(full: 15, fixture: 13))
    }

    /// Stripped weights (`*.noweights.*`) are values unknown, not an error.
    @Test func strippedWeightsAreUnknownValues() throws {
        let url = onnxCorpus.appendingPathComponent("models/resnet18.noweights.onnx")
        let graph = try #require(try loadONNX(url).graphs.first)
        let weights = try #require(graph.tensors.first { $0.constant != nil && $0.constant!.elementCount > 4096 })
        #expect(weights.constant?.storedCount == nil)
        #expect(weights.constantValues == nil)
    }

    @Test func shapesFlowThroughARealNet() throws {
        let graph = ShapeInference.infer(try #require(try loadONNX(onnxCorpus.appendingPathComponent("models/resnet18.noweights.onnx")).graphs.first))
        let output = try #require(graph.outputs.first)
        #expect(graph.tensor(output).shape?.dims.last == .known(1000))
        let pool = try #require(graph.nodes.first { if case .pool = $0.op { true } else { false } })
        #expect(graph.tensor(pool.outputs[0]).shape?.dims.suffix(2) == [.known(56), .known(56)])
    }
}
