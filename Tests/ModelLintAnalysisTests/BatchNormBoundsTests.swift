import Foundation
import ModelLintIR
import Testing
@testable import ModelLintAnalysis

/// Batch normalization with known statistics, bounded channel by channel
/// from constants computed once per node.
@Suite("Batch normalization bounds")
struct BatchNormBoundsTests {
    /// x - z -> BatchNormalization with two channels: inf - inf is NaN, so
    /// unlimited inputs give [-inf, inf] with NaN.
    private func net(scale: [Double], range: ClosedRange<Double>?) -> (GraphSketch, TensorID) {
        var net = GraphSketch()
        let x = net.input("x", [1, 2]), z = net.input("z", [1, 2])
        net.graph.tensors[x].declaredRange = range
        net.graph.tensors[z].declaredRange = range.map { _ in 0...0 }
        let d = net.apply("d", .sub, x, z)
        let s = net.input("s", Shape(known: [2]), constant: scale)
        let b = net.input("b", Shape(known: [2]), constant: [1, -1])
        let m = net.input("m", Shape(known: [2]), constant: [0, 0])
        let v = net.input("v", Shape(known: [2]), constant: [4, 1])
        let y = net.apply("bn", .batchNorm(epsilon: 0), d, s, b, m, v)
        return (net, y)
    }

    @Test func finiteInputIsBoundedPerChannelTheSameOnEveryRun() {
        let (sketch, y) = net(scale: [2, 3], range: 0...1)
        // x - z is in [0, 1]; channel 0: d * 2/2 + 1 in [1, 2]; channel 1: d * 3 - 1 in [-1, 2].
        let first = IntervalAnalysis.run(sketch.graph).interval(of: y)
        #expect(first.lo <= -1 && first.lo > -1.001 && first.hi >= 2 && first.hi < 2.001 && !first.mayBeNaN, "\(first)")
        // The second run reads the channels' constants from the cache: the same bounds.
        #expect(IntervalAnalysis.run(sketch.graph).interval(of: y) == first)
    }

    @Test func anythingInIsAnythingOutWhenAChannelPassesInfinity() {
        let (sketch, y) = net(scale: [0, 3], range: nil)
        let unlimited = IntervalAnalysis.Assumptions(undeclaredInputsUnlimited: true)
        let out = IntervalAnalysis.run(sketch.graph, assumptions: unlimited).interval(of: y)
        #expect(out.lo == -.infinity && out.hi == .infinity && out.mayBeNaN)
    }

    @Test func zeroScalesKeepTheOutputFiniteEvenForInfiniteInput() {
        // Every channel multiplies by 0: the output is the bias, or NaN (inf * 0).
        let (sketch, y) = net(scale: [0, 0], range: nil)
        let unlimited = IntervalAnalysis.Assumptions(undeclaredInputsUnlimited: true)
        let analysis = IntervalAnalysis.run(sketch.graph, assumptions: unlimited)
        let out = analysis.interval(of: y)
        #expect(out.mayBeNaN)
        #expect(analysis.interval(of: sketch.graph.nodes[0].outputs[0]) == Interval(-.infinity, .infinity, mayBeNaN: true))
        #expect(out.lo > -.infinity || out.hi < .infinity, "\(out)")
    }
}
