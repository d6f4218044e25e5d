import ModelLintIR

/// `modellint graph`: a Graphviz DOT picture of one analysed graph. One box
/// per node (its op as the file spells it, its name, its output shape),
/// edges labelled with the interval of the tensor they carry when the
/// analysis knows one, nodes with findings filled in their severity's colour
/// with their rule codes, dangerous operations proved safe outlined in green
/// with `proved: CODE`. Nodes sharing a name prefix are drawn in a cluster
/// per stage (`GraphGroups`); `depth` collapses the groups below a level to
/// one box each, and `focus` draws only a node's neighbourhood.
///
/// A pure function of its arguments: it neither runs Graphviz nor reads files.
public enum GraphDOT {
    public struct Options: Sendable {
        /// nil: every node is drawn, each group as a (nested) cluster. N: groups
        /// of level 1…N are clusters, each group of level N+1 is one box (0:
        /// one box per top-level stage).
        public var depth: Int?
        /// Draw only this node, its producers back `focusDepth` steps, and its direct consumers.
        public var focus: String?
        public var focusDepth: Int
        /// Put before every element id (`node-NAME`), so that several pictures can share one HTML page.
        public var idPrefix: String

        public init(depth: Int? = nil, focus: String? = nil, focusDepth: Int = 10, idPrefix: String = "") {
            self.depth = depth
            self.focus = focus
            self.focusDepth = focusDepth
            self.idPrefix = idPrefix
        }
    }

    /// `--focus` named no node of the graph.
    public struct UnknownNode: Error, CustomStringConvertible {
        public var name: String
        public var suggestion: String?
        public var description: String {
            "no node named '\(name)' in the graph" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        }
    }

    public static func render(_ analysed: AnalysedGraph, findings: [Finding] = [], proofs: [Finding] = [],
                              options: Options = .init()) throws(UnknownNode) -> String {
        var drawing = Drawing(analysed: analysed, findings: findings, proofs: proofs, options: options)
        try drawing.select()
        return drawing.dot()
    }

    /// The id the SVG element of the node called `name` gets: `node-` and the
    /// name, with every character other than ASCII letters, digits, `_` and
    /// `.` written as `-` and two hex digits per UTF-8 byte (so ids are valid
    /// and distinct for distinct names). The HTML report links to it.
    public static func elementID(forNode name: String, prefix: String = "") -> String {
        prefix + "node-" + encodedForID(name)
    }

    static func encodedForID(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                result += "-" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// A DOT double-quoted string: `\` and `"` escaped, new lines as DOT's
    /// `\n`, other control characters replaced by their visible pictures (␛).
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": break
            default:
                result.unicodeScalars.append(TerminalSafe.needsReplacement(scalar) ? TerminalSafe.replacement(for: scalar) : scalar)
            }
        }
        return result
    }

    /// Lines of a label, each escaped, joined by DOT's `\n`.
    static func label(_ lines: [String]) -> String {
        "\"" + lines.map(escaped).joined(separator: "\\n") + "\""
    }

    enum Palette {
        static func fill(_ severity: Severity) -> String {
            switch severity {
            case .error: "#ffd6d6"
            case .warning: "#ffe7b0"
            case .note: "#dce8ff"
            }
        }
        static func border(_ severity: Severity) -> String {
            switch severity {
            case .error: "#c00000"
            case .warning: "#c77700"
            case .note: "#2f62c0"
            }
        }
        static let provedFill = "#e3f4e1"
        static let provedBorder = "#2e7d32"
    }
}

/// The state of one rendering.
private struct Drawing {
    let analysed: AnalysedGraph
    let options: GraphDOT.Options
    var graph: Graph { analysed.graph }
    let findingsByNode: [String: [Finding]]
    let proofsByNode: [String: [Finding]]
    /// Indices into `graph.nodes` of the nodes drawn, in topological order.
    var selected: [Int] = []
    /// Producerless tensors drawn as inputs.
    var inputTensors: [TensorID] = []

    init(analysed: AnalysedGraph, findings: [Finding], proofs: [Finding], options: GraphDOT.Options) {
        self.analysed = analysed
        self.options = options
        findingsByNode = Dictionary(grouping: findings.filter { $0.nodeName != nil }, by: { $0.nodeName! })
        proofsByNode = Dictionary(grouping: proofs.filter { $0.nodeName != nil }, by: { $0.nodeName! })
    }

