import ModelLintAnalysis
import ModelLintIR
import ModelLintReporters

/// `modellint --dump-intervals FILE`: every tensor's interval as JSON,
/// `{"graph": NAME, "tensors": {"NAME": {"lo": X, "hi": Y, "nan": BOOL}}}`,
/// with `"-inf"`/`"inf"` for infinite bounds. A tensor rewritten in place is
/// listed once per version, the later ones as `NAME@VERSION`. A file with
/// several graphs (Caffe phases) gives a JSON array of such objects.
public enum IntervalDump {
    public static func render(_ models: [AnalysedModel]) -> String {
        let objects = models.flatMap { render(graph: $0.graph, analysis: $0.intervals, path: []) }
        return objects.count == 1 ? objects[0] : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    /// The graph's object, then one per nested graph (a Loop body at its
    /// fixpoint, an If branch), named by the path of nodes that own it:
    /// `main > 'loop' body`.
    static func render(graph: Graph, analysis: IntervalAnalysis, path: [String]) -> [String] {
        var objects = [render(graph: graph, analysis: analysis, label: path.isEmpty ? nil : path.joined(separator: " > "))]
        for (index, body) in graph.subgraphs.enumerated() where index < analysis.subgraphs.count {
            var step = body.name
            if let owner = body.owner, graph.nodes.indices.contains(owner.node) {
                step = "'\(graph.nodes[owner.node].name)' \(owner.attribute ?? "function")"
            }
            let outer = path.isEmpty ? [label(of: graph)] : path
            objects += render(graph: body, analysis: analysis.subgraphs[index], path: outer + [step])
        }
        return objects
    }

    private static func label(of graph: Graph) -> String {
        graph.variantLabel.isEmpty ? graph.name : "\(graph.name) \(graph.variantLabel)"
    }

    static func render(graph: Graph, analysis: IntervalAnalysis, label nested: String?) -> String {
        var entries: [String] = []
        for tensor in graph.tensors where !tensor.name.isEmpty {
            let interval = analysis.interval(of: tensor.id)
            let name = tensor.version == 0 ? tensor.name : "\(tensor.name)@\(tensor.version)"
            entries.append("    \(quoted(name)): {\"lo\": \(number(interval.lo)), \"hi\": \(number(interval.hi)), \"nan\": \(interval.mayBeNaN)}")
        }
        let label = nested ?? label(of: graph)
        return "{\n  \"graph\": \(quoted(label)),\n  \"tensors\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}"
    }

    /// An empty interval (a tensor nothing reaches) is written as lo > hi: `"inf"`, `"-inf"`.
    static func number(_ value: Double) -> String {
        if value == .infinity { return "\"inf\"" }
        if value == -.infinity { return "\"-inf\"" }
        if value.isNaN { return "\"nan\"" }
        return value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func quoted(_ text: String) -> String { jsonStringLiteral(text) }
}
