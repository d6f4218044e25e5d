import Foundation
import ModelLintIR

// A small concrete evaluator of IR graphs, independent of the interval code:
// every tensor is a flat row-major array with a shape, and every op is
// computed element by element the way a plain CPU kernel does it, in the
// dtype the graph declares (fp32 in `Float`, fp16 and bf16 in `Float` with
// the result rounded to their grid, as the interpreter assumes). Only the
// ops the random graph generator emits are supported; anything else throws,
// so a generator change cannot silently test nothing.

/// A concrete tensor. Elements are held as `Double`, but every one is a value
/// of `dtype` (each op rounds its results to it).
struct ConcreteTensor {
    var shape: [Int]
    var values: [Double]
    var dtype: DType
}

/// Where real kernels legitimately differ, the choice this run makes. The
/// interpreter must cover every choice, so the property draws one at random.
struct KernelFlavor: CustomStringConvertible {
    /// max/min (relu, clip, Max, Min, ReduceMax, MaxPool) return NaN when an
    /// operand is NaN (PyTorch) rather than the other operand (C fmax, IEEE maxNum).
    var nanPropagatingMinMax: Bool
    /// BatchNormalization folded into `x * a + b` with `a = 1 / sqrt(var + eps) * scale`
    /// and `b = B - mean * a` (onnxruntime's CPU kernel), rather than the spec's formula.
    var foldedBatchNorm = false
    /// The other common formulas: sigmoid as `exp(x) / (1 + exp(x))` for x < 0,
    /// swish as `x / (1 + exp(-x))`, softplus as Caffe's BNLL `log(1. + exp(...))`
    /// (the sum and the log in double, as its C++ promotes them).
    var alternativeFormulas = false

    var description: String {
        [nanPropagatingMinMax ? "NaN-propagating max/min" : "IEEE maxNum/minNum",
         foldedBatchNorm ? "folded BatchNorm" : "BatchNorm as specified",
         alternativeFormulas ? "alternative activation formulas" : "plain activation formulas"].joined(separator: ", ")
    }
}

struct EvaluationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Row-major strides of `shape`.
func strides(of shape: [Int]) -> [Int] {
    var result = Array(repeating: 1, count: shape.count)
    var running = 1
    for axis in shape.indices.reversed() {
        result[axis] = running
        running *= shape[axis]
    }
    return result
}

func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// NumPy broadcasting of two shapes; nil when they do not broadcast.
func broadcastShapes(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    let left = Array(repeating: 1, count: rank - a.count) + a
    let right = Array(repeating: 1, count: rank - b.count) + b
    var out: [Int] = []
    for (x, y) in zip(left, right) {
        if x == y || y == 1 { out.append(x) } else if x == 1 { out.append(y) } else { return nil }
    }
    return out
}

/// For each element of `output` (row-major), the index of the element of a
/// tensor of shape `input` that broadcasting reads.
func broadcastSources(_ input: [Int], to output: [Int]) -> [Int] {
    let padded = Array(repeating: 1, count: output.count - input.count) + input
    let inputStrides = strides(of: padded)
    let outputStrides = strides(of: output)
    return (0..<elementCount(output)).map { flat in
        var source = 0
        for axis in output.indices where padded[axis] != 1 {
            source += (flat / outputStrides[axis]) % output[axis] * inputStrides[axis]
        }
        return source
    }
}

/// Round-to-nearest-even of a `Float` to bfloat16 (NaN stays NaN).
private func bf16(_ f: Float) -> Float {
    if f.isNaN { return f }
    let b = f.bitPattern
    return Float(bitPattern: (b &+ 0x7FFF &+ ((b >> 16) & 1)) & 0xFFFF_0000)
}

/// The arithmetic of one dtype: operands are read as `Float` (exact for
/// fp32, fp16 and bf16 values) and each result is stored in the dtype.
struct DTypeKernel {
    let dtype: DType

    func store(_ v: Float) -> Double {
        switch dtype {
        case .float16: return Double(Float16(v))
        case .bfloat16: return Double(bf16(v))
        default: return Double(v)
        }
    }

    /// An attribute or weight as the kernel holds it: a `Float` (then the dtype).
    func attribute(_ v: Double) -> Float { Float(store(Float(v))) }
}

