import Foundation
import Testing
@testable import ModelLintONNX

/// The wire scan on the real models of the ONNX corpus, whole, cut short
/// and damaged.
@Suite("ONNX binary layout: the corpus")
struct ONNXBinaryCorpusTests {
    /// Node counts of every `*.onnx` in the corpus, computed once with
    /// `len(onnx.load(F, load_external_data=False).graph.node)` (onnx 1.23.2).
    static let nodeCounts: [String: Int] = [
        "hazards/hazard_avgpool_stride_gt_kernel.onnx": 2,
        "hazards/hazard_div_reducesum.onnx": 4,
        "hazards/hazard_exp_matmul.onnx": 2,
        "hazards/hazard_log_relu.onnx": 3,
        "hazards/hazard_pow_half_signed.onnx": 2,
        "hazards/hazard_softmax_log.onnx": 3,
        "hazards/safe_avgpool_stride_eq_kernel.onnx": 2,
        "hazards/safe_div_reducesum_eps.onnx": 5,
        "hazards/safe_exp_sub_max.onnx": 4,
        "hazards/safe_log_sigmoid_eps.onnx": 4,
        "hazards/safe_logsoftmax.onnx": 2,
        "hazards/safe_pow_half_abs_eps.onnx": 4,
        "models/googlenet.noweights.onnx": 179,
        "models/lraspp_mobilenet_v3_large.onnx": 205,
        "models/mobilenet_v2.onnx": 209,
        "models/mobilenet_v3_small.onnx": 159,
        "models/resnet18.noweights.onnx": 65,
        "models/resnet50.noweights.onnx": 169,
        "models/shufflenet_v2_x1_0.onnx": 425,
        "models/squeezenet1_0.onnx": 82,
        "models/transformer_encoder.onnx": 175,
        "models/vgg11.noweights.onnx": 33,
        "models/vit_b_16.noweights.onnx": 1088,
    ]

    @Test(SharedMaterial.required) func everyModelScansWithItsNodeCount() throws {
        let files = wireCorpusFiles()
        try #require(files.count >= Self.nodeCounts.count, "the corpus is missing or incomplete")
        for (name, url) in files {
            let layout = try ONNXBinaryLayout(bytes: Array(try Data(contentsOf: url)))
            #expect(layout.graph.nodes.count == Self.nodeCounts[name], "\(name)")
            #expect(layout.graph.nodes.allSatisfy { $0.name != nil && $0.opType != nil }, "\(name)")
            #expect(layout.functions.isEmpty, "\(name)")
        }
    }

    /// Byte ranges whose bytes `onnx.NodeProto.FromString` decodes to the node
    /// named, in Python, once: the node `index` of the main graph.
    @Test(SharedMaterial.required, arguments: [
        ("hazards/hazard_log_relu.onnx", 2, 145..<169, "log_of_relu", "Log"),
        ("models/squeezenet1_0.onnx", 0, 131..<209, "Identity_0", "Identity"),
        ("models/transformer_encoder.onnx", 100, 14392..<14511, "/enc/layers.1/self_attn/Constant_1", "Constant"),
        ("models/mobilenet_v2.onnx", 208, 39869..<40021, "/classifier/classifier.1/Gemm", "Gemm"),
        ("models/vit_b_16.noweights.onnx", 500, 102560..<102791, "/encoder/layers/encoder_layer_4/mlp/mlp.1/Mul_1", "Mul"),
    ])
    func aNodeRangeHoldsThatNode(file: String, index: Int, range: Range<Int>, name: String, opType: String) throws {
        let bytes = try wireCorpusBytes(file)
        let node = try ONNXBinaryLayout(bytes: bytes).graph.nodes[index]
        #expect(node.range == range)
        #expect(node.name == name && node.opType == opType)
        // The name as written inside those bytes: NodeProto.name is field 3.
        let fields = try ProtobufWire.fields(bytes, range: node.range)
        let written = try #require(fields.last { $0.number == 3 && $0.wireType == .lengthDelimited })
        #expect(String(decoding: bytes[written.payload], as: UTF8.self) == name)
    }

    @Test(SharedMaterial.required) func attributeRangesOfARealNode() throws {
        // mobilenet_v2's classifier Gemm, checked in Python with AttributeProto.FromString.
        let node = try ONNXBinaryLayout(bytes: try wireCorpusBytes("models/mobilenet_v2.onnx")).graph.nodes[208]
        #expect(node.attributes == ["alpha": 39975..<39990, "beta": 39992..<40006, "transB": 40008..<40021])
    }

