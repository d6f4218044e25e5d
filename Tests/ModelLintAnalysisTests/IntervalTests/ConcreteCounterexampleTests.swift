import Foundation
import ModelLintAnalysis
import ModelLintIR
import Testing

// One test per unsoundness the concrete soundness property
// (Soundness/ConcreteSoundnessTests.swift) found: the smallest graph that
// shows it, the value a plain fp32 kernel computes there, and the interval
// that must now hold it.

/// Whether `interval` admits the concrete `value` (NaN only where it may be NaN).
private func admits(_ interval: Interval, _ value: Double) -> Bool {
    value.isNaN ? interval.mayBeNaN : interval.contains(value)
}

/// A graph input of `dims` whose declared range is the single value `v`
/// (or `lo...hi`); every element of it is set to `v` (or `lo`) when evaluated.
private func declare(_ net: inout GraphSketch, _ name: String, _ dims: [Int], _ lo: Double, _ hi: Double? = nil) -> TensorID {
    let id = net.input(name, dims)
    net.graph.tensors[id].declaredRange = lo...(hi ?? lo)
    return id
}

private func constant(_ net: inout GraphSketch, _ name: String, _ dims: [Int], _ values: [Double]) -> TensorID {
    net.input(name, Shape(known: dims), constant: values)
}

/// Runs the interpreter and the concrete evaluator (every input at the low
/// end of its declared range unless `inputs` says otherwise) and returns,
/// for `tensor`, its interval and its concrete values.
private func run(_ net: GraphSketch, _ tensor: TensorID, inputs: [TensorID: [Double]] = [:],
                 flavor: KernelFlavor = KernelFlavor(nanPropagatingMinMax: true)) throws -> (interval: Interval, values: [Double]) {
    let graph = ShapeInference.infer(net.graph)
    let analysis = IntervalAnalysis.run(graph)
    var concrete: [TensorID: ConcreteTensor] = [:]
    for id in graph.inputs where graph.tensors[id].constant == nil {
        let shape = graph.tensors[id].shape!.knownValues!
        let values = inputs[id] ?? Array(repeating: graph.tensors[id].declaredRange!.lowerBound, count: elementCount(shape))
        concrete[id] = ConcreteTensor(shape: shape, values: values, dtype: .float32)
    }
    var evaluator = ConcreteEvaluator(graph: graph, flavor: flavor)
    try evaluator.run(inputs: concrete)
    return (analysis.interval(of: tensor), evaluator.values[tensor]!.values)
}

@Suite("Counterexamples the concrete soundness property found")
struct ConcreteCounterexampleTests {
    // MARK: Reductions and pooling: rounding drift and overflow of the sum

