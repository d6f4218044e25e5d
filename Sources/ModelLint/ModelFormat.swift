import Foundation
import ModelLintIR

/// The input formats modellint knows, told by file name and, for formats
/// whose extension is shared with other files (`.json`, `.swift`), by content.
public enum ModelFormat: String, Sendable, CaseIterable {
    case caffe = "Caffe prototxt"
    case onnx = "ONNX"
    case onnxJSON = "ONNX JSON"
    case swiftDSL = "Swift DSL"

    static let extensions: [String: ModelFormat] = [
        "prototxt": .caffe, "pt": .caffe, "onnx": .onnx, "json": .onnxJSON, "swift": .swiftDSL,
    ]

    /// The largest file of this format modellint reads (see `InputLimits`).
    var maximumFileBytes: Int {
        self == .swiftDSL ? InputLimits.maximumSwiftFileBytes : InputLimits.maximumModelFileBytes
    }

    /// The format a file name promises, or nil for files modellint never reads.
    public static func byExtension(_ path: String) -> ModelFormat? {
        let ext = (path as NSString).pathExtension.lowercased()
        return extensions[ext]
    }

    /// Whether a file found while walking a folder is a model rather than some
    /// other JSON or Swift file (package manifests, test fixtures, ...).
    /// Files named on the command line are always read.
    static func looksLikeModel(_ path: String, format: ModelFormat) -> Bool {
        switch format {
        case .caffe, .onnx: return true
        case .onnxJSON:
            // ModelProto's first fields, in either JSON spelling; `graph` and
            // `node` for files that leave the version out.
            let head = fileHead(path)
            return ["\"irVersion\"", "\"ir_version\"", "\"opsetImport\"", "\"opset_import\""].contains(where: head.contains)
                || (head.contains("\"graph\"") && head.contains("\"node\""))
        case .swiftDSL: return fileHead(path).contains("import ModelLintDSL")
        }
    }

    private static func fileHead(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 64 * 1024)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