    /// Node indices by the tensors they read.
    func consumers() -> [TensorID: [Int]] {
        var result: [TensorID: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for input in Set(node.inputs) { result[input, default: []].append(index) }
        }
        return result
    }

    func producerIndex(of tensor: TensorID) -> Int? {
        guard graph.tensors.indices.contains(tensor), let id = graph.tensors[tensor].producer else { return nil }
        if graph.nodes.indices.contains(id), graph.nodes[id].id == id { return id }
        return graph.nodes.firstIndex { $0.id == id }
    }

    mutating func select() throws(GraphDOT.UnknownNode) {
        guard let focus = options.focus else {
            selected = Array(graph.nodes.indices)
            selectInputs()
            return
        }
        guard let start = graph.nodes.firstIndex(where: { $0.name == focus }) else {
            let names = graph.nodes.map(\.name).filter { !$0.isEmpty }
            let best = names.map { ($0, EditDistance.between($0, focus)) }.min { $0.1 < $1.1 }
            let suggestion = best.flatMap { $0.1 <= max(2, focus.count / 3) ? $0.0 : nil }
            throw GraphDOT.UnknownNode(name: focus, suggestion: suggestion)
        }
        var chosen: Set<Int> = [start]
        var frontier = [start]
        var steps = 0
        while !frontier.isEmpty && steps < options.focusDepth {
            var next: [Int] = []
            for index in frontier {
                for input in graph.nodes[index].inputs {
                    if let producer = producerIndex(of: input), chosen.insert(producer).inserted { next.append(producer) }
                }
            }
            frontier = next
            steps += 1
        }
        let readers = consumers()
        for output in graph.nodes[start].outputs {
            for reader in readers[output] ?? [] { chosen.insert(reader) }
        }
        selected = chosen.sorted()
        selectInputs()
    }

    /// Graph inputs without a producer (ONNX graph inputs) read by drawn
    /// nodes; constants (weights) are not drawn.
    mutating func selectInputs() {
        let graphInputs = Set(graph.inputs)
        var seen = Set<TensorID>()
        for index in selected {
            for input in graph.nodes[index].inputs where graph.tensors.indices.contains(input) {
                let tensor = graph.tensors[input]
                guard tensor.producer == nil, tensor.constant == nil, graphInputs.contains(input) else { continue }
                if seen.insert(input).inserted { inputTensors.append(input) }
            }
        }
    }

    // MARK: Boxes

    struct Box {
        var attributes: [(String, String)]
    }

    func nodeBox(_ index: Int, elementID: String) -> Box {
        let node = graph.nodes[index]
        var lines = [node.sourceType.isEmpty ? "\(node.op)" : node.sourceType]
        if !node.name.isEmpty { lines.append(node.name) }
        let shapes = node.outputs.compactMap { graph.tensors.indices.contains($0) ? graph.tensors[$0].shape : nil }
        if !shapes.isEmpty { lines.append(shapes.map(\.description).joined(separator: " ")) }
        let findings = findingsByNode[node.name] ?? []
        let proofs = proofsByNode[node.name] ?? []
        lines += Self.codeLines(findings)
        lines += Self.provedLines(proofs)
        return Box(attributes: [("id", GraphDOT.quoted(elementID)), ("label", GraphDOT.label(lines))]
                   + Self.style(findings: findings, proofs: proofs))
    }

    func groupBox(_ group: String, members: [Int]) -> Box {
        var lines = [group, "\(members.count) layers"]
        var counts: [String: Int] = [:]
        var order: [String] = []
        for index in members {
            let type = graph.nodes[index].sourceType
            if counts[type] == nil { order.append(type) }
            counts[type, default: 0] += 1
        }
        let kinds = order.enumerated().sorted { (counts[$0.element]!, -$0.offset) > (counts[$1.element]!, -$1.offset) }.map(\.element)
        lines.append(kinds.prefix(3).map { "\(counts[$0]!) \($0)" }.joined(separator: ", ") + (kinds.count > 3 ? ", …" : ""))
        if let last = members.max(), let output = graph.nodes[last].outputs.first,
           graph.tensors.indices.contains(output), let shape = graph.tensors[output].shape {
            lines.append(shape.description)
        }
        let findings = members.flatMap { findingsByNode[graph.nodes[$0].name] ?? [] }
        let proofs = members.flatMap { proofsByNode[graph.nodes[$0].name] ?? [] }
        lines += Self.codeLines(findings)
        lines += Self.provedLines(proofs)
        var attributes = [("id", GraphDOT.quoted(options.idPrefix + "group-" + GraphDOT.encodedForID(group))),
                          ("label", GraphDOT.label(lines))]
        attributes += Self.style(findings: findings, proofs: proofs, base: "rounded,filled,bold")
        if findings.isEmpty && proofs.isEmpty { attributes.append(("fillcolor", "\"#eeeeee\"")) }
        return Box(attributes: attributes)
    }

