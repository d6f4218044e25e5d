import Foundation
import ModelLintIR

/// What each IR op does to intervals: one sound transfer function per op.
/// An op without one returns nil, and the interpreter makes its outputs top
/// with NaN possible, never a silent "safe".
enum IntervalTransfer {
    struct Context {
        let graph: Graph
        let node: Node
        let dtype: DType
        var assumptions = IntervalAnalysis.Assumptions()
        var arithmetic: IntervalArithmetic { IntervalArithmetic(dtype: dtype) }

        /// The known values of input `index` (a weight, a constant), if any.
        func constant(_ index: Int) -> [Double]? {
            index < node.inputs.count ? graph.tensor(node.inputs[index]).constantValues : nil
        }

        func shape(_ index: Int) -> Shape? {
            index < node.inputs.count ? graph.tensor(node.inputs[index]).shape : nil
        }
    }

    /// Any finite value of `dtype`: what an input nobody bounded may hold.
    static func anyFinite(_ dtype: DType) -> Interval {
        let limit = (dtype == .unknown ? DType.float32 : dtype).maxFinite ?? Double.greatestFiniteMagnitude
        return Interval(-limit, limit)
    }

    static func interval(ofConstant constant: ConstantData, dtype: DType) -> Interval {
        // A weight whose values the file leaves out (an external file not
        // shipped, a stripped model), or that has none: any value at all.
        // All NaN gives lo > hi: the empty interval, NaN possible.
        ChannelLayout.range(of: constant) ?? Interval(-.infinity, .infinity)
    }

