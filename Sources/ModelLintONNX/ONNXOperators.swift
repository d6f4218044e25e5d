import ModelLintIR

/// The ONNX operators modellint knows, and how each maps onto the IR's op
/// vocabulary. Keyed by domain and op type; where an attribute's meaning
/// changed across opsets (Softmax's default axis, Clip's bounds moving from
/// attributes to inputs, Dropout's ratio, ...) the model's opset decides.
/// Known operators without an IR counterpart become `.opaque`; anything
/// else `.unknown`, which rule ML003 reports.
enum ONNXOperators {
    /// The default domain (`""` / `ai.onnx`), every operator of every opset up to ONNX 1.23.
    static let defaultDomain: Set<String> = [
        "Abs", "Acos", "Acosh", "Add", "AffineGrid", "And", "ArgMax", "ArgMin", "Asin", "Asinh", "Atan", "Atanh",
        "Attention", "AveragePool", "BatchNormalization", "Bernoulli", "BitCast", "BitShift", "BitwiseAnd",
        "BitwiseNot", "BitwiseOr", "BitwiseXor", "BlackmanWindow", "Cast", "CastLike", "CausalConvWithState", "Ceil",
        "Celu", "CenterCropPad", "Clip", "Col2Im", "Compress", "Concat", "ConcatFromSequence", "Constant",
        "ConstantOfShape", "Conv", "ConvInteger", "ConvTranspose", "Cos", "Cosh", "CumProd", "CumSum", "DFT",
        "DeformConv", "DepthToSpace", "DequantizeLinear", "Det", "Div", "Dropout", "DynamicQuantizeLinear", "Einsum",
        "Elu", "Equal", "Erf", "Exp", "Expand", "EyeLike", "Flatten", "Floor", "GRU", "Gather", "GatherElements",
        "GatherND", "Gelu", "Gemm", "GlobalAveragePool", "GlobalLpPool", "GlobalMaxPool", "Greater", "GreaterOrEqual",
        "GridSample", "GroupNormalization", "HammingWindow", "HannWindow", "HardSigmoid", "HardSwish", "Hardmax",
        "Identity", "If", "ImageDecoder", "InstanceNormalization", "IsInf", "IsNaN", "LRN", "LSTM",
        "LayerNormalization", "LeakyRelu", "Less", "LessOrEqual", "LinearAttention", "Log", "LogSoftmax", "Loop",
        "LpNormalization", "LpPool", "MatMul", "MatMulInteger", "Max", "MaxPool", "MaxRoiPool", "MaxUnpool", "Mean",
        "MeanVarianceNormalization", "MelWeightMatrix", "Min", "Mish", "Mod", "Mul", "Multinomial", "Neg",
        "NegativeLogLikelihoodLoss", "NonMaxSuppression", "NonZero", "Not", "OneHot", "Optional",
        "OptionalGetElement", "OptionalHasElement", "Or", "PRelu", "Pad", "Pow", "QLinearConv", "QLinearMatMul",
        "QuantizeLinear", "RMSNormalization", "RNN", "RandomNormal", "RandomNormalLike", "RandomUniform",
        "RandomUniformLike", "Range", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
        "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare", "RegexFullMatch", "Relu",
        "Reshape", "Resize", "ReverseSequence", "RoiAlign", "RotaryEmbedding", "Round", "STFT", "Scan", "Scatter",
        "ScatterElements", "ScatterND", "Selu", "SequenceAt", "SequenceConstruct", "SequenceEmpty", "SequenceErase",
        "SequenceInsert", "SequenceLength", "SequenceMap", "Shape", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Size",
        "Slice", "Softmax", "SoftmaxCrossEntropyLoss", "Softplus", "Softsign", "SpaceToDepth", "Split",
        "SplitToSequence", "Sqrt", "Squeeze", "StringConcat", "StringNormalizer", "StringSplit", "Sub", "Sum",
        "SwiGLU", "Swish", "Tan", "Tanh", "TensorScatter", "TfIdfVectorizer", "ThresholdedRelu", "Tile", "TopK",
        "Transpose", "Trilu", "Unique", "Unsqueeze", "Upsample", "Where", "Xor",
        // onnxruntime's contrib operator that it registers in the ONNX domain (its optimizer writes it).
        "SimplifiedLayerNormalization",
        // Removed from the spec but still found in old models.
        "Affine", "Crop", "DynamicSlice", "GRUUnit", "GivenTensorFill", "ImageScaler", "ParametricSoftplus", "Scale",
        "ScaledTanh",
    ]

