import ModelLintIR
@testable import ModelLintReporters
import Testing

/// A small analysed graph built by hand: data -> conv1 -> relu1 -> exp1 -> log1,
/// with shapes on the tensors and intervals where the test wants them.
struct DOTSketch {
    var graph = Graph(name: "sketch", source: SourceFile(path: "net.prototxt", text: "name: \"sketch\"\n"))
    var ranges: [ValueRange?] = []

    @discardableResult
    mutating func input(_ name: String, shape: [Int]) -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: name, shape: Shape(known: shape)))
        graph.inputs.append(id)
        ranges.append(nil)
        return id
    }

    @discardableResult
    mutating func node(_ name: String, _ type: String, _ inputs: [TensorID], shape: [Int] = [1, 4],
                       range: ValueRange? = nil) -> TensorID {
        let nodeID = graph.nodes.count
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: name, producer: nodeID, shape: Shape(known: shape)))
        ranges.append(range)
        graph.nodes.append(Node(id: nodeID, name: name, op: .relu, sourceType: type, inputs: inputs, outputs: [id],
                                location: SourceLocation(file: "net.prototxt", line: nodeID + 2, column: 1)))
        return id
    }

    var analysed: AnalysedGraph { AnalysedGraph(graph: graph, ranges: ranges) }
}

private func finding(_ code: String, _ severity: Severity, node: String) -> Finding {
    Finding(ruleCode: code, ruleName: "rule", severity: severity, message: "m", location: SourceLocation(file: "net.prototxt", line: 1, column: 1),
            nodeName: node)
}

/// The line of the DOT that declares the box with this element id.
private func box(_ dot: String, id: String) -> String? {
    dot.split(separator: "\n").map(String.init).first { $0.contains("id=\"\(id)\"") && $0.contains("label=") }
}

@Suite struct GraphDOTTests {
    func chain() -> DOTSketch {
        var sketch = DOTSketch()
        let data = sketch.input("data", shape: [1, 3, 8, 8])
        let conv = sketch.node("conv1", "Convolution", [data], shape: [1, 16, 8, 8])
        let relu = sketch.node("relu1", "ReLU", [conv], shape: [1, 16, 8, 8], range: ValueRange(lo: 0, hi: .infinity))
        let exp = sketch.node("exp1", "Exp", [relu], range: ValueRange(lo: 1, hi: .infinity, mayBeNaN: false))
        sketch.node("log1", "Log", [exp])
        return sketch
    }

    @Test func boxesShowOpNameAndShape() throws {
        let dot = try GraphDOT.render(chain().analysed)
        #expect(dot.hasPrefix("digraph \"sketch\" {"))
        let conv = try #require(box(dot, id: "node-conv1"))
        #expect(conv.contains("label=\"Convolution\\nconv1\\n(1, 16, 8, 8)\""))
        // The graph input is an ellipse.
        #expect(dot.contains("shape=ellipse") && dot.contains("data\\ninput\\n(1, 3, 8, 8)"))
    }

    @Test func edgesCarryTheIntervalWhenThereIsOne() throws {
        let dot = try GraphDOT.render(chain().analysed)
        #expect(dot.contains("n1 -> n2 [label=\"[0, inf]\"];"))
        #expect(dot.contains("n2 -> n3 [label=\"[1, inf]\"];"))
        // conv1's output has no interval: its edge has no label.
        #expect(dot.contains("n0 -> n1;"))
        #expect(dot.contains("t0 -> n0;"))
    }

    @Test func findingsColourTheirNodesWithTheirCodes() throws {
        let dot = try GraphDOT.render(chain().analysed, findings: [finding("ML104", .warning, node: "exp1"),
                                                                  finding("ML102", .error, node: "log1"),
                                                                  finding("ML102", .error, node: "log1")],
                                      proofs: [finding("ML103", .warning, node: "relu1")])
        let exp = try #require(box(dot, id: "node-exp1"))
        #expect(exp.contains("ML104 warning") && exp.contains("fillcolor=\"#ffe7b0\"") && exp.contains("color=\"#c77700\""))
        let log = try #require(box(dot, id: "node-log1"))
        #expect(log.contains("ML102 error ×2") && log.contains("fillcolor=\"#ffd6d6\""))
        let relu = try #require(box(dot, id: "node-relu1"))
        #expect(relu.contains("proved: ML103") && relu.contains("color=\"#2e7d32\""))
        let conv = try #require(box(dot, id: "node-conv1"))
        #expect(!conv.contains("fillcolor"))
    }

