/// The ONNX control-flow operators, whose semantics live in nested graphs
/// (`Graph.subgraphs`, each linked back to its node by `Graph.owner`).
public enum ControlFlow: Hashable, Sendable {
    /// ONNX `Loop`. Inputs: the trip count `M` and the condition `cond`
    /// (either may be left out), then the N loop-carried values. The body
    /// takes `(iteration_num, cond, carried...)` and returns
    /// `(cond, carried..., scan outputs...)`; the node's outputs are the N
    /// final carried values, then the K scan outputs (every iteration's
    /// values, stacked).
    case loop
    /// ONNX `Scan`: N state variables, then `ScanAttributes.scanInputs`
    /// sequences that the body reads one slice per iteration. The body takes
    /// `(states..., slices...)` and returns `(states..., scan output slices...)`;
    /// the node's outputs are the N final states, then the K stacked scan
    /// outputs.
    case scan(ScanAttributes)
    /// ONNX `If`: input 0 is the condition; the outputs are those of the
    /// `then_branch` or of the `else_branch` body.
    case ifThenElse
}

public struct ScanAttributes: Hashable, Sendable {
    /// How many of the node's inputs are scanned sequences (the last ones).
    public var scanInputs: Int
    /// Whether input 0 is opset 8's optional `sequence_lens` (one length per
    /// batch entry; the states and sequences then carry a batch axis first).
    public var leadingSequenceLengths: Bool
    /// The axis of each scanned input along which the iterations run; the
    /// trip count is that axis's length. Missing entries mean axis 0.
    public var inputAxes: [Int]

    public init(scanInputs: Int, leadingSequenceLengths: Bool = false, inputAxes: [Int] = []) {
        self.scanInputs = scanInputs
        self.leadingSequenceLengths = leadingSequenceLengths
        self.inputAxes = inputAxes
    }
}

/// What links a nested graph to the node of the enclosing graph that owns
/// it, and its inputs and outputs to that graph's values. Set by the
/// frontend (ONNX) for every subgraph.
public struct SubgraphOwner: Hashable, Sendable {
    /// The node, in the enclosing graph, that holds this graph.
    public var node: NodeID
    /// The attribute that holds it (`body`, `then_branch`, `else_branch`);
    /// nil for the body of a model-local function the node calls.
    public var attribute: String?
    /// The position in a list-of-graphs attribute; 0 for a single graph.
    public var index: Int
    /// The graph's own declared inputs, in order, as its tensors: what the
    /// owner passes in (a Loop's iteration number, condition and carried
    /// values; a function's arguments).
    public var parameters: [TensorID]
    /// The graph's declared outputs, in order; nil where the name resolves
    /// to no value. (`Graph.outputs` leaves such names out.)
    public var results: [TensorID?]
    /// Values of the enclosing graph that this graph reads by name (ONNX
    /// outer scope): each is an input tensor of this graph standing for a
    /// tensor of the enclosing graph.
    public var captures: [Capture]

    public struct Capture: Hashable, Sendable {
        /// The tensor in this graph.
        public var inner: TensorID
        /// The tensor of the enclosing graph it stands for.
        public var outer: TensorID
        public init(inner: TensorID, outer: TensorID) {
            self.inner = inner
            self.outer = outer
        }
    }

    public init(node: NodeID, attribute: String?, index: Int = 0, parameters: [TensorID], results: [TensorID?],
                captures: [Capture]) {
        self.node = node
        self.attribute = attribute
        self.index = index
        self.parameters = parameters
        self.results = results
        self.captures = captures
    }
}
