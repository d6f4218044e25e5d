import Foundation
import ModelLintBenchSupport
import SwiftProtobuf
import Testing
@testable import ModelLintONNX

/// The fast JSON decoder against swift-protobuf's: whenever it decodes a
/// file, it builds the same messages and node records, and the places of
/// the layout pass.
@Suite("ONNX JSON fast decoder")
struct ONNXJSONFastDecoderTests {
    /// A decoded model as the fast path splits it: the main graph's nodes
    /// as records, everything else in the message.
    struct Split: Equatable {
        var model: Onnx_ModelProto
        var nodes: [ONNXNodeRecord]
    }

    /// What the slow path decodes, with the frontend's options, split as
    /// the fast path splits it: the records of swift-protobuf's nodes.
    func reference(_ bytes: [UInt8]) throws -> Split {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        options.messageDepthLimit = 200
        var model = try Onnx_ModelProto(jsonUTF8Bytes: bytes, options: options)
        let nodes = model.graph.node.map(ONNXNodeRecord.init)
        if model.hasGraph { model.graph.node = [] }
        return Split(model: model, nodes: nodes)
    }

    func fast(_ bytes: [UInt8]) -> Split? {
        ONNXJSONFastDecoder.decode(bytes).map { Split(model: $0.model, nodes: $0.nodes) }
    }

    func fast(_ text: String) -> Split? {
        fast(Array(text.utf8))
    }

