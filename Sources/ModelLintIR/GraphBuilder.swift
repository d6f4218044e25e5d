/// Builds a graph in SSA form from a frontend's named values, for every
/// frontend alike. It tracks, for each name, the tensor that currently holds
/// it: a second write makes a new version of the name (a Caffe in-place layer,
/// or a duplicate producer that rule ML002 reports), so the graph stays
/// acyclic and every version keeps its own interval; a read of a name nobody
/// has written yet gets a tensor without producer (rule ML001 reports it).
public struct GraphBuilder {
    public var graph: Graph
    private var current: [String: TensorID] = [:]
    /// Whether a node read a name that a later node then wrote: the nodes
    /// were not in dependency order (or form a cycle), which ONNX forbids
    /// and its reader then sorts out.
    public private(set) var readBeforeWritten = false

    public init(name: String, source: SourceFile) {
        graph = Graph(name: name, source: source)
    }

    /// Room for a graph of about this size, so that a large one is not copied as it grows.
    public mutating func reserveCapacity(nodes: Int, tensors: Int) {
        graph.nodes.reserveCapacity(nodes)
        graph.tensors.reserveCapacity(tensors)
        current.reserveCapacity(tensors)
    }

    /// The tensor that currently holds `name`, if any.
    public func tensor(named name: String) -> TensorID? { current[name] }

    /// The names written or declared so far.
    public var names: Set<String> { Set(current.keys) }

    /// A graph input: declared, never produced.
    public mutating func declareInput(_ name: String) -> TensorID {
        let id = newTensor(name: name)
        graph.inputs.append(id)
        return id
    }

    /// A constant (an ONNX initializer): not an input, never produced; the
    /// caller sets its `constant`.
    public mutating func declareConstant(_ name: String) -> TensorID {
        newTensor(name: name)
    }

    /// The tensor a node reads: the latest version of `name`, or a new
    /// tensor that nothing produces.
    public mutating func consume(_ name: String) -> TensorID {
        if let id = current[name] { return id }
        return newTensor(name: name)
    }

    /// The tensor a node writes; `addNode` sets its producer.
    public mutating func produce(_ name: String) -> TensorID {
        // One hash of the name: the new tensor takes it over whether or not an earlier one held it.
        let id = graph.tensors.count
        var version = 0
        if let previous = current.updateValue(id, forKey: name) {
            if graph.tensors[previous].producer != nil || graph.inputs.contains(previous) || graph.tensors[previous].constant != nil {
                version = graph.tensors[previous].version + 1
            } else {
                readBeforeWritten = true
            }
        }
        graph.tensors.append(Tensor(id: id, name: name, version: version))
        return id
    }

    /// An optional input or output left out (ONNX `""`): a nameless
    /// placeholder that keeps the positions of the others.
    public mutating func absent() -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: "", dtype: .unknown))
        return id
    }

    @discardableResult
    public mutating func addNode(name: String, op: Op, sourceType: String, inputs: [TensorID], outputs: [TensorID],
                                 location: SourceLocation, fieldLocations: [NodeField: SourceLocation]) -> NodeID {
        let id = graph.nodes.count
        graph.nodes.append(Node(id: id, name: name, op: op, sourceType: sourceType, inputs: inputs, outputs: outputs,
                                location: location, fieldLocations: fieldLocations))
        for output in outputs where !graph.tensors[output].name.isEmpty { graph.tensors[output].producer = id }
        return id
    }

    /// Graph outputs for formats that do not list them (Caffe): the latest
    /// version of every name that no node reads.
    public mutating func markUnreadAsOutputs() {
        var consumed = Set<TensorID>()
        // By index: a `for node in` loop copies every node, a tenth of building a Caffe graph.
        for index in graph.nodes.indices { consumed.formUnion(graph.nodes[index].inputs) }
        graph.outputs = current.values.filter { !consumed.contains($0) && graph.tensors[$0].producer != nil }.sorted()
    }

    private mutating func newTensor(name: String, version: Int = 0) -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: name, version: version))
        current[name] = id
        return id
    }
}
