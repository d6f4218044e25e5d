import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintAnalysis

/// Values onnxruntime computes that the interpreter once put outside their
/// intervals, found while building the onnxruntime oracle
/// (ModelLintTests/RuntimeSoundnessTests), each with a kernel written here
/// that reproduces it without onnxruntime.
@Suite("Interval soundness against runtime kernels")
struct IntervalRuntimeRegressionTests {
    private func declared(_ net: inout GraphSketch, _ name: String, _ dims: [Int], _ range: ClosedRange<Double>) -> TensorID {
        let id = net.input(name, dims)
        net.graph.tensors[id].declaredRange = range
        return id
    }

    private static let globalAverage = Op.pool(PoolAttributes(kind: .average, kernel: [], strides: [], padsBegin: [],
                                                              padsEnd: [], isGlobal: true, arithmetic: .floor))

    /// onnxruntime 1.32's GlobalAveragePool of 49 copies of v returns the
    /// float after v: a mean rounds, so it is not confined to [lo, hi].
    @Test func globalAveragePoolOfEqualValuesMayRoundAboveThem() {
        let v = 6.405920505523682  // a Float
        var net = GraphSketch()
        let x = declared(&net, "x", [1, 1, 7, 7], v...v)
        let y = net.apply("gap", Self.globalAverage, x)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        #expect(interval.contains(6.40592098236084), "\(interval)")
        #expect(interval.hi - interval.lo < 1e-4, "still tight: \(interval)")
    }

    /// Float kernels that sum in different orders (one accumulator, eight
    /// lanes added pairwise) and divide (or multiply by the reciprocal): every
    /// result lies in the interval of a mean, a sum and an average pool.
    @Test func reductionsHoldWhatFloatKernelsCompute() {
        var rng = SeededRandom(seed: 0x5EED_0A7E)
        var failures: [String] = []
        for trial in 0..<400 {
            let n = [2, 3, 9, 49, 196, 1000][trial % 6]
            let a = Float.random(in: -4...4, using: &rng), b = Float.random(in: -4...4, using: &rng)
            let lo = Swift.min(a, b), hi = trial % 3 == 0 ? lo : Swift.max(a, b)
            // Mostly at the ends, where rounding pushes a result out.
            let values: [Float] = (0..<n).map { _ in
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: return lo
                case 1, 2: return hi
                default: return Float.random(in: lo...hi, using: &rng)
                }
            }
            var sequential: Float = 0
            for value in values { sequential += value }
            var lanes = [Float](repeating: 0, count: 8)
            for (index, value) in values.enumerated() { lanes[index % 8] += value }
            while lanes.count > 1 { lanes = stride(from: 0, to: lanes.count, by: 2).map { lanes[$0] + lanes[$0 + 1] } }
            let sums = [sequential, lanes[0]]
            let means = sums.flatMap { [$0 / Float(n), $0 * (1 / Float(n))] }

            var net = GraphSketch()
            let x = declared(&net, "x", [1, n], Double(lo)...Double(hi))
            let mean = net.apply("mean", .reduce(.mean), x)
            let sum = net.apply("sum", .reduce(.sum), x)
            let square = net.input("square", [1, 1, n, 1])
            net.graph.tensors[square].declaredRange = Double(lo)...Double(hi)
            let pool = net.apply("pool", .pool(PoolAttributes(kind: .average, kernel: [n, 1], strides: [], padsBegin: [],
                                                              padsEnd: [], arithmetic: .floor)), square)
            let analysis = IntervalAnalysis.run(net.graph)
            for value in means where !analysis.interval(of: mean).contains(Double(value))
                || !analysis.interval(of: pool).contains(Double(value)) {
                failures.append("mean of \(n) in [\(lo), \(hi)] = \(value), outside \(analysis.interval(of: mean))")
            }
            for value in sums where !analysis.interval(of: sum).contains(Double(value)) {
                failures.append("sum of \(n) in [\(lo), \(hi)] = \(value), outside \(analysis.interval(of: sum))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures: \(failures.prefix(5))")
    }

    /// The sign of the terms survives the rounding slack: a mean or a sum of
    /// ReLU outputs is never negative.
    @Test func averagesOfNonNegativeValuesStayNonNegative() {
        var net = GraphSketch()
        let x = declared(&net, "x", [1, 1, 7, 7], 0...3)
        let y = net.apply("gap", Self.globalAverage, x)
        let s = net.apply("sum", .reduce(.sum), x)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: y).lo == 0 && analysis.interval(of: y).hi > 3 && analysis.interval(of: y).hi < 3.001)
        #expect(analysis.interval(of: s).lo == 0 && analysis.interval(of: s).hi >= 147)
    }

    /// A sum that may overflow gives an infinite mean, and +inf and -inf
    /// partial sums may meet as NaN.
    @Test func meansOfHugeValuesMayOverflow() {
        var net = GraphSketch()
        let x = net.input("x", [1, 8])  // undeclared: any finite fp32
        let y = net.apply("mean", .reduce(.mean), x)
        let interval = IntervalAnalysis.run(net.graph).interval(of: y)
        #expect(interval.lo == -.infinity && interval.hi == .infinity && interval.mayBeNaN)
        var sum: Float = 0
        for _ in 0..<8 { sum += Float.greatestFiniteMagnitude }
        #expect(sum == .infinity)
    }

    /// PyTorch's exporter shares equal initializers between layers through
    /// `Identity` nodes, biases included (40 of googlenet's 57 convolutions):
    /// such a bias was ignored, so onnxruntime's `x + 10` was outside [-1, 1].
    @Test func aConvBiasBehindAnIdentityIsAdded() {
        var net = GraphSketch()
        let x = declared(&net, "x", [1, 1, 2, 2], -1...1)
        let w = net.input("w", Shape(known: [1, 1, 1, 1]), constant: [1])
        let shared = net.input("shared_bias", Shape(known: [1]), constant: [10])
        let b = net.apply("bias", .identity, shared)
        let conv = Op.conv(ConvAttributes(outputChannels: 1, kernel: [1, 1], strides: [], padsBegin: [], padsEnd: [], dilations: []))
        let y = net.apply("conv", conv, x, w, b)
        let interval = IntervalAnalysis.run(ShapeInference.infer(net.graph)).interval(of: y)
        #expect(interval.contains(11) && interval.contains(9), "\(interval)")
        #expect(interval.lo > 8.99 && interval.hi < 11.01, "per channel, through the Identity: \(interval)")
    }

    /// A bias that is computed, not known, is added by its interval.
    @Test func aComputedConvBiasIsAddedByItsInterval() {
        var net = GraphSketch()
        let x = declared(&net, "x", [1, 2, 2, 2], -1...1)
        let w = net.input("w", Shape(known: [2, 2, 1, 1]), constant: [1, 0, 0, 1])
        let b = declared(&net, "b", [2], 5...6)
        let conv = Op.conv(ConvAttributes(outputChannels: 2, kernel: [1, 1], strides: [], padsBegin: [], padsEnd: [], dilations: []))
        let y = net.apply("conv", conv, x, w, b)
        let interval = IntervalAnalysis.run(ShapeInference.infer(net.graph)).interval(of: y)
        #expect(interval.contains(7) && interval.contains(4), "\(interval)")
    }
}