    /// `ai.onnx.ml`: classic ML operators, all tensor-in tensor-out or maps.
    static let mlDomain: Set<String> = [
        "ArrayFeatureExtractor", "Binarizer", "CastMap", "CategoryMapper", "DictVectorizer", "FeatureVectorizer",
        "Imputer", "LabelEncoder", "LinearClassifier", "LinearRegressor", "Normalizer", "OneHotEncoder",
        "SVMClassifier", "SVMRegressor", "Scaler", "TreeEnsemble", "TreeEnsembleClassifier", "TreeEnsembleRegressor",
        "ZipMap",
    ]

    /// `ai.onnx.preview.training` and `ai.onnx.preview`.
    static let previewDomains: Set<String> = ["Adagrad", "Adam", "Gradient", "Momentum", "FlexAttention"]

    /// Common ONNX Runtime fused operators whose meaning is clear.
    static let microsoftDomain: Set<String> = [
        "FusedConv", "FusedGemm", "FusedMatMul", "Gelu", "FastGelu", "BiasGelu", "QuickGelu", "BiasAdd",
        "BiasSoftmax", "SkipLayerNormalization", "SimplifiedLayerNormalization", "SkipSimplifiedLayerNormalization",
        "LayerNormalization", "Attention", "MultiHeadAttention", "EmbedLayerNormalization", "NhwcConv",
        "NhwcMaxPool", "QLinearAdd", "QLinearMul", "QLinearSigmoid", "QLinearLeakyRelu", "QLinearAveragePool",
        "QLinearGlobalAveragePool", "QLinearConcat", "QLinearSoftmax", "Inverse", "Rfft", "Irfft", "GridSample",
        "RotaryEmbedding", "GroupQueryAttention", "MatMulNBits", "DequantizeLinear", "QuantizeLinear",
        "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "DynamicQuantizeLSTM",
    ]

    static func isKnown(domain: String, opType: String) -> Bool {
        switch domain {
        case "", "ai.onnx": return defaultDomain.contains(opType)
        case "ai.onnx.ml": return mlDomain.contains(opType)
        case "ai.onnx.preview.training", "ai.onnx.preview": return previewDomains.contains(opType)
        case "com.microsoft": return microsoftDomain.contains(opType)
        default: return false
        }
    }

