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
