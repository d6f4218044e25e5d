import ModelLintCaffe
import ModelLintIR
import ModelLintONNX

/// Sends a file to the frontend of its format and gives every frontend's
/// result, and every frontend's error, one shape.
enum ModelLoader {
    struct Loaded {
        var graphs: [Graph]
        var diagnostics: [Diagnostic]
        /// Files whose lines a report may quote (never binary ones).
        var sources: [SourceFile]
    }

    /// A file its frontend could not read, with the position of the problem.
    struct Failure: Error {
        var message: String
        var location: SourceLocation
    }

    static func load(_ file: SourceFile, format: ModelFormat) throws -> Loaded {
        switch format {
        case .caffe:
            do {
                let result = try CaffeFrontend.load(file)
                return Loaded(graphs: result.graphs, diagnostics: result.diagnostics, sources: result.sources)
            } catch let error as TextFormatError {
                throw Failure(message: error.message, location: error.location)
            }
        case .onnx, .onnxJSON:
            do {
                let result = try ONNXFrontend.load(file, encoding: format == .onnx ? .binary : .json)
                return Loaded(graphs: result.graphs, diagnostics: result.diagnostics,
                              sources: format == .onnx ? [] : result.sources)
            } catch let error as ONNXReadError {
                throw Failure(message: error.message, location: error.location)
            }
        case .swiftDSL:
            return Loaded(graphs: [], diagnostics: [Diagnostic(
                severity: .note, message: "skipped: modellint cannot read \(format.rawValue) files yet",
                location: .startOf(file.path))], sources: [])
        }
    }
}