    /// The IR op for `node`. `opset` is the model's version of the node's
    /// domain; `constant(i)` gives input `i`'s values when they are known.
    static func op<Node: ONNXNodeFields>(for node: Node, opset: Int, constant: (Int) -> [Double]?) -> Op {
        let type = node.opType
        let domain = node.domain
        guard isKnown(domain: domain, opType: type) else {
            return .unknown(domain.isEmpty ? type : "\(domain)::\(type)")
        }
        let attributes = ONNXNodeAttributes(node)
        if domain == "com.microsoft" {
            switch type {
            case "NhwcConv": return .conv(convolution(attributes))
            case "FusedConv":
                guard case .success(let activation) = ONNXExtendedOperators.activation(attributes) else { return .opaque("com.microsoft::FusedConv") }
                var conv = convolution(attributes)
                conv.activation = activation
                conv.addedInput = node.input.count > 3 ? 3 : nil
                return .conv(conv)
            case "NhwcMaxPool": return .pool(pooling(attributes, kind: .max))
            case "FusedGemm":
                guard case .success(let activation) = ONNXExtendedOperators.activation(attributes) else { return .opaque("com.microsoft::FusedGemm") }
                var fullyConnected = gemm(attributes)
                fullyConnected.activation = activation
                return .fullyConnected(fullyConnected)
            case "Gelu": return .unary(.gelu)
            case "QuickGelu": return .unary(.quickGelu(alpha: attributes.float("alpha") ?? 1.702))
            case "FusedMatMul" where isPlainProduct(attributes): return .matMul
            case "FusedMatMul":
                // alpha * A' . B', transposed as the attributes say: K is at most A's element count.
                return .extended(.sumOfProducts(SumOfProducts(factors: [.input(0), .input(1)], terms: .elementCount(of: [0]),
                                                              scale: attributes.float("alpha") ?? 1)))
            case "BiasAdd": return .add
            case "LayerNormalization", "SimplifiedLayerNormalization":
                return .normalize(NormalizeAttributes(grouping: .fromAxis(attributes.int("axis") ?? -1),
                                                      epsilon: attributes.float("epsilon") ?? 1e-5,
                                                      centred: type == "LayerNormalization"))
            case "DequantizeLinear": return .dequantize
            case "QuantizeLinear": return .quantize(to: .uint8)
            default:
                return ONNXExtendedOperators.microsoftDomain(type, attributes, inputCount: node.input.count).map(Op.extended)
                    ?? .opaque("com.microsoft::\(type)")
            }
        }
        guard domain.isEmpty || domain == "ai.onnx" else { return .opaque("\(domain)::\(type)") }

        switch type {
        case "Conv": return .conv(convolution(attributes))
        case "ConvTranspose":
            var transposed = convolution(attributes)
            transposed.outputPadding = attributes.ints("output_padding") ?? []
            transposed.outputShape = attributes.ints("output_shape")
            return .deconv(transposed)
        case "AveragePool": return .pool(pooling(attributes, kind: .average))
        case "MaxPool": return .pool(pooling(attributes, kind: .max))
        case "LpPool": return .pool(pooling(attributes, kind: .lp))
        case "GlobalAveragePool": return .pool(global(.average))
        case "GlobalMaxPool": return .pool(global(.max))
        case "GlobalLpPool": return .pool(global(.lp))
        case "Gemm": return .fullyConnected(gemm(attributes))
        case "MatMul": return .matMul
        case "BatchNormalization":
            return .batchNorm(epsilon: attributes.float("epsilon") ?? 1e-5,
                              useGlobalStatistics: batchNormUsesStoredStatistics(node, attributes, opset: opset))
        case "LRN": return .lrn
        case "MeanVarianceNormalization": return .mvn
        case "Relu": return .relu
        case "LeakyRelu": return .leakyRelu(slope: attributes.float("alpha") ?? 0.01)
        case "PRelu": return .prelu
        case "Elu": return .elu(alpha: attributes.float("alpha") ?? 1)
        case "Sigmoid": return .sigmoid
        case "Tanh": return .tanh
        case "Abs": return .abs
        case "Softplus": return .softplus
        case "Swish": return .swish
        case "Clip":
            // Bounds are attributes before opset 11, optional inputs 1 and 2 after.
            if opset < 11 { return .clip(min: attributes.float("min"), max: attributes.float("max")) }
            return .clip(min: constant(1)?.first, max: constant(2)?.first)
        case "Exp": return .exp(base: nil, prelude: .identity)
        case "Log": return .log(base: nil, prelude: .identity)
        case "Pow": return .pow(exponent: constant(1).flatMap { $0.count == 1 ? $0[0] : nil }, prelude: .identity)
        case "Sqrt": return .sqrt
        case "Reciprocal": return .reciprocal
        case "Softmax", "LogSoftmax":
            // The default axis was 1 (flattening the rest) until opset 13, -1 after.
            let axis = attributes.int("axis") ?? (opset < 13 ? 1 : -1)
            return type == "Softmax" ? .softmax(axis: axis) : .logSoftmax(axis: axis)
        case "Dropout":
            // The ratio is an attribute before opset 12, optional input 1 after.
            return .dropout(ratio: opset < 12 ? attributes.float("ratio") ?? 0.5 : constant(1)?.first ?? 0.5)
        case "Add", "Sum": return .add
        case "Sub": return .sub
        case "Mul": return .mul
        case "Div": return .div
        case "Max": return .max
        case "Min": return .min
        case "Concat": return .concat(axis: attributes.int("axis") ?? 1)
        // ONNX Split cuts along an axis, as Caffe's Slice does (Caffe's Split copies).
        case "Split": return .slice(axis: attributes.int("axis") ?? 0)
        // Flatten's shape rule is axis 1's; at another axis it keeps the values of a
        // reshape whose shape is not written, so the shape stays unknown rather than wrong.
        case "Flatten": return (attributes.int("axis") ?? 1) == 1 ? .flatten : .reshape
        case "Reshape": return .reshape
        // Input 1 of Squeeze/Unsqueeze lists axes, not a target shape: values pass unchanged, shape unknown.
        case "Squeeze", "Unsqueeze": return .gather
        case "Tile": return .tile
        case "Identity": return .identity
        case "ArgMax": return .argMax
        case "LSTM": return .lstm(recurrent(attributes, cell: .lstm))
        case "GRU": return .rnn(recurrent(attributes, cell: .gru))
        case "RNN": return .rnn(recurrent(attributes, cell: .simple))
        case "Loop": return .controlFlow(.loop)
        case "If": return .controlFlow(.ifThenElse)
        case "Scan":
            // Opset 8 puts the optional sequence lengths first and a batch axis
            // before the scanned one; opset 9 dropped both and added axes.
            // Clamped: the file's figure sizes an array below, and no node has more inputs than this.
            let count = Swift.min(Swift.max(attributes.int("num_scan_inputs") ?? 0, 0), Int(UInt16.max))
            if opset < 9 { return .controlFlow(.scan(ScanAttributes(scanInputs: count, leadingSequenceLengths: true,
                                                                    inputAxes: Array(repeating: 1, count: count)))) }
            return .controlFlow(.scan(ScanAttributes(scanInputs: count, inputAxes: attributes.ints("scan_input_axes") ?? [])))
        case "ReduceSum": return .reduce(.sum)
        case "ReduceMean": return .reduce(.mean)
        case "ReduceMax": return .reduce(.max)
        case "ReduceMin": return .reduce(.min)
        case "ReduceSumSquare": return .reduce(.sumOfSquares)
        case "ReduceL1": return .reduce(.sumOfAbs)
        case "SoftmaxCrossEntropyLoss": return .loss(.softmaxCrossEntropy)
        case "NegativeLogLikelihoodLoss": return .loss(.negativeLogLikelihood)
        case "ReduceL2": return .reduce(.l2)
        case "ReduceLogSum": return .reduce(.logSum)
        case "ReduceLogSumExp": return .reduce(.logSumExp)
        case "ReduceProd": return .reduce(.product)
        // Indices, like ArgMax's.
        case "ArgMin": return .argMax
        // From opset 15 Shape may keep only the dims from `start` to `end`: not what the IR's op says.
        case "Shape" where attributes.int("start") != nil || attributes.int("end") != nil: return .extended(.fixed([]))
        case "Shape": return .shapeOf(countOnly: false)
        case "Size": return .shapeOf(countOnly: true)
        case "Transpose": return .transpose(permutation: attributes.ints("perm"))
        case "Gather", "GatherElements", "GatherND", "Slice", "Expand", "DepthToSpace", "SpaceToDepth",
             "Compress", "ReverseSequence":
            return .gather
        // Keeps a triangle of the input and writes zeros elsewhere: its values, and 0.
        case "Trilu": return .pad(value: 0)
        case "Cast": return .cast(to: ONNXTensorData.dtype(Int32(clamping: attributes.int("to") ?? 0)))
        case "Neg": return .unary(.neg)
        case "Tan": return .unary(.tan)
        case "Acos": return .unary(.acos)
        case "Asin": return .unary(.asin)
        case "Atan": return .unary(.atan)
        case "Acosh": return .unary(.acosh)
        case "Asinh": return .unary(.asinh)
        case "Atanh": return .unary(.atanh)
        case "Cosh": return .unary(.cosh)
        case "Sinh": return .unary(.sinh)
        case "LpNormalization": return .unary(.lpNormalization)
        case "ScaledTanh": return .unary(.scaledTanh(alpha: attributes.float("alpha") ?? 1, beta: attributes.float("beta") ?? 1))
        case "Shrink": return .unary(.shrink(bias: attributes.float("bias") ?? 0, lambd: attributes.float("lambd") ?? 0.5))
        case "Affine":
            let shift = attributes.float("beta") ?? 0
            return .unary(.affine(scale: attributes.float("alpha") ?? 1, shiftLow: shift, shiftHigh: shift))
        case "ImageScaler":
            let bias = attributes.floats("bias") ?? [0]
            return .unary(.affine(scale: attributes.float("scale") ?? 1, shiftLow: bias.min() ?? 0, shiftHigh: bias.max() ?? 0))
        case "Mean": return .average
        case "Scatter", "ScatterElements", "ScatterND":
            // With a reduction (add, max, min) the updates combine with the data: an extended bound.
            guard (attributes.string("reduction") ?? "none") == "none" else {
                return ONNXExtendedOperators.defaultDomain(type, attributes, inputCount: node.input.count).map(Op.extended) ?? .opaque(type)
            }
            return .scatter
        case "DequantizeLinear": return .dequantize
        case "QuantizeLinear":
            // The zero point's type is the output's; uint8 without one (int8 and others from opset 19's output_dtype).
            return .quantize(to: attributes.int("output_dtype").map { ONNXTensorData.dtype(Int32(clamping: $0)) } ?? .uint8)
        case "TopK": return .topK
        case "Erf": return .unary(.erf)
        case "Gelu": return .unary(.gelu)
        case "HardSwish": return .unary(.hardSwish)
        case "HardSigmoid": return .unary(.hardSigmoid(alpha: attributes.float("alpha") ?? 0.2, beta: attributes.float("beta") ?? 0.5))
        case "Floor": return .unary(.floor)
        case "Ceil": return .unary(.ceil)
        case "Round": return .unary(.round)
        case "Sign": return .unary(.sign)
        case "Sin": return .unary(.sin)
        case "Cos": return .unary(.cos)
        case "Softsign": return .unary(.softsign)
        case "Mish": return .unary(.mish)
        case "Selu":
            return .unary(.selu(alpha: attributes.float("alpha") ?? 1.67326319217681884765625,
                                gamma: attributes.float("gamma") ?? 1.05070102214813232421875))
        case "Celu": return .unary(.celu(alpha: attributes.float("alpha") ?? 1))
        case "ThresholdedRelu": return .unary(.thresholdedRelu(alpha: attributes.float("alpha") ?? 1))
        case "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor", "Not", "IsNaN", "IsInf":
            return .predicate
        case "Where": return .select
        case "LayerNormalization":
            return .normalize(NormalizeAttributes(grouping: .fromAxis(attributes.int("axis") ?? -1),
                                                  epsilon: attributes.float("epsilon") ?? 1e-5))
        case "RMSNormalization", "SimplifiedLayerNormalization":
            return .normalize(NormalizeAttributes(grouping: .fromAxis(attributes.int("axis") ?? -1),
                                                  epsilon: attributes.float("epsilon") ?? 1e-5, centred: false))
        case "InstanceNormalization":
            return .normalize(NormalizeAttributes(grouping: .perChannel, epsilon: attributes.float("epsilon") ?? 1e-5))
        case "GroupNormalization":
            return .normalize(NormalizeAttributes(grouping: .channelGroups(attributes.int("num_groups") ?? 1),
                                                  epsilon: attributes.float("epsilon") ?? 1e-5))
        case "Resize", "Upsample": return .resize(cubic: attributes.string("mode") == "cubic")
        case "Pad":
            // Constant mode pads with input 2 (opset 11+) or the `value` attribute, 0 by default.
            guard (attributes.string("mode") ?? "constant") == "constant" else { return .pad(value: nil) }
            return .pad(value: opset < 11 ? attributes.float("value") ?? 0 : constant(2)?.first ?? 0)
        case "ConstantOfShape":
            let value = attributes.tensor("value").flatMap { ONNXTensorData.storage(of: $0, modelFolder: nil).data.values?.first }
            return .fill(value: value ?? 0)
        default:
            return ONNXExtendedOperators.defaultDomain(type, attributes, inputCount: node.input.count).map(Op.extended) ?? .opaque(type)
        }
    }