    static func outputs(of op: Op, inputs: [Interval], context: Context) -> [Interval]? {
        let math = context.arithmetic
        let x = inputs.first ?? .top
        switch op {
        case .input:
            // A Caffe `Input` layer or a DSL `Input`: what the user declares
            // (taken by the caller), else any value of its type.
            return [context.assumptions.undeclaredInputsUnlimited ? Interval(-.infinity, .infinity) : anyFinite(context.dtype)]
        case .dataLoader(let data):
            let values = dataRange(data) ?? (context.assumptions.undeclaredInputsUnlimited
                                             ? Interval(-.infinity, .infinity) : anyFinite(context.dtype))
            return [values, Interval(0, Double.infinity)]

        case .conv(let conv) where conv.activation != nil || conv.addedInput != nil:
            // ONNX Runtime's FusedConv: the convolution, plus Z, then the activation.
            var y = LinearBounds.output(op: op, inputs: inputs, context: context)
            if let added = conv.addedInput, added < inputs.count { y = math.add(y, inputs[added]) }
            return [fusedActivation(conv.activation, y, context: context)]
        case .fullyConnected(let gemm) where gemm.activation != nil:
            return [fusedActivation(gemm.activation, LinearBounds.output(op: op, inputs: inputs, context: context), context: context)]
        case .conv, .deconv, .fullyConnected, .matMul, .embed:
            return [LinearBounds.output(op: op, inputs: inputs, context: context)]

        case .pool(let pool):
            // Max pooling picks input values; average pooling averages them
            // (and the zeros of the padding when there is any); Lp pooling is
            // a norm over the window, non-negative and unbounded by x alone.
            if pool.kind == .lp { return [Interval(0, .infinity, mayBeNaN: x.mayBeNaN), Interval(0, .infinity)] }
            let padded = pool.padsBegin.contains { $0 > 0 } || pool.padsEnd.contains { $0 > 0 } || pool.autoPad != nil
            // An average of the window, padding zeros included; it rounds (see Reductions).
            let value = pool.kind == .max ? x : Reductions.average(padded ? x.join(.exactly(0)) : x, window: pool, context: context)
            return [value, Interval(0, Double.infinity)]
        case .batchNorm, .mvn, .scale, .bias, .prelu:
            return [Normalization.output(op: op, inputs: inputs, context: context)]
        case .lrn:
            // x / (k + alpha/n * sum x^2)^beta with k >= 1 (Caffe, ONNX defaults): |y| <= |x|.
            let magnitude = Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
            // An infinite x meets an infinite sum of squares: inf / inf is NaN.
            return [Interval(x.lo < 0 ? -magnitude : 0, x.hi > 0 ? magnitude : 0, mayBeNaN: x.mayBeNaN || !magnitude.isFinite)]

        case .relu: return [math.relu(x)]
        case .leakyRelu(let slope):
            // Piecewise: x where x >= 0, slope * x where x < 0.
            let (negative, positive) = split(x)
            let scaled = negative.isNumericEmpty ? Interval.bottom : math.mul(negative, attribute(slope))
            return [positive.join(scaled).with(nan: x.mayBeNaN || scaled.mayBeNaN)]
        case .elu(let alpha):
            // Piecewise: x where x > 0, alpha * (exp(x) - 1) where x <= 0.
            let (negative, positive) = split(x)
            let bent = negative.isNumericEmpty ? Interval.bottom
                : math.mul(math.sub(math.exp(negative), .exactly(1)), attribute(alpha))
            return [positive.join(bent).with(nan: x.mayBeNaN || bent.mayBeNaN)]
        case .sigmoid: return [math.sigmoid(x)]
        case .tanh: return [math.tanh(x)]
        case .abs: return [math.abs(x)]
        case .softplus: return [math.softplus(x)]
        case .swish:
            // x * sigmoid(x) lies in [-0.2785, max(x, 0)] (rounded to the dtype: -0.27856 in fp16);
            // at x = -inf it is -inf * 0, NaN.
            return [math.round(Interval(x.lo < 0 ? -0.2785 : 0, Swift.max(x.hi, 0), mayBeNaN: x.mayBeNaN || x.lo == -.infinity))]
        case .clip(let lo, let hi): return [math.clip(x, lo: lo, hi: hi)]
        case .threshold: return [Interval(0, 1, mayBeNaN: x.mayBeNaN)]
        case .exp(let base, let prelude):
            return [caffeExp(x, base: base, prelude: prelude, math)]
        case .log(let base, let prelude):
            return [caffeLog(x, base: base, prelude: prelude, math)]
        case .pow(let exponent, let prelude):
            guard let exponent else { return [.top] }
            return [caffePow(x, exponent: exponent, prelude: prelude, math)]
        case .sqrt: return [math.sqrt(x)]
        case .reciprocal: return [math.reciprocal(x)]
        case .softmax(let axis):
            return [Normalization.softmax(x, axis: axis, logarithm: false, context: context)]
        case .logSoftmax(let axis):
            return [Normalization.softmax(x, axis: axis, logarithm: true, context: context)]
        case .dropout(let ratio):
            // Training scales kept values by 1 / (1 - p); inference passes them through.
            // The ratio is the op's constant, or whatever input 1 may hold.
            let p = inputs.count >= 2 && context.constant(1) == nil ? inputs[1] : .exactly(ratio ?? 0.5)
            let scale = math.reciprocal(math.sub(.exactly(1), p))
            return [x.join(math.mul(x, scale)).join(.exactly(0)), Interval(0, 1)]

        case .add: return [inputs.dropFirst().reduce(x) { math.add($0, $1) }]
        case .sub:
            guard inputs.count >= 2 else { return [x] }
            let difference = math.sub(x, inputs[1])
            // The softmax idiom `x - max(x)`: every element is at most its maximum.
            return [SoftmaxByHand.subtractsOwnMaximum(context.node, in: context.graph)
                    ? difference.meet(Interval(-.infinity, 0)).with(nan: difference.mayBeNaN) : difference]
        case .mul:
            // `x * x` of one tensor is a square, never negative: the fact that
            // makes `sqrt(mean(x * x) + eps)` provably safe.
            let node = context.node
            if node.inputs.count == 2, node.inputs[0] == node.inputs[1] { return [math.square(x)] }
            return [inputs.dropFirst().reduce(x) { math.mul($0, $1) }]
        case .div:
            guard inputs.count >= 2 else { return [x] }
            let quotient = math.div(x, inputs[1])
            guard let bound = NormalizedQuotient.bound(context), !inputs[1].mayBeNaN, !x.mayBeNaN else { return [quotient] }
            return [quotient.meet(Interval(-bound, bound)).with(nan: quotient.mayBeNaN)]
        case .max: return [inputs.dropFirst().reduce(x) { math.max($0, $1) }]
        case .min: return [inputs.dropFirst().reduce(x) { math.min($0, $1) }]
        case .weightedSum(let coefficients):
            var sum = Interval.exactly(0)
            for (index, input) in inputs.enumerated() {
                let coefficient = index < coefficients.count ? coefficients[index] : 1
                sum = math.add(sum, math.mul(input, attribute(coefficient)))
            }
            return [sum]

        case .concat: return [inputs.reduce(Interval.bottom) { $0.join($1) }]
        case .split, .slice:
            return Array(repeating: x, count: Swift.max(1, context.node.outputs.count))
        case .flatten, .reshape, .crop, .tile, .identity:
            return [x]
        case .reduce(let kind):
            let reduced = Reductions.output(kind, x, context: context)
            // A softmax's denominator written by hand holds exp(0) = 1 in every sum.
            if kind == .sum, reduced.hi >= 1, SoftmaxByHand.sumsShiftedExponentials(context.node, in: context.graph) {
                return [reduced.meet(Interval(1, .infinity)).with(nan: reduced.mayBeNaN)]
            }
            return [reduced]
        case .argMax: return [Interval(0, Double.infinity)]
        case .shapeOf(let countOnly):
            // Dims are whole numbers >= 0; with the input's shape known, exactly those.
            guard let dims = context.shape(0)?.knownValues, !dims.isEmpty else { return [Interval(0, Double.infinity)] }
            guard let count = Checked.count(dims) else { return [Interval(0, Double.infinity)] }
            let values = countOnly ? [count] : dims
            return [Interval(Double(values.min()!), Double(values.max()!))]
        case .gather, .transpose:
            return [x]
        case .cast(let target):
            // To integers: truncation toward zero, within the target's range (see castToInteger).
            guard target.isFloatingPoint || target == .unknown else { return [castToInteger(x, target)] }
            return [target == .unknown ? x : IntervalArithmetic(dtype: target).round(x)]
        case .lstm(let recurrent), .rnn(let recurrent):
            return Recurrences.outputs(recurrent, inputs: inputs, context: context)
        case .loss(let kind):
            return Losses.outputs(kind, inputs: inputs, math: math)
        case .accuracy: return [Interval(0, 1), Interval(0, 1)]
        case .silence: return []
        case .unary(let function): return [UnaryFunctions.output(function, x, math: math)]
        case .predicate: return [Interval(0, 1)]
        case .select:
            guard inputs.count >= 3 else { return nil }
            return [inputs[1].join(inputs[2])]
        case .normalize:
            return Normalization.grouped(op: op, inputs: inputs, context: context)
        case .resize(let cubic):
            // Nearest and linear interpolation stay within the input's range.
            // Cubic weights sum to 1 with |w| summing to at most 1.375 per axis
            // (Keys kernel, a = -0.75), so over at most 4 axes the result is
            // within mid ± 3.6 * rad.
            guard cubic else { return [x] }
            guard x.lo.isFinite, x.hi.isFinite else { return [Interval(-.infinity, .infinity, mayBeNaN: true)] }
            let mid = (x.lo + x.hi) / 2, spread = (x.hi - x.lo) / 2 * 3.6 + Swift.abs(mid) * 1e-5
            return [math.round(Interval(mid - spread, mid + spread, mayBeNaN: x.mayBeNaN))]
        case .pad(let value):
            return [value.map { x.join(.exactly($0)) } ?? x]
        case .fill(let value):
            return [.exactly(value)]
        case .average:
            // The kernel sums, then divides: the sum may overflow.
            let sum = inputs.dropFirst().reduce(x) { math.add($0, $1) }
            return [math.div(sum, .exactly(Double(Swift.max(inputs.count, 1))))]
        case .scatter:
            return [inputs.count >= 3 ? x.join(inputs[2]) : .top]
        case .dequantize:
            guard inputs.count >= 2 else { return nil }
            let shifted = inputs.count >= 3 ? math.sub(x, inputs[2]) : x
            return [math.mul(shifted, inputs[1])]
        case .quantize(let declared):
            guard inputs.count >= 2 else { return nil }
            var target = declared
            if inputs.count >= 3, case let type = context.graph.tensor(context.node.inputs[2]).dtype, !type.isFloatingPoint,
               type != .unknown { target = type }
            // Saturation keeps every value in range; NaN has no integer.
            return [ExtendedTransfer.quantizedRange(target)]
        case .topK:
            return [x, Interval(0, .infinity)]
        case .parameter:
            // A weight: bounded only by `--weight-bound`.
            return [context.assumptions.weightBound.map { Interval(-$0, $0) } ?? Interval(-.infinity, .infinity)]
        case .pyramidPool(let kind):
            // Caffe pads the pyramid's windows: averages take in zeros; stochastic pooling picks input values.
            guard kind == .average || kind == .lp else { return [x] }
            return [Reductions.mean(x.join(.exactly(0)), count: Reductions.elementCount(context.shape(0)), context: context)]
        case .extended(let extended):
            return ExtendedTransfer.outputs(of: extended, inputs: inputs, context: context)
        case .opaque, .unknown: return nil
        // Bodies are the interpreter's (`ControlFlowInterpreter`); without one, nothing is known.
        case .controlFlow: return nil
        }
    }