    /// `ML202 warning ×8`: one line per rule, in code order.
    static func codeLines(_ findings: [Finding]) -> [String] {
        let byCode = Dictionary(grouping: findings, by: \.ruleCode)
        return byCode.keys.sorted().map { code in
            let group = byCode[code]!
            let worst = group.map(\.severity).max()!
            return "\(code) \(worst)" + (group.count > 1 ? " ×\(group.count)" : "")
        }
    }

    static func provedLines(_ proofs: [Finding]) -> [String] {
        let codes = Set(proofs.map(\.ruleCode)).sorted()
        return codes.isEmpty ? [] : ["proved: " + codes.joined(separator: ", ")]
    }

    static func style(findings: [Finding], proofs: [Finding], base: String = "rounded,filled") -> [(String, String)] {
        if let worst = findings.map(\.severity).max() {
            return [("style", "\"\(base)\""), ("fillcolor", "\"\(GraphDOT.Palette.fill(worst))\""),
                    ("color", "\"\(GraphDOT.Palette.border(worst))\""), ("penwidth", "2")]
        }
        if !proofs.isEmpty {
            return [("style", "\"\(base)\""), ("fillcolor", "\"\(GraphDOT.Palette.provedFill)\""),
                    ("color", "\"\(GraphDOT.Palette.provedBorder)\""), ("penwidth", "2")]
        }
        return []
    }

    // MARK: The DOT text

