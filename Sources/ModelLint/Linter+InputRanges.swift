import ModelLintIR

extension Linter {
    /// What one file says about the declared input ranges: the names it
    /// binds (a range applies to the first version of a tensor of that
    /// name, as `applyingInputRanges` does) and, when one is not bound, the
    /// names of its inputs, to suggest instead. Nothing when no range is given.
    func inputRangeUse(in graphs: [Graph]) -> (bound: Set<String>, inputs: [String]) {
        guard !inputRanges.isEmpty else { return ([], []) }
        var bound = Set<String>()
        var stack = graphs
        while let graph = stack.popLast() {
            for tensor in graph.tensors where tensor.version == 0 && inputRanges[tensor.name] != nil { bound.insert(tensor.name) }
            stack += graph.subgraphs
        }
        guard bound.count < inputRanges.count else { return (bound, []) }
        return (bound, graphs.flatMap { graph in
            graph.inputs.map { graph.tensors[$0].name } + graph.nodes.filter { node in
                switch node.op {
                case .dataLoader, .input: true
                default: false
                }
            }.flatMap { $0.outputs.map { graph.tensors[$0].name } }
        })
    }

    /// A usage error for each `--input-range` name that no linted model has,
    /// and for each configuration's `input-ranges:` name that none of the
    /// models it governs has: a typo would otherwise quietly leave the input
    /// unbounded. `files` pairs each result with the linter that read it.
    static func unboundInputRanges(commandLine names: [String], files: [(result: FileResult, linter: Linter)]) -> [String] {
        // With no model read there is nothing to check the names against.
        let read = files.filter { !$0.result.diagnostics.contains { $0.severity == .error } }
        guard !read.isEmpty else { return [] }
        var errors = unbound(names, in: read.map { ($0.result.boundRangeNames, $0.result.rangeableInputs) },
                             label: "--input-range", scope: "the linted models")
        let commandLine = Set(names)
        var governed: [String: (configuration: Configuration, results: [FileResult])] = [:]
        for file in read {
            guard let configuration = file.linter.fileConfiguration, let path = configuration.path else { continue }
            governed[path, default: (configuration, [])].results.append(file.result)
        }
        for (path, group) in governed.sorted(by: { $0.key < $1.key }) {
            let names = group.configuration.inputRanges.keys.filter { !commandLine.contains($0) }
            errors += unbound(Array(names), in: group.results.map { ($0.boundRangeNames, $0.rangeableInputs) },
                              label: "\(path): input-ranges", scope: "the models it governs")
        }
        return errors
    }

    /// The same for one file's graphs read by this (configured) linter
    /// (`--dump-intervals`): `commandLine` names the ranges the command line gave.
    func unboundInputRanges(commandLine: Set<String>, in graphs: [Graph]) -> [String] {
        let use = inputRangeUse(in: graphs)
        var errors = Self.unbound(inputRanges.keys.filter(commandLine.contains), in: [use], label: "--input-range", scope: "the model")
        if let path = fileConfiguration?.path {
            errors += Self.unbound(inputRanges.keys.filter { !commandLine.contains($0) }, in: [use],
                                   label: "\(path): input-ranges", scope: "the model")
        }
        return errors
    }

    private static func unbound(_ names: [String], in uses: [(bound: Set<String>, inputs: [String])], label: String,
                                scope: String) -> [String] {
        let bound = uses.reduce(into: Set<String>()) { $0.formUnion($1.bound) }
        let inputs = Array(Set(uses.flatMap(\.inputs))).sorted()
        return names.filter { !bound.contains($0) }.sorted().map { name in
            let guess = EditDistance.nearest(to: name, among: inputs)
            let known = inputs.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            return "\(label): '\(name)' names no input of \(scope)"
                + (guess.map { "; did you mean '\($0)'?" } ?? (known.isEmpty ? "" : "; their inputs are \(known)\(inputs.count > 5 ? ", …" : "")"))
        }
    }
}
