import ModelLintCaffe
import ModelLintIR
import ModelLintONNX
import ModelLintSwiftDSL

/// Sends a file to the frontend of its format and gives every frontend's
/// result one shape. Frontends throw `LocatedError`s.
enum ModelLoader {
    struct Loaded {
        var graphs: [Graph]
        var diagnostics: [Diagnostic]
        /// Files whose lines a report may quote (never binary ones).
        var sources: [SourceFile]
    }

    /// A binary ONNX model straight from its path (the frontend maps the file).
    static func loadBinaryONNX(path: String) throws -> Loaded {
        let result = try ONNXFrontend.loadBinary(path: path)
        return try withinLimits(Loaded(graphs: result.graphs, diagnostics: result.diagnostics, sources: []))
    }

    /// `baseDirectory` (`--base-dir`) bounds the files a model refers to where
    /// the format has no boundary of its own (a Caffe solver's nets).
    static func load(_ file: SourceFile, format: ModelFormat, baseDirectory: String? = nil) throws -> Loaded {
        try withinLimits(read(file, format: format, baseDirectory: baseDirectory))
    }

    /// A model beyond `InputLimits` (node count, name length) is one error, before any analysis.
    private static func withinLimits(_ loaded: Loaded) throws -> Loaded {
        for graph in loaded.graphs { try GraphLimits.check(graph) }
        return loaded
    }

    private static func read(_ file: SourceFile, format: ModelFormat, baseDirectory: String?) throws -> Loaded {
        switch format {
        case .caffe:
            let result = try CaffeFrontend.load(file, baseDirectory: baseDirectory)
            return Loaded(graphs: result.graphs, diagnostics: result.diagnostics, sources: result.sources)
        case .onnx, .onnxJSON:
            let result = try ONNXFrontend.load(file, encoding: format == .onnx ? .binary : .json)
            return Loaded(graphs: result.graphs, diagnostics: result.diagnostics,
                          sources: format == .onnx ? [] : result.sources)
        case .swiftDSL:
            let result = try SwiftDSLFrontend.load(file)
            return Loaded(graphs: result.graphs, diagnostics: result.diagnostics, sources: [file])
        }
    }
}
