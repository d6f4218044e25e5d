import ModelLintAnalysis
import ModelLintIR
import Testing

@Suite("Shape inference through whole graphs")
struct ShapeInferenceTests {
    @Test func inceptionConcatAddsChannels() {
        var net = GraphSketch()
        let branches = [64, 128, 32, 32].map { net.input("b\($0)", [10, $0, 28, 28]) }
        let output = net.node("inception_3a/output", .concat(axis: 1), branches)[0]
        let fromEnd = net.node("fromEnd", .concat(axis: -3), branches)[0]
        #expect(net.inferred(output) == known(10, 256, 28, 28))
        #expect(net.inferred(fromEnd) == known(10, 256, 28, 28))
    }

    @Test func concatWithAPartlyUnknownInput() {
        var net = GraphSketch()
        let a = net.input("a", Shape([.symbolic("N"), .known(64), .unknown, .unknown]))
        let b = net.input("b", Shape([.unknown, .known(32), .known(14), .known(14)]))
        let c = net.input("c", nil)
        let joined = net.node("join", .concat(axis: 1), [a, b])[0]
        let withUnknown = net.node("withUnknown", .concat(axis: 1), [a, b, c])[0]
        let badAxis = net.node("badAxis", .concat(axis: 4), [a, b])[0]
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[joined].shape == Shape([.symbolic("N"), .known(96), .known(14), .known(14)]))
        #expect(graph.tensors[withUnknown].shape == Shape([.symbolic("N"), .unknown, .known(14), .known(14)]))
        #expect(graph.tensors[badAxis].shape == nil)
    }

    @Test func elementwiseOpsKeepTheFirstInputsShape() {
        let ops: [Op] = [
            .relu, .leakyRelu(slope: 0.1), .prelu, .elu(alpha: 1), .sigmoid, .tanh, .abs, .softplus, .swish,
            .clip(min: 0, max: 6), .threshold, .exp(base: nil, prelude: .identity), .log(base: nil, prelude: .identity),
            .pow(exponent: 2, prelude: .identity), .sqrt, .reciprocal, .softmax(axis: 1), .logSoftmax(axis: 1),
            .dropout(ratio: 0.5), .batchNorm(epsilon: 1e-5), .lrn, .mvn, .scale, .bias, .identity,
        ]
        for op in ops {
            var net = GraphSketch()
            let x = net.input("x", Shape([.symbolic("batch"), .known(3), .known(5), .known(5)]))
            let stats = net.input("stats", [3])
            // Extra inputs are parameters (statistics, slopes), except for ONNX Pow,
            // whose second operand broadcasts: Caffe's Power has one input.
            let isPow = if case .pow = op { true } else { false }
            let y = net.node("op", op, isPow ? [x] : [x, stats])[0]
            #expect(net.inferred(y) == Shape([.symbolic("batch"), .known(3), .known(5), .known(5)]), "\(op)")
        }
    }

    @Test func onnxPowBroadcastsBaseAndExponent() {
        var net = GraphSketch()
        let x = net.input("x", [4, 1])
        let e = net.input("e", [3])
        let y = net.apply("pow", .pow(exponent: nil, prelude: .identity), x, e)
        #expect(net.inferred(y) == known(4, 3))
    }

    @Test func splitCopiesAndSliceCutsEvenly() {
        var net = GraphSketch()
        let x = net.input("x", [10, 6, 4])
        let copies = net.node("split", .split, [x], outputs: 3)
        let thirds = net.node("slice3", .slice(axis: 1), [x], outputs: 3)
        let quarters = net.node("slice4", .slice(axis: -2), [x], outputs: 4)
        let graph = ShapeInference.infer(net.graph)
        #expect(copies.map { graph.tensors[$0].shape } == Array(repeating: known(10, 6, 4), count: 3))
        #expect(thirds.map { graph.tensors[$0].shape } == Array(repeating: known(10, 2, 4), count: 3))
        // 6 does not divide by 4: the slice points must be uneven, and the IR does not carry them.
        #expect(quarters.map { graph.tensors[$0].shape }
            == Array(repeating: Shape([.known(10), .unknown, .known(4)]), count: 4))
    }

    @Test func flattenFullyConnectedAndEmbed() {
        var net = GraphSketch()
        let x = net.input("x", Shape([.symbolic("batch"), .known(256), .known(6), .known(6)]))
        let flat = net.apply("flatten", .flatten, x)
        let fc = net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 4096)), x)
        let fcUnknown = net.apply("fcUnknown", .fullyConnected(FullyConnectedAttributes(outputs: nil)), x)
        let words = net.input("words", [20, 5])
        let embedded = net.apply("embed", .embed(outputs: 300), words)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[flat].shape == Shape([.symbolic("batch"), .known(9216)]))
        #expect(graph.tensors[fc].shape == Shape([.symbolic("batch"), .known(4096)]))
        #expect(graph.tensors[fcUnknown].shape == Shape([.symbolic("batch"), .unknown]))
        #expect(graph.tensors[embedded].shape == known(20, 5, 300))
    }

    @Test func matMulFollowsNumpy() {
        var net = GraphSketch()
        let a = net.input("a", [2, 3, 4])
        let b = net.input("b", [4, 5])
        let v = net.input("v", [4])
        let batched = net.apply("ab", .matMul, a, b)
        let vector = net.apply("vb", .matMul, v, b)
        let matrixVector = net.apply("av", .matMul, a, v)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[batched].shape == known(2, 3, 5))
        #expect(graph.tensors[vector].shape == known(5))
        #expect(graph.tensors[matrixVector].shape == known(2, 3))
    }

    @Test func reshapeAndTileWithConstantOperands() {
        var net = GraphSketch()
        let x = net.input("x", Shape([.symbolic("batch"), .known(256), .known(6), .known(6)]))
        let target = net.input("shape", known(2), constant: [0, -1])
        let reshaped = net.apply("reshape", .reshape, x, target)
        let fixed = net.input("fixed", known(3), constant: [2, 3, 4])
        let plain = net.input("plain", [6, 4])
        let reshapedFixed = net.apply("reshapeFixed", .reshape, plain, fixed)
        let badTarget = net.input("bad", known(2), constant: [-1, -1])
        let reshapedBad = net.apply("reshapeBad", .reshape, plain, badTarget)
        let caffeReshape = net.apply("caffeReshape", .reshape, plain)
        let repeats = net.input("repeats", known(2), constant: [2, 3])
        let tiled = net.apply("tile", .tile, plain, repeats)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[reshaped].shape == Shape([.symbolic("batch"), .known(9216)]))
        #expect(graph.tensors[reshapedFixed].shape == known(2, 3, 4))
        #expect(graph.tensors[reshapedBad].shape == nil)
        #expect(graph.tensors[caffeReshape].shape == nil)
        #expect(graph.tensors[tiled].shape == known(12, 12))
    }

    @Test func trainingHeadsAreScalars() {
        var net = GraphSketch()
        let scores = net.input("scores", [64, 10])
        let labels = net.input("labels", [64])
        let loss = net.node("loss", .loss(.softmaxCrossEntropy), [scores, labels], outputs: 2)
        let accuracy = net.node("accuracy", .accuracy, [scores, labels], outputs: 2)
        let euclidean = net.apply("l2", .loss(.euclidean), scores, scores)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[loss[0]].shape == Shape([]))
        #expect(graph.tensors[loss[1]].shape == known(64, 10))
        #expect(graph.tensors[accuracy[0]].shape == Shape([]))
        #expect(graph.tensors[accuracy[1]].shape == known(10))
        #expect(graph.tensors[euclidean].shape == Shape([]))
    }

    @Test func dataLayersDeclareBatchCropAndLabels() {
        var net = GraphSketch()
        let imagenet = net.node("data", .dataLoader(DataAttributes(batchSize: 256, cropSize: 227)), [], outputs: 2)
        let memory = net.node("memory", .dataLoader(DataAttributes(batchSize: 64, sampleShape: [3, 32, 32])), [], outputs: 2)
        let cropped = net.node("images", .dataLoader(DataAttributes(batchSize: 50, cropSize: 224, sampleShape: [3, 256, 256])), [])
        let bare = net.node("bare", .dataLoader(DataAttributes()), [], outputs: 2)
        let hdf5 = net.node("hdf5", .dataLoader(DataAttributes(batchSize: 8, secondOutputIsLabels: false)), [], outputs: 2, sourceType: "HDF5Data")
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[imagenet[0]].shape == Shape([.known(256), .unknown, .known(227), .known(227)]))
        #expect(graph.tensors[imagenet[1]].shape == known(256))
        #expect(graph.tensors[memory[0]].shape == known(64, 3, 32, 32))
        #expect(graph.tensors[memory[1]].shape == known(64))
        #expect(graph.tensors[cropped[0]].shape == known(50, 3, 224, 224))
        #expect(graph.tensors[bare[0]].shape == nil)
        #expect(graph.tensors[bare[1]].shape == Shape([.unknown]))
        #expect(graph.tensors[hdf5[0]].shape == nil)
        #expect(graph.tensors[hdf5[1]].shape == nil)
    }

    @Test func declaredShapesAreKept() {
        var net = GraphSketch()
        let data = net.node("data", .dataLoader(DataAttributes(batchSize: 32, cropSize: 224)), [], outputs: 1)[0]
        net.graph.tensors[data].shape = known(32, 3, 224, 224)
        let conv = net.apply("conv", caffeConv(8, kernel: 3), data)
        net.graph.tensors[conv].shape = Shape([.symbolic("N"), .known(8), .unknown, .unknown])
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[data].shape == known(32, 3, 224, 224))
        #expect(graph.tensors[conv].shape == Shape([.symbolic("N"), .known(8), .unknown, .unknown]))
    }

    @Test func unknownOpsLeaveTheirOutputsUnknown() {
        var net = GraphSketch()
        let x = net.input("x", [1, 3, 300, 300])
        let prior = net.apply("priorbox", .unknown("PriorBox"), x)
        let relu = net.apply("relu", .relu, prior)
        let spp = net.apply("spp", .opaque("SPP"), x)
        let fc = net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 10)), relu)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[prior].shape == nil)
        #expect(graph.tensors[relu].shape == nil)
        #expect(graph.tensors[spp].shape == nil)
        // A fully connected layer's rank and width do not depend on its input.
        #expect(graph.tensors[fc].shape == Shape([.unknown, .known(10)]))
    }

    @Test func attributeDependentOpsStayUnknown() {
        let ops: [Op] = [.crop, .reduce(.mean), .argMax, .lstm(RecurrentAttributes(cell: .lstm, outputs: [.sequence])),
                         .rnn(RecurrentAttributes(cell: .simple, outputs: [.sequence]))]
        for op in ops {
            var net = GraphSketch()
            let x = net.input("x", [2, 3, 4, 5])
            let y = net.apply("op", op, x, x)
            #expect(net.inferred(y) == nil, "\(op)")
        }
    }

    @Test func unknownInputShapePropagatesWithoutCrashing() {
        var net = GraphSketch()
        let data = net.input("data", nil)
        let conv = net.apply("conv1", caffeConv(64, kernel: 7, stride: 2, pad: 3), data)
        let pool = net.apply("pool1", caffePool(kernel: 3, stride: 2), conv)
        let sum = net.apply("sum", .add, pool, pool)
        let joined = net.node("concat", .concat(axis: 1), [sum, pool])[0]
        let flat = net.apply("flatten", .flatten, joined)
        let pieces = net.node("slice", .slice(axis: 1), [flat], outputs: 2)
        let graph = ShapeInference.infer(net.graph)
        for id in [conv, pool, sum, joined, flat] + pieces {
            #expect(graph.tensors[id].shape == nil)
        }
    }

    @Test func danglingTensorIdsAreIgnored() {
        var net = GraphSketch()
        let x = net.input("x", [1, 3, 8, 8])
        let y = net.apply("relu", .relu, x)
        net.graph.nodes.append(Node(id: 99, name: "broken", op: .add, sourceType: "Eltwise", inputs: [x, 1234, -1],
                                    outputs: [y, 5678, -7], location: .startOf("sketch.prototxt")))
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[y].shape == known(1, 3, 8, 8))
        #expect(graph.tensors.count == net.graph.tensors.count)
    }

    @Test func subgraphsAreInferredToo() {
        var body = GraphSketch()
        let x = body.input("x", [2, 4])
        let y = body.apply("sigmoid", .sigmoid, x)
        var outer = GraphSketch()
        outer.input("cond", [])
        outer.graph.subgraphs = [body.graph]
        let graph = ShapeInference.infer(outer.graph)
        #expect(graph.subgraphs.first?.tensors[y].shape == known(2, 4))
    }
}
