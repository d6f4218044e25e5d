/// The limits of `InputLimits` that a read graph must keep: node count and
/// name length. Checked once on every frontend's result, so a model beyond
/// them is one clear error whatever its format, before any analysis runs.
public enum GraphLimits {
    public struct Exceeded: LocatedError, Sendable {
        public var message: String
        public var location: SourceLocation
    }

    public static func check(_ graph: Graph, maximumNodes: Int = InputLimits.maximumNodes) throws(Exceeded) {
        var nodes = 0
        var pending = [graph]
        while let next = pending.popLast() {
            nodes += next.nodes.count
            guard nodes <= maximumNodes else {
                throw Exceeded(message: "the model has more than \(grouped(maximumNodes)) nodes, subgraphs included, the most modellint analyses",
                               location: .startOf(graph.source.path))
            }
            try checkNames(in: next)
            pending += next.subgraphs
        }
    }

    private static func checkNames(in graph: Graph) throws(Exceeded) {
        if graph.name.utf8.count > InputLimits.maximumNameBytes {
            throw tooLong("graph", graph.name, at: .startOf(graph.source.path))
        }
        for node in graph.nodes where node.name.utf8.count > InputLimits.maximumNameBytes {
            throw tooLong("node", node.name, at: node.location)
        }
        guard let long = graph.tensors.firstIndex(where: { $0.name.utf8.count > InputLimits.maximumNameBytes }) else { return }
        // Shown at the node that produces or reads it, where there is one.
        let user = graph.nodes.first { $0.outputs.contains(long) || $0.inputs.contains(long) }
        throw tooLong("tensor", graph.tensors[long].name, at: user?.location ?? .startOf(graph.source.path))
    }

    private static func tooLong(_ what: String, _ name: String, at location: SourceLocation) -> Exceeded {
        Exceeded(message: "a \(what) name of \(grouped(name.utf8.count)) bytes ('\(name.prefix(32))…'); modellint reads names of at most \(grouped(InputLimits.maximumNameBytes)) bytes",
                 location: location)
    }

    /// 2000000 as "2,000,000".
    public static func grouped(_ value: Int) -> String {
        var digits = String(value)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return digits
    }
}
