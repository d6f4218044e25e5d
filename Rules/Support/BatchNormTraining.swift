import ModelLintIR

/// What the BatchNorm rules (ML203–ML205) ask of a graph: is it trained, does
/// a BatchNorm layer compute the statistics of its batch, which layers does a
/// data source feed.
enum BatchNormTraining {
    /// Whether the graph is the one weights are trained in: a Caffe TRAIN
    /// graph, or a graph without phases that computes a loss (a Caffe net
    /// with no include rules, an ONNX training graph).
    static func isTraining(_ graph: Graph) -> Bool {
        if let phase = graph.phase { return phase == .train }
        return graph.nodes.contains { if case .loss = $0.op { true } else { false } }
    }

    /// Whether `node` is a BatchNorm that normalizes with its batch's mean and
    /// variance when `graph` runs: said outright (`use_global_stats: false`,
    /// ONNX training mode), or left to Caffe, which uses the batch in TRAIN.
    /// `training` is `isTraining(graph)`, computed once by the caller: it
    /// reads the whole graph, and asking it for every node is quadratic.
    static func usesBatchStatistics(_ node: Node, training: Bool) -> Bool {
        guard case .batchNorm(_, let stored) = node.op else { return false }
        if let stored { return !stored }
        return training
    }

    /// Whether `node` is a BatchNorm that uses its stored statistics even while `graph` trains.
    /// `training` is `isTraining(graph)`, computed once by the caller.
    static func isFrozen(_ node: Node, training: Bool) -> Bool {
        guard case .batchNorm(_, true) = node.op else { return false }
        return training
    }

    /// The nodes that read, directly or through other nodes, any output of `source`, in graph order.
    static func downstream(of source: Node, in graph: Graph) -> [Node] {
        downstream(of: Set(source.outputs), in: graph)
    }

    static func downstream(of tensors: Set<TensorID>, in graph: Graph) -> [Node] {
        var reached = tensors
        var nodes: [Node] = []
        for node in graph.nodes where node.inputs.contains(where: reached.contains) {
            nodes.append(node)
            reached.formUnion(node.outputs)
        }
        return nodes
    }

    /// "'bn1'", "'bn1' and 'bn2'", "'bn1', 'bn2' and 5 more".
    static func names(_ nodes: [Node]) -> String {
        let quoted = nodes.map { "'\($0.name)'" }
        switch quoted.count {
        case 0: return ""
        case 1: return quoted[0]
        case 2, 3: return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
        default: return quoted.prefix(2).joined(separator: ", ") + " and \(quoted.count - 2) more"
        }
    }
}
