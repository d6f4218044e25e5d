import Foundation
import ModelLintAnalysis
import ModelLintCaffe
import ModelLintIR
import ModelLintTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A prototxt (`Examples/...` in the package, or an absolute path), loaded and shape-inferred.
private func inferredGraph(_ path: String) throws -> Graph {
    let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : packageRoot.appendingPathComponent(path)
    let source = SourceFile(path: url.path, bytes: Array(try Data(contentsOf: url)))
    let graph = try #require(try CaffeFrontend.load(source).graphs.first)
    return ShapeInference.infer(graph)
}

@Suite("Encoder–decoder structure and block signatures")
struct EncoderDecoderTests {
    @Test func plainUNetHasMatchingStagesSkipsAndSignatures() throws {
        let graph = try inferredGraph("Examples/caffe/unet_plain.prototxt")
        let structure = try #require(EncoderDecoderStructure.detect(in: graph))
        #expect(structure.encoderStages.map(\.level) == [0, 1, 2, 3, 4])
        #expect(structure.decoderStages.map(\.level) == [3, 2, 1, 0])
        #expect(Set(structure.skips.map(\.level)) == [0, 1, 2, 3])
        #expect(structure.skips.allSatisfy { graph.nodes[$0.join].sourceType == "Concat" })
        #expect(structure.upsamplingOps.map { graph.nodes[$0].name } == ["up3", "up2", "up1", "up0"])
        #expect(structure.encoderSignature.counts == [.plain: 9])
        #expect(structure.decoderSignature.counts == [.plain: 8])
        #expect(structure.encoderSignature.distance(to: structure.decoderSignature) == 0)
        #expect(structure.decoderBatchNorms.count == 8)
        #expect(structure.stage(.decoder, level: 0)?.batchNorms.count == 2)
    }

    @Test func resnextEncoderIsGroupedBottlenecksAndDecoderIsPlain() throws {
        let graph = try inferredGraph("Examples/caffe/unet_resnext_encoder.prototxt")
        let structure = try #require(EncoderDecoderStructure.detect(in: graph))
        #expect(structure.encoderSignature.counts == [.plain: 1, .groupedBottleneck: 8])
        #expect(structure.encoderSignature.dominant == .groupedBottleneck)
        #expect(structure.encoderSignature.maxGroups == 8)
        #expect(structure.decoderSignature.counts == [.plain: 8])
        let distance = structure.encoderSignature.distance(to: structure.decoderSignature)
        #expect(abs(distance - 8.0 / 9.0) < 1e-9)
        #expect(Set(structure.skips.map(\.level)) == [0, 1, 2, 3])
        // The eltwise sums inside the residual blocks join two encoder tensors: not skips.
        #expect(structure.skips.allSatisfy { graph.nodes[$0.join].sourceType == "Concat" })
    }

