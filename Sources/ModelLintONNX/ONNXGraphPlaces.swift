import ModelLintIR

/// Where each node of a graph, and the parts of it a finding may point at,
/// sit in the file: line and column in JSON, a byte range in binary files.
/// Built from `ONNXJSONLayout` or `ONNXBinaryLayout`, so the graph reader
/// treats both forms alike.
struct ONNXGraphPlaces {
    /// Where a node sits. The places of its input and output names and of
    /// its attributes are spans of the graph's `names` and `attributes`:
    /// one list per graph rather than three small arrays per node, which
    /// cost more to allocate and free than to fill on node-heavy models.
    struct NodePlace {
        var range: Range<Int>
        /// Positions in `names` of the node's input names, and of its output names.
        var inputs: Range<Int> = 0..<0
        var outputs: Range<Int> = 0..<0
        /// Positions in `attributes` of the node's named attributes.
        var attributes: Range<Int> = 0..<0
    }

    struct AttributePlace: Equatable {
        var name: String
        var range: Range<Int>
    }

    struct SubgraphKey: Hashable {
        var node: Int
        var attribute: String
        var index: Int
    }

    var nodes: [NodePlace] = []
    /// Where each input and output name of every node is written.
    var names: [Range<Int>] = []
    /// Every node's named attributes, a node's in file order and each name
    /// once per node (its first occurrence).
    var attributes: [AttributePlace] = []
    var subgraphs: [SubgraphKey: ONNXGraphPlaces] = [:]

    static let none = ONNXGraphPlaces()

    func inputs(of node: NodePlace) -> ArraySlice<Range<Int>> { names[node.inputs] }
    func outputs(of node: NodePlace) -> ArraySlice<Range<Int>> { names[node.outputs] }
    func attributes(of node: NodePlace) -> ArraySlice<AttributePlace> { attributes[node.attributes] }

    /// Appends where names are written; the span of positions they take in `names`.
    mutating func addNames(_ ranges: some Sequence<Range<Int>>) -> Range<Int> {
        let first = names.count
        names.append(contentsOf: ranges)
        return first..<names.count
    }

    /// Notes where attribute `name` of the node whose attributes start at
    /// position `first` is written, unless the node has one by that name already.
    mutating func addAttribute(_ name: String, _ range: Range<Int>, nodeAttributesFrom first: Int) {
        if !attributes[first...].contains(where: { $0.name == name }) {
            attributes.append(AttributePlace(name: name, range: range))
        }
    }
}

/// Turns byte ranges into `SourceLocation`s for one file.
struct ONNXLocator {
    let file: SourceFile
    /// Text files have lines and columns; binary ones only byte offsets.
    let isText: Bool

    func location(_ range: Range<Int>) -> SourceLocation {
        if isText { return file.location(ofByte: range.lowerBound, through: range.upperBound) }
        return SourceLocation(file: file.path, line: 0, column: 0, byteRange: range)
    }

    func location(ofByte offset: Int) -> SourceLocation {
        location(offset..<(offset + 1))
    }
}

extension ONNXGraphPlaces {
    /// A node's places from a layout pass; its attributes ordered by where they are written.
    mutating func addNode(range: Range<Int>, inputs: [Range<Int>], outputs: [Range<Int>], attributes named: [String: Range<Int>]) {
        let first = attributes.count
        attributes += named.map { AttributePlace(name: $0.key, range: $0.value) }.sorted { $0.range.lowerBound < $1.range.lowerBound }
        nodes.append(NodePlace(range: range, inputs: addNames(inputs), outputs: addNames(outputs),
                               attributes: first..<attributes.count))
    }

    init(_ layout: ONNXJSONLayout) {
        for node in layout.nodes {
            addNode(range: node.range, inputs: node.inputs, outputs: node.outputs, attributes: node.attributes)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index ?? 0)] = ONNXGraphPlaces(body)
        }
    }
}

extension ONNXGraphPlaces {
    init(_ layout: ONNXBinaryLayout.GraphLayout) {
        for node in layout.nodes {
            addNode(range: node.range, inputs: node.inputs, outputs: node.outputs, attributes: node.attributes)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index)] = ONNXGraphPlaces(body)
        }
    }
}