    /// The two sets of places agree node by node, and so do those of nested graphs.
    func expectSamePlaces(_ fast: ONNXGraphPlaces, _ slow: ONNXGraphPlaces, _ file: String) {
        #expect(fast.nodes.count == slow.nodes.count, "\(file)")
        for (a, b) in zip(fast.nodes, slow.nodes) {
            #expect(a.range == b.range && Array(fast.attributes(of: a)) == Array(slow.attributes(of: b))
                        && Array(fast.inputs(of: a)) == Array(slow.inputs(of: b))
                        && Array(fast.outputs(of: a)) == Array(slow.outputs(of: b)),
                    "\(file): node at byte \(b.range.lowerBound)")
        }
        #expect(Set(fast.subgraphs.keys) == Set(slow.subgraphs.keys), "\(file)")
        for (key, body) in slow.subgraphs {
            if let other = fast.subgraphs[key] { expectSamePlaces(other, body, file) }
        }
    }

    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/onnx")

    /// Every JSON model of the corpus and of Examples/, and the benchmark's
    /// synthetic net, takes the fast path, into the messages and node
    /// records swift-protobuf's decoding gives and the places of the layout pass.
    @Test(SharedMaterial.required) func corpusAndExamplesDecodeAsSwiftProtobufDoes() throws {
        let examples = try FileManager.default.contentsOfDirectory(at: Self.examples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        let files = jsonCorpusFiles() + examples
        try #require(files.count >= 20 + 4, "the corpus or Examples/onnx is missing")
        let synthetic = ("residual.json", SyntheticNets.onnxJSON(SyntheticNets.onnxResidual(blocks: 150)))
        var nodes = 0, attributes = 0
        for (name, bytes) in try files.map({ ($0.lastPathComponent, Array(try Data(contentsOf: $0))) }) + [synthetic] {
            let decoded = try #require(ONNXJSONFastDecoder.decode(bytes), "\(name) left the fast path")
            let slow = try reference(bytes)
            #expect(decoded.model == slow.model, "\(name)")
            #expect(decoded.nodes.count == slow.nodes.count, "\(name)")
            for (index, (record, expected)) in zip(decoded.nodes, slow.nodes).enumerated() {
                #expect(record == expected, "\(name): node \(index)")
            }
            let layout = ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes)
            expectSamePlaces(decoded.places, ONNXGraphPlaces(layout), name)
            nodes += decoded.nodes.count
            attributes += decoded.nodes.reduce(0) { $0 + $1.attribute.count }
        }
        // Records were compared, not only empty lists.
        #expect(nodes >= 1_350 && attributes >= 500)
    }

    /// The value forms protobuf JSON allows, one of each, as swift-protobuf reads them.
    @Test(arguments: [
        // Proto names beside JSON names; unknown members of any shape are skipped.
        #"{"ir_version": 7, "graph": {"node": [{"op_type": "Relu", "doc_string": "a\n\"b\" \u00e9 \uD83D\uDE00"}]},"#
            + #" "opset_import": [{"domain": "", "version": "13"}], "x": {"y": [1, {"z": null}, true, false, "s"]}}"#,
        // Integers bare, quoted, negative, at the limits; floats bare, quoted and infinite.
        #"{"modelVersion": "-9223372036854775808", "graph": {"node": [{"attribute": [{"name": "a", "i": -3,"#
            + #" "ints": ["9223372036854775807", 0, -0], "f": "1.5", "floats": [1e-5, -2, "Infinity", "-Infinity", 3.4e38],"#
            + #" "type": "INTS"}, {"name": "b", "type": 7}]}]}}"#,
        // Bytes with and without padding, enums by name and number, tensors of every kind of data.
        #"{"graph": {"initializer": [{"dims": ["2"], "data_type": 1, "rawData": "AACAPwAAAEA=", "name": "w"},"#
            + #" {"int32Data": [1, -2147483648], "int64Data": ["5"], "uint64Data": ["18446744073709551615"],"#
            + #" "doubleData": [0.1, "2.5"], "stringData": ["YQ==", "YWI=", ""], "dataLocation": "EXTERNAL","#
            + #" "externalData": [{"key": "location", "value": "w.bin"}]}, {"dataLocation": 0}]}}"#,
        // Every kind of type, and dimensions by value, by name and neither.
        #"{"graph": {"input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim":"#
            + #" [{"dimValue": "1"}, {"dimParam": "N"}, {}, {"denotation": "C"}]}}, "denotation": "IMAGE"}},"#
            + #" {"name": "s", "type": {"sequenceType": {"elemType": {"tensorType": {"elemType": 7}}}}},"#
            + #" {"name": "m", "type": {"mapType": {"keyType": 8, "valueType": {"optionalType": {}}}}},"#
            + #" {"name": "p", "type": {"sparseTensorType": {"shape": {}}}}, {"name": "e", "type": {"tensorType": {}}}]}}"#,
        // Subgraphs, functions, metadata.
        #"{"graph": {"node": [{"opType": "If", "attribute": [{"name": "then_branch", "type": "GRAPH","#
            + #" "g": {"node": [{"opType": "Neg"}], "name": "t"}}, {"name": "bodies", "graphs": [{}, {"name": "b"}]},"#
            + #" {"name": "tp", "tp": {"tensorType": {}}, "typeProtos": [{}], "t": {"name": "c"}, "tensors": [{}],"#
            + #" "s": "eA==", "strings": ["eQ=="], "refAttrName": "r", "docString": "d"}]}]},"#
            + #" "functions": [{"name": "F", "domain": "local", "input": ["a"], "output": ["b"], "attribute": ["k"],"#
            + #" "attributeProto": [{"name": "k", "i": "1"}], "node": [{"opType": "Relu"}], "opsetImport": [{"version": 1}],"#
            + #" "valueInfo": [{"name": "a"}], "overload": "o", "docString": "f"}],"#
            + #" "metadataProps": [{"key": "k", "value": "v"}], "producerName": "p", "producerVersion": "1", "domain": "d"}"#,
        // A nested graph's node keeps messages: fields written with their default values are present, as in swift-protobuf's.
        #"{"graph": {"node": [{"opType": "If", "attribute": [{"name": "then_branch", "g": {"node": [{"opType": "Clip","#
            + #" "attribute": [{"name": "", "f": 0, "i": "0", "s": "", "type": "UNDEFINED", "docString": "", "ints": [],"#
            + #" "floats": [1.5], "strings": ["eQ=="]}, {"name": "min", "f": 1, "t": {"name": "c"}}, {"ints": ["3"]}]}]}}]}]}}"#,
        // A main-graph node's long operator type and domain (shared between records), overload and metadata (dropped).
        #"{"graph": {"node": [{"opType": "BatchNormalization", "domain": "com.example.long.domain", "overload": "o","#
            + #" "metadataProps": [{"key": "k", "value": "v"}]}, {"opType": "BatchNormalization", "domain": "com.example.long.domain","#
            + #" "attribute": [{"name": "pads", "ints": ["1", "2", "3", "4", "5", "6", "7", "8", "9"]}, {"name": "e", "ints": []}]}]}}"#,
    ])
    func valueFormsDecodeAsSwiftProtobufDoes(text: String) throws {
        let decoded = try #require(fast(text), "left the fast path")
        #expect(decoded == (try reference(Array(text.utf8))))
    }

    /// What swift-protobuf reads in its own way, or refuses, is left to the slow path.
    @Test(arguments: [
        #"{"graph": null}"#, #"{"graph": {"name": null}}"#, #"{"graph": {}, "graph": {}}"#,
        #"{"graph": {}, "irVersion": 1e3}"#, #"{"graph": {}, "irVersion": "01"}"#, #"{"graph": {}, "irVersion": 1.0}"#,
        #"{"graph": {}, "irVersion": "9223372036854775808"}"#, #"{"graph": {"initializer": [{"dataType": 2147483648}]}}"#,
        #"{"graph": {"initializer": [{"rawData": "-_8="}]}}"#, #"{"graph": {"initializer": [{"rawData": "AAA"}]}}"#,
        #"{"graph": {"node": [{"attribute": [{"f": 1e39}]}]}}"#, #"{"graph": {"node": [{"attribute": [{"type": "NOPE"}]}]}}"#,
        #"{"graph": {"node": [{"attribute": [{"type": 99}]}]}}"#, #"{"graph": {"node": [{"attribute": [{"type": "7"}]}]}}"#,
        #"{"graph": {}, "trainingInfo": []}"#, #"{"gr\u0061ph": {}}"#, "\u{FEFF}{\"graph\": {}}",
        #"{"graph": {}} x"#, #"{"graph": {"node": [,]}}"#, #"{"irVersion": "8"}"#, "[]", "",
        #"{"graph": {"input": [{"type": {"tensorType": {}, "sequenceType": {}}}]}}"#,
        #"{"graph": {"input": [{"type": {"tensorType": {"shape": {"dim": [{"dimValue": 1, "dimParam": "N"}]}}}}]}}"#,
        #"{"graph": {"node": [{"opType": "Relu", "op_type": "Relu"}]}}"#,
    ])
    func unusualFormsTakeTheSlowPath(text: String) {
        #expect(fast(text) == nil)
    }

    /// Mutated documents never crash the decoder, and whatever it accepts
    /// swift-protobuf reads into the same messages.
    @Test func mutationsAgreeWithSwiftProtobuf() {
        let sample = Array(#"""
        {"irVersion": "8", "graph": {"node": [{"input": ["x", "w"], "output": ["y"], "opType": "Conv",
          "attribute": [{"name": "pads", "ints": ["1", "1"], "type": "INTS"}, {"name": "alpha", "f": 0.5e-3}]},
          {"opType": "If", "attribute": [{"name": "then_branch", "g": {"node": []}}], "docString": "\u00e9\n"}],
          "initializer": [{"dims": ["2"], "dataType": 1, "floatData": [1.5, -2, 0, 1e10], "rawData": "AAAA/+8="}],
          "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "3"}]}}}}],
          "flags": [true, false, null, {}, [], [[]]]}}
        """#.utf8)
        let alphabet = Array(#"{}[]:,"\ 0123456789-+.eEtrufalsnNI/u=A"#.utf8)
        var random = SeededRandom(seed: 8)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = sample
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            guard let decoded = fast(bytes) else { continue }
            accepted += 1
            #expect(decoded == (try? reference(bytes)), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(accepted > 100)
    }
}