    @Test func hostileNamesAreEscaped() throws {
        var sketch = DOTSketch()
        let data = sketch.input("in\"put", shape: [1])
        let name = "a\"b\\c\nd<e>&f\u{1B}"
        sketch.node(name, "Ty\"pe", [data])
        let dot = try GraphDOT.render(sketch.analysed, findings: [finding("ML001", .error, node: name)])
        #expect(dot.contains("label=\"Ty\\\"pe\\na\\\"b\\\\c\\nd<e>&f␛\\n(1, 4)\\nML001 error\""))
        #expect(dot.contains("in\\\"put\\ninput"))
        // The element id keeps only safe characters.
        #expect(dot.contains("id=\"node-a-22b-5cc-0ad-3ce-3e-26f-1b\""))
        #expect(GraphDOT.elementID(forNode: name) == "node-a-22b-5cc-0ad-3ce-3e-26f-1b")
        // Nothing from the model opens a new DOT statement: every line is a known kind.
        for line in dot.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            #expect(text.hasPrefix("digraph") || text.hasPrefix("graph [") || text.hasPrefix("node [") || text.hasPrefix("edge [")
                    || text.hasPrefix("n") || text.hasPrefix("t") || text == "}" || text.hasPrefix("subgraph") || text.hasPrefix("label="),
                    "unexpected line \(text)")
        }
    }

    @Test func focusDrawsTheProducerChainAndTheConsumers() throws {
        var sketch = chain()
        let side = sketch.input("other", shape: [1])
        sketch.node("unrelated", "ReLU", [side])
        let dot = try GraphDOT.render(sketch.analysed, options: GraphDOT.Options(focus: "exp1"))
        for name in ["conv1", "relu1", "exp1", "log1"] { #expect(box(dot, id: "node-\(name)") != nil, "\(name)") }
        #expect(box(dot, id: "node-unrelated") == nil)
        #expect(!dot.contains("other"))
        #expect(dot.contains("around exp1"))
        // Bounded: one producer step back.
        let near = try GraphDOT.render(sketch.analysed, options: GraphDOT.Options(focus: "exp1", focusDepth: 1))
        #expect(box(near, id: "node-relu1") != nil && box(near, id: "node-conv1") == nil && box(near, id: "node-log1") != nil)
        #expect(throws: GraphDOT.UnknownNode.self) { try GraphDOT.render(sketch.analysed, options: GraphDOT.Options(focus: "exp2")) }
        do {
            _ = try GraphDOT.render(sketch.analysed, options: GraphDOT.Options(focus: "exp2"))
        } catch {
            #expect(error.suggestion == "exp1")
        }
    }

    func stages() -> DOTSketch {
        var sketch = DOTSketch()
        var last = sketch.input("data", shape: [1, 3, 8, 8])
        for stage in ["enc1", "enc2", "dec1"] {
            last = sketch.node("\(stage)_conv", "Convolution", [last])
            last = sketch.node("\(stage)_bn", "BatchNorm", [last])
            last = sketch.node("\(stage)_bn_relu", "ReLU", [last], range: ValueRange(lo: 0, hi: .infinity))
        }
        sketch.node("loss", "SoftmaxWithLoss", [last])
        return sketch
    }

    @Test func stagesAreClusters() throws {
        let dot = try GraphDOT.render(stages().analysed)
        #expect(dot.contains("label=\"enc1\"; style=\"rounded,dashed\""))
        #expect(dot.contains("label=\"enc1_bn\"; style=\"rounded,dashed\""))
        #expect(dot.components(separatedBy: "subgraph cluster_").count - 1 == 6)
        // Every layer has its own box.
        #expect(box(dot, id: "node-enc2_bn_relu") != nil)
    }

    @Test func depthCollapsesGroups() throws {
        let findings = [finding("ML202", .warning, node: "dec1_bn")]
        let flat = try GraphDOT.render(stages().analysed, findings: findings, options: GraphDOT.Options(depth: 0))
        #expect(!flat.contains("subgraph"))
        let dec = try #require(box(flat, id: "group-dec1"))
        #expect(dec.contains("dec1\\n3 layers\\n1 Convolution, 1 BatchNorm, 1 ReLU") && dec.contains("ML202 warning"))
        #expect(box(flat, id: "node-dec1_bn") == nil)
        #expect(box(flat, id: "node-loss") != nil)
        // Edges between collapsed boxes, labelled with the one tensor between them.
        #expect(flat.contains("\"group:enc1\" -> \"group:enc2\" [label=\"[0, inf]\"];"))
        let one = try GraphDOT.render(stages().analysed, options: GraphDOT.Options(depth: 1))
        #expect(one.contains("label=\"enc1\"; style") && !one.contains("label=\"enc1_bn\"; style"))
        #expect(box(one, id: "group-enc1_bn") != nil && box(one, id: "node-enc1_conv") != nil)
    }

    @Test func groupsComeFromNamePrefixes() {
        #expect(GraphGroups.prefixes(of: "enc1_bn1_relu") == ["enc1", "enc1_bn1", "enc1_bn1_relu"])
        #expect(GraphGroups.prefixes(of: "/dec/up3/Conv") == ["/dec", "/dec/up3", "/dec/up3/Conv"])
        #expect(GraphGroups.prefixes(of: "loss") == ["loss"])
        let groups = GraphGroups(names: [(0, "a_x"), (1, "a_y"), (2, "b")])
        #expect(groups.paths[0] == ["a"] && groups.paths[2] == [])
    }

    @Test func intervalLabels() {
        #expect(ValueRange(lo: 0, hi: 1).label == "[0, 1]")
        #expect(ValueRange(lo: -.infinity, hi: 88.72283935546875).label == "[-inf, 88.72]")
        #expect(ValueRange(lo: 1e-12, hi: 3.4028234663852886e38, mayBeNaN: true).label == "[1e-12, 3.403e+38] ∪ NaN")
        #expect(!ValueRange(lo: -.infinity, hi: .infinity, mayBeNaN: true).isInformative)
    }
}