    /// A fused layer's activation applied to its output `y`.
    static func fusedActivation(_ activation: FusedActivation?, _ y: Interval, context: Context) -> Interval {
        let op: Op = switch activation {
        case nil: .identity
        case .relu: .relu
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .leakyRelu(let alpha): .leakyRelu(slope: alpha)
        case .clip(let lo, let hi): .clip(min: lo, max: hi)
        case .hardSigmoid(let alpha, let beta): .unary(.hardSigmoid(alpha: alpha, beta: beta))
        }
        let result = outputs(of: op, inputs: [y], context: context)?.first ?? .top
        // onnxruntime's fused kernels approximate tanh and the logistic (MLAS): a few ulps past the exact range.
        switch activation {
        case .tanh?, .sigmoid?, .hardSigmoid?:
            guard !result.isNumericEmpty else { return result }
            let slack = Swift.max(Swift.abs(result.lo), Swift.abs(result.hi)) * 1e-6
            return Interval(result.lo - slack, result.hi + slack, mayBeNaN: result.mayBeNaN)
        default:
            return result
        }
    }

    /// The parts of `x` below and above zero (either may be empty).
    static func split(_ x: Interval) -> (negative: Interval, positive: Interval) {
        (x.meet(Interval(-.infinity, 0)), x.meet(Interval(0, .infinity)))
    }

    /// Caffe's `shift + scale * x`.
    static func affine(_ x: Interval, _ prelude: AffinePrelude, _ math: IntervalArithmetic) -> Interval {
        prelude == .identity ? x : math.add(math.mul(x, attribute(prelude.scale)), attribute(prelude.shift))
    }

    /// A data layer's values: 8-bit pixels, less the mean, times the scale.
    /// nil when nothing says the data are 8-bit images: the range is unknown.
    static func dataRange(_ data: DataAttributes) -> Interval? {
        guard data.scale != nil || !data.meanValues.isEmpty || data.hasMeanFile || data.cropSize != nil else {
            return nil
        }
        let means = data.hasMeanFile ? [0.0, 255.0] : data.meanValues
        let lo = 0 - (means.max() ?? 0), hi = 255 - (means.min() ?? 0)
        let scale = data.scale ?? 1
        return Interval(Swift.min(lo * scale, hi * scale), Swift.max(lo * scale, hi * scale))
    }
}

extension Interval {
    func with(nan: Bool) -> Interval {
        var copy = self
        copy.mayBeNaN = nan
        return copy
    }
}
