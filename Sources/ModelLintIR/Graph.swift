/// The phase a Caffe net is instantiated for; layers' `include`/`exclude`
/// rules select different graphs per phase.
public enum Phase: String, Hashable, Sendable, CaseIterable {
    case train = "TRAIN"
    case test = "TEST"
}

/// One model graph, as every analysis and rule sees it, whatever its format.
public struct Graph: Sendable {
    public var name: String
    /// In topological order.
    public var nodes: [Node]
    /// Indexed by `TensorID`.
    public var tensors: [Tensor]
    public var inputs: [TensorID]
    public var outputs: [TensorID]
    /// Nested bodies (ONNX `If`/`Loop`/`Scan`, local functions).
    public var subgraphs: [Graph]
    /// For a nested body: the node that holds it and how its inputs and
    /// outputs connect to the enclosing graph. nil for a top-level graph.
    public var owner: SubgraphOwner?
    /// nil when the format has no phases (ONNX, the DSL) or the net declares none.
    public var phase: Phase?
    /// Caffe net-state stages the graph was built for (`include { stage: ... }`).
    public var stages: [String]
    public var training: TrainingConfig?
    public var source: SourceFile
    /// Whether a node may write a name it reads (Caffe's in-place layers).
    /// In SSA formats (ONNX) every name is written once, so a rewrite is a defect.
    public var inPlaceWritesAllowed = false
    /// Where the file breaks its format's own schema (an ONNX node its
    /// operator's schema rejects, an opset import onnx.checker refuses),
    /// found by the frontend that knows the schema; rules report them.
    public var schemaViolations: [SchemaViolation] = []

    public init(name: String, nodes: [Node] = [], tensors: [Tensor] = [], inputs: [TensorID] = [],
                outputs: [TensorID] = [], subgraphs: [Graph] = [], phase: Phase? = nil, stages: [String] = [],
                training: TrainingConfig? = nil, source: SourceFile) {
        self.name = name
        self.nodes = nodes
        self.tensors = tensors
        self.inputs = inputs
        self.outputs = outputs
        self.subgraphs = subgraphs
        self.phase = phase
        self.stages = stages
        self.training = training
        self.source = source
    }

    public func tensor(_ id: TensorID) -> Tensor { tensors[id] }

    /// The node that produces `tensor`, if any.
    public func producer(of tensor: TensorID) -> Node? {
        guard let nodeID = tensors[tensor].producer else { return nil }
        // Node ids are their indices; the search is only for hand-built graphs that break that.
        if nodes.indices.contains(nodeID), nodes[nodeID].id == nodeID { return nodes[nodeID] }
        return nodes.first { $0.id == nodeID }
    }

    /// A label for the variant in reports: `TRAIN`, `TEST [test-on-train-set]`, or empty.
    public var variantLabel: String {
        var label = phase?.rawValue ?? ""
        if !stages.isEmpty { label += (label.isEmpty ? "" : " ") + "[" + stages.joined(separator: ", ") + "]" }
        return label
    }
}