struct ConcreteEvaluator {
    let graph: Graph
    let flavor: KernelFlavor
    private(set) var values: [TensorID: ConcreteTensor] = [:]

    init(graph: Graph, flavor: KernelFlavor) {
        self.graph = graph
        self.flavor = flavor
    }

    /// Evaluates every node in order; `inputs` holds the graph inputs.
    mutating func run(inputs: [TensorID: ConcreteTensor]) throws {
        values = inputs
        for tensor in graph.tensors {
            guard let constant = tensor.constantValues else { continue }
            guard let shape = tensor.shape?.knownValues, elementCount(shape) == constant.count else {
                throw EvaluationError("constant \(tensor.name) without a known shape matching its values")
            }
            values[tensor.id] = ConcreteTensor(shape: shape, values: constant, dtype: tensor.dtype)
        }
        for node in graph.nodes {
            let outputs = try evaluate(node)
            guard outputs.count == node.outputs.count else {
                throw EvaluationError("\(node.name): \(outputs.count) results for \(node.outputs.count) outputs")
            }
            for (id, value) in zip(node.outputs, outputs) {
                if let declared = graph.tensors[id].shape?.knownValues, declared != value.shape {
                    throw EvaluationError("\(node.name): computed shape \(value.shape), graph says \(declared)")
                }
                values[id] = value
            }
        }
    }

    // MARK: Helpers

    private func input(_ node: Node, _ index: Int) throws -> ConcreteTensor {
        guard index < node.inputs.count, let value = values[node.inputs[index]] else {
            throw EvaluationError("\(node.name): input \(index) has no value")
        }
        return value
    }

    private func outputDType(_ node: Node) -> DType { graph.tensors[node.outputs[0]].dtype }