    /// Every node of every model, against what swift-protobuf decodes.
    @Test(SharedMaterial.required) func everyNodeMatchesTheDecodedModel() throws {
        for (name, url) in wireCorpusFiles() {
            let bytes = Array(try Data(contentsOf: url))
            let layout = try ONNXBinaryLayout(bytes: bytes)
            let model = try #require(wireDecoded(bytes), "\(name)")
            #expect(try wireMatch(layout.graph, model.graph.node, bytes) == Self.nodeCounts[name], "\(name)")
        }
    }

    /// A cut file is refused with an offset inside what is left, except where
    /// the cut falls between two top-level fields, which leaves a shorter but
    /// well-formed model.
    @Test(SharedMaterial.required) func truncationsAreRefusedWithAnOffsetBeforeTheCut() throws {
        let bytes = try wireCorpusBytes("models/transformer_encoder.onnx")
        // Top-level fields, found in Python: ir_version 0..<2, producer_name
        // 2..<11, producer_version 11..<19, doc_string 19..<130, graph
        // 130..<560284, opset_import 560284..<560288.
        let boundaries: Set<Int> = [0, 2, 11, 19, 130, 560_284]
        #expect(bytes.count == 560_288)
        let cuts = Set(0..<600).union(stride(from: 600, to: bytes.count - 600, by: 331))
            .union((bytes.count - 600)..<bytes.count).union(boundaries)
        var refused = 0
        for cut in cuts {
            let error = wireLayoutError(Array(bytes[..<cut]))
            if let error {
                #expect(error.offset <= cut, "cut at \(cut): \(error)")
                #expect(error.message.hasPrefix("truncated: "), "cut at \(cut): \(error)")
                refused += 1
            } else {
                #expect(boundaries.contains(cut), "cut at \(cut) was accepted")
            }
        }
        #expect(refused == cuts.count - boundaries.count)
    }

    /// The scan refuses a cut file exactly when swift-protobuf does, at every
    /// possible cut of a small model.
    @Test(SharedMaterial.required) func truncationsAgreeWithTheDecoder() throws {
        let bytes = try wireCorpusBytes("hazards/hazard_log_relu.onnx")
        var disagreements: [Int] = []
        for cut in 0...bytes.count {
            let prefix = Array(bytes[..<cut])
            if (wireLayoutError(prefix) == nil) != (wireDecoded(prefix) != nil) {
                disagreements.append(cut)
            }
        }
        #expect(disagreements.isEmpty)
    }

    /// Random damage never crashes the scan; it is refused exactly when
    /// swift-protobuf refuses it, with an offset inside the file; and when
    /// both accept, the layout still names the decoded nodes.
    @Test(SharedMaterial.required, arguments: [("fixture", 0 as UInt64), ("models/resnet18.noweights.onnx", 1), ("hazards/hazard_softmax_log.onnx", 2)])
    func randomDamage(file: String, seed: UInt64) throws {
        let original = file == "fixture" ? wireNestedFixture : try wireCorpusBytes(file)
        var random = SeededRandom(seed: 0x5EED + seed)
        let rounds = original.count > 10_000 ? 300 : 2_000
        var refused = 0
        for round in 0..<rounds {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                case 2: bytes.remove(at: at)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
                }
            }
            let error = wireLayoutError(bytes)
            let decoded = wireDecoded(bytes)
            #expect((error == nil) == (decoded != nil), "round \(round): scan \(error.map(\.description) ?? "accepts"), decoder \(decoded == nil ? "refuses" : "accepts")")
            if let error {
                refused += 1
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            } else if let decoded {
                let layout = try ONNXBinaryLayout(bytes: bytes)
                #expect(layout.graph.nodes.count == decoded.graph.node.count, "round \(round)")
                #expect(layout.graph.nodes.map { $0.name ?? "" } == decoded.graph.node.map(\.name), "round \(round)")
            }
        }
        // Damage must sometimes be caught, or the test proves nothing.
        #expect(refused > rounds / 20)
    }

    /// Random bytes: never a crash, and any offset lies inside the input.
    @Test func randomBytesNeverCrash() {
        var random = SeededRandom(seed: 42)
        for length in 0..<2_000 {
            let bytes = (0..<(length % 300)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if let error = wireLayoutError(bytes) {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
            if let error = wireFieldsError(bytes) {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }
}