    /// com.microsoft `FusedMatMul` that is a plain `MatMul`: alpha 1, nothing transposed.
    private static func isPlainProduct<A>(_ attributes: ONNXNodeAttributes<A>) -> Bool {
        (attributes.float("alpha") ?? 1) == 1
            && ["transA", "transB", "transBatchA", "transBatchB"].allSatisfy { (attributes.int($0) ?? 0) == 0 }
    }

    /// Whether a `BatchNormalization` normalizes with its stored mean and
    /// variance (inference mode) rather than the batch's. Opset 14 states it
    /// in `training_mode` (default 0, inference); opsets 7 to 13 by the
    /// outputs: training mode writes the updated running mean and variance
    /// as outputs 1 and 2, inference mode only `Y`; before opset 7 `is_test`
    /// (default 0) says it, and without it the outputs decide as well.
    private static func batchNormUsesStoredStatistics<Node: ONNXNodeFields>(
        _ node: Node, _ attributes: ONNXNodeAttributes<Node.Attribute>, opset: Int
    ) -> Bool {
        if opset >= 14 { return (attributes.int("training_mode") ?? 0) == 0 }
        if opset < 7, let isTest = attributes.int("is_test") { return isTest != 0 }
        return node.output.dropFirst().allSatisfy(\.isEmpty)
    }