    private func maxF(_ a: Float, _ b: Float) -> Float {
        if flavor.nanPropagatingMinMax { return a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
        return Float.maximum(a, b)
    }

    private func minF(_ a: Float, _ b: Float) -> Float {
        if flavor.nanPropagatingMinMax { return a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
        return Float.minimum(a, b)
    }

    private func unary(_ node: Node, _ f: (Float) -> Float) throws -> [ConcreteTensor] {
        let x = try input(node, 0)
        let k = DTypeKernel(dtype: outputDType(node))
        return [ConcreteTensor(shape: x.shape, values: x.values.map { k.store(f(Float($0))) }, dtype: k.dtype)]
    }

    /// Left fold of a broadcasting binary op over all inputs.
    private func elementwise(_ node: Node, _ f: (Float, Float) -> Float) throws -> [ConcreteTensor] {
        var result = try input(node, 0)
        let k = DTypeKernel(dtype: outputDType(node))
        for index in 1..<node.inputs.count {
            let y = try input(node, index)
            guard let shape = broadcastShapes(result.shape, y.shape) else {
                throw EvaluationError("\(node.name): \(result.shape) and \(y.shape) do not broadcast")
            }
            let left = broadcastSources(result.shape, to: shape), right = broadcastSources(y.shape, to: shape)
            let values = (0..<elementCount(shape)).map {
                k.store(f(Float(result.values[left[$0]]), Float(y.values[right[$0]])))
            }
            result = ConcreteTensor(shape: shape, values: values, dtype: k.dtype)
        }
        return [result]
    }

    /// Groups of element indices along `axes`: for each output element of a
    /// reduction over `axes`, the input indices it reads, in row-major order.
    private func groups(_ shape: [Int], axes: Set<Int>) -> (outer: [Int], members: [[Int]]) {
        let kept = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let keptStrides = strides(of: kept), inputStrides = strides(of: shape)
        var members = Array(repeating: [Int](), count: elementCount(kept))
        for flat in 0..<elementCount(shape) {
            var target = 0
            for axis in shape.indices where !axes.contains(axis) {
                target += (flat / inputStrides[axis]) % shape[axis] * keptStrides[axis]
            }
            members[target].append(flat)
        }
        return (kept, members)
    }

    // MARK: Ops

    private func evaluate(_ node: Node) throws -> [ConcreteTensor] {
        let dtype = outputDType(node)
        let k = DTypeKernel(dtype: dtype)
        switch node.op {
        case .relu: return try unary(node) { maxF($0, 0) }
        case .leakyRelu(let slope):
            let a = k.attribute(slope)
            return try unary(node) { $0 < 0 ? a * $0 : $0 }
        case .elu(let alpha):
            let a = k.attribute(alpha)
            return try unary(node) { $0 > 0 ? $0 : a * (Foundation.exp($0) - 1) }
        case .sigmoid:
            if flavor.alternativeFormulas {
                return try unary(node) { x in x < 0 ? Foundation.exp(x) / (1 + Foundation.exp(x)) : 1 / (1 + Foundation.exp(-x)) }
            }
            return try unary(node) { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: return try unary(node) { Foundation.tanh($0) }
        case .abs: return try unary(node) { $0.magnitude }
        case .softplus:
            // The stable form runtimes use: max(x, 0) + log1p(exp(-|x|)); Caffe's BNLL writes log(1. + exp(...)).
            if flavor.alternativeFormulas {
                return try unary(node) { x in
                    Float(x > 0 ? Double(x) + Foundation.log(1 + Double(Foundation.exp(-x))) : Foundation.log(1 + Double(Foundation.exp(x))))
                }
            }
            return try unary(node) { $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0)) }
        case .swish:
            if flavor.alternativeFormulas { return try unary(node) { $0 / (1 + Foundation.exp(-$0)) } }
            return try unary(node) { $0 * (1 / (1 + Foundation.exp(-$0))) }
        case .clip(let lo, let hi):
            // ONNX: min(max(x, lo), hi), bounds held in the dtype.
            let l = lo.map(k.attribute), h = hi.map(k.attribute)
            return try unary(node) { x in
                var v = x
                if let l { v = maxF(v, l) }
                if let h { v = minF(v, h) }
                return v
            }
        case .threshold:
            // Caffe Threshold with its default threshold 0: 1 where x > 0.
            return try unary(node) { $0 > 0 ? 1 : 0 }
        case .exp(let base, let prelude):
            if base == nil && prelude == .identity { return try unary(node) { Foundation.exp($0) } }
            // Caffe ExpLayer: y = outer * exp(inner * x), inner = ln(base) * scale,
            // outer = base^shift (exp(shift) for the natural base), all in Float.
            let logBase: Float = base.map { Foundation.log(Float($0)) } ?? 1
            let inner = logBase * Float(prelude.scale)
            let shift = Float(prelude.shift)
            let outer: Float = shift == 0 ? 1 : base.map { Foundation.pow(Float($0), shift) } ?? Foundation.exp(shift)
            return try unary(node) { x in
                var y = inner == 1 ? Foundation.exp(x) : Foundation.exp(inner * x)
                if outer != 1 { y = outer * y }
                return y
            }
        case .log(let base, let prelude):
            if base == nil && prelude == .identity { return try unary(node) { Foundation.log($0) } }
            // Caffe LogLayer: y = log(shift + scale * x) * (1 / ln(base)), all in Float.
            let baseScale: Float = base.map { 1 / Foundation.log(Float($0)) } ?? 1
            let scale = Float(prelude.scale), shift = Float(prelude.shift)
            return try unary(node) { x in
                var t = x
                if scale != 1 { t = scale * t }
                if shift != 0 { t = t + shift }
                var y = Foundation.log(t)
                if baseScale != 1 { y = baseScale * y }
                return y
            }
        case .pow(let exponent?, let prelude):
            // Caffe PowerLayer: (shift + scale * x)^power; ONNX Pow with a constant exponent.
            let power = Float(exponent), scale = Float(prelude.scale), shift = Float(prelude.shift)
            if power * scale == 0 {
                let value: Float = power == 0 ? 1 : Foundation.pow(shift, power)
                return try unary(node) { _ in value }
            }
            return try unary(node) { x in
                var t = x
                if scale != 1 { t = scale * t }
                if shift != 0 { t = t + shift }
                return power == 1 ? t : Foundation.pow(t, power)
            }
        case .sqrt: return try unary(node) { $0.squareRoot() }
        case .reciprocal: return try unary(node) { 1 / $0 }
        case .dropout, .identity: return try unary(node) { $0 }   // inference: values pass through

        case .add: return try elementwise(node, +)
        case .sub: return try elementwise(node, -)
        case .mul: return try elementwise(node, *)
        case .div: return try elementwise(node, /)
        case .max: return try elementwise(node, maxF)
        case .min: return try elementwise(node, minF)
        case .weightedSum(let coefficients):
            // Caffe Eltwise SUM: y = 0, then y += coeff_i * x_i per bottom (same shapes).
            let shape = try input(node, 0).shape
            var sum = Array(repeating: Float(0), count: elementCount(shape))
            for index in node.inputs.indices {
                let x = try input(node, index)
                guard x.shape == shape else { throw EvaluationError("\(node.name): Eltwise shapes differ") }
                let c = k.attribute(index < coefficients.count ? coefficients[index] : 1)
                for i in sum.indices { sum[i] = Float(k.store(sum[i] + Float(k.store(c * Float(x.values[i]))))) }
            }
            return [ConcreteTensor(shape: shape, values: sum.map { k.store($0) }, dtype: dtype)]

        case .flatten, .reshape:
            let x = try input(node, 0)
            guard let shape = graph.tensors[node.outputs[0]].shape?.knownValues, elementCount(shape) == x.values.count else {
                throw EvaluationError("\(node.name): reshape needs a known output shape of the same size")
            }
            return [ConcreteTensor(shape: shape, values: x.values, dtype: x.dtype)]
        case .gather:
            // Generated as a 2-D transpose.
            let x = try input(node, 0)
            guard x.shape.count == 2 else { throw EvaluationError("\(node.name): gather is a 2-D transpose here") }
            let (r, c) = (x.shape[0], x.shape[1])
            let values = (0..<(r * c)).map { x.values[($0 % r) * c + $0 / r] }
            return [ConcreteTensor(shape: [c, r], values: values, dtype: x.dtype)]
        case .concat(let axis):
            let parts = try node.inputs.indices.map { try input(node, $0) }
            let rank = parts[0].shape.count
            let a = axis < 0 ? axis + rank : axis
            var shape = parts[0].shape
            shape[a] = parts.reduce(0) { $0 + $1.shape[a] }
            let outer = elementCount(Array(shape[..<a]))
            var values: [Double] = []
            for o in 0..<outer {
                for part in parts {
                    let block = elementCount(Array(part.shape[a...]))
                    values += part.values[(o * block)..<((o + 1) * block)]
                }
            }
            return [ConcreteTensor(shape: shape, values: values, dtype: parts[0].dtype)]
        case .cast(let target):
            let x = try input(node, 0)
            let values: [Double]
            switch target {
            case .float32, .float16, .bfloat16:
                let t = DTypeKernel(dtype: target)
                values = x.values.map { t.store(Float($0)) }
            case .int32:
                // x86 cvttss2si: truncation; NaN, inf and out-of-range give INT32_MIN.
                values = x.values.map { v in
                    let t = v.rounded(.towardZero)
                    return t.isFinite && t >= -2147483648 && t <= 2147483647 ? t : -2147483648
                }
            case .bool:
                values = x.values.map { $0 != 0 ? 1 : 0 }   // NaN is true
            default: throw EvaluationError("\(node.name): cast to \(target) is not generated")
            }
            return [ConcreteTensor(shape: x.shape, values: values, dtype: target)]

        case .reduce(let kind):
            guard case .reduction(let axes, let keepDims) = ReductionAttributes.parse(node.sourceType) else {
                throw EvaluationError("\(node.name): reduction axes missing from sourceType")
            }
            let x = try input(node, 0)
            let (kept, members) = groups(x.shape, axes: Set(axes))
            let values: [Double] = members.map { group in
                switch kind {
                case .max: return k.store(group.dropFirst().reduce(Float(x.values[group[0]])) { maxF($0, Float(x.values[$1])) })
                case .min: return k.store(group.dropFirst().reduce(Float(x.values[group[0]])) { minF($0, Float(x.values[$1])) })
                case .sum, .mean, .sumOfSquares, .sumOfAbs:
                    // Accumulated in Float in element order, the result stored in the dtype.
                    var s: Float = 0
                    for i in group {
                        let v = Float(x.values[i])
                        switch kind {
                        case .sumOfSquares: s += v * v
                        case .sumOfAbs: s += v.magnitude
                        default: s += v
                        }
                    }
                    return k.store(kind == .mean ? s / Float(group.count) : s)
                case .l2, .logSum, .logSumExp, .product:
                    return .nan   // not generated
                }
            }
            let shape = keepDims ? kept : x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
            return [ConcreteTensor(shape: shape, values: values, dtype: dtype)]

        case .softmax(let axis), .logSoftmax(let axis):
            let x = try input(node, 0)
            let a = axis < 0 ? axis + x.shape.count : axis
            var out = x.values
            for group in groups(x.shape, axes: [a]).members {
                let v = group.map { Float(x.values[$0]) }
                let m = v.dropFirst().reduce(v[0]) { maxF($0, $1) }
                let shifted = v.map { $0 - m }
                let e = shifted.map { Foundation.exp($0) }
                let s = e.reduce(Float(0), +)
                for (j, i) in group.enumerated() {
                    if case .softmax = node.op { out[i] = k.store(e[j] / s) } else { out[i] = k.store(shifted[j] - Foundation.log(s)) }
                }
            }
            return [ConcreteTensor(shape: x.shape, values: out, dtype: dtype)]

        case .matMul, .fullyConnected:
            // Y = X W (+ B for Gemm): X (M, K), W (K, N), B (N); products summed in order.
            let x = try input(node, 0), w = try input(node, 1)
            let bias = node.inputs.count > 2 ? try input(node, 2) : nil
            guard x.shape.count == 2, w.shape.count == 2, x.shape[1] == w.shape[0] else {
                throw EvaluationError("\(node.name): matmul shapes \(x.shape) \(w.shape)")
            }
            let (m, kk, n) = (x.shape[0], x.shape[1], w.shape[1])
            var values: [Double] = []
            for row in 0..<m {
                for col in 0..<n {
                    var s: Float = 0
                    for i in 0..<kk { s += Float(x.values[row * kk + i]) * Float(w.values[i * n + col]) }
                    if let bias { s += Float(bias.values[col]) }
                    values.append(k.store(s))
                }
            }
            return [ConcreteTensor(shape: [m, n], values: values, dtype: dtype)]

        case .conv(let conv):
            return [try convolution(node, conv, k)]
        case .pool(let pool):
            return [try pooling(node, pool, k)]

        case .batchNorm(let epsilon, _):
            // ONNX: (x - mean) / sqrt(var + eps) * scale + B, per channel (axis 1).
            let x = try input(node, 0)
            let scale = try input(node, 1), bias = try input(node, 2), mean = try input(node, 3), variance = try input(node, 4)
            let eps = Float(epsilon ?? 1e-5)
            let channelStride = elementCount(Array(x.shape.dropFirst(2)))
            let values = x.values.indices.map { i -> Double in
                let c = (i / channelStride) % x.shape[1]
                let d = (Float(variance.values[c]) + eps).squareRoot()
                if flavor.foldedBatchNorm {
                    let a = 1 / d * Float(scale.values[c])
                    return k.store(Float(x.values[i]) * a + (Float(bias.values[c]) - Float(mean.values[c]) * a))
                }
                return k.store((Float(x.values[i]) - Float(mean.values[c])) / d * Float(scale.values[c]) + Float(bias.values[c]))
            }
            return [ConcreteTensor(shape: x.shape, values: values, dtype: dtype)]
        case .scale, .bias, .prelu:
            // Caffe Scale/Bias with a second bottom, ONNX PRelu with a slope:
            // the second input (C) broadcasts along axis 1.
            let x = try input(node, 0), p = try input(node, 1)
            let channelStride = elementCount(Array(x.shape.dropFirst(2)))
            let values = x.values.indices.map { i -> Double in
                let v = Float(x.values[i]), q = Float(p.values[(i / channelStride) % x.shape[1]])
                switch node.op {
                case .scale: return k.store(v * q)
                case .bias: return k.store(v + q)
                default: return k.store(v < 0 ? q * v : v)
                }
            }
            return [ConcreteTensor(shape: x.shape, values: values, dtype: dtype)]
        case .mvn:
            return [try meanVarianceNormalization(node, k)]
        case .lrn:
            return [try localResponseNormalization(node, k)]

        case .argMax:
            // Over axis 1, keeping it; the first maximum (NaN compares false).
            let x = try input(node, 0)
            let (kept, members) = groups(x.shape, axes: [1])
            let values = members.map { group -> Double in
                var best = 0
                for (j, i) in group.enumerated() where Float(x.values[i]) > Float(x.values[group[best]]) { best = j }
                return Double(best)
            }
            return [ConcreteTensor(shape: kept, values: values, dtype: .int64)]
        case .shapeOf(let countOnly):
            let x = try input(node, 0)
            let values = countOnly ? [Double(x.values.count)] : x.shape.map(Double.init)
            return [ConcreteTensor(shape: countOnly ? [] : [x.shape.count], values: values, dtype: .int64)]

        default:
            throw EvaluationError("\(node.name): no concrete semantics for \(node.op)")
        }
    }

    /// 2-D convolution, group 1, dilation 1: x (N, C, H, W), w (M, C, kh, kw), b (M).
    private func convolution(_ node: Node, _ conv: ConvAttributes, _ k: DTypeKernel) throws -> ConcreteTensor {
        let x = try input(node, 0), w = try input(node, 1)
        let bias = node.inputs.count > 2 ? try input(node, 2) : nil
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (m, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let (sh, sw) = (conv.strides[0], conv.strides[1])
        let (ph, pw) = (conv.padsBegin[0], conv.padsBegin[1])
        let oh = (h + ph + conv.padsEnd[0] - kh) / sh + 1, ow = (wd + pw + conv.padsEnd[1] - kw) / sw + 1
        var values: [Double] = []
        for b in 0..<n {
            for o in 0..<m {
                for y in 0..<oh {
                    for z in 0..<ow {
                        var s: Float = 0
                        for ci in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let r = y * sh - ph + i, q = z * sw - pw + j
                                    // Padding is zeros: 0 * w, which is NaN for an infinite weight (none here).
                                    let v: Float = r >= 0 && r < h && q >= 0 && q < wd ? Float(x.values[((b * c + ci) * h + r) * wd + q]) : 0
                                    s += v * Float(w.values[((o * c + ci) * kh + i) * kw + j])
                                }
                            }
                        }
                        if let bias { s += Float(bias.values[o]) }
                        values.append(k.store(s))
                    }
                }
            }
        }
        return ConcreteTensor(shape: [n, m, oh, ow], values: values, dtype: k.dtype)
    }

    /// 2-D max or average pooling, floor arithmetic. Average: ONNX divides by
    /// the real elements in the window (count_include_pad 0), Caffe (sourceType
    /// "Pooling") by the window clipped to the padded input.
    private func pooling(_ node: Node, _ pool: PoolAttributes, _ k: DTypeKernel) throws -> ConcreteTensor {
        let x = try input(node, 0)
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw) = pool.isGlobal ? (h, w) : (pool.kernel[0], pool.kernel[1])
        let (sh, sw) = pool.isGlobal ? (1, 1) : (pool.strides[0], pool.strides[1])
        let (ph, pw) = pool.isGlobal ? (0, 0) : (pool.padsBegin[0], pool.padsBegin[1])
        let (eh, ew) = pool.isGlobal ? (0, 0) : (pool.padsEnd[0], pool.padsEnd[1])
        let oh = (h + ph + eh - kh) / sh + 1, ow = (w + pw + ew - kw) / sw + 1
        let caffe = node.sourceType == "Pooling"
        var values: [Double] = []
        for plane in 0..<(n * c) {
            for y in 0..<oh {
                for z in 0..<ow {
                    let r0 = y * sh - ph, q0 = z * sw - pw
                    var elements: [Float] = []
                    for r in max(r0, 0)..<min(r0 + kh, h) {
                        for q in max(q0, 0)..<min(q0 + kw, w) { elements.append(Float(x.values[(plane * h + r) * w + q])) }
                    }
                    if pool.kind == .max {
                        values.append(k.store(elements.dropFirst().reduce(elements[0]) { maxF($0, $1) }))
                    } else {
                        let s = elements.reduce(Float(0), +)
                        let divisor = caffe ? (min(r0 + kh, h + eh) - r0) * (min(q0 + kw, w + ew) - q0) : elements.count
                        values.append(k.store(s / Float(divisor)))
                    }
                }
            }
        }
        return ConcreteTensor(shape: [n, c, oh, ow], values: values, dtype: k.dtype)
    }

    /// Caffe MVN (sourceType "MVN"): per (n, c), y = (x - E[x]) / (sqrt(E[(x - E[x])^2]) + 1e-9),
    /// means as sum times 1/count. ONNX MeanVarianceNormalization: over axes
    /// (0, 2, 3), Var = E[x^2] - E[x]^2 as its function body computes it.
    private func meanVarianceNormalization(_ node: Node, _ k: DTypeKernel) throws -> ConcreteTensor {
        let x = try input(node, 0)
        let onnx = node.sourceType == "MeanVarianceNormalization"
        let axes: Set<Int> = onnx ? [0, 2, 3] : Set(2..<x.shape.count)
        let eps: Float = 1e-9
        var out = x.values
        for group in groups(x.shape, axes: axes).members {
            let v = group.map { Float(x.values[$0]) }
            let inverse = 1 / Float(v.count)
            let mean = v.reduce(Float(0), +) * inverse
            let deviation: Float
            if onnx {
                let meanOfSquares = v.reduce(Float(0)) { $0 + $1 * $1 } * inverse
                deviation = (meanOfSquares - mean * mean).squareRoot()
            } else {
                deviation = (v.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) } * inverse).squareRoot()
            }
            for (j, i) in group.enumerated() { out[i] = k.store((v[j] - mean) / (deviation + eps)) }
        }
        return ConcreteTensor(shape: x.shape, values: out, dtype: k.dtype)
    }

    /// LRN across channels: y = x / (k + alpha / size * sum of x^2 over `size`
    /// neighbouring channels)^beta. ONNX defaults (size 3, alpha 1e-4, beta 0.75,
    /// bias 1) or Caffe's (sourceType "LRN": size 5, alpha 1, beta 0.75, k 1).
    private func localResponseNormalization(_ node: Node, _ k: DTypeKernel) throws -> ConcreteTensor {
        let x = try input(node, 0)
        let caffe = node.sourceType == "LRN"
        let size = caffe ? 5 : 3
        let alpha: Float = caffe ? 1 : 1e-4, beta: Float = 0.75, bias: Float = 1
        let (c, plane) = (x.shape[1], elementCount(Array(x.shape.dropFirst(2))))
        let values = x.values.indices.map { i -> Double in
            let ch = (i / plane) % c
            var s: Float = 0
            for other in max(0, ch - (size - 1) / 2)...min(c - 1, ch + size / 2) {
                let v = Float(x.values[i + (other - ch) * plane])
                s += v * v
            }
            return k.store(Float(x.values[i]) / Foundation.pow(bias + alpha / Float(size) * s, beta))
        }
        return ConcreteTensor(shape: x.shape, values: values, dtype: k.dtype)
    }
}

/// The IR does not record which axes a reduction covers; the generator writes
/// them into the node's `sourceType` ("ReduceSum axes=0,2 keepdims=1") so the
/// evaluator can compute the same thing.
enum ReductionAttributes {
    case reduction(axes: [Int], keepDims: Bool)

    static func sourceType(_ base: String, axes: [Int], keepDims: Bool) -> String {
        "\(base) axes=\(axes.map(String.init).joined(separator: ",")) keepdims=\(keepDims ? 1 : 0)"
    }

    static func parse(_ sourceType: String) -> ReductionAttributes? {
        let parts = sourceType.split(separator: " ")
        guard parts.count == 3, parts[1].hasPrefix("axes="), parts[2].hasPrefix("keepdims=") else { return nil }
        let axes = parts[1].dropFirst(5).split(separator: ",").compactMap { Int($0) }
        return .reduction(axes: axes, keepDims: parts[2].hasSuffix("1"))
    }
}
