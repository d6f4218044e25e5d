import ModelLintIR

/// Where each node of a graph, and the parts of it a finding may point at,
/// sit in the file: line and column in JSON, a byte range in binary files.
/// Built from `ONNXJSONLayout` or `ONNXBinaryLayout`, so the graph reader
/// treats both forms alike.
struct ONNXGraphPlaces {
    struct NodePlace {
        var range: Range<Int>
        var attributes: [String: Range<Int>] = [:]
        var inputs: [Range<Int>] = []
        var outputs: [Range<Int>] = []
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
    init(_ layout: ONNXJSONLayout) {
        nodes = layout.nodes.map {
            NodePlace(range: $0.range, attributes: $0.attributes, inputs: $0.inputs, outputs: $0.outputs)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index ?? 0)] = ONNXGraphPlaces(body)
        }
    }
}

extension ONNXGraphPlaces {
    init(_ layout: ONNXBinaryLayout.GraphLayout) {
        nodes = layout.nodes.map {
            NodePlace(range: $0.range, attributes: $0.attributes, inputs: $0.inputs, outputs: $0.outputs)
        }
        for (key, body) in layout.subgraphs {
            subgraphs[SubgraphKey(node: key.node, attribute: key.attribute, index: key.index)] = ONNXGraphPlaces(body)
        }
    }
}
