import Foundation
@_exported import ModelLintTestSupport
import ModelLintIR
@testable import ModelLintONNX

/// The shared ONNX corpus.
let onnxCorpus = SharedMaterial.corpus("onnx")

/// The corpus folder when it exists, for tests that `#require` it.
func onnxCorpusDirectory() -> URL? {
    FileManager.default.fileExists(atPath: onnxCorpus.path) ? onnxCorpus : nil
}

func corpusModels(withExtension ext: String) -> [URL] {
    guard let walker = FileManager.default.enumerator(at: onnxCorpus, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
}

func loadONNX(_ url: URL) throws -> ONNXLoadResult {
    let bytes = Array(try Data(contentsOf: url))
    return try ONNXFrontend.load(SourceFile(path: url.path, bytes: bytes),
                                 encoding: url.pathExtension == "json" ? .json : .binary)
}

func loadONNX(json: String, path: String = "model.json") throws -> ONNXLoadResult {
    try ONNXFrontend.load(SourceFile(path: path, text: json), encoding: .json)
}

func loadONNX(model: Onnx_ModelProto, path: String = "model.onnx") throws -> ONNXLoadResult {
    try ONNXFrontend.load(SourceFile(path: path, bytes: Array(try model.serializedBytes() as [UInt8])), encoding: .binary)
}

/// Builds small models in code, through the same generated types the frontend decodes with.
enum ModelBuilder {
    static func tensorInput(_ name: String, _ dims: [Int64]) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = 1
        tensor.shape.dim = dims.map { value in
            var dim = Onnx_TensorShapeProto.Dimension()
            dim.dimValue = value
            return dim
        }
        info.type.tensorType = tensor
        return info
    }

    static func output(_ name: String) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        return info
    }

    static func node(_ name: String, _ opType: String, _ inputs: [String], _ outputs: [String],
                     ints: [String: [Int64]] = [:], graphs: [String: Onnx_GraphProto] = [:]) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.name = name
        node.opType = opType
        node.input = inputs
        node.output = outputs
        for (key, values) in ints.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .ints
            attribute.ints = values
            node.attribute.append(attribute)
        }
        for (key, graph) in graphs.sorted(by: { $0.key < $1.key }) {
            var attribute = Onnx_AttributeProto()
            attribute.name = key
            attribute.type = .graph
            attribute.g = graph
            node.attribute.append(attribute)
        }
        return node
    }

    static func model(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [String],
                      initializers: [Onnx_TensorProto] = [], opset: Int64 = 17) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opsetID = Onnx_OperatorSetIdProto()
        opsetID.version = opset
        model.opsetImport = [opsetID]
        model.graph.name = "test"
        model.graph.node = nodes
        model.graph.input = inputs
        model.graph.output = outputs.map(output)
        model.graph.initializer = initializers
        return model
    }
}

extension Graph {
    func node(named name: String) -> Node? { nodes.first { $0.name == name } }
}
