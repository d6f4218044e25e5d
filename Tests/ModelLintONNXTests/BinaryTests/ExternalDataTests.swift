import Foundation
import ModelLintIR
import SwiftProtobuf
import Testing
@testable import ModelLintONNX

/// Models whose weights lie legitimately next to them, in the two layouts
/// exporters write (PyTorch's dynamo exporter and `onnx.save_model(...,
/// all_tensors_to_one_file=True)`: one `model.onnx.data`; the TorchScript
/// exporter and `all_tensors_to_one_file=False`: a file per tensor), read
/// the same values as the model with its weights inside.
@Suite("ONNX external data next to the model")
struct ExternalDataTests {
    enum Layout: CaseIterable { case oneFile, filePerTensor }

    /// `model` with every `raw_data` moved to files in `folder`; the model is written there too.
    static func externalize(_ model: Onnx_ModelProto, layout: Layout, in folder: URL) throws -> URL {
        var model = model
        var shared = Data()
        for index in model.graph.initializer.indices where !model.graph.initializer[index].rawData.isEmpty {
            var tensor = model.graph.initializer[index]
            let location: String, offset: Int
            switch layout {
            case .oneFile:
                (location, offset) = ("model.onnx.data", shared.count)
                shared.append(tensor.rawData)
            case .filePerTensor:
                (location, offset) = ("tensor_\(index).bin", 0)
                try tensor.rawData.write(to: folder.appendingPathComponent(location))
            }
            tensor.externalData = [("location", location), ("offset", "\(offset)"), ("length", "\(tensor.rawData.count)")].map { key, value in
                var entry = Onnx_StringStringEntryProto()
                (entry.key, entry.value) = (key, value)
                return entry
            }
            tensor.dataLocation = .external
            tensor.clearRawData()
            model.graph.initializer[index] = tensor
        }
        if layout == .oneFile { try shared.write(to: folder.appendingPathComponent("model.onnx.data")) }
        let path = folder.appendingPathComponent("model.onnx")
        try Data(try model.serializedBytes() as [UInt8]).write(to: path)
        return path
    }

    @Test(SharedMaterial.required, arguments: Layout.allCases)
    func corpusModelsReadTheSameWeightsFromExternalData(layout: Layout) throws {
        var compared = 0
        for url in corpusModels(withExtension: "onnx") {
            let whole = try Onnx_ModelProto(serializedBytes: Array(try Data(contentsOf: url)))
            guard whole.graph.initializer.contains(where: { !$0.rawData.isEmpty }) else { continue }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-external-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let inside = try #require(try loadONNX(url).graphs.first)
            let external = try ONNXFrontend.loadBinary(path: try Self.externalize(whole, layout: layout, in: folder).path)
            #expect(external.diagnostics.isEmpty, "\(url.lastPathComponent): \(external.diagnostics.map(\.message))")
            let graph = try #require(external.graphs.first)
            for tensor in inside.tensors where tensor.constant != nil {
                let read = graph.tensors.first { $0.name == tensor.name }?.constant?.values
                // Bit for bit: NaN weights compare equal here.
                #expect(read.map { $0.map(\.bitPattern) } == tensor.constant?.values.map { $0.map(\.bitPattern) },
                        "\(url.lastPathComponent): \(tensor.name)")
                compared += read?.count ?? 0
            }
        }
        #expect(compared > 1_000_000, "only \(compared) weights compared")
    }
}
