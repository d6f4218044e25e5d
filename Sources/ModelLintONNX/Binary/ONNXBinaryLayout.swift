/// Where each node of a binary `.onnx` model sits, by byte range, so that a
/// finding can point at the bytes of the node it is about.
///
/// swift-protobuf decodes the same file into messages but forgets positions;
/// node `i` of the decoded `graph.node` is node `i` here, because both read
/// the same fields in file order and agree on which fields count (see
/// `ONNXLayoutWalker`). Walking the file also checks it, so that a corrupt or
/// truncated model is refused with the byte where its structure breaks.
///
/// Every range is the bytes of a value, without its tag and length prefix: a
/// node's range is exactly what `NodeProto.FromString` would read.
struct ONNXBinaryLayout: Sendable {
    struct GraphLayout: Sendable, Equatable {
        /// `node[i]`, in order.
        var nodes: [NodeLayout] = []
        /// The graphs held by node attributes (`If` branches, `Loop` and `Scan`
        /// bodies), recursively.
        var subgraphs: [SubgraphKey: GraphLayout] = [:]
        /// The main graph's `initializer[i]`, in order: its `raw_data` fields
        /// (a parser keeps the last), which the frontend leaves in the file's
        /// bytes rather than have swift-protobuf copy them.
        var initializerRawData: [[WireField]] = []
    }

    struct NodeLayout: Sendable, Equatable {
        /// The NodeProto's bytes.
        var range: Range<Int>
        /// Attribute name -> the AttributeProto's bytes. When a name is
        /// repeated (which the ONNX checker refuses) the first one is kept.
        var attributes: [String: Range<Int>] = [:]
        /// Each input and output name's bytes, in order.
        var inputs: [Range<Int>] = []
        var outputs: [Range<Int>] = []
        /// The node's `name` and `op_type` when written, to check that a layout
        /// matches the decoded node it is paired with.
        var name: String?
        var opType: String?
    }

    /// Which subgraph: `index` is 0 for the attribute `g`, i for `graphs[i]`.
    struct SubgraphKey: Hashable, Sendable {
        var node: Int
        var attribute: String
        var index: Int
    }

    /// The main graph (`ModelProto.graph`).
    var graph: GraphLayout
    /// Model-local functions (`ModelProto.functions`) by "domain:name"; when a
    /// key is repeated the last one is kept, as the frontend keeps it.
    var functions: [String: GraphLayout]

    /// Graphs inside graphs. Deeper than any real model, shallow enough that
    /// the recursive walk stays far from the end of a thread's stack.
    static let maxGraphDepth = 64

    /// Walks the model and checks it on the way; throws `WireFormatError` for
    /// structural damage anywhere in it. The bytes are read in place, and
    /// weight payloads are skipped by their length, never read.
    init(bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { try ONNXBinaryLayout(buffer: $0) }
    }

    init(buffer: UnsafeRawBufferPointer) throws {
        self = try ONNXLayoutWalker(validator: ONNXWireValidator(bytes: buffer)).model()
    }

    init(graph: GraphLayout, functions: [String: GraphLayout]) {
        self.graph = graph
        self.functions = functions
    }
}

/// The walk behind `ONNXBinaryLayout`: the messages that lead to nodes
/// (model, graph, node, attribute, function) are read field by field here;
/// every other field is handed to the validator, which checks it against the
/// schema without recording anything.
///
/// Only fields with the wire type the schema expects count as nodes,
/// attributes or names: a parser keeps any other as an unknown field, so
/// counting it would shift every later node index off the decoded model's.
/// A singular message field written twice (`graph`, `g`) is merged by
/// parsers, so the nodes of both occurrences are listed, in order.
private struct ONNXLayoutWalker {
    let validator: ONNXWireValidator
    var bytes: UnsafeRawBufferPointer { validator.bytes }

    typealias GraphLayout = ONNXBinaryLayout.GraphLayout
    typealias NodeLayout = ONNXBinaryLayout.NodeLayout

    func model() throws -> ONNXBinaryLayout {
        var graph = GraphLayout()
        var functions: [String: GraphLayout] = [:]
        var reader = try WireReader(bytes, range: 0..<bytes.count)
        while let field = try reader.next() {
            switch (field.number, field.wireType) {
            case (7, .lengthDelimited):
                try appendGraph(field, into: &graph, depth: 2, graphDepth: 1)
            case (25, .lengthDelimited):
                let (key, layout) = try function(field, depth: 2)
                functions[key] = layout
            default:
                try validator.check(field, of: .model, depth: 1)
            }
        }
        return ONNXBinaryLayout(graph: graph, functions: functions)
    }

