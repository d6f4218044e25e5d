import ModelLintIR
import Testing
@testable import ModelLintAnalysis

@Suite("The interval interpreter over graphs")
struct IntervalAnalysisTests {
    private func declare(_ sketch: inout GraphSketch, _ name: String, _ range: ClosedRange<Double>) -> TensorID {
        let id = sketch.input(name, [1, 4])
        sketch.graph.tensors[id].declaredRange = range
        return id
    }

    @Test func declaredRangesFlowThroughActivations() {
        var net = GraphSketch()
        let x = declare(&net, "x", -2...3)
        let r = net.apply("relu", .relu, x)
        let s = net.apply("sig", .sigmoid, x)
        let l = net.apply("log", .log(base: nil, prelude: .identity), r)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: r).lo == 0 && analysis.interval(of: r).hi == 3)
        #expect(analysis.interval(of: s).lo > 0.1 && analysis.interval(of: s).hi < 1)
        // log of a ReLU output can see 0: -inf is possible.
        #expect(analysis.interval(of: l).lo == -.infinity)
        #expect(analysis.unboundedInputs.isEmpty)
    }

    @Test func undeclaredInputsAreAnyFiniteValueAndSaidSo() {
        var net = GraphSketch()
        let x = net.input("x", [1, 4])
        let e = net.apply("exp", .exp(base: nil, prelude: .identity), x)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: x).hi == Double(Float.greatestFiniteMagnitude))
        #expect(analysis.interval(of: e).hi == .infinity, "exp overflows in fp32")
        #expect(analysis.unboundedInputs == ["x"])
    }

    @Test func knownConvWeightsBoundTheOutputPerChannel() {
        var net = GraphSketch()
        let x = declare(&net, "x", 0...1)
        // Two output channels of 1x1x1 kernels: weights 2 and -3, biases 1 and 0.
        let w = net.input("w", Shape(known: [2, 1, 1, 1]), constant: [2, -3])
        let b = net.input("b", Shape(known: [2]), constant: [1, 0])
        let y = net.apply("conv", .conv(ConvAttributes(outputChannels: 2, kernel: [1, 1], strides: [], padsBegin: [],
                                                        padsEnd: [], dilations: [])), x, w, b)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        // Channel 0: [1, 3]; channel 1: [-3, 0]; joined: [-3, 3] (up to rounding slack).
        #expect(interval.lo <= -3 && interval.lo > -3.001)
        #expect(interval.hi >= 3 && interval.hi < 3.001)
    }

    @Test func unknownOpsAreTopWithNaNNeverSafe() {
        var net = GraphSketch()
        let x = declare(&net, "x", 0...1)
        let y = net.apply("mystery", .unknown("FancyOp"), x)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: y) == .top)
        #expect(analysis.opaqueNodes == [net.graph.nodes[0].id])
    }

    @Test func caffeDataLayerScaleGivesTheUnitRange() {
        var net = GraphSketch()
        let outputs = net.node("mnist", .dataLoader(DataAttributes(batchSize: 64, scale: 0.00390625)), [], outputs: 2)
        let interval = IntervalAnalysis.run(net.graph).interval(of: outputs[0])
        #expect(interval.lo == 0 && interval.hi == 0.99609375)
    }
}
