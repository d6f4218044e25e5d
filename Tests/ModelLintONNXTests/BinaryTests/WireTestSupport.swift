import Foundation
import Testing
@testable import ModelLintONNX

// Helpers shared by the wire-format tests. Names carry a `wire` prefix because
// other test files of this target live in the same module.

/// The error a scan throws, or nil when it succeeds.
func wireError(_ scan: () throws -> Void) -> WireFormatError? {
    do {
        try scan()
        return nil
    } catch let error as WireFormatError {
        return error
    } catch {
        Issue.record("not a WireFormatError: \(error)")
        return nil
    }
}

/// The fields of a whole buffer.
func wireFields(_ bytes: [UInt8]) throws -> [WireField] {
    try ProtobufWire.fields(bytes, range: 0..<bytes.count)
}

/// The error scanning a whole buffer's fields throws.
func wireFieldsError(_ bytes: [UInt8]) -> WireFormatError? {
    wireError { _ = try wireFields(bytes) }
}

/// The error building a layout throws.
func wireLayoutError(_ bytes: [UInt8]) -> WireFormatError? {
    wireError { _ = try ONNXBinaryLayout(bytes: bytes) }
}

/// The model swift-protobuf, the decoder the frontend uses, reads from the
/// bytes, or nil when it refuses them.
func wireDecoded(_ bytes: [UInt8]) -> Onnx_ModelProto? {
    try? Onnx_ModelProto(serializedBytes: bytes)
}

/// Encodes protobuf fields by hand, for inputs no serializer would write.
enum WireBytes {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    static func tag(_ number: Int, _ wireType: WireType) -> [UInt8] {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    /// A length-delimited field: a message, a string, bytes.
    static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        tag(number, .lengthDelimited) + varint(UInt64(payload.count)) + payload
    }

    static func field(_ number: Int, _ text: String) -> [UInt8] {
        field(number, Array(text.utf8))
    }

    static func field(_ number: Int, varint value: UInt64) -> [UInt8] {
        tag(number, .varint) + varint(value)
    }

    /// NodeProto with a name, an op type and any further fields.
    static func node(_ name: String, _ opType: String, _ more: [UInt8] = []) -> [UInt8] {
        field(3, name) + field(4, opType) + more
    }

    /// AttributeProto holding one graph as `g`.
    static func graphAttribute(_ name: String, _ graph: [UInt8]) -> [UInt8] {
        field(1, name) + field(6, graph) + field(20, varint: 5)
    }

    /// ModelProto around a GraphProto's fields.
    static func model(graph: [UInt8]) -> [UInt8] {
        field(1, varint: 8) + field(7, graph) + field(8, field(2, varint: 17))
    }

    /// A model whose graph is nested `depth` graphs deep: each level one
    /// node with a `body` attribute holding the next.
    static func nestedModel(depth: Int) -> [UInt8] {
        var graph = field(1, node("leaf", "Relu"))
        for level in stride(from: depth - 1, to: 0, by: -1) {
            graph = field(1, node("n\(level)", "Loop", field(5, graphAttribute("body", graph))))
        }
        return model(graph: graph)
    }
}

/// Every `*.onnx` of the corpus, by path relative to it, sorted.
func wireCorpusFiles() -> [(name: String, url: URL)] {
    guard let root = onnxCorpusDirectory(),
          let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }
        .filter { $0.pathExtension == "onnx" }
        .map { (String($0.path.dropFirst(root.path.count + 1)), $0) }
        .sorted { $0.name < $1.name }
}

func wireCorpusBytes(_ name: String) throws -> [UInt8] {
    let root = try #require(onnxCorpusDirectory(), "shared/corpus/onnx not found above \(#filePath)")
    return Array(try Data(contentsOf: root.appendingPathComponent(name)))
}
