import Foundation
import ModelLintIR
import SwiftProtobuf

/// What reading one ONNX file produced.
public struct ONNXLoadResult: Sendable {
    public var graphs: [Graph]
    /// Notes (a missing external-data file, ...); errors are thrown instead.
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]
}

/// A file that is not a readable ONNX model, with the position of the problem:
/// line and column in JSON, a byte offset in binary files.
public struct ONNXReadError: LocatedError, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public var description: String { "\(location): \(message)" }
}

/// The entry point of the ONNX frontend: a `.onnx` file (protobuf binary) or
/// ONNX JSON (the protobuf JSON mapping of a `ModelProto`) in, IR graphs out.
public enum ONNXFrontend {
    public enum Encoding: Sendable { case binary, json }

    /// A model whose bytes are in memory (tests, the benchmark's text formats).
    public static func load(_ file: SourceFile, encoding: Encoding) throws -> ONNXLoadResult {
        switch encoding {
        case .binary: return try build(decodeBinary(Data(file.bytes), path: file.path), file: file, encoding: .binary)
        case .json: return try build(decodeJSON(file), file: file, encoding: .json)
        }
    }

    /// A binary model read from its file, which is mapped into memory rather
    /// than copied: the weights are then read where the file lies, and only
    /// when the analysis asks (see `ConstantData`).
    public static func loadBinary(path: String) throws -> ONNXLoadResult {
        let bytes = try MappedFile.contents(of: path)
        return try build(decodeBinary(bytes, path: path), file: SourceFile(path: path, bytes: []), encoding: .binary)
    }

    private static func build(_ decoded: Decoded, file: SourceFile, encoding: Encoding) throws -> ONNXLoadResult {
        let (model, nodeRecords, places, functionPlaces, initializerBytes) = decoded
        var opsets: [String: Int] = [:]
        for entry in model.opsetImport {
            opsets[entry.domain == "ai.onnx" ? "" : entry.domain] = Int(clamping: entry.version)
        }
        if opsets[""] == nil && model.opsetImport.isEmpty { opsets[""] = 1 }
        let functions = Dictionary(model.functions.map { ("\($0.domain):\($0.name)", $0) }, uniquingKeysWith: { $1 })
        // A binary model's bytes are kept only as its weights' storage.
        let source = encoding == .json ? file : SourceFile(path: file.path, bytes: [])
        var reader = ONNXGraphReader(opsets: opsets, locator: ONNXLocator(file: source, isText: encoding == .json),
                                     modelFolder: ReferencedFile.parent(of: ReferencedFile.absolute(file.path)),
                                     functions: functions, functionPlaces: functionPlaces)
        var graph = if let nodeRecords {
            reader.read(model.graph, nodes: nodeRecords, places: places, initializerBytes: initializerBytes)
        } else {
            reader.read(model.graph, nodes: model.graph.node, places: places, initializerBytes: initializerBytes)
        }
        if let failure = reader.failure { throw failure }
        if graph.name == "main_graph", !model.graph.hasName {
            graph.name = (file.path as NSString).lastPathComponent
        }
        graph.schemaViolations += opsetImportViolations(model, at: .startOf(file.path))
        var notes = reader.notes
        if model.producerName == graphOnlyMarker {
            notes.insert(Diagnostic(severity: .note, message: "the file holds an ONNX graph without its model (what MessageToJson(model.graph) writes): "
                                    + "read with ai.onnx opset \(assumedOpset), the newest modellint knows; the model's own opset imports are not in the file",
                                    location: .startOf(file.path)), at: 0)
        }
        return ONNXLoadResult(graphs: [graph], diagnostics: notes, sources: encoding == .json ? [file] : [])
    }

