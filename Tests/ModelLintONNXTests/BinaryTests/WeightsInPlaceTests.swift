import Foundation
import ModelLintIR
import SwiftProtobuf
import Testing
@testable import ModelLintONNX

/// Binary models are decoded without their initializers' `raw_data`, which
/// stays in the file's bytes: what the IR holds must be what the whole model,
/// decoded by swift-protobuf, says.
@Suite("ONNX binary: weights read in place")
struct WeightsInPlaceTests {
    @Test(SharedMaterial.required) func everyCorpusInitializerHasTheValuesTheWholeDecodeGives() throws {
        let files = corpusModels(withExtension: "onnx")
        try #require(files.count >= 20, "the corpus is missing or incomplete")
        var compared = 0
        for url in files {
            let bytes = Array(try Data(contentsOf: url))
            let whole = try Onnx_ModelProto(serializedBytes: bytes)
            let graph = try #require(try loadONNX(url).graphs.first)
            for initializer in whole.graph.initializer {
                let tensor = try #require(graph.tensors.first { $0.name == initializer.name }, "\(url.lastPathComponent): \(initializer.name)")
                let expected = ONNXTensorData.storage(of: initializer, modelFolder: url.deletingLastPathComponent().path).data
                #expect(tensor.constant?.storedCount == expected.storedCount, "\(url.lastPathComponent): \(initializer.name)")
                let values = tensor.constant?.values, wanted = expected.values
                #expect(values?.count == wanted?.count, "\(url.lastPathComponent): \(initializer.name)")
                // Bit for bit: NaN weights compare equal here.
                #expect(values.map { $0.map(\.bitPattern) } == wanted.map { $0.map(\.bitPattern) },
                        "\(url.lastPathComponent): \(initializer.name)")
                compared += wanted?.count ?? 0
            }
        }
        // mobilenet_v2 alone has 3.5M weights: the comparison covered real data.
        #expect(compared > 10_000_000)
    }

    @Test(SharedMaterial.required) func removingTheWeightsLeavesTheRestOfTheModelAsItWas() throws {
        let url = onnxCorpus.appendingPathComponent("models/squeezenet1_0.onnx")
        let bytes = Array(try Data(contentsOf: url))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        let removed = layout.graph.initializerRawData.flatMap { $0.map(\.range) }
        try #require(removed.count == 35)
        let weightless = try bytes.withUnsafeBytes { try WireFieldRemoval.removing(removed, from: $0) }
        #expect(weightless.count < bytes.count / 100)
        var expected = try Onnx_ModelProto(serializedBytes: bytes)
        for index in expected.graph.initializer.indices { expected.graph.initializer[index].clearRawData() }
        #expect(try Onnx_ModelProto(serializedBytes: weightless) == expected)
    }

    @Test func aRepeatedRawDataFieldKeepsTheLastAsParsersDo() throws {
        var tensor = Onnx_TensorProto()
        tensor.name = "w"
        tensor.dataType = 1
        tensor.dims = [2]
        tensor.rawData = Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])          // 1, 2
        let first = try tensor.serializedBytes() as [UInt8]
        tensor.rawData = Data([0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40])       // 3, 4
        let second = try tensor.serializedBytes() as [UInt8]
        // The two encodings concatenated: a parser merges them, raw_data written twice.
        var twice = Onnx_TensorProto()
        try twice.merge(serializedBytes: first + second)
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.graph.name = "g"
        model.graph.initializer = [twice]
        // The initializer written as the concatenation, so that the file really holds both fields.
        let graphBytes = try model.graph.serializedBytes() as [UInt8]
        let initializerBytes = try twice.serializedBytes() as [UInt8]
        let start = try #require(find(initializerBytes, in: graphBytes))
        var graph = Array(graphBytes[..<(start - 1)])
        graph += varint(first.count + second.count) + first + second
        graph += graphBytes[(start + initializerBytes.count)...]
        let bytes: [UInt8] = [0x08, 0x08, 0x3A] + varint(graph.count) + graph   // ir_version 8, graph
        let result = try ONNXFrontend.load(SourceFile(path: "twice.onnx", bytes: bytes), encoding: .binary)
        let w = try #require(result.graphs.first?.tensors.first { $0.name == "w" })
        #expect(w.constant?.values == [3, 4])
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private func varint(_ value: Int) -> [UInt8] {
        var rest = UInt64(value), out: [UInt8] = []
        while rest >= 0x80 { out.append(UInt8(rest & 0x7F) | 0x80); rest >>= 7 }
        return out + [UInt8(rest)]
    }
}
