/// Where each ONNX node, and each of its attributes, inputs and outputs, is
/// written in an ONNX JSON file (the protobuf JSON mapping of a ModelProto,
/// as `MessageToJson` or onnx2json writes it).
///
/// On the slow path of `ONNXFrontend` (the fast decoder notes the same
/// places itself), swift-protobuf decodes the file but forgets positions;
/// node `i` of the decoded `graph.node` is node `i` here, because both read
/// the same array in file order. A frontend zips the two to give every IR
/// node a line and column. The layout never fails: a member that is missing
/// or of the wrong type just contributes nothing, since the decoder is the
/// one that reports a malformed model.
struct ONNXJSONLayout: Sendable {
    /// `graph.node[i]`, in order.
    var nodes: [NodeLayout]
    /// The graph object itself, or nil when the model has none.
    var graphRange: Range<Int>?
    /// The layouts of subgraphs held by node attributes (`If` branches,
    /// `Loop` and `Scan` bodies), recursively.
    var subgraphs: [SubgraphKey: ONNXJSONLayout]

    struct NodeLayout: Sendable {
        /// The node object, from `{` to `}`.
        var range: Range<Int>
        /// Attribute name -> the attribute object. When a name is repeated
        /// (which the ONNX checker refuses) the first one is kept.
        var attributes: [String: Range<Int>]
        /// Each input and output string, quotes included, in order.
        var inputs: [Range<Int>]
        var outputs: [Range<Int>]
        /// The node's `name` and `opType`, when written, to check that a
        /// layout matches the decoded node it is paired with.
        var name: String?
        var opType: String?
    }

    /// Which subgraph: the attribute `g` of node `node` has `index` nil; the
    /// attribute `graphs` has the position in that list.
    struct SubgraphKey: Hashable, Sendable {
        var node: Int
        var attribute: String
        var index: Int?
    }

    /// The layout of a model's main graph.
    init(root: JSONNode, bytes: [UInt8]) {
        if let graph = root["graph"] {
            self.init(graph: graph, bytes: bytes)
        } else {
            self.init(nodes: [], graphRange: nil, subgraphs: [:])
        }
    }

    init(nodes: [NodeLayout], graphRange: Range<Int>?, subgraphs: [SubgraphKey: ONNXJSONLayout]) {
        self.nodes = nodes
        self.graphRange = graphRange
        self.subgraphs = subgraphs
    }

    /// The layout of one GraphProto object. Nesting is bounded by the
    /// parser's depth limit, so this recursion is too.
    init(graph: JSONNode, bytes: [UInt8]) {
        nodes = []
        subgraphs = [:]
        guard graph.members != nil else {
            graphRange = nil
            return
        }
        graphRange = graph.range
        for (index, node) in (graph["node"]?.elements ?? []).enumerated() {
            guard node.members != nil else { continue }
            var layout = NodeLayout(
                range: node.range, attributes: [:],
                inputs: Self.stringRanges(node["input"]), outputs: Self.stringRanges(node["output"]),
                name: node["name"]?.string(in: bytes), opType: node[anyOf: ["opType", "op_type"]]?.string(in: bytes))
            for attribute in node["attribute"]?.elements ?? [] {
                guard let name = attribute["name"]?.string(in: bytes) else { continue }
                if layout.attributes[name] == nil { layout.attributes[name] = attribute.range }
                if let body = attribute["g"], body.members != nil {
                    subgraphs[SubgraphKey(node: index, attribute: name, index: nil)] = ONNXJSONLayout(graph: body, bytes: bytes)
                }
                for (position, body) in (attribute["graphs"]?.elements ?? []).enumerated() where body.members != nil {
                    subgraphs[SubgraphKey(node: index, attribute: name, index: position)] = ONNXJSONLayout(graph: body, bytes: bytes)
                }
            }
            nodes.append(layout)
        }
    }

    /// The ranges of the string elements of an array (`input`, `output`).
    /// Non-strings are skipped; the decoder reports them.
    static func stringRanges(_ list: JSONNode?) -> [Range<Int>] {
        (list?.elements ?? []).compactMap { element in
            if case .string = element.value { return element.range }
            return nil
        }
    }
}
