import Foundation
import Testing
@testable import ModelLintONNX

// Helpers shared by the JSON parser tests. Names carry a `json` prefix because
// other test files of this target live in the same module.

/// Parses UTF-8 text.
func jsonParse(_ text: String) throws -> JSONNode {
    try PositionedJSON.parse(Array(text.utf8))
}

/// The syntax error for some bytes, or nil when they parse.
func jsonError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try PositionedJSON.parse(bytes)
        return nil
    } catch {
        return error
    }
}

func jsonError(_ text: String) -> JSONSyntaxError? {
    jsonError(Array(text.utf8))
}

/// The text of a byte range, to compare a node's range with what it should cover.
func jsonSlice(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
}

/// A small deterministic generator (SplitMix64), so that a failing random
/// input can be reproduced from its seed.
struct JSONTestRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The ONNX corpus, `shared/corpus/onnx`, found by walking up from this file
/// (the package sits beside `shared/` in the workspace).
func jsonCorpusDirectory() -> URL? {
    var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("shared/corpus/onnx")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return nil
}

/// Every `*.json` file of the corpus, sorted.
func jsonCorpusFiles() -> [URL] {
    guard let root = jsonCorpusDirectory(),
          let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
}
