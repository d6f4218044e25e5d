import Foundation
import ModelLintIR
import Testing
@testable import ModelLintAnalysis

@Suite("Weight-aware bounds and the relational idioms")
struct LinearAndIdiomBoundsTests {
    private func declare(_ sketch: inout GraphSketch, _ name: String, _ range: ClosedRange<Double>, dims: [Int] = [1, 3]) -> TensorID {
        let id = sketch.input(name, dims)
        sketch.graph.tensors[id].declaredRange = range
        return id
    }

    @Test func gemmWithTransposedWeightsAlphaAndBetaIsBoundedPerOutput() {
        var net = GraphSketch()
        let x = declare(&net, "x", 0...1)
        // transB: 1, so B is (N=2, K=3): row 0 sums to 3 (all ones), row 1 is [-1, 0, 0].
        let w = net.input("w", Shape(known: [2, 3]), constant: [1, 1, 1, -1, 0, 0])
        let c = net.input("c", Shape(known: [2]), constant: [10, 20])
        let gemm = FullyConnectedAttributes(alpha: 2, beta: 0.5, weightsOutputMajor: true)
        let y = net.apply("gemm", .fullyConnected(gemm), x, w, c)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        // Output 0: 2 * [0, 3] + 5 = [5, 11]; output 1: 2 * [-1, 0] + 10 = [8, 10]; joined [5, 11].
        #expect(interval.lo <= 5 && interval.lo > 4.99)
        #expect(interval.hi >= 11 && interval.hi < 11.01)
    }

    @Test func gemmWithWeightsStoredKByNReadsColumns() {
        var net = GraphSketch()
        let x = declare(&net, "x", -1...1)
        // B is (K=3, N=2): column 0 is [1, 1, 1], column 1 is [0, 0, 4].
        let w = net.input("w", Shape(known: [3, 2]), constant: [1, 0, 1, 0, 1, 4])
        let y = net.apply("gemm", .fullyConnected(FullyConnectedAttributes(weightsOutputMajor: false)), x, w)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        #expect(interval.lo <= -4 && interval.lo > -4.01 && interval.hi >= 4 && interval.hi < 4.01)
    }

    @Test func unknownWeightsAreUnboundedUnlessAWeightBoundIsAssumed() {
        var net = GraphSketch()
        let x = declare(&net, "x", 0...1, dims: [1, 8])
        let y = net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 4)), x)
        #expect(IntervalAnalysis.run(net.graph).interval(of: y) == Interval(-.infinity, .infinity))
        let bounded = IntervalAnalysis.run(net.graph, assumptions: .init(weightBound: 2)).interval(of: y)
        // 8 products in [-2, 2] plus a bias in [-2, 2]: |y| <= 18.
        #expect(bounded.hi >= 18 && bounded.hi < 18.01 && bounded.lo <= -18 && bounded.lo > -18.01)
    }

    @Test func weightBoundAlsoBoundsCaffeScaleLayers() {
        var net = GraphSketch()
        let x = declare(&net, "x", -1...1)
        let y = net.apply("scale", .scale, x)
        #expect(IntervalAnalysis.run(net.graph).interval(of: y).hi == .infinity)
        let bounded = IntervalAnalysis.run(net.graph, assumptions: .init(weightBound: 3)).interval(of: y)
        // x * gamma + beta with |gamma|, |beta| <= 3: [-6, 6].
        #expect(bounded.lo == -6 && bounded.hi == 6)
    }

    @Test func aTensorTimesItselfIsNeverNegative() {
        var net = GraphSketch()
        let x = declare(&net, "x", -3...2)
        let other = declare(&net, "other", -3...2)
        let square = net.apply("square", .mul, x, x)
        let product = net.apply("product", .mul, x, other)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: square) == Interval(0, 9))
        #expect(analysis.interval(of: product) == Interval(-6, 9))
    }

    @Test func rootOfMeanSquarePlusEpsilonNeverDividesByZero() {
        // RMSNorm by hand: x / sqrt(mean(x * x) + eps).
        var net = GraphSketch()
        let x = net.input("x", [1, 3])
        let eps = net.input("eps", Shape(known: []), constant: [1e-5])
        let square = net.apply("square", .mul, x, x)
        let mean = net.apply("mean", .reduce(.mean), square)
        let shifted = net.apply("shift", .add, mean, eps)
        let root = net.apply("root", .sqrt, shifted)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: shifted).lo >= 1e-5 * 0.99)
        #expect(!analysis.interval(of: root).containsZero && !analysis.interval(of: root).mayBeNaN)
    }

    @Test func typesOfComputedValuesFollowTheirInputs() {
        var net = GraphSketch()
        let x = net.input("x", [1, 3])
        net.graph.tensors[x].dtype = .float16
        let t = net.apply("tanh", .tanh, x)
        let c = net.apply("cast", .cast(to: .float32), t)
        let s = net.apply("shape", .shapeOf(countOnly: false), c)
        for id in [t, c, s] { net.graph.tensors[id].dtype = .unknown }
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensor(t).dtype == .float16)
        #expect(graph.tensor(c).dtype == .float32)
        #expect(graph.tensor(s).dtype == .int64)
    }

    @Test func unroundedOutputsTellOverflowFromUnknownMagnitude() {
        var net = GraphSketch()
        let x = declare(&net, "x", -300...300)
        net.graph.tensors[x].dtype = .float16
        let square = net.apply("square", .mul, x, x)
        let fc = net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 2)), x)
        for id in [square, fc] { net.graph.tensors[id].dtype = .float16 }
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: square).hi == .infinity, "300^2 = 90000 > 65504")
        #expect(analysis.unroundedOutputs(of: net.graph.nodes[0], in: net.graph)?.first == Interval(0, 90000))
        #expect(analysis.unroundedOutputs(of: net.graph.nodes[1], in: net.graph)?.first?.hi == .infinity)
    }
}