    @Test func sumsAllowForTheRoundingOfEveryPartialSum() throws {
        // 100 × 0.1f summed in Float is 10.0000019, above 100 × 0.1f rounded up (10.00000095).
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 100], Double(Float(0.1)))
        let y = net.node("sum", .reduce(.sum), [x], sourceType: "ReduceSum axes=0,1 keepdims=1")[0]
        let (interval, values) = try run(net, y)
        #expect(values == [Double(Float(10.000002))])
        #expect(admits(interval, values[0]), "\(values[0]) ∉ \(interval)")
    }

    @Test func aMeanCanOverflowAndLeaveItsElementsRange() throws {
        // 3e38 + 3e38 is inf in fp32, and inf / 2 stays inf.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], 3e38)
        let y = net.node("mean", .reduce(.mean), [x], sourceType: "ReduceMean axes=1 keepdims=1")[0]
        let (interval, values) = try run(net, y)
        #expect(values == [.infinity])
        #expect(admits(interval, values[0]), "\(interval)")
        // A mean of unknown length keeps only the sign of its elements.
        var unknown = GraphSketch()
        let z = unknown.input("z", Shape([.known(1), .unknown]))
        unknown.graph.tensors[z].declaredRange = 1...2
        let m = unknown.apply("mean", .reduce(.mean), z)
        #expect(IntervalAnalysis.run(unknown.graph).interval(of: m) == Interval(0, .infinity))
    }

    @Test func averagePoolingSumsItsWindowFirst() throws {
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1, 2, 2], -3e38)
        let y = net.node("pool", caffePool(.average, kernel: 2, stride: 1), [x], sourceType: "AveragePool")[0]
        let (interval, values) = try run(net, y)
        #expect(values == [-.infinity])
        #expect(admits(interval, values[0]), "\(interval)")
    }

    // MARK: Linear layers: partial sums overflow

    @Test func knownWeightsWhoseProductsOverflowGiveInfinityOrNaN() throws {
        // 1e5 * 4e33 = 4e38 is inf; the exact dot product 1e5 * (4e33 - 1e33) = 3e38 is finite.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], 1e5)
        let w = constant(&net, "w", [2, 1], [4e33, -1e33])
        let y = net.apply("matmul", .matMul, x, w)
        let (interval, values) = try run(net, y)
        #expect(values == [.infinity])
        #expect(admits(interval, values[0]), "\(interval)")
        // With weights 4e33 and -4e33, inf - inf.
        var both = GraphSketch()
        let x2 = declare(&both, "x", [1, 2], 1e5)
        let w2 = constant(&both, "w", [2, 1], [4e33, -4e33])
        let y2 = both.apply("matmul", .matMul, x2, w2)
        let (interval2, values2) = try run(both, y2)
        #expect(values2[0].isNaN)
        #expect(interval2.mayBeNaN)
    }

    @Test func gemmOfHugeInputsMayBeNaN() throws {
        // The partial sums of 3e38 * 2 + 3e38 * -2 overflow both ways: inf - inf.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], 3e38)
        let w = constant(&net, "w", [2, 1], [2, -2])
        let b = constant(&net, "b", [1], [0])
        let y = net.apply("gemm", .fullyConnected(FullyConnectedAttributes(weightsOutputMajor: false)), x, w, b)
        let (interval, values) = try run(net, y)
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
        #expect(!IntervalAnalysis.run(ShapeInference.infer(withInput(net, x, 1...2))).interval(of: y).mayBeNaN)
    }

    @Test func unknownWeightsOfAnInfiniteInputMayBeNaN() {
        // inf * 0 or inf - inf, whatever the (moderate) weights.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], 0, 1)
        let l = net.apply("log", .log(base: nil, prelude: .identity), x)   // [-inf, 0]
        let y = net.apply("fc", .fullyConnected(FullyConnectedAttributes(outputs: 4)), l)
        #expect(IntervalAnalysis.run(net.graph).interval(of: y).mayBeNaN)
    }

    // MARK: Per-channel layers and normalization

    @Test func scaleBiasAndPReluUseTheirSecondInput() throws {
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], 3e38)
        let s = constant(&net, "s", [2], [2, 0.5])
        let scaled = net.apply("scale", .scale, x, s)
        let (interval, values) = try run(net, scaled)
        #expect(values == [.infinity, Double(Float(3e38) * 0.5)])
        #expect(values.allSatisfy { admits(interval, $0) }, "\(interval)")

        var prelu = GraphSketch()
        let z = declare(&prelu, "z", [1, 2], -2, -1)
        let slope = constant(&prelu, "slope", [2], [0.5, -3])
        let y = prelu.apply("prelu", .prelu, z, slope)
        let interval2 = try run(prelu, y).interval
        #expect(interval2.lo <= -1 && interval2.hi >= 6 && !interval2.mayBeNaN, "\(interval2)")
    }

    @Test func foldedBatchNormalizationIsCoveredToo() throws {
        // onnxruntime computes x * a + (B - mean * a): with var + eps = 0, a is inf, and
        // x * inf + (B - mean * inf) is inf - inf where the formula's (x - mean) / 0 is inf.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 1)
        let scale = constant(&net, "scale", [1], [1]), bias = constant(&net, "bias", [1], [0])
        let mean = constant(&net, "mean", [1], [0.5]), variance = constant(&net, "var", [1], [0])
        let y = net.apply("bn", .batchNorm(epsilon: 0), x, scale, bias, mean, variance)
        let folded = KernelFlavor(nanPropagatingMinMax: true, foldedBatchNorm: true)
        let (interval, values) = try run(net, y, flavor: folded)
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
        // And its roundings: x = mean = 3e38, a = 0.5: 1.5e38 - 1.5e38 against (x - mean) * 0.5 = 0.
        var huge = GraphSketch()
        let z = declare(&huge, "z", [1, 1], Double(Float(3e38)))
        let s2 = constant(&huge, "scale", [1], [0.5]), b2 = constant(&huge, "bias", [1], [1])
        let m2 = constant(&huge, "mean", [1], [Double(Float(3e38))]), v2 = constant(&huge, "var", [1], [1])
        let w = huge.apply("bn", .batchNorm(epsilon: 0), z, s2, b2, m2, v2)
        let (interval2, values2) = try run(huge, w, flavor: folded)
        #expect(admits(interval2, values2[0]), "\(values2) ⊄ \(interval2)")
    }

    @Test func meanVarianceNormalizationMayBeNaN() throws {
        // Caffe: the sum of two -3e38 is -inf, x - mean is inf, the deviation inf: inf / inf.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1, 1, 2], -3e38)
        let y = net.node("mvn", .mvn, [x], sourceType: "MVN")[0]
        let (interval, values) = try run(net, y)
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
        // ONNX's function body computes Var = E[x^2] - E[x]^2: for three 0.1f that is
        // -9.3e-10 in fp32, and its square root NaN.
        var onnx = GraphSketch()
        let z = declare(&onnx, "z", [1, 1, 1, 3], Double(Float(0.1)))
        let w = onnx.node("mvn", .mvn, [z], sourceType: "MeanVarianceNormalization")[0]
        let (interval2, values2) = try run(onnx, w)
        #expect(values2.allSatisfy { $0.isNaN })
        #expect(interval2.mayBeNaN)
    }

    @Test func localResponseNormalizationOfInfinityIsNaN() throws {
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2, 1, 1], 0, 1)
        let k = constant(&net, "k", [], [100])
        let scaled = net.apply("scale", .mul, x, k)
        let big = net.apply("exp", .exp(base: nil, prelude: .identity), scaled)   // exp(100) is inf
        let y = net.node("lrn", .lrn, [big], sourceType: "LRN")[0]
        let (interval, values) = try run(net, y, inputs: [x: [1, 1]])
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
    }

    // MARK: Activations

    @Test func swishOfMinusInfinityIsNaN() throws {
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 0, 1)
        let l = net.apply("log", .log(base: nil, prelude: .identity), x)
        let y = net.apply("swish", .swish, l)
        let (interval, values) = try run(net, y)
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
    }

    @Test(arguments: [DType.float16, .bfloat16]) func swishMinimumRoundsOutwardIn16Bits(_ dtype: DType) {
        // x * sigmoid(x) is -0.27846 at x = -1.2785: -0.27856 in fp16, -0.2793 in bf16.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], -2, 0)
        let y = net.apply("swish", .swish, x)
        net.graph.tensors[y].dtype = dtype
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        let k = DTypeKernel(dtype: dtype)
        let values = (0...400).map { step -> Double in
            let v = Float(-1.1 - Double(step) * 0.0005)
            return k.store(v * (1 / (1 + Foundation.exp(-v))))
        }
        #expect(values.allSatisfy { admits(interval, $0) }, "\(values.min()!) ∉ \(interval)")
    }

    @Test func caffeSoftplusLosesTheTinyValuesInItsSum() throws {
        // BNLL computes log(1. + exp(x)) with the sum in double: at x = -40 that is log(1) = 0.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 2], -40, -25.270994186401367)
        let y = net.apply("bnll", .softplus, x)
        let (interval, values) = try run(net, y, inputs: [x: [-40, Double(Float(-25.270994186401367))]],
                                         flavor: KernelFlavor(nanPropagatingMinMax: true, alternativeFormulas: true))
        #expect(values[0] == 0)
        #expect(values.allSatisfy { admits(interval, $0) }, "\(values) ⊄ \(interval)")
    }

    @Test func leakyReluWithSlopeZeroOfMinusInfinityIsNaN() throws {
        // 0 * -inf.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 0, 1)
        let l = net.apply("log", .log(base: nil, prelude: .identity), x)
        let y = net.apply("leaky", .leakyRelu(slope: 0), l)
        let (interval, values) = try run(net, y)
        #expect(values[0].isNaN)
        #expect(interval.mayBeNaN)
    }

    // MARK: The x - ReduceMax(x) idiom

    @Test func aMaximumBroadcastAlongTheWrongAxisIsNotProvedNonPositive() throws {
        // ReduceMax over axis 1 without keepdims has shape (2); broadcast against
        // x (2, 2) it lines up with axis 1: x[i][j] - max(row j), here 5 - 3.
        var net = GraphSketch()
        let x = declare(&net, "x", [2, 2], 0, 10)
        let m = net.node("max", .reduce(.max), [x], sourceType: "ReduceMax axes=1 keepdims=0")[0]
        net.graph.tensors[m].shape = Shape(known: [2])
        let d = net.apply("sub", .sub, x, m)
        let (interval, values) = try run(net, d, inputs: [x: [1, 5, 3, 2]])
        #expect(values.contains(2))
        #expect(values.allSatisfy { admits(interval, $0) }, "\(values) ⊄ \(interval)")
    }

    @Test func aMaximumThatLinesUpStaysProved() {
        // keepdims shape (2, 1): proved.
        var kept = GraphSketch()
        let x = declare(&kept, "x", [2, 2], 0, 10)
        let m = kept.apply("max", .reduce(.max), x)
        kept.graph.tensors[m].shape = Shape(known: [2, 1])
        let d = kept.apply("sub", .sub, x, m)
        #expect(IntervalAnalysis.run(kept.graph).interval(of: d).hi == 0)
        // Shape unknown, x (1, 4): every choice of axes and keepdims lines up.
        var row = GraphSketch()
        let r = declare(&row, "r", [1, 4], 0, 10)
        let rm = row.apply("max", .reduce(.max), r)
        let rd = row.apply("sub", .sub, r, rm)
        #expect(IntervalAnalysis.run(row.graph).interval(of: rd).hi == 0)
        // Shape unknown, x (2, 2): axis 1 without keepdims would not.
        var square = GraphSketch()
        let s = declare(&square, "s", [2, 2], 0, 10)
        let sm = square.apply("max", .reduce(.max), s)
        let sd = square.apply("sub", .sub, s, sm)
        #expect(IntervalAnalysis.run(square.graph).interval(of: sd).hi == 10)
    }

    // MARK: Casts

    @Test func castOutOfTheIntegerRangeIsAnyValue() throws {
        // x86 converts 3e38 to INT32_MIN.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 3e38)
        let y = net.apply("cast", .cast(to: .int32), x)
        net.graph.tensors[y].dtype = .int32
        let (interval, values) = try run(net, y)
        #expect(values == [-2147483648])
        #expect(admits(interval, values[0]), "\(interval)")
        // Within range: truncation. To bool: x != 0.
        var small = GraphSketch()
        let z = declare(&small, "z", [1, 1], -2.5, 0.5)
        let i = small.apply("cast", .cast(to: .int8), z)
        let b = small.apply("bool", .cast(to: .bool), z)
        let analysis = IntervalAnalysis.run(small.graph)
        #expect(analysis.interval(of: i) == Interval(-2, 0))
        #expect(analysis.interval(of: b) == Interval(0, 1))
    }

    // MARK: Caffe's Exp, Log and Power, attributes held as floats

    @Test func caffeExpOverflowsBeforeApplyingItsShift() throws {
        // Caffe computes e^-10 * exp(89): exp(89) is inf in fp32, though e^(89 - 10) is not.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 89)
        let y = net.node("exp", .exp(base: nil, prelude: AffinePrelude(scale: 1, shift: -10)), [x], sourceType: "Exp")[0]
        let (interval, values) = try run(net, y)
        #expect(values == [.infinity])
        #expect(admits(interval, values[0]), "\(interval)")
    }

    @Test func caffeLogHoldsItsBaseAsAFloat() throws {
        // ln(0.99791871...) is -0.00208: its float rounding moves 1 / ln(base) by 6e-6.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 0)
        let y = net.node("log", .log(base: 0.9979187114457394, prelude: AffinePrelude(scale: 0.5, shift: 7.772512912750244)),
                         [x], sourceType: "Log")[0]
        let (interval, values) = try run(net, y)
        #expect(admits(interval, values[0]), "\(values[0]) ∉ \(interval)")
    }

    @Test func powerUsesItsExponentAsAFloat() throws {
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], 0.004211984574794769)
        let y = net.apply("pow", .pow(exponent: 3.67622364279858, prelude: .identity), x)
        let (interval, values) = try run(net, y)
        #expect(admits(interval, values[0]), "\(values[0]) ∉ \(interval)")
    }

    @Test func caffePowerWithScaleZeroIgnoresItsInput() throws {
        // power * scale == 0: Caffe fills shift ^ power, even where x is NaN.
        var net = GraphSketch()
        let x = declare(&net, "x", [1, 1], -1)
        let nan = net.apply("sqrt", .sqrt, x)
        let y = net.node("power", .pow(exponent: 2, prelude: AffinePrelude(scale: 0, shift: 3)), [nan], sourceType: "Power")[0]
        let (interval, values) = try run(net, y)
        #expect(values == [9])
        #expect(admits(interval, values[0]), "\(interval)")
    }
}

/// `net` with the declared range of `x` replaced.
private func withInput(_ net: GraphSketch, _ x: TensorID, _ range: ClosedRange<Double>) -> Graph {
    var graph = net.graph
    graph.tensors[x].declaredRange = range
    return graph
}
