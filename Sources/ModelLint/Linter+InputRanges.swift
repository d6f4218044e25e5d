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

    /// A usage error for each `--input-range` name that no linted model has:
    /// a typo would otherwise quietly leave the input unbounded.
    static func unboundInputRanges(_ names: [String], results: [FileResult]) -> [String] {
        // With no model read there is nothing to check the names against.
        guard results.contains(where: { !$0.diagnostics.contains { $0.severity == .error } }) else { return [] }
        let bound = results.reduce(into: Set<String>()) { $0.formUnion($1.boundRangeNames) }
        let inputs = Array(Set(results.flatMap(\.rangeableInputs))).sorted()
        return names.filter { !bound.contains($0) }.sorted().map { name in
            let guess = inputs.min { EditDistance.between($0, name) < EditDistance.between($1, name) }
                .flatMap { EditDistance.between($0, name) <= Swift.max(2, name.count / 3) ? $0 : nil }
            let known = inputs.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            return "--input-range: '\(name)' names no input of the linted models"
                + (guess.map { "; did you mean '\($0)'?" } ?? (known.isEmpty ? "" : "; their inputs are \(known)\(inputs.count > 5 ? ", …" : "")"))
        }
    }
}