@Suite("Normalization written by hand")
struct NormalizedQuotientTests {
    /// `a / sqrt(mean(a * a) + eps)` over `count` elements, a in [-1000, 1000].
    private func rmsNorm(count: Int, eps: Double, square: (inout GraphSketch, TensorID) -> TensorID) -> (GraphSketch, TensorID) {
        var net = GraphSketch()
        let a = net.input("a", [1, count])
        net.graph.tensors[a].declaredRange = -1000...1000
        let epsilon = net.input("eps", Shape(known: []), constant: [eps])
        let mean = net.apply("mean", .reduce(.mean), square(&net, a))
        let root = net.apply("root", .sqrt, net.apply("shift", .add, mean, epsilon))
        let y = net.apply("normalize", .div, a, root)
        return (net, y)
    }

    @Test func rootMeanSquareBoundsTheQuotientBySqrtN() {
        let (net, y) = rmsNorm(count: 16, eps: 1e-6) { net, a in net.apply("square", .mul, a, a) }
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        // Without the idiom: 1000 / sqrt(1e-6) = 1e6. With it: sqrt(16) = 4, plus rounding slack.
        #expect(interval.hi >= 4 && interval.hi < 4.01 && interval.lo <= -4 && interval.lo > -4.01)
    }

    @Test func powTwoIsASquareToo() {
        let (net, y) = rmsNorm(count: 9, eps: 1e-5) { net, a in
            let two = net.input("two", Shape(known: []), constant: [2])
            return net.apply("square", .pow(exponent: 2, prelude: .identity), a, two)
        }
        #expect(IntervalAnalysis.run(net.graph).interval(of: y).hi < 3.01)
    }

    @Test func aDifferentNumeratorGetsNoSuchBound() {
        var (net, _) = rmsNorm(count: 16, eps: 1e-6) { net, a in net.apply("square", .mul, a, a) }
        let other = net.input("other", [1, 16])
        net.graph.tensors[other].declaredRange = -1000...1000
        let root = net.graph.nodes.first { $0.name == "root" }!.outputs[0]
        let y = net.apply("foreign", .div, other, root)
        #expect(IntervalAnalysis.run(net.graph).interval(of: y).hi > 1e5, "other is not what the mean squares")
    }
}

@Suite("The argument rules judge")
struct HazardArgumentTests {
    @Test func caffeExpOverflowsInsideBeforeItsShiftIsApplied() {
        // exp(-100 + x) for x in [0, 95]: the whole exponent stays below 88.7, but
        // Caffe computes exp(-100) * exp(x), and exp(95) is inf in fp32.
        var net = GraphSketch()
        let x = net.input("x", [1, 4])
        net.graph.tensors[x].declaredRange = 0...95
        _ = net.apply("exp", .exp(base: nil, prelude: AffinePrelude(scale: 1, shift: -100)), x)
        let argument = IntervalAnalysis.run(net.graph).argument(of: net.graph.nodes[0])
        #expect(argument.hi >= 95 && argument.lo <= -100)
    }
}

@Suite("Softmax bounds from the spread of its input")
struct SoftmaxBoundTests {
    private func run(_ op: Op, _ range: ClosedRange<Double>) -> Interval {
        var net = GraphSketch()
        let x = net.input("x", [2, 10])
        net.graph.tensors[x].declaredRange = range
        let y = net.apply("softmax", op, x)
        return IntervalAnalysis.run(net.graph).interval(of: y)
    }

    @Test func boundedLogitsGiveAPositiveProbabilityAndAFiniteLogProbability() {
        // 10 logits in [-2, 3]: p >= exp(-5) / 10, log p >= -5 - log 10.
        let p = run(.softmax(axis: -1), -2...3)
        #expect(p.lo > 0 && p.lo <= Foundation.exp(-5) / 10 && p.hi == 1)
        let logP = run(.logSoftmax(axis: -1), -2...3)
        #expect(logP.lo <= -5 - Foundation.log(10) && logP.lo > -7.31 && logP.hi == 0)
    }

    @Test func logitsSpreadBeyondTheRangeKeepTheOldBounds() {
        #expect(run(.logSoftmax(axis: -1), -3e38...3e38).lo == -.infinity)
        #expect(run(.softmax(axis: -1), -3e38...3e38).lo == 0)
    }
}
