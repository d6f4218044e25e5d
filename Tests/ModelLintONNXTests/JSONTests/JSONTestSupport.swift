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

/// Every `*.json` file of the corpus, sorted.
func jsonCorpusFiles() -> [URL] {
    guard let root = onnxCorpusDirectory(),
          let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
}
