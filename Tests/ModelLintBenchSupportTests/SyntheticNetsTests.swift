import Foundation
import ModelLintBenchSupport
import ModelLintCaffe
import ModelLintIR
import ModelLintONNX
import Testing

/// The benchmark's synthetic nets, at 1k nodes, are models the frontends read
/// without error, with the node count the benchmark divides by.
@Suite("Benchmark synthetic nets")
struct SyntheticNetsTests {
    static let blocks = 1000 / SyntheticNets.onnxNodesPerBlock

    @Test func caffePrototxtReads() throws {
        let blocks = 1000 / SyntheticNets.caffeNodesPerBlock
        let result = try CaffeFrontend.load(SourceFile(path: "residual.prototxt", bytes: SyntheticNets.caffePrototxt(blocks: blocks)))
        #expect(result.graphs.count == 1)
        #expect(result.graphs[0].nodes.count >= blocks * SyntheticNets.caffeNodesPerBlock)
        #expect(result.graphs[0].nodes.contains { $0.sourceType == "Concat" })
    }

    @Test func onnxJSONReads() throws {
        let net = SyntheticNets.onnxResidual(blocks: Self.blocks)
        let result = try ONNXFrontend.load(SourceFile(path: "residual.json", bytes: SyntheticNets.onnxJSON(net)), encoding: .json)
        #expect(result.graphs[0].nodes.count == Self.blocks * SyntheticNets.onnxNodesPerBlock)
        #expect(result.graphs[0].tensors.contains { $0.name == "w3" && $0.constant != nil })
    }

    @Test func onnxBinaryReads() throws {
        let net = SyntheticNets.onnxResidual(blocks: Self.blocks)
        let result = try ONNXFrontend.load(SourceFile(path: "residual.onnx", bytes: SyntheticNets.onnxBinary(net)), encoding: .binary)
        #expect(result.graphs[0].nodes.count == Self.blocks * SyntheticNets.onnxNodesPerBlock)
        #expect(result.graphs[0].nodes.first?.sourceType == "Conv")
    }

    @Test func resnet50HasResNet50sParameterCount() {
        let net = SyntheticNets.resnet50()
        let parameters = net.initializers.reduce(0) { $0 + $1.count }
        // torchvision's resnet50: 25,557,032 parameters, BatchNorm's running statistics not counted.
        #expect(parameters > 25_500_000 && parameters < 25_700_000)
        #expect(net.nodes.filter { $0.op == "Conv" }.count == 53)
    }
}