    /// ONNX `LSTM`, `GRU`, `RNN`: inputs `X, W, R, B, sequence_lens, initial_h`
    /// (and `initial_c, P` for LSTM); outputs `Y, Y_h` (and `Y_c`). `layout: 1`
    /// (opset 14) puts the batch axis before the time axis.
    private static func recurrent<A>(_ attributes: ONNXNodeAttributes<A>, cell: RecurrentAttributes.Cell) -> RecurrentAttributes {
        let activations = (attributes.strings("activations") ?? []).map { name -> RecurrentActivation in
            switch name.lowercased() {
            case "sigmoid": return .sigmoid
            case "tanh": return .tanh
            case "relu": return .relu
            case "hardsigmoid": return .hardSigmoid
            case "softsign": return .softsign
            default: return .other(name)
            }
        }
        let clip = attributes.float("clip")
        return RecurrentAttributes(
            cell: cell, outputs: cell == .lstm ? [.sequence, .lastHidden, .lastCell] : [.sequence, .lastHidden],
            timeAxis: (attributes.int("layout") ?? 0) == 1 ? 1 : 0, initialHidden: 5,
            initialCell: cell == .lstm ? 6 : nil, sequenceLengths: 4, activations: activations,
            clip: clip.flatMap { $0 > 0 ? $0 : nil })
    }

