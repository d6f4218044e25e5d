import ModelLintIR

/// Adds nodes and tensors to a graph while tracking, for each blob name, the
/// tensor that currently holds it. A top that repeats a bottom (Caffe's
/// in-place layers) becomes a new version of the tensor, so the graph stays
/// acyclic and every version keeps its own interval.
struct GraphBuilder {
    var graph: Graph
    private var current: [String: TensorID] = [:]

    init(name: String, source: SourceFile) {
        graph = Graph(name: name, source: source)
    }

    mutating func declareInput(_ name: String) -> TensorID {
        let id = newTensor(name: name, version: 0, producer: nil)
        graph.inputs.append(id)
        return id
    }

    /// The tensor a bottom reads: the latest version of `name`, or a new
    /// tensor that nothing produces (rule ML001 reports those).
    mutating func consume(_ name: String) -> TensorID {
        if let id = current[name] { return id }
        return newTensor(name: name, version: 0, producer: nil)
    }

    /// The tensor a top writes. Its producer is set by `addNode`.
    mutating func produce(_ name: String) -> TensorID {
        guard let previous = current[name], graph.tensors[previous].producer != nil || graph.inputs.contains(previous) else {
            return newTensor(name: name, version: 0, producer: nil)
        }
        // In place, or a second producer of the same name (ML002); either way a new version.
        return newTensor(name: name, version: graph.tensors[previous].version + 1, producer: nil)
    }

    @discardableResult
    mutating func addNode(name: String, op: Op, sourceType: String, inputs: [TensorID], outputs: [TensorID],
                          location: SourceLocation, fieldLocations: [NodeField: SourceLocation]) -> NodeID {
        let id = graph.nodes.count
        graph.nodes.append(Node(id: id, name: name, op: op, sourceType: sourceType, inputs: inputs, outputs: outputs,
                                location: location, fieldLocations: fieldLocations))
        for output in outputs { graph.tensors[output].producer = id }
        return id
    }

    /// Graph outputs: the latest version of every name that no node reads.
    mutating func finish() {
        var consumed = Set<TensorID>()
        for node in graph.nodes { consumed.formUnion(node.inputs) }
        graph.outputs = current.values.filter { !consumed.contains($0) && graph.tensors[$0].producer != nil }.sorted()
    }

    private mutating func newTensor(name: String, version: Int, producer: NodeID?) -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: name, version: version, producer: producer))
        current[name] = id
        return id
    }
}
