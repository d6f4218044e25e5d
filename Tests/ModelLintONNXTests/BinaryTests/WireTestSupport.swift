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

/// `WireBytes` (in ModelLintTestSupport) with the frontend's own wire types.
extension WireBytes {
    static func tag(_ number: Int, _ wireType: WireType) -> [UInt8] {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
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
    let root = try #require(onnxCorpusDirectory(), "the ONNX corpus (MODELLINT_SHARED) is not there")
    return Array(try Data(contentsOf: root.appendingPathComponent(name)))
}