    /// Adds the nodes of the GraphProto in `field` to `graph`. `depth` is the
    /// GraphProto's message nesting (the model is 1); `graphDepth` its graph
    /// nesting (the main graph is 1). Recursion is bounded by `graphDepth`:
    /// each level is three messages (graph, node, attribute), so the walk
    /// stays within the validator's message depth too.
    private func appendGraph(_ field: WireField, into graph: inout GraphLayout, depth: Int, graphDepth: Int) throws {
        guard graphDepth <= ONNXBinaryLayout.maxGraphDepth else {
            throw WireFormatError(
                message: "graphs nested more than \(ONNXBinaryLayout.maxGraphDepth) deep: the graph at byte \(field.range.lowerBound)",
                offset: field.range.lowerBound)
        }
        var reader = try WireReader(bytes, range: field.payload)
        while let member = try reader.next() {
            if member.number == 1, member.wireType == .lengthDelimited {
                let node = try node(member, index: graph.nodes.count, subgraphs: &graph.subgraphs,
                                    depth: depth + 1, graphDepth: graphDepth)
                graph.nodes.append(node)
            } else {
                try validator.check(member, of: .graph, depth: depth)
                if graphDepth == 1, member.number == 5, member.wireType == .lengthDelimited {
                    graph.initializerRawData.append(try rawData(of: member))
                }
            }
        }
    }

    /// The layout of the NodeProto in `field`, node `index` of its graph; the
    /// graphs its attributes hold go into `subgraphs`.
    private func node(_ field: WireField, index: Int, subgraphs: inout [ONNXBinaryLayout.SubgraphKey: GraphLayout],
                      depth: Int, graphDepth: Int) throws -> NodeLayout {
        var node = NodeLayout(range: field.payload)
        var reader = try WireReader(bytes, range: field.payload)
        while let member = try reader.next() {
            switch (member.number, member.wireType) {
            case (1, .lengthDelimited):
                try validator.checkUTF8(member, named: "input", of: .node)
                node.inputs.append(member.payload)
            case (2, .lengthDelimited):
                try validator.checkUTF8(member, named: "output", of: .node)
                node.outputs.append(member.payload)
            case (3, .lengthDelimited):
                node.name = try validator.string(member, named: "name", of: .node)
            case (4, .lengthDelimited):
                node.opType = try validator.string(member, named: "op_type", of: .node)
            case (5, .lengthDelimited):
                try attribute(member, node: index, attributes: &node.attributes, subgraphs: &subgraphs,
                              depth: depth + 1, graphDepth: graphDepth)
            default:
                try validator.check(member, of: .node, depth: depth)
            }
        }
        return node
    }

    /// Records the AttributeProto in `field` under its name, and walks the
    /// graphs it holds. The name may come after the graphs in the bytes
    /// (field order is not guaranteed), so they are walked once it is known.
    private func attribute(_ field: WireField, node: Int, attributes: inout [String: Range<Int>],
                           subgraphs: inout [ONNXBinaryLayout.SubgraphKey: GraphLayout],
                           depth: Int, graphDepth: Int) throws {
        var name = ""
        var single: [WireField] = []
        var list: [WireField] = []
        var reader = try WireReader(bytes, range: field.payload)
        while let member = try reader.next() {
            switch (member.number, member.wireType) {
            case (1, .lengthDelimited):
                name = try validator.string(member, named: "name", of: .attribute)
            case (6, .lengthDelimited):
                single.append(member)
            case (11, .lengthDelimited):
                list.append(member)
            default:
                try validator.check(member, of: .attribute, depth: depth)
            }
        }
        // Under a repeated name the first attribute is the one recorded, its
        // graphs included; the later ones are still walked, since a damaged
        // graph is damage wherever it sits.
        let recorded = attributes[name] == nil
        if recorded {
            attributes[name] = field.payload
        }
        if !single.isEmpty {
            var body = GraphLayout()
            for occurrence in single {
                try appendGraph(occurrence, into: &body, depth: depth + 1, graphDepth: graphDepth + 1)
            }
            if recorded {
                subgraphs[ONNXBinaryLayout.SubgraphKey(node: node, attribute: name, index: 0)] = body
            }
        }
        for (index, occurrence) in list.enumerated() {
            var body = GraphLayout()
            try appendGraph(occurrence, into: &body, depth: depth + 1, graphDepth: graphDepth + 1)
            if recorded {
                subgraphs[ONNXBinaryLayout.SubgraphKey(node: node, attribute: name, index: index)] = body
            }
        }
    }

    /// The `raw_data` fields (number 9, bytes) of the TensorProto in `field`.
    private func rawData(of field: WireField) throws -> [WireField] {
        var found: [WireField] = []
        var reader = try WireReader(bytes, range: field.payload)
        while let member = try reader.next() {
            if member.number == 9, member.wireType == .lengthDelimited { found.append(member) }
        }
        return found
    }

    /// A FunctionProto's key ("domain:name") and the layout of its body.
    private func function(_ field: WireField, depth: Int) throws -> (String, GraphLayout) {
        var name = ""
        var domain = ""
        var body = GraphLayout()
        var reader = try WireReader(bytes, range: field.payload)
        while let member = try reader.next() {
            switch (member.number, member.wireType) {
            case (1, .lengthDelimited):
                name = try validator.string(member, named: "name", of: .function)
            case (10, .lengthDelimited):
                domain = try validator.string(member, named: "domain", of: .function)
            case (7, .lengthDelimited):
                // A function body is a graph of its own: graph depth 1.
                let node = try node(member, index: body.nodes.count, subgraphs: &body.subgraphs,
                                    depth: depth + 1, graphDepth: 1)
                body.nodes.append(node)
            default:
                try validator.check(member, of: .function, depth: depth)
            }
        }
        return ("\(domain):\(name)", body)
    }
}