@Suite struct HTMLReporterTests {
    @Test func findingsLinkToTheirNodesAndEverythingIsEscaped() {
        var report = LintReport(findings: [Finding(ruleCode: "ML202", ruleName: "bn", severity: .warning, message: "a <b> & \"c\"",
                                                   location: SourceLocation(file: "x.prototxt", line: 3, column: 1), nodeName: "dec<1>",
                                                   evidence: ["e1"], fixHint: "do")],
                                filesLinted: 1, files: ["x.prototxt"])
        var graph = Graph(name: "g", source: SourceFile(path: "x.prototxt", text: ""))
        graph.nodes.append(Node(id: 0, name: "dec<1>", op: .relu, sourceType: "ReLU", inputs: [], outputs: [],
                                location: SourceLocation(file: "x.prototxt", line: 3, column: 1)))
        report.graphs["x.prototxt"] = AnalysedGraph(graph: graph, ranges: [])
        let html = HTMLReporter(pictures: ["x.prototxt": "<svg id=\"pic\"></svg>"]).render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<a class=\"where\" href=\"#f1-node-dec-3c1-3e\">x.prototxt:3:1</a>"))
        #expect(html.contains("a &lt;b&gt; &amp; &quot;c&quot;"))
        #expect(html.contains("in layer ‘dec&lt;1&gt;’"))
        #expect(html.contains("<svg id=\"pic\"></svg>"))
        #expect(!html.contains("http"))
        let without = HTMLReporter().render(report)
        #expect(without.contains("needs Graphviz") && without.contains("apt-get install graphviz"))
    }
}