    @Test func vggChainHasNoStructure() {
        var net = GraphSketch()
        var x = net.input("data", [1, 3, 64, 64])
        for stage in 1...3 {
            x = net.apply("conv\(stage)_1", caffeConv(16, kernel: 3, pad: 1), x)
            x = net.apply("conv\(stage)_2", caffeConv(16, kernel: 3, pad: 1), x)
            x = net.apply("pool\(stage)", caffePool(kernel: 2, stride: 2), x)
        }
        net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 10)), x)
        #expect(EncoderDecoderStructure.detect(in: ShapeInference.infer(net.graph)) == nil)
    }

    @Test(SharedMaterial.required) func resNetWithoutUpsamplingHasNoStructure() throws {
        let graph = try inferredGraph(SharedMaterial.path("corpus/caffe/KaimingHe__deep-residual-networks/prototxt__ResNet-50-deploy.prototxt"))
        #expect(EncoderDecoderStructure.detect(in: graph) == nil)
    }

    @Test func upsamplingWithoutSkipHasNoStructure() {
        // An FCN-32s-like head: downsample, then one deconvolution back to the input size.
        var net = GraphSketch()
        var x = net.input("data", [1, 3, 32, 32])
        x = net.apply("conv1", caffeConv(16, kernel: 3, pad: 1), x)
        x = net.apply("pool1", caffePool(kernel: 2, stride: 2), x)
        x = net.apply("conv2", caffeConv(16, kernel: 3, pad: 1), x)
        x = net.apply("up", caffeDeconv(16, kernel: 2, stride: 2), x)
        x = net.apply("conv3", caffeConv(16, kernel: 3, pad: 1), x)
        #expect(EncoderDecoderStructure.detect(in: ShapeInference.infer(net.graph)) == nil)
    }

    @Test func pyramidPoolingIsNotADecoderSkip() {
        // PSPNet's pyramid pooling: pool → 1×1 conv → resize back → concat with the
        // pooled feature itself. No encoder convolution lies deeper than the join.
        var net = GraphSketch()
        var x = net.input("data", [1, 3, 32, 32])
        x = net.apply("conv1", caffeConv(16, kernel: 3, pad: 1), x)
        x = net.apply("pool1", caffePool(kernel: 2, stride: 2), x)
        x = net.apply("conv2", caffeConv(16, kernel: 3, pad: 1), x)
        let pooled = net.apply("ppm_pool", caffePool(.average, kernel: 4, stride: 4), x)
        let reduced = net.apply("ppm_conv", caffeConv(4, kernel: 1), pooled)
        let bn = net.apply("ppm_bn", .batchNorm(epsilon: 1e-5), reduced)
        let up = net.apply("ppm_interp", .resize(cubic: false), bn)
        net.graph.tensors[up].shape = known(1, 4, 16, 16)
        let joined = net.apply("ppm_concat", .concat(axis: 1), x, up)
        net.apply("conv5_4", caffeConv(16, kernel: 3, pad: 1), joined)
        #expect(EncoderDecoderStructure.detect(in: ShapeInference.infer(net.graph)) == nil)
    }

    @Test func bottleneckNeedsAOneByOneOnBothSides() {
        var net = GraphSketch()
        var x = net.input("data", [1, 16, 16, 16])
        x = net.apply("reduce", caffeConv(8, kernel: 1), x)
        x = net.apply("reduce_relu", .relu, x)
        x = net.apply("grouped", caffeConv(8, kernel: 3, pad: 1, group: 4), x)
        x = net.apply("grouped_bn", .batchNorm(epsilon: 1e-5), x)
        x = net.apply("expand", caffeConv(16, kernel: 1), x)
        x = net.apply("plain", caffeConv(16, kernel: 3, pad: 1), x)
        let skip = x
        x = net.apply("pool", caffePool(kernel: 2, stride: 2), x)
        x = net.apply("deep", caffeConv(16, kernel: 3, pad: 1), x)
        x = net.apply("up", caffeDeconv(16, kernel: 2, stride: 2), x)
        x = net.apply("cat", .concat(axis: 1), x, skip)
        net.apply("dec", caffeConv(16, kernel: 3, pad: 1), x)
        let structure = EncoderDecoderStructure.detect(in: ShapeInference.infer(net.graph))
        let tokens = structure?.encoderStages.flatMap(\.convolutions) ?? []
        #expect(tokens.map(\.blockType) == [.groupedBottleneck, .plain, .plain])
        #expect(structure?.decoderSignature.counts == [.plain: 1])
        #expect(structure?.skips.map(\.level) == [0])
    }

    /// The motivating pair: a ResNet-34 encoder (basic blocks: two 3×3) matches a
    /// plain decoder; a ResNet-50 encoder (1×1 → 3×3 → 1×1) does not.
    @Test(arguments: [false, true])
    func resNetEncodersAgainstAPlainDecoder(bottlenecks: Bool) throws {
        var net = GraphSketch()
        var x = net.apply("stem", caffeConv(16, kernel: 7, stride: 2, pad: 3), net.input("data", [1, 3, 64, 64]))
        var skips = [x]
        for stage in 1...3 {
            let input = x
            if bottlenecks {
                x = net.apply("s\(stage)_a", caffeConv(8, kernel: 1), x)
                x = net.apply("s\(stage)_a_bn", .batchNorm(epsilon: 1e-5), x)
                x = net.apply("s\(stage)_b", caffeConv(8, kernel: 3, stride: 2, pad: 1), x)
                x = net.apply("s\(stage)_b_bn", .batchNorm(epsilon: 1e-5), x)
                x = net.apply("s\(stage)_c", caffeConv(32, kernel: 1), x)
            } else {
                x = net.apply("s\(stage)_a", caffeConv(32, kernel: 3, stride: 2, pad: 1), x)
                x = net.apply("s\(stage)_a_bn", .batchNorm(epsilon: 1e-5), x)
                x = net.apply("s\(stage)_b", caffeConv(32, kernel: 3, pad: 1), x)
            }
            let shortcut = net.apply("s\(stage)_proj", caffeConv(32, kernel: 1, stride: 2), input)
            x = net.apply("s\(stage)_sum", .add, x, shortcut)
            skips.append(x)
        }
        for level in [2, 1, 0] {
            x = net.apply("up\(level)", caffeDeconv(32, kernel: 2, stride: 2), x)
            x = net.apply("cat\(level)", .concat(axis: 1), x, skips[level])
            x = net.apply("dec\(level)_a", caffeConv(32, kernel: 3, pad: 1), x)
            x = net.apply("dec\(level)_bn", .batchNorm(epsilon: 1e-5), x)
            x = net.apply("dec\(level)_b", caffeConv(32, kernel: 3, pad: 1), x)
        }
        let structure = try #require(EncoderDecoderStructure.detect(in: ShapeInference.infer(net.graph)))
        #expect(Set(structure.skips.map(\.level)) == [1, 2, 3])
        #expect(structure.decoderSignature.counts == [.plain: 6])
        #expect(structure.encoderSignature.counts == (bottlenecks ? [.plain: 1, .bottleneck: 3] : [.plain: 7]))
        let distance = structure.encoderSignature.distance(to: structure.decoderSignature)
        #expect(bottlenecks ? distance == 0.75 : distance == 0)
    }
}

func caffeDeconv(_ outputs: Int?, kernel: Int, stride: Int) -> Op {
    .deconv(ConvAttributes(outputChannels: outputs, kernel: [kernel, kernel], strides: [stride, stride],
                           padsBegin: [0, 0], padsEnd: [0, 0], dilations: [1]))
}
