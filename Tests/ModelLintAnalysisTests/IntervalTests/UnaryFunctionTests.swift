import Foundation
import ModelLintIR
import Testing
@testable import ModelLintAnalysis

@Suite("Transfer functions of the ONNX element-wise functions")
struct UnaryFunctionTests {
    let math = IntervalArithmetic(dtype: .float32)

    private func apply(_ function: UnaryFunction, _ lo: Double, _ hi: Double) -> Interval {
        UnaryFunctions.output(function, Interval(lo, hi), math: math)
    }

    @Test func valleysReachTheirMinimumOnlyWhenTheIntervalHoldsIt() {
        let across = apply(.gelu, -3, 2)
        #expect(across.lo < -0.1699 && across.lo > -0.171 && across.hi >= 1.954 && across.hi < 1.96)
        let right = apply(.gelu, 0, 1)
        #expect(right.lo <= 0 && right.lo > -1e-6, "gelu is increasing right of -0.75")
        let swish = apply(.hardSwish, -10, -3)
        #expect(swish.lo <= 0 && swish.hi >= 0 && swish.hi < 1e-6, "hard swish is 0 below -3")
        #expect(apply(.hardSwish, -2, 3).lo <= -0.375)
        #expect(apply(.mish, -5, 5).lo < -0.308)
    }

    @Test func boundedFunctionsStayInTheirRangeAndSayWhenInfinityGivesNaN() {
        #expect(apply(.erf, -.infinity, .infinity) == Interval(-1, 1))
        #expect(apply(.sin, -1e9, 1e9) == Interval(-1, 1))
        #expect(apply(.sin, -.infinity, 0).mayBeNaN, "sin(-inf) is NaN")
        #expect(apply(.softsign, 0, .infinity).mayBeNaN, "inf / (1 + inf) is NaN")
        #expect(apply(.hardSigmoid(alpha: 0.2, beta: 0.5), -100, 100) == Interval(0, 1))
        #expect(apply(.sign, -3, 0) == Interval(-1, 0))
    }

    @Test func piecewiseAndRoundingFunctionsAreExact() {
        #expect(apply(.neg, -2, 5) == Interval(-5, 2))
        #expect(apply(.floor, -1.5, 2.5) == Interval(-2, 2))
        #expect(apply(.ceil, -1.5, 2.5) == Interval(-1, 3))
        #expect(apply(.thresholdedRelu(alpha: 1), -3, 0.5) == Interval(0, 0))
        #expect(apply(.thresholdedRelu(alpha: 1), 2, 5) == Interval(2, 5))
    }

    @Test func layerNormalizationIsBoundedByTheGroupSizeWhateverItsInput() {
        var net = GraphSketch()
        let x = net.input("x", [2, 17])
        net.graph.tensors[x].declaredRange = -1e6...1e6
        let y = net.apply("ln", .normalize(NormalizeAttributes(grouping: .fromAxis(-1), epsilon: 1e-5)), x)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        // 17 values: |z| <= sqrt(16) = 4.
        #expect(interval.hi >= 4 && interval.hi < 4.01 && !interval.mayBeNaN)
    }
}

@Suite("Transfer functions of losses, quantization and further reductions")
struct FurtherTransferTests {
    private func single(_ op: Op, _ range: ClosedRange<Double>, dims: [Int] = [1, 4], extra: [(Shape, [Double])] = []) -> Interval {
        var net = GraphSketch()
        let x = net.input("x", dims)
        net.graph.tensors[x].declaredRange = range
        var inputs = [x]
        for (index, (shape, values)) in extra.enumerated() { inputs.append(net.input("c\(index)", shape, constant: values)) }
        let y = net.node("op", op, inputs)[0]
        return IntervalAnalysis.run(net.graph).interval(of: y)
    }

    @Test func caffeMultinomialLogisticLossIsBoundedByItsClamp() {
        // Probabilities that reach 0: log(0) would be -inf, but Caffe clamps at 1e-20.
        let loss = single(.loss(.multinomialLogistic), 0...1)
        #expect(loss.lo == 0 && loss.hi >= 46.05 && loss.hi < 46.06 && !loss.mayBeNaN)
    }

    @Test func negativeLogLikelihoodIsNonNegativeOnlyOnLogProbabilities() {
        #expect(single(.loss(.negativeLogLikelihood), -30...0) == Interval(0, .infinity))
        #expect(single(.loss(.negativeLogLikelihood), -1...1) == Interval(-.infinity, .infinity))
    }

    @Test func dequantizeAndQuantizeMapBetweenRanges() {
        let real = single(.dequantize, -128...127, extra: [(Shape(known: []), [0.5]), (Shape(known: []), [-10])])
        #expect(real == Interval(-59, 68.5))
        #expect(single(.quantize(to: .uint8), -1e9...1e9, extra: [(Shape(known: []), [0.1])]) == Interval(0, 255))
    }

    @Test func logSumExpLiesBetweenTheMaximumAndLogNMore() {
        let r = single(.reduce(.logSumExp), -2...3, dims: [1, 8])
        #expect(r.lo <= -2 && r.lo > -2.001 && r.hi >= 3 + Foundation.log(8.0) && r.hi < 3 + Foundation.log(8.0) + 0.001)
    }

    @Test func inverseTrigonometryFlagsNaNOutsideItsDomain() {
        let math = IntervalArithmetic(dtype: .float32)
        let inside = UnaryFunctions.output(.acos, Interval(-1, 1), math: math)
        #expect(inside.lo <= 0 && inside.hi >= Double.pi - 1e-6 && !inside.mayBeNaN)
        #expect(UnaryFunctions.output(.asin, Interval(0, 2), math: math).mayBeNaN)
        #expect(UnaryFunctions.output(.acosh, Interval(0, 0.5), math: math).isNumericEmpty)
    }
}