    private static func pooling<A>(_ attributes: ONNXNodeAttributes<A>, kind: PoolKind) -> PoolAttributes {
        let kernel = attributes.ints("kernel_shape") ?? []
        let (begin, end) = splitPads(attributes.ints("pads"), rank: kernel.count)
        return PoolAttributes(kind: kind, kernel: kernel, strides: attributes.ints("strides") ?? [],
                              padsBegin: begin, padsEnd: end, dilations: attributes.ints("dilations") ?? [],
                              arithmetic: (attributes.int("ceil_mode") ?? 0) != 0 ? .ceil : .floor,
                              autoPad: autoPad(attributes.string("auto_pad")))
    }

    private static func global(_ kind: PoolKind) -> PoolAttributes {
        PoolAttributes(kind: kind, kernel: [], strides: [], padsBegin: [], padsEnd: [], isGlobal: true, arithmetic: .floor)
    }

    /// Gemm: `alpha * A' · B' + beta * C`, B `(K, N)` unless `transB`.
    private static func gemm<A>(_ attributes: ONNXNodeAttributes<A>) -> FullyConnectedAttributes {
        FullyConnectedAttributes(alpha: attributes.float("alpha") ?? 1, beta: attributes.float("beta") ?? 1,
                                 weightsOutputMajor: attributes.int("transB") == 1,
                                 inputTransposed: attributes.int("transA") == 1)
    }

    private static func convolution<A>(_ attributes: ONNXNodeAttributes<A>) -> ConvAttributes {
        let kernel = attributes.ints("kernel_shape") ?? []
        let (begin, end) = splitPads(attributes.ints("pads"), rank: kernel.count)
        return ConvAttributes(outputChannels: nil, kernel: kernel, strides: attributes.ints("strides") ?? [],
                              padsBegin: begin, padsEnd: end, dilations: attributes.ints("dilations") ?? [],
                              group: attributes.int("group") ?? 1, hasBias: true,
                              autoPad: autoPad(attributes.string("auto_pad")))
    }

    /// ONNX writes `[x1_begin, x2_begin, ..., x1_end, x2_end, ...]`.
    private static func splitPads(_ pads: [Int]?, rank: Int) -> ([Int], [Int]) {
        guard let pads, !pads.isEmpty, pads.count.isMultiple(of: 2) else { return ([], []) }
        let half = pads.count / 2
        return (Array(pads[..<half]), Array(pads[half...]))
    }

    private static func autoPad(_ value: String?) -> AutoPad? {
        switch value {
        case "SAME_UPPER": return .sameUpper
        case "SAME_LOWER": return .sameLower
        case "VALID": return .valid
        default: return nil
        }
    }
}
