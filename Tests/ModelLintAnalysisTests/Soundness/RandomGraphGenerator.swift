import Foundation
import ModelLintIR
import ModelLintTestSupport

// Random IR graphs for the soundness property: small DAGs over the ops the
// concrete evaluator knows, with declared input ranges biased toward the
// places interval code gets wrong (zero, signs, subnormals, the overflow edge
// of exp and of fp32 itself), random constants and attributes, and random
// concrete inputs inside the declared ranges, the range ends included.

/// A generated graph and, per graph input, the fp32 values at the ends of its
/// declared range (the declared bounds need not be fp32 values themselves).
struct GeneratedGraph {
    var graph: Graph
    var inputBounds: [TensorID: (lo: Float, hi: Float)]
}

struct RandomGraphGenerator {
    private(set) var rng: SeededRandom
    private var graph = Graph(name: "random", source: SourceFile(path: "random.onnx", text: ""))
    private var bounds: [TensorID: (lo: Float, hi: Float)] = [:]

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    // MARK: Randomness

    mutating func unit() -> Double { Double.random(in: 0..<1, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }

    // MARK: The graph

    mutating func generate() -> GeneratedGraph {
        let inputShape = randomShape()
        addInput(shape: inputShape)
        if chance(0.3) { addInput(shape: chance(0.8) ? inputShape : randomShape()) }
        // 2 to 15 nodes (a step that writes an idiom of several nodes may pass 15 by two).
        let nodes = int(2...15)
        var attempts = 0
        while graph.nodes.count < nodes && attempts < 200 {
            attempts += 1
            _ = addRandomNode()
        }
        var read = Set<TensorID>()
        for node in graph.nodes { read.formUnion(node.inputs) }
        graph.outputs = graph.tensors.filter { $0.producer != nil && !read.contains($0.id) }.map(\.id)
        return GeneratedGraph(graph: graph, inputBounds: bounds)
    }

    private mutating func randomShape() -> [Int] {
        if chance(0.08) { return [1, int(40...128)] }   // long sums
        return chance(0.5) ? [int(1...3), int(1...8)] : [int(1...2), int(1...4), int(1...4), int(1...4)]
    }

    private func shape(_ id: TensorID) -> [Int] { graph.tensors[id].shape!.knownValues! }
    private func dtype(_ id: TensorID) -> DType { graph.tensors[id].dtype }

    private mutating func newTensor(shape: [Int], dtype: DType, producer: NodeID? = nil) -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: "t\(id)", producer: producer, shape: Shape(known: shape), dtype: dtype))
        return id
    }

    /// A graph input with a random declared range.
    @discardableResult
    private mutating func addInput(shape: [Int]) -> TensorID {
        let id = newTensor(shape: shape, dtype: .float32)
        let (range, lo, hi) = declaredRange()
        graph.tensors[id].declaredRange = range
        graph.inputs.append(id)
        bounds[id] = (lo, hi)
        return id
    }

    /// A constant tensor (an initializer): fp32 values rounded to `dtype`.
    private mutating func constant(shape: [Int], dtype: DType, _ value: (inout Self) -> Double) -> TensorID {
        let k = DTypeKernel(dtype: dtype)
        let values = (0..<elementCount(shape)).map { _ in k.store(Float(value(&self))) }
        let id = newTensor(shape: shape, dtype: dtype)
        graph.tensors[id].constant = ConstantData(values: values)
        return id
    }

    @discardableResult
    private mutating func node(_ op: Op, _ sourceType: String, _ inputs: [TensorID], shape: [Int], dtype: DType) -> TensorID {
        let nodeID = graph.nodes.count
        let output = newTensor(shape: shape, dtype: dtype, producer: nodeID)
        graph.nodes.append(Node(id: nodeID, name: "n\(nodeID)", op: op, sourceType: sourceType, inputs: inputs,
                                outputs: [output], location: SourceLocation(file: "random.onnx", line: nodeID + 1, column: 1)))
        return output
    }

    /// A computed or input tensor satisfying `filter`, biased toward the most recent.
    private mutating func operand(_ filter: (Tensor) -> Bool = { _ in true }) -> TensorID? {
        let candidates = graph.tensors.filter {
            $0.constant == nil && ($0.dtype == .float32 || $0.dtype == .float16 || $0.dtype == .bfloat16) && filter($0)
        }.map(\.id)
        guard !candidates.isEmpty else { return nil }
        if chance(0.6) { return candidates[max(0, candidates.count - int(1...3))] }
        return pick(candidates)
    }

    private mutating func fp32Operand(rank: Set<Int>) -> TensorID? {
        operand { $0.dtype == .float32 && rank.contains($0.shape!.rank) }
    }

    // MARK: Ranges and values

    /// A magnitude from one of the regimes that matter.
    private mutating func magnitude() -> Double {
        let r = unit()
        if r < 0.40 { return Foundation.pow(10, uniform(-2, 2)) }
        if r < 0.55 { return Foundation.pow(10, uniform(-6, 6)) }
        if r < 0.65 { return pick([uniform(80, 92), uniform(100, 110), uniform(8, 12)]) }   // exp's edges (fp32, fp16)
        if r < 0.75 { return min(Foundation.pow(10, uniform(30, 38.6)), Double(Float.greatestFiniteMagnitude)) }
        if r < 0.82 { return Foundation.pow(10, uniform(-45, -36)) }   // subnormal
        if r < 0.87 { return Foundation.pow(2, uniform(14, 17)) }      // fp16's overflow edge
        return pick([0.5, 1, 2, 6, 10, 255, 65504])
    }

    /// A declared range and the fp32 values at its ends.
    private mutating func declaredRange() -> (ClosedRange<Double>, Float, Float) {
        while true {
            let a = magnitude(), b = magnitude()
            let (small, large) = (min(a, b), max(a, b))
            var lo: Double, hi: Double
            switch int(0...6) {
            case 0: (lo, hi) = (0, a)
            case 1: (lo, hi) = (-a, 0)
            case 2: (lo, hi) = (-a, b)
            case 3: (lo, hi) = (small, large)
            case 4: (lo, hi) = (-large, -small)
            case 5: (lo, hi) = (chance(0.5) ? a : -a, 0); hi = lo
            default:
                let m = Double(Float.greatestFiniteMagnitude)
                (lo, hi) = pick([(-m, m), (0, m), (-m, -small), (small, m)])
            }
            // Mostly fp32 values, as a range written for an fp32 input; sometimes not (0.1).
            if chance(0.8) { lo = Double(Float(lo)); hi = Double(Float(hi)) }
            var fLo = Float(lo), fHi = Float(hi)
            if Double(fLo) < lo { fLo = fLo.nextUp }
            if Double(fHi) > hi { fHi = fHi.nextDown }
            if lo <= hi, fLo <= fHi, fLo.isFinite, fHi.isFinite { return (lo...hi, fLo, fHi) }
        }
    }

    /// A random fp32 value in [lo, hi].
    mutating func value(in lo: Float, _ hi: Float) -> Float {
        let r = unit()
        var v: Float
        if r < 0.15 {
            v = pick([lo, hi, lo.nextUp, hi.nextDown, 0, -0.0])
        } else if r < 0.55 {
            v = Float(Double(lo) + (Double(hi) - Double(lo)) * unit())
        } else {
            // Log-uniform magnitude with a sign the range allows.
            let negative = hi <= 0 || (lo < 0 && chance(0.5))
            let top = Double(negative ? -lo : hi)
            let floor = max(Double(negative ? max(-hi, 0) : max(lo, 0)), Double(Float.leastNonzeroMagnitude))
            guard top > 0 else { return lo }
            let m = floor >= top ? top : Foundation.exp2(uniform(Foundation.log2(floor), Foundation.log2(top)))
            v = Float(negative ? -m : m)
        }
        return min(max(v, lo), hi)
    }

    /// Concrete inputs for run `run` of a graph: all at the low end, all at the
    /// high end, then random mixes.
    mutating func inputs(for generated: GeneratedGraph, run: Int) -> [TensorID: ConcreteTensor] {
        var result: [TensorID: ConcreteTensor] = [:]
        for id in generated.graph.inputs {
            let shape = generated.graph.tensors[id].shape!.knownValues!
            let (lo, hi) = generated.inputBounds[id]!
            let values: [Double] = (0..<elementCount(shape)).map { _ in
                switch run {
                case 0: return Double(lo)
                case 1: return Double(hi)
                default: return Double(value(in: lo, hi))
                }
            }
            result[id] = ConcreteTensor(shape: shape, values: values, dtype: .float32)
        }
        return result
    }

    /// A weight or constant operand: small, integral, wide, huge or tiny.
    private mutating func weight() -> Double {
        let sign: Double = chance(0.5) ? 1 : -1
        let r = unit()
        if r < 0.45 { return uniform(-2, 2) }
        if r < 0.60 { return Double(int(-3...3)) }
        if r < 0.80 { return sign * Foundation.pow(10, uniform(-3, 3)) }
        if r < 0.87 { return sign * Foundation.pow(10, uniform(20, 38.5)) }
        if r < 0.92 { return sign * Foundation.pow(10, uniform(-44, -30)) }
        return 0
    }

    /// An attribute as a frontend hands it over: a nice value, an fp32 value
    /// (ONNX attributes are floats), or an arbitrary double (Caffe's text).
    private mutating func attribute(_ nice: [Double], _ lo: Double, _ hi: Double) -> Double {
        if chance(0.5) { return pick(nice) }
        let v = uniform(lo, hi)
        return chance(0.5) ? Double(Float(v)) : v
    }

    // MARK: Nodes

    private mutating func addRandomNode() -> Bool {
        let r = unit()
        if r < 0.22 { return unaryNode() }
        if r < 0.27 { return caffeMathNode() }
        if r < 0.40 { return binaryNode() }
        if r < 0.45 { return softmaxIdiom() }
        if r < 0.52 { return reduceNode() }
        if r < 0.56 { return softmaxNode() }
        if r < 0.61 { return linearNode() }
        if r < 0.64 { return convNode() }
        if r < 0.68 { return poolNode() }
        if r < 0.71 { return batchNormNode() }
        if r < 0.73 { return mvnNode() }
        if r < 0.77 { return channelNode() }
        if r < 0.79 { return lrnNode() }
        if r < 0.83 { return concatNode() }
        if r < 0.87 { return plumbingNode() }
        if r < 0.93 { return castNode() }
        if r < 0.96 { return weightedSumNode() }
        return indexNode()
    }

    private mutating func unaryNode() -> Bool {
        guard let x = operand() else { return false }
        let op: Op
        switch int(0...17) {
        case 0: op = .relu
        case 1: op = .leakyRelu(slope: attribute([0.01, 0.1, 0.2, 1.0 / 3, 0, 1, 2, -0.5], -3, 3))
        case 2: op = .elu(alpha: attribute([1, 0.5, 2, 0], 0, 3))
        case 3: op = .sigmoid
        case 4: op = .tanh
        case 5: op = .abs
        case 6: op = .softplus
        case 7: op = .swish
        case 8:
            var lo: Double? = chance(0.8) ? attribute([0, -1, 6, -6], -10, 10) : nil
            var hi: Double? = chance(0.8) ? attribute([0, 1, 6, 255], -10, 10) : nil
            if let l = lo, let h = hi, l > h, chance(0.8) { (lo, hi) = (h, l) }
            op = .clip(min: lo, max: hi)
        case 9, 10: op = .exp(base: nil, prelude: .identity)
        case 11, 12: op = .log(base: nil, prelude: .identity)
        case 13: op = .pow(exponent: attribute([2, 3, 0.5, -1, -2, 1.5, 0, 1, -0.5, 4], -4, 4), prelude: .identity)
        case 14: op = .sqrt
        case 15: op = .reciprocal
        case 16: op = .dropout(ratio: attribute([0.5, 0.1, 0], 0, 0.9))
        default: op = pick([.identity, .threshold])
        }
        node(op, "Unary", [x], shape: shape(x), dtype: dtype(x))
        return true
    }

    /// Caffe Exp, Log and Power with a base and an affine prelude (fp32 only).
    private mutating func caffeMathNode() -> Bool {
        guard let x = fp32Operand(rank: [2, 4]) else { return false }
        let prelude = AffinePrelude(scale: attribute([1, 2, 0.5, -1, -0.01, 0], -3, 3),
                                    shift: attribute([0, 1, -1, 10, -10, 1e-6], -20, 20))
        let base: Double? = chance(0.5) ? nil : attribute([2, 10, 0.5], 0.1, 10)
        switch int(0...2) {
        case 0: node(.exp(base: base, prelude: prelude), "Exp", [x], shape: shape(x), dtype: .float32)
        case 1: node(.log(base: base, prelude: prelude), "Log", [x], shape: shape(x), dtype: .float32)
        default:
            let power = attribute([2, 3, 0.5, -1, -2, 1.5, 0, 1], -4, 4)
            node(.pow(exponent: power, prelude: prelude), "Power", [x], shape: shape(x), dtype: .float32)
        }
        return true
    }

    private mutating func binaryNode() -> Bool {
        guard let x = operand() else { return false }
        let t = dtype(x), s = shape(x)
        let op: Op = pick([.add, .sub, .mul, .div, .max, .min])
        var operands = [x]
        switch int(0...5) {
        case 0: operands.append(x)   // Mul(x, x) and friends
        case 1: operands.append(constant(shape: [], dtype: t) { $0.weight() })
        case 2: operands.append(constant(shape: s, dtype: t) { $0.weight() })
        default:
            // Another tensor of the dtype whose shape broadcasts with x's.
            guard let y = operand({ $0.dtype == t && broadcastShapes(s, $0.shape!.knownValues!) != nil }) else { return false }
            operands.append(y)
        }
        if chance(0.3) { operands.reverse() }
        if [.add, .max, .min].contains(op), chance(0.2),
           let z = operand({ $0.dtype == t && broadcastShapes(s, $0.shape!.knownValues!) == s }) {
            operands.append(z)   // ONNX Sum/Max/Min are variadic
        }
        var out = shape(operands[0])
        for o in operands.dropFirst() { out = broadcastShapes(out, shape(o))! }
        node(op, "Binary", operands, shape: out, dtype: t)
        return true
    }

    private mutating func randomAxes(rank: Int) -> [Int] {
        guard rank > 0 else { return [] }
        let axes = (0..<rank).filter { _ in chance(0.5) }
        return axes.isEmpty ? [int(0...(rank - 1))] : axes
    }

    @discardableResult
    private mutating func reduction(_ kind: ReduceKind, _ x: TensorID, axes: [Int], keepDims: Bool) -> TensorID {
        let s = shape(x)
        let out = keepDims ? s.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : s.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return node(.reduce(kind), ReductionAttributes.sourceType("Reduce", axes: axes, keepDims: keepDims), [x],
                    shape: out, dtype: dtype(x))
    }

    private mutating func reduceNode() -> Bool {
        guard let x = operand({ $0.shape!.rank > 0 }) else { return false }
        let kind: ReduceKind = pick([.sum, .mean, .max, .min, .sumOfSquares, .sumOfAbs])
        reduction(kind, x, axes: randomAxes(rank: shape(x).count), keepDims: chance(0.7))
        return true
    }

    /// `x - ReduceMax(x)` (the broadcast may misalign when keepdims is 0:
    /// that is a legal graph too), then often `exp` of it.
    private mutating func softmaxIdiom() -> Bool {
        guard let x = operand({ $0.shape!.rank > 0 }) else { return false }
        let m = reduction(.max, x, axes: randomAxes(rank: shape(x).count), keepDims: chance(0.6))
        guard let out = broadcastShapes(shape(x), shape(m)) else { return true }
        let d = node(.sub, "Sub", [x, m], shape: out, dtype: dtype(x))
        if chance(0.6) { node(.exp(base: nil, prelude: .identity), "Exp", [d], shape: out, dtype: dtype(x)) }
        return true
    }

    private mutating func softmaxNode() -> Bool {
        guard let x = operand({ $0.shape!.rank > 0 }) else { return false }
        let rank = shape(x).count
        let axis = int(-rank...(rank - 1))
        node(chance(0.6) ? .softmax(axis: axis) : .logSoftmax(axis: axis), "Softmax", [x], shape: shape(x), dtype: dtype(x))
        return true
    }

    /// MatMul with constant weights or weights from a ranged input; Gemm with a bias.
    private mutating func linearNode() -> Bool {
        guard let x = fp32Operand(rank: [2]) else { return false }
        let (m, k) = (shape(x)[0], shape(x)[1])
        let n = int(1...6)
        if chance(0.6) {
            let w: TensorID
            if chance(0.8) { w = constant(shape: [k, n], dtype: .float32) { $0.weight() } } else { w = addInput(shape: [k, n]) }
            node(.matMul, "MatMul", [x, w], shape: [m, n], dtype: .float32)
        } else {
            let w = constant(shape: [k, n], dtype: .float32) { $0.weight() }
            let b = constant(shape: [n], dtype: .float32) { $0.weight() }
            node(.fullyConnected(FullyConnectedAttributes(weightsOutputMajor: false)), "Gemm", [x, w, b], shape: [m, n], dtype: .float32)
        }
        return true
    }

    private mutating func convNode() -> Bool {
        guard let x = fp32Operand(rank: [4]) else { return false }
        let s = shape(x)
        let kh = int(1...min(3, s[2])), kw = int(1...min(3, s[3]))
        let ph = int(0...(kh - 1)), pw = int(0...(kw - 1))
        let sh = int(1...2), sw = int(1...2)
        let m = int(1...3)
        let w = constant(shape: [m, s[1], kh, kw], dtype: .float32) { $0.weight() }
        var inputs = [x, w]
        if chance(0.7) { inputs.append(constant(shape: [m], dtype: .float32) { $0.weight() }) }
        let oh = (s[2] + 2 * ph - kh) / sh + 1, ow = (s[3] + 2 * pw - kw) / sw + 1
        let attributes = ConvAttributes(outputChannels: nil, kernel: [kh, kw], strides: [sh, sw], padsBegin: [ph, pw],
                                        padsEnd: [ph, pw], dilations: [1, 1], hasBias: inputs.count == 3)
        node(.conv(attributes), "Conv", inputs, shape: [s[0], m, oh, ow], dtype: .float32)
        return true
    }

    private mutating func poolNode() -> Bool {
        guard let x = fp32Operand(rank: [4]) else { return false }
        let s = shape(x)
        let kind: PoolKind = chance(0.5) ? .max : .average
        if chance(0.2) {
            let attributes = PoolAttributes(kind: kind, kernel: [], strides: [], padsBegin: [], padsEnd: [], isGlobal: true,
                                            arithmetic: .floor)
            node(.pool(attributes), kind == .max ? "GlobalMaxPool" : "GlobalAveragePool", [x], shape: [s[0], s[1], 1, 1],
                 dtype: .float32)
            return true
        }
        let caffe = chance(0.4)
        let kh = int(1...min(3, s[2])), kw = int(1...min(3, s[3]))
        let ph = int(0...(kh - 1)), pw = int(0...(kw - 1))
        // Caffe rounds window counts up: stride 1 keeps floor and ceil equal.
        let sh = caffe ? 1 : int(1...2), sw = caffe ? 1 : int(1...2)
        let oh = (s[2] + 2 * ph - kh) / sh + 1, ow = (s[3] + 2 * pw - kw) / sw + 1
        let attributes = PoolAttributes(kind: kind, kernel: [kh, kw], strides: [sh, sw], padsBegin: [ph, pw],
                                        padsEnd: [ph, pw], arithmetic: caffe ? .caffe : .floor)
        node(.pool(attributes), caffe ? "Pooling" : (kind == .max ? "MaxPool" : "AveragePool"), [x],
             shape: [s[0], s[1], oh, ow], dtype: .float32)
        return true
    }

    private mutating func batchNormNode() -> Bool {
        guard let x = fp32Operand(rank: [2, 4]) else { return false }
        let c = shape(x)[1]
        let scale = constant(shape: [c], dtype: .float32) { $0.weight() }
        let bias = constant(shape: [c], dtype: .float32) { $0.weight() }
        let mean = constant(shape: [c], dtype: .float32) { $0.weight() }
        let variance = constant(shape: [c], dtype: .float32) { g in g.chance(0.2) ? 0 : Swift.abs(g.weight()) }
        let epsilon = attribute([1e-5, 1e-3, 0, 1e-9], 0, 0.1)
        node(.batchNorm(epsilon: epsilon), "BatchNormalization", [x, scale, bias, mean, variance], shape: shape(x),
             dtype: .float32)
        return true
    }

    private mutating func mvnNode() -> Bool {
        guard let x = fp32Operand(rank: [4]) else { return false }
        node(.mvn, chance(0.5) ? "MVN" : "MeanVarianceNormalization", [x], shape: shape(x), dtype: .float32)
        return true
    }

    /// Caffe Scale and Bias with a second bottom, ONNX PRelu with a slope: one value per channel.
    private mutating func channelNode() -> Bool {
        guard let x = fp32Operand(rank: [2, 4]) else { return false }
        let c = shape(x)[1]
        let op: Op = pick([.scale, .bias, .prelu])
        let p: TensorID
        if chance(0.8) { p = constant(shape: [c], dtype: .float32) { $0.weight() } } else { p = addInput(shape: [c]) }
        node(op, "Channel", [x, p], shape: shape(x), dtype: .float32)
        return true
    }

    private mutating func lrnNode() -> Bool {
        guard let x = fp32Operand(rank: [4]) else { return false }
        node(.lrn, chance(0.5) ? "LRN" : "ONNX LRN", [x], shape: shape(x), dtype: .float32)
        return true
    }

    private mutating func concatNode() -> Bool {
        guard let x = operand({ $0.shape!.rank > 0 }) else { return false }
        let s = shape(x), t = dtype(x)
        let axis = int(0...(s.count - 1))
        func fits(_ other: [Int]) -> Bool {
            other.count == s.count && other.indices.allSatisfy { $0 == axis || other[$0] == s[$0] }
        }
        var parts = [x]
        for _ in 0..<int(1...2) {
            guard let y = operand({ $0.dtype == t && fits($0.shape!.knownValues!) }) else { return false }
            parts.append(y)
        }
        var out = s
        out[axis] = parts.reduce(0) { $0 + shape($1)[axis] }
        node(.concat(axis: chance(0.3) ? axis - s.count : axis), "Concat", parts, shape: out, dtype: t)
        return true
    }

    private mutating func plumbingNode() -> Bool {
        guard let x = operand() else { return false }
        let s = shape(x), t = dtype(x)
        switch int(0...2) {
        case 0 where s.count >= 2: node(.flatten, "Flatten", [x], shape: [s[0], elementCount(Array(s.dropFirst()))], dtype: t)
        case 1 where s.count == 2: node(.gather, "Transpose", [x], shape: [s[1], s[0]], dtype: t)
        default: node(.reshape, "Reshape", [x], shape: pick([[elementCount(s)], [1, elementCount(s)]]), dtype: t)
        }
        return true
    }

    private mutating func castNode() -> Bool {
        guard let x = operand() else { return false }
        let s = shape(x)
        if dtype(x) != .float32 {
            node(.cast(to: .float32), "Cast", [x], shape: s, dtype: .float32)
        } else if chance(0.25) {
            // To int32 or bool and back: truncation, and what the hardware does out of range.
            let target: DType = chance(0.7) ? .int32 : .bool
            let i = node(.cast(to: target), "Cast", [x], shape: s, dtype: target)
            if chance(0.7) { node(.cast(to: .float32), "Cast", [i], shape: s, dtype: .float32) }
        } else {
            let target: DType = chance(0.7) ? .float16 : .bfloat16
            node(.cast(to: target), "Cast", [x], shape: s, dtype: target)
        }
        return true
    }

    /// Caffe Eltwise SUM with coefficients.
    private mutating func weightedSumNode() -> Bool {
        guard let x = fp32Operand(rank: [2, 4]) else { return false }
        let s = shape(x)
        var parts = [x]
        for _ in 0..<int(1...2) {
            guard let y = operand({ $0.dtype == .float32 && $0.shape!.knownValues! == s }) else { break }
            parts.append(y)
        }
        let coefficients = parts.map { _ in attribute([1, -1, 0.5, 2, 0], -3, 3) }
        node(.weightedSum(coefficients: coefficients), "Eltwise", parts, shape: s, dtype: .float32)
        return true
    }

    private mutating func indexNode() -> Bool {
        guard let x = operand({ $0.shape!.rank >= 2 }) else { return false }
        var s = shape(x)
        if chance(0.5) {
            s[1] = 1
            node(.argMax, "ArgMax", [x], shape: s, dtype: .int64)
        } else {
            let countOnly = chance(0.5)
            node(.shapeOf(countOnly: countOnly), countOnly ? "Size" : "Shape", [x], shape: countOnly ? [] : [s.count],
                 dtype: .int64)
        }
        return true
    }
}