    func dot() -> String {
        let names = selected.map { (index: $0, name: graph.nodes[$0].name) }
        let groups = GraphGroups(names: names)
        let depth = options.depth ?? Int.max

        // Where each node is drawn: its own box, or the box of its group at depth + 1.
        var representative: [Int: String] = [:]
        var collapsedMembers: [String: [Int]] = [:]
        var collapsedOrder: [String] = []
        // The clusters each drawn box sits in, outermost first.
        var clusterPath: [String: [String]] = [:]
        var boxes: [String: Box] = [:]
        var boxOrder: [String] = []
        var usedIDs = Set<String>()
        for index in selected {
            let path = groups.paths[index] ?? []
            if path.count > depth {
                let group = path[depth]
                if collapsedMembers[group] == nil { collapsedOrder.append(group) }
                collapsedMembers[group, default: []].append(index)
                clusterPath["group:" + group] = Array(path.prefix(depth))
                representative[index] = "group:" + group
            } else {
                var elementID = GraphDOT.elementID(forNode: graph.nodes[index].name, prefix: options.idPrefix)
                if !usedIDs.insert(elementID).inserted { elementID += "--\(graph.nodes[index].id)" }
                let key = "node:\(index)"
                boxes[key] = nodeBox(index, elementID: elementID)
                boxOrder.append(key)
                clusterPath[key] = path
                representative[index] = key
            }
        }
        for group in collapsedOrder {
            let key = "group:" + group
            boxes[key] = groupBox(group, members: collapsedMembers[group]!)
            boxOrder.append(key)
        }
        // Each cluster's boxes together: ordered by the first node of each enclosing group, then their own first node.
        var groupFirst: [String: Int] = [:]
        for index in selected {
            for group in groups.paths[index] ?? [] { groupFirst[group] = min(groupFirst[group] ?? index, index) }
        }
        let sortKeys = Dictionary(uniqueKeysWithValues: boxOrder.map { key in
            (key, (clusterPath[key] ?? []).map { groupFirst[$0] ?? 0 } + [order(of: key, members: collapsedMembers)])
        })
        boxOrder.sort { sortKeys[$0]!.lexicographicallyPrecedes(sortKeys[$1]!) }

        var lines: [String] = []
        var title = graph.name
        if !graph.variantLabel.isEmpty { title += " (\(graph.variantLabel))" }
        if let focus = options.focus { title += " — around \(focus)" }
        lines.append("digraph \(GraphDOT.quoted(graph.name.isEmpty ? "model" : graph.name)) {")
        lines.append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(GraphDOT.quoted(title)), "
                     + "id=\(GraphDOT.quoted(options.idPrefix + "graph"))];")
        lines.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", "
                     + "fontname=\"Helvetica\", fontsize=10];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#777777\", fontcolor=\"#335577\"];")

        // Inputs.
        for tensor in inputTensors {
            let value = graph.tensors[tensor]
            var label = [value.name, "input"]
            if let shape = value.shape { label.append(shape.description) }
            lines.append("  t\(tensor) [shape=ellipse, style=filled, fillcolor=\"#f2f2f2\", id="
                         + GraphDOT.quoted(options.idPrefix + "input-" + GraphDOT.encodedForID(value.name))
                         + ", label=\(GraphDOT.label(label))];")
        }

        // Boxes, nested in their clusters.
        var clusterNumber = 0
        var open: [String] = []
        for key in boxOrder {
            let path = clusterPath[key] ?? []
            var common = 0
            while common < open.count, common < path.count, open[common] == path[common] { common += 1 }
            while open.count > common {
                open.removeLast()
                lines.append(String(repeating: "  ", count: open.count + 1) + "}")
            }
            for group in path[common...] {
                clusterNumber += 1
                let indent = String(repeating: "  ", count: open.count + 1)
                lines.append(indent + "subgraph cluster_\(clusterNumber) {")
                lines.append(indent + "  label=\(GraphDOT.quoted(group)); style=\"rounded,dashed\"; color=\"#999999\"; "
                             + "fontcolor=\"#555555\"; id=\(GraphDOT.quoted(options.idPrefix + "cluster-" + GraphDOT.encodedForID(group)));")
                open.append(group)
            }
            let box = boxes[key]!
            let indent = String(repeating: "  ", count: open.count + 1)
            lines.append(indent + dotID(key) + " [" + box.attributes.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "];")
        }
        while !open.isEmpty {
            open.removeLast()
            lines.append(String(repeating: "  ", count: open.count + 1) + "}")
        }

        // Edges, one per pair of boxes, labelled with the interval when one tensor flows along it.
        var edgeOrder: [String] = []
        var edgeTensors: [String: (from: String, to: String, tensors: [TensorID])] = [:]
        let drawnInputs = Set(inputTensors)
        for index in selected {
            guard let to = representative[index] else { continue }
            for input in graph.nodes[index].inputs {
                let from: String
                if let producer = producerIndex(of: input), let box = representative[producer] {
                    from = box
                } else if drawnInputs.contains(input) {
                    from = "input:\(input)"
                } else {
                    continue
                }
                guard from != to else { continue }
                let key = from + "->" + to
                if edgeTensors[key] == nil { edgeOrder.append(key); edgeTensors[key] = (from, to, []) }
                if !edgeTensors[key]!.tensors.contains(input) { edgeTensors[key]!.tensors.append(input) }
            }
        }
        for key in edgeOrder {
            let edge = edgeTensors[key]!
            var attributes: [String] = []
            if edge.tensors.count == 1, let range = analysed.range(of: edge.tensors[0]), range.isInformative {
                attributes.append("label=" + GraphDOT.quoted(range.label))
            }
            lines.append("  \(dotID(edge.from)) -> \(dotID(edge.to))" + (attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]") + ";")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DOT identifier of a box key: `n12`, `t3`, or a quoted group name.
    func dotID(_ key: String) -> String {
        if key.hasPrefix("node:") { return "n" + key.dropFirst(5) }
        if key.hasPrefix("input:") { return "t" + key.dropFirst(6) }
        return GraphDOT.quoted(key)
    }

    /// Boxes are written in the order of their first node, so that clusters stay together.
    func order(of key: String, members: [String: [Int]]) -> Int {
        if key.hasPrefix("node:") { return Int(key.dropFirst(5)) ?? 0 }
        return members[String(key.dropFirst(6))]?.min() ?? 0
    }
}
