import ModelLintIR

/// What reading one Caffe file produced.
public struct CaffeLoadResult: Sendable {
    public var graphs: [Graph]
    /// Notes about the file (skipped, net not found); errors are thrown instead.
    public var diagnostics: [Diagnostic]
    /// Every file read, the given one first, so reporters can quote them.
    public var sources: [SourceFile]
}

/// The entry point of the Caffe frontend: a prototxt file in, IR graphs out.
public enum CaffeFrontend {
    /// Reads a net, a solver (and the nets it names), or skips a prototxt that
    /// is neither. Throws `TextFormatError` for anything malformed, with its position.
    /// A solver's nets are read only from inside `baseDirectory`, or where none
    /// is given the repository that holds the solver (`CaffeSolverReader.boundary`).
    public static func load(_ file: SourceFile, baseDirectory: String? = nil) throws -> CaffeLoadResult {
        let isTemplate = isTemplate(file.path)
        let message = try TextFormatParser.parse(file, placeholders: isTemplate)
        let templateNote = isTemplate ? [Diagnostic(
            severity: .note,
            message: "read as a template (its name contains 'template'): a word where a number belongs is a placeholder, and what depends on it is unknown",
            location: .startOf(file.path))] : []
        switch CaffeDocumentKind.classify(message) {
        case .empty:
            throw TextFormatError("the file is empty: it defines neither a net nor a solver", at: .startOf(file.path))
        case .net:
            var graphs = try CaffeNetReader(net: message, source: file).graphs()
            let violations = CaffeSchemaCheck.check(message, as: "NetParameter", isTemplate: isTemplate)
            for index in graphs.indices { graphs[index].schemaViolations += violations }
            return CaffeLoadResult(graphs: graphs, diagnostics: templateNote, sources: [file])
        case .solver:
            var result = try CaffeSolverReader(solver: message, source: file, baseDirectory: baseDirectory).read()
            // The solver's own fields; a net it reads is checked where it is linted as a file.
            let violations = CaffeSchemaCheck.check(message, as: "SolverParameter", isTemplate: isTemplate)
            for index in result.graphs.indices { result.graphs[index].schemaViolations += violations }
            return CaffeLoadResult(graphs: result.graphs, diagnostics: templateNote + result.diagnostics,
                                   sources: [file] + result.netSources)
        case .other(let what):
            let note = Diagnostic(severity: .note, message: "skipped: \(what), not a Caffe net or solver",
                                  location: .startOf(file.path))
            return CaffeLoadResult(graphs: [], diagnostics: [note], sources: [file])
        }
    }
}

extension CaffeFrontend {
    /// Generator templates such as MobileNet-SSD's `*_template.prototxt` hold
    /// placeholders (`num_output: cls3x`) that a script substitutes. Read them
    /// leniently; anywhere else a word in a numeric field is an error.
    static func isTemplate(_ path: String) -> Bool {
        (path.split(separator: "/").last ?? "").lowercased().contains("template")
    }
}

/// What a prototxt holds, told by its top-level fields.
enum CaffeDocumentKind: Equatable {
    case net, solver, empty
    case other(String)

    static let netFields: Set<String> = ["layer", "layers", "input", "input_dim", "input_shape", "state", "force_backward"]
    static let solverFields: Set<String> = [
        "net", "net_param", "train_net", "train_net_param", "test_net", "test_net_param", "base_lr", "lr_policy",
        "max_iter", "solver_type", "snapshot_prefix", "test_iter", "test_interval", "solver_mode", "stepsize",
    ]

    static func classify(_ message: TextMessage) -> CaffeDocumentKind {
        var names = Set<String>()
        var previous: TextField?
        message.forEachField { field in
            // A net repeats `layer` a million times over; a name that repeats the one before is not looked up again.
            if let previous, previous.hasSameName(as: field) { return }
            names.insert(field.name)
            previous = field
        }
        if names.isEmpty { return .empty }
        if !names.isDisjoint(with: solverFields) { return .solver }
        if !names.isDisjoint(with: netFields) { return .net }
        if names.contains("item") { return .other("an SSD label map (item { name label display_name })") }
        return .other("top-level fields \(names.sorted().prefix(4).joined(separator: ", "))")
    }
}