    /// What onnx.checker enforces of the IR version: before IR 4 every
    /// initializer is a graph input. A domain imported twice at different
    /// opsets is a warning: onnx.checker and onnxruntime accept it, but the
    /// file does not say which opset its nodes follow (modellint reads the
    /// last). (An IR version older than the release that brought the opset is
    /// not reported: onnx.checker and onnxruntime accept it, and onnx's own
    /// test models have IR 3 with opset 9.)
    static func opsetImportViolations(_ model: Onnx_ModelProto, at location: SourceLocation) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        var versions: [String: [Int64]] = [:]
        for entry in model.opsetImport { versions[ONNXSchemas.canonical(entry.domain), default: []].append(entry.version) }
        for (name, imported) in versions.sorted(by: { $0.key < $1.key }) where Set(imported).count > 1 {
            violations.append(SchemaViolation(
                kind: .opsetImport,
                message: "\(name) is imported at opsets \(imported.map(String.init).joined(separator: " and ")): the file does not say which its nodes follow "
                    + "(modellint reads \(imported.last ?? 0), the last; a runtime may take another)",
                location: location, fix: "Keep one opset_import entry for \(name).", severity: .warning))
        }
        if model.irVersion > 0, model.irVersion < 4 {
            let inputs = Set(model.graph.input.map(\.name))
            if let stray = model.graph.initializer.first(where: { !inputs.contains($0.name) }) {
                violations.append(SchemaViolation(kind: .opsetImport, message: "IR version \(model.irVersion) requires every initializer to be a graph input, and '\(stray.name)' is not",
                                                  location: location, fix: "Set ir_version to 4 or later, or list the initializers among the graph inputs."))
            }
        }
        return violations
    }

    // MARK: - Decoding

    private static let binaryOptions: BinaryDecodingOptions = {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = 200
        return options
    }()

    /// A decoded model; its main graph's nodes as records when the JSON fast
    /// path decoded them (nil: they are in the model's message); where its
    /// nodes sit, and the `raw_data` bytes of the main graph's initializers
    /// in the file (nil for one without), in order.
    private typealias Decoded = (Onnx_ModelProto, [ONNXNodeRecord]?, ONNXGraphPlaces, [String: ONNXGraphPlaces], [Data?])

    private static func decodeBinary(_ bytes: Data, path: String) throws -> Decoded {
        guard !bytes.isEmpty else {
            throw ONNXReadError(message: "the file is empty: not an ONNX model", location: .startOf(path))
        }
        // The wire scan finds structural damage with its byte offset, which
        // swift-protobuf's errors do not carry, and where each node sits.
        let layout: ONNXBinaryLayout
        do {
            layout = try bytes.withUnsafeBytes { try ONNXBinaryLayout(buffer: $0) }
        } catch let error as WireFormatError {
            throw ONNXReadError(message: "not a readable ONNX model: \(error.message) (byte \(error.offset))",
                                location: ONNXLocator(file: SourceFile(path: path, bytes: []), isText: false).location(ofByte: error.offset))
        }
        // swift-protobuf decodes the model without the weights, which stay in
        // the file's bytes (see WireFieldRemoval): a parser keeps the last of
        // repeated `raw_data` fields, so that is the one the slice is of.
        let rawData = layout.graph.initializerRawData
        let model: Onnx_ModelProto
        do {
            let weightless = try bytes.withUnsafeBytes {
                try WireFieldRemoval.removing(rawData.flatMap { $0.map(\.range) }, from: $0)
            }
            model = try Onnx_ModelProto(serializedBytes: weightless, options: binaryOptions)
        } catch {
            throw ONNXReadError(message: "not a readable ONNX model: \(error)", location: .startOf(path))
        }
        guard model.hasGraph else {
            throw ONNXReadError(message: "not an ONNX model: the file holds no graph", location: .startOf(path))
        }
        // Slices of a Data share its storage (and keep a mapping alive).
        let initializerBytes = rawData.map { fields in fields.last.map { bytes[bytes.startIndex + $0.payload.lowerBound ..< bytes.startIndex + $0.payload.upperBound] } }
        return (model, nil, ONNXGraphPlaces(layout.graph), layout.functions.mapValues(ONNXGraphPlaces.init), initializerBytes)
    }

    /// The JSON reader alone: the text into the model's protobuf messages
    /// (and the fast path's node records), no IR built. The benchmark times it for the reader's own throughput.
    public static func readJSON(_ file: SourceFile) throws {
        _ = try decodeJSON(file)
    }

    private static func decodeJSON(_ file: SourceFile) throws -> Decoded {
        if let decoded = ONNXJSONFastDecoder.decode(file.bytes) {
            return (decoded.model, decoded.nodes, decoded.places, [:], [])
        }
        // The slow path: everything swift-protobuf accepts, and every error
        // with its line and column.
        let root: JSONNode
        do {
            root = try PositionedJSON.parse(file.bytes)
        } catch {
            throw ONNXReadError(message: error.message, location: file.location(ofByte: error.offset))
        }
        guard root.members != nil else {
            throw ONNXReadError(message: "not an ONNX model: the JSON is not an object", location: file.location(ofByte: root.range.lowerBound))
        }
        guard root["graph"] != nil else {
            if ["node", "input", "output", "initializer"].contains(where: { root[$0] != nil }) {
                return try decodeJSONGraph(file, root: root)
            }
            throw ONNXReadError(message: "not an ONNX model: the JSON object has no \"graph\"",
                                location: file.location(ofByte: root.range.lowerBound))
        }
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        options.messageDepthLimit = 200
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(jsonUTF8Bytes: file.bytes, options: options)
        } catch {
            let (message, offset) = ONNXJSONSchemaCheck.explain(error, root: root, bytes: file.bytes)
            throw ONNXReadError(message: message, location: file.location(ofByte: offset))
        }
        return (model, nil, ONNXGraphPlaces(ONNXJSONLayout(root: root, bytes: file.bytes)), [:], [])
    }

    /// A GraphProto without its ModelProto (what `MessageToJson(model.graph)`
    /// writes): read as the graph of a model that imports the newest opset of
    /// the default domain modellint has schemas for; `jsonGraphNote` says so.
    private static func decodeJSONGraph(_ file: SourceFile, root: JSONNode) throws -> Decoded {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        options.messageDepthLimit = 200
        var model = Onnx_ModelProto()
        do {
            model.graph = try Onnx_GraphProto(jsonUTF8Bytes: file.bytes, options: options)
        } catch {
            let (message, offset) = ONNXJSONSchemaCheck.explain(error, root: root, bytes: file.bytes)
            throw ONNXReadError(message: message, location: file.location(ofByte: offset))
        }
        var opset = Onnx_OperatorSetIdProto()
        opset.version = Int64(assumedOpset)
        model.opsetImport = [opset]
        model.producerName = graphOnlyMarker
        return (model, nil, ONNXGraphPlaces(ONNXJSONLayout(graph: root, bytes: file.bytes)), [:], [])
    }

    /// The default domain's opset a graph without its model is read with.
    static var assumedOpset: Int {
        ONNXSchemas.shared.newestVersion(domain: "ai.onnx")
    }

    /// Set as the producer of a model made around a bare graph, so that the note is given once.
    private static let graphOnlyMarker = "modellint: a GraphProto read without its ModelProto"
}
