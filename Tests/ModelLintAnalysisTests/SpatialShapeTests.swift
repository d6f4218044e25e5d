import ModelLintAnalysis
import ModelLintIR
import Testing

@Suite("Shapes through convolution, deconvolution and pooling")
struct SpatialShapeTests {
    @Test func alexNetFeatureMapsMatchThePaper() {
        var net = GraphSketch()
        let data = net.input("data", [10, 3, 227, 227])
        let conv1 = net.apply("conv1", caffeConv(96, kernel: 11, stride: 4), data)
        let relu1 = net.apply("relu1", .relu, conv1)
        let pool1 = net.apply("pool1", caffePool(kernel: 3, stride: 2), relu1)
        let conv2 = net.apply("conv2", caffeConv(256, kernel: 5, pad: 2, group: 2), pool1)
        let pool2 = net.apply("pool2", caffePool(kernel: 3, stride: 2), conv2)
        let conv3 = net.apply("conv3", caffeConv(384, kernel: 3, pad: 1), pool2)
        let conv5 = net.apply("conv5", caffeConv(256, kernel: 3, pad: 1, group: 2), conv3)
        let pool5 = net.apply("pool5", caffePool(kernel: 3, stride: 2), conv5)
        let fc6 = net.apply("fc6", .fullyConnected(FullyConnectedAttributes(outputs: 4096)), pool5)

        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[conv1].shape == known(10, 96, 55, 55))   // (227 - 11) / 4 + 1
        #expect(graph.tensors[relu1].shape == known(10, 96, 55, 55))
        #expect(graph.tensors[pool1].shape == known(10, 96, 27, 27))
        #expect(graph.tensors[conv2].shape == known(10, 256, 27, 27))
        #expect(graph.tensors[pool2].shape == known(10, 256, 13, 13))
        #expect(graph.tensors[conv3].shape == known(10, 384, 13, 13))
        #expect(graph.tensors[pool5].shape == known(10, 256, 6, 6))
        #expect(graph.tensors[fc6].shape == known(10, 4096))
    }

    @Test func googLeNetStemPoolRoundsUp() {
        var net = GraphSketch()
        let data = net.input("data", [10, 3, 224, 224])
        let conv1 = net.apply("conv1/7x7_s2", caffeConv(64, kernel: 7, stride: 2, pad: 3), data)
        let pool1 = net.apply("pool1/3x3_s2", caffePool(kernel: 3, stride: 2), conv1)
        #expect(net.inferred(conv1) == known(10, 64, 112, 112))
        #expect(net.inferred(pool1) == known(10, 64, 56, 56))
    }

    @Test func dilatedConvolution() {
        var net = GraphSketch()
        let x = net.input("x", [1, 512, 28, 28])
        // DeepLab's atrous 3x3, dilation 2, pad 2 keeps 28; dilation 4 without padding spans 9: 65 - 9 + 1 = 57.
        let same = net.apply("atrous", caffeConv(512, kernel: 3, pad: 2, dilation: 2), x)
        let y = net.input("y", [1, 64, 65, 65])
        let shrunk = net.apply("dilated", caffeConv(64, kernel: 3, dilation: 4), y)
        #expect(net.inferred(same) == known(1, 512, 28, 28))
        #expect(net.inferred(shrunk) == known(1, 64, 57, 57))
    }

    @Test func perAxisKernelsAndStrides() {
        var net = GraphSketch()
        let x = net.input("x", [2, 3, 7, 8])
        let conv = ConvAttributes(outputChannels: 5, kernel: [3, 2], strides: [2, 3], padsBegin: [], padsEnd: [], dilations: [])
        // (7 - 3) / 2 + 1 = 3 and (8 - 2) / 3 + 1 = 3.
        let y = net.apply("conv", .conv(conv), x)
        #expect(net.inferred(y) == known(2, 5, 3, 3))
    }

    @Test func onnxConvTakesKernelAndChannelsFromTheWeights() {
        var net = GraphSketch()
        let x = net.input("x", [1, 3, 32, 32])
        let w = net.input("w", [16, 3, 5, 5])
        let conv = ConvAttributes(outputChannels: nil, kernel: [], strides: [], padsBegin: [], padsEnd: [], dilations: [])
        let y = net.apply("conv", .conv(conv), x, w)
        #expect(net.inferred(y) == known(1, 16, 28, 28))
    }

    @Test func deconvolutionUpsamples() {
        var net = GraphSketch()
        let score = net.input("score", [1, 21, 16, 16])
        // FCN's 2x upsampling: 2 * (16 - 1) + 4 - 2 * 1 = 32.
        let up2 = net.apply("upscore2", .deconv(ConvAttributes(outputChannels: 21, kernel: [4], strides: [2],
                                                              padsBegin: [1], padsEnd: [1], dilations: [])), score)
        // FCN-32s: 32 * (12 - 1) + 64 = 416.
        let coarse = net.input("coarse", [1, 21, 12, 12])
        let up32 = net.apply("upscore", .deconv(ConvAttributes(outputChannels: 21, kernel: [64], strides: [32],
                                                              padsBegin: [], padsEnd: [], dilations: [])), coarse)
        // ONNX ConvTranspose weights are (C, M / group, k, k): M = 10 * 2.
        let w = net.input("w", [8, 10, 3, 3])
        let x = net.input("x", [1, 8, 5, 5])
        let grouped = net.apply("convT", .deconv(ConvAttributes(outputChannels: nil, kernel: [], strides: [1], padsBegin: [],
                                                               padsEnd: [], dilations: [2], group: 2)), x, w)
        #expect(net.inferred(up2) == known(1, 21, 32, 32))
        #expect(net.inferred(up32) == known(1, 21, 416, 416))
        // 1 * (5 - 1) + 2 * (3 - 1) + 1 = 9.
        #expect(net.inferred(grouped) == known(1, 20, 9, 9))
    }

    @Test func globalPoolingLeavesOneByOne() {
        var net = GraphSketch()
        let x = net.input("x", Shape([.symbolic("batch"), .known(1024), .known(7), .known(7)]))
        let pool = net.apply("pool", .pool(PoolAttributes(kind: .average, kernel: [], strides: [], padsBegin: [],
                                                          padsEnd: [], isGlobal: true, arithmetic: .caffe)), x)
        #expect(net.inferred(pool) == Shape([.symbolic("batch"), .known(1024), .known(1), .known(1)]))
    }

    @Test func onnxPoolingHonoursTheRoundingMode() {
        var net = GraphSketch()
        let x = net.input("x", [1, 8, 6, 6])
        func pool(_ arithmetic: PoolingArithmetic) -> Op {
            .pool(PoolAttributes(kind: .max, kernel: [3, 3], strides: [2, 2], padsBegin: [], padsEnd: [], arithmetic: arithmetic))
        }
        let floor = net.apply("floor", pool(.floor), x)
        let ceil = net.apply("ceil", pool(.ceil), x)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[floor].shape == known(1, 8, 2, 2))
        #expect(graph.tensors[ceil].shape == known(1, 8, 3, 3))
    }

    @Test func maxPoolingIndicesHaveThePooledShape() {
        var net = GraphSketch()
        let x = net.input("x", [1, 4, 8, 8])
        let outputs = net.node("pool", caffePool(kernel: 2, stride: 2), [x], outputs: 2)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[outputs[0]].shape == known(1, 4, 4, 4))
        #expect(graph.tensors[outputs[1]].shape == known(1, 4, 4, 4))
    }

    @Test func unknownSpatialExtentsStayUnknownButChannelsAreKnown() {
        var net = GraphSketch()
        let x = net.input("x", Shape([.symbolic("N"), .known(3), .unknown, .known(64)]))
        let y = net.apply("conv", caffeConv(32, kernel: 3, stride: 2, pad: 1), x)
        let z = net.apply("pool", caffePool(kernel: 2, stride: 2), y)
        #expect(net.inferred(y) == Shape([.symbolic("N"), .known(32), .unknown, .known(32)]))
        #expect(net.inferred(z) == Shape([.symbolic("N"), .known(32), .unknown, .known(16)]))
    }

    @Test func brokenAttributesLeaveSpatialDimsUnknown() {
        var net = GraphSketch()
        let x = net.input("x", [1, 3, 10, 10])
        let zeroStride = net.apply("zeroStride", caffePool(kernel: 3, stride: 0), x)
        let tooBig = net.apply("tooBig", caffeConv(8, kernel: 15), x)
        let mismatched = net.apply("mismatched", .conv(ConvAttributes(
            outputChannels: 8, kernel: [3, 3, 3], strides: [], padsBegin: [], padsEnd: [], dilations: [])), x)
        let noKernel = net.apply("noKernel", .pool(PoolAttributes(
            kind: .max, kernel: [], strides: [], padsBegin: [], padsEnd: [], arithmetic: .floor)), x)
        let huge = net.apply("huge", caffeConv(.max, kernel: .max, stride: .max, pad: .max, dilation: .max), x)
        let negative = net.apply("negative", caffeConv(-4, kernel: -3), x)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[zeroStride].shape == Shape([.known(1), .known(3), .unknown, .unknown]))
        #expect(graph.tensors[tooBig].shape == Shape([.known(1), .known(8), .unknown, .unknown]))
        #expect(graph.tensors[mismatched].shape == Shape([.known(1), .known(8), .unknown, .unknown]))
        #expect(graph.tensors[noKernel].shape == Shape([.known(1), .known(3), .unknown, .unknown]))
        #expect(graph.tensors[huge].shape == Shape([.known(1), .known(.max), .unknown, .unknown]))
        #expect(graph.tensors[negative].shape == Shape([.known(1), .unknown, .unknown, .unknown]))
    }

    @Test func lowRankInputsGiveNoShape() {
        var net = GraphSketch()
        let x = net.input("x", [4, 3])
        let conv = net.apply("conv", caffeConv(8, kernel: 1), x)
        let pool = net.apply("pool", caffePool(kernel: 1, stride: 1), x)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[conv].shape == nil)
        #expect(graph.tensors[pool].shape == nil)
    }
}
