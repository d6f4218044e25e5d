import Foundation
import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintONNX

/// The parser and the layout on the real ONNX JSON files of
/// the ONNX corpus (written by `MessageToJson`, indent 2).
@Suite("ONNX JSON corpus")
struct ONNXJSONCorpusTests {
    func load(_ relativePath: String) throws -> (bytes: [UInt8], layout: ONNXJSONLayout) {
        let folder = try #require(onnxCorpusDirectory(), "the ONNX corpus (MODELLINT_SHARED) is not there")
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(relativePath)))
        return (bytes, ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes))
    }

    /// Every JSON file parses, and its node count matches the `nodes` column
    /// of the corpus's MANIFEST.tsv.
    @Test func everyFileParsesWithTheManifestNodeCount() throws {
        let folder = try #require(onnxCorpusDirectory(), "the ONNX corpus (MODELLINT_SHARED) is not there")
        let manifest = try String(contentsOf: folder.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var expectedNodes: [String: Int] = [:]
        for line in manifest.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t")
            if columns.count > 2, let nodes = Int(columns[2]) { expectedNodes[String(columns[0])] = nodes }
        }
        let files = jsonCorpusFiles()
        try #require(files.count >= SharedMaterial.atLeast(full: 20, fixture: 14), "the corpus at \(folder.path) is missing or incomplete")
        for url in files {
            let relative = url.path.replacingOccurrences(of: folder.path + "/", with: "")
            let (bytes, layout) = try load(relative)
            #expect(layout.nodes.count == expectedNodes[relative], "\(relative)")
            for node in layout.nodes {
                #expect(bytes[node.range.lowerBound] == UInt8(ascii: "{") && bytes[node.range.upperBound - 1] == UInt8(ascii: "}"))
                #expect(node.opType != nil, "\(relative): a node without opType")
                for (name, range) in node.attributes {
                    #expect(jsonSlice(bytes, range).contains("\"name\": \"\(name)\""), "\(relative): \(name)")
                }
                for range in node.inputs + node.outputs {
                    #expect(bytes[range.lowerBound] == UInt8(ascii: "\"") && bytes[range.upperBound - 1] == UInt8(ascii: "\""))
                }
            }
        }
    }

    /// Counts computed once with Python:
    /// `d = json.load(open(F)); n = d['graph']['node']; len(n)`, and the sums of
    /// `len(x.get('attribute', []))`, `len(x.get('input', []))`, `len(x.get('output', []))` over `n`.
    @Test(arguments: [
        ("models/vit_b_16.noweights.json", 1088, 682, 1396, 1088),
        ("models/resnet18.noweights.json", 65, 109, 115, 65),
        ("models/transformer_encoder.json", 175, 114, 224, 175),
    ])
    func countsMatchPython(file: String, nodes: Int, attributes: Int, inputs: Int, outputs: Int) throws {
        let layout = try load(file).layout
        #expect(layout.nodes.count == nodes)
        #expect(layout.nodes.reduce(0) { $0 + $1.attributes.count } == attributes)
        #expect(layout.nodes.reduce(0) { $0 + $1.inputs.count } == inputs)
        #expect(layout.nodes.reduce(0) { $0 + $1.outputs.count } == outputs)
    }

    /// hazards/hazard_avgpool_stride_gt_kernel.json: the pooling node the
    /// hazard is about spans lines 39-66 (`grep -n`), its `strides` attribute
    /// starts on line 57.
    @Test func theHazardousPoolingNodeIsFoundOnItsLines() throws {
        let (bytes, layout) = try load("hazards/hazard_avgpool_stride_gt_kernel.json")
        let file = SourceFile(path: "hazard.json", bytes: bytes)
        #expect(layout.nodes.map(\.name) == ["conv", "avgpool_gap"])
        let pool = layout.nodes[1]
        #expect(file.position(ofByte: pool.range.lowerBound) == (39, 7))
        #expect(file.position(ofByte: pool.range.upperBound - 1) == (66, 7))
        #expect(file.position(ofByte: try #require(pool.attributes["strides"]).lowerBound) == (57, 11))
        #expect(file.position(ofByte: try #require(pool.inputs.first).lowerBound) == (41, 11))
    }
}
