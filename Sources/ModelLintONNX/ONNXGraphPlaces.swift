import ModelLintIR

/// Where each node of a graph, and the parts of it a finding may point at,
/// sit in the file: line and column in JSON, a byte range in binary files.
/// Built from `ONNXJSONLayout` or `ONNXBinaryLayout`, so the graph reader
/// treats both forms alike.
struct ONNXGraphPlaces {
    struct NodePlace {
        var range: Range<Int>
        /// Named attributes in file order, each name once (its first). A
        /// node has a handful: an array costs less to fill than a
        /// dictionary, which hashed every name of every node.
        var attributes: [AttributePlace] = []
        var inputs: [Range<Int>] = []
        var outputs: [Range<Int>] = []

        /// Notes where attribute `name` is written, unless an earlier one has that name.
        mutating func addAttribute(_ name: String, _ range: Range<Int>) {
            if !attributes.contains(where: { $0.name == name }) { attributes.append(AttributePlace(name: name, range: range)) }
        }

        /// Where attribute `name` is written (its first occurrence).
        func attribute(_ name: String) -> Range<Int>? {
            attributes.first { $0.name == name }?.range
        }
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
    var subgraphs: [SubgraphKey: ONNXGraphPlaces] = [:]

    static let none = ONNXGraphPlaces()
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
    /// A layout's attribute places, by where they are written.
    static func inFileOrder(_ attributes: [String: Range<Int>]) -> [AttributePlace] {
        attributes.map { AttributePlace(name: $0.key, range: $0.value) }.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    init(_ layout: ONNXJSONLayout) {
        nodes = layout.nodes.map {
            NodePlace(range: $0.range, attributes: Self.inFileOrder($0.attributes), inputs: $0.inputs, outputs: $0.outputs)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index ?? 0)] = ONNXGraphPlaces(body)
        }
    }
}

extension ONNXGraphPlaces {
    init(_ layout: ONNXBinaryLayout.GraphLayout) {
        nodes = layout.nodes.map {
            NodePlace(range: $0.range, attributes: Self.inFileOrder($0.attributes), inputs: $0.inputs, outputs: $0.outputs)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index)] = ONNXGraphPlaces(body)
        }
    }
}
