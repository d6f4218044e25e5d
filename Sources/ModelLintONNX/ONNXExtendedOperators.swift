import ModelLintIR

/// The operators that become `Op.extended`: each is told by which of its
/// inputs play which part in a bound (`ExtendedOp`). Input positions are the
/// operator schema's (onnx.defs, and ONNX Runtime's contrib operator docs for
/// `com.microsoft`).
enum ONNXExtendedOperators {
    /// The default domain's operators with an extended bound; nil for the others.
    static func defaultDomain<A>(_ type: String, _ attributes: ONNXNodeAttributes<A>, inputCount: Int) -> ExtendedOp? {
        switch type {
        case "CenterCropPad", "MaxUnpool": return .selects(inputs: [0], constants: [0])
        case "TensorScatter": return .selects(inputs: [0, 1], constants: [])
        case "OneHot": return .selects(inputs: [2], constants: [])
        case "Optional", "OptionalGetElement", "SequenceAt", "SequenceErase", "SplitToSequence", "ConcatFromSequence":
            return .selects(inputs: [0], constants: [])
        case "SequenceConstruct", "SequenceInsert": return .selects(inputs: Array(0..<Swift.max(inputCount, 1)), constants: [])
        case "SequenceEmpty": return .selects(inputs: [], constants: [])
        case "Unique": return .selects(inputs: [0], constants: [])
        case "GridSample":
            let mode = attributes.string("mode") ?? "linear"
            return .interpolates(constants: [0], cubic: mode == "cubic" || mode == "bicubic")
        case "RoiAlign", "MaxRoiPool": return .interpolates(constants: [0], cubic: false)
        case "OptionalHasElement", "EyeLike", "Hardmax", "Bernoulli", "RegexFullMatch": return .fixed([.flag])
        case "NonZero", "NonMaxSuppression", "Multinomial", "SequenceLength", "Shape": return .fixed([])
        case "HannWindow", "HammingWindow", "BlackmanWindow", "MelWeightMatrix":
            // Cosine windows and triangular filters: weights in [0, 1] (Blackman's dips to -1.4e-17), rounded.
            return .fixed([FixedRange(-1e-6, 1 + 1e-6)])
        case "ImageDecoder": return .fixed([FixedRange(0, 255)])
        case "RandomUniform", "RandomUniformLike":
            return .fixed([FixedRange(attributes.float("low") ?? 0, attributes.float("high") ?? 1)])
        case "RandomNormal", "RandomNormalLike":
            // Box-Muller from a uniform draw of at least 2^-64 gives |z| < 9.5: 40 standard deviations is generous.
            let mean = attributes.float("mean") ?? 0, spread = Swift.abs(attributes.float("scale") ?? 1) * 40
            return .fixed([FixedRange(mean - spread, mean + spread)])
        // A Constant whose value modellint does not read (strings, a sparse tensor): fixed, but any value to us.
        case "Constant", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot", "BitCast", "StringConcat",
             "StringNormalizer", "StringSplit", "TfIdfVectorizer":
            return .anyValueOfType
        case "CumSum":
            // A running sum of up to n elements; `exclusive` starts at 0.
            return .sumOfProducts(SumOfProducts(factors: [.input(0)], terms: .elementCount(of: [0])))
        case "CumProd": return .cumulativeProduct
        case "DFT", "STFT":
            // Each output is a sum over the signal of x times cos or sin (times STFT's window, input 2).
            let window: [SumOfProducts.Factor] = type == "STFT" && inputCount > 2 ? [.input(2)] : []
            return .sumOfProducts(SumOfProducts(factors: [.input(0)] + window, terms: .elementCount(of: [0]), keepsSign: false))
        case "Col2Im":
            // An output pixel sums the blocks that overlap it: at most the block's size (input 2).
            return .sumOfProducts(SumOfProducts(factors: [.input(0)], terms: .productOfValues(input: 2, orElementCountOf: [0])))
        case "AffineGrid":
            // theta times [x, y, (z,) 1] with normalized coordinates in [-1, 1].
            return .sumOfProducts(SumOfProducts(factors: [.input(0), .range(FixedRange(-1, 1))], terms: .exactly(4), keepsSign: false))
        case "Einsum":
            // Each summed index ranges over an axis of some input: the product of
            // every input's element count bounds how many terms one output sums.
            let inputs = Array(0..<Swift.max(inputCount, 1))
            return .sumOfProducts(SumOfProducts(factors: inputs.map { .input($0) }, terms: .elementCount(of: inputs)))
        case "MatMulInteger", "ConvInteger":
            // (a - a_zero_point) * (b - b_zero_point) summed in int32; padding holds the zero point.
            return .sumOfProducts(SumOfProducts(factors: [.input(0, zeroPoint: inputCount > 2 ? 2 : nil),
                                                          .input(1, zeroPoint: inputCount > 3 ? 3 : nil)],
                                                terms: .elementCount(of: [1])))
        case "DeformConv":
            // A convolution of bilinear samples (0 outside), each times its mask value (input 4).
            let mask: [SumOfProducts.Factor] = inputCount > 4 ? [.input(4)] : []
            return .sumOfProducts(SumOfProducts(factors: [.input(0), .input(1)] + mask, terms: .elementCount(of: [1]),
                                                addends: inputCount > 3 ? [3] : []))
        case "Scatter", "ScatterElements", "ScatterND":
            // Updates (input 2) combined with the data: max and min pick values; add sums at most every update into one.
            switch attributes.string("reduction") ?? "none" {
            case "max", "min": return .selects(inputs: [0, 2], constants: [])
            case "add": return .sumOfProducts(SumOfProducts(factors: [.input(2)], terms: .elementCount(of: [2]), addends: [0]))
            default: return nil
            }
        case "Mod": return .remainder(fmod: (attributes.int("fmod") ?? 0) != 0)
        case "Range": return .arithmeticSequence
        case "Det": return .determinant
        case "CastLike": return .castLike
        case "QLinearConv", "QLinearMatMul": return .quantized(zeroPoint: 7)
        case "DynamicQuantizeLinear": return .dynamicQuantize
        case "Attention":
            // Q, K, V, attn_mask, past_key, past_value.
            return .attention(AttentionInputs(values: [2, 5].filter { $0 < inputCount }, keys: [1, 4].filter { $0 < inputCount },
                                              maskInputs: [3].filter { $0 < inputCount }))
        case "RotaryEmbedding": return .rotary(input: 0, cosines: 1, sines: 2)
        default: return nil
        }
    }

    /// The `com.microsoft` operators with an extended bound; nil for the others.
    static func microsoftDomain<A>(_ type: String, _ attributes: ONNXNodeAttributes<A>, inputCount: Int) -> ExtendedOp? {
        let epsilon = attributes.float("epsilon") ?? 1e-12
        switch type {
        case "FastGelu", "BiasGelu": return .biasedUnary(.gelu)
        case "BiasSoftmax": return .biasedSoftmax(axis: attributes.int("axis") ?? 1)
        case "SkipLayerNormalization", "SkipSimplifiedLayerNormalization":
            // input, skip, gamma, beta, bias (SkipSimplified: input, skip, gamma, bias).
            let simplified = type == "SkipSimplifiedLayerNormalization"
            let bias = simplified ? 3 : 4
            return .normalizedSum(NormalizedSum(summands: [0, 1] + (bias < inputCount ? [bias] : []), scale: 2,
                                                shift: simplified || inputCount < 4 ? nil : 3, epsilon: epsilon,
                                                centred: !simplified, extras: .skip))
        case "EmbedLayerNormalization":
            // input_ids, segment_ids, word, position and segment embedding tables, gamma, beta: rows of the tables summed.
            return .normalizedSum(NormalizedSum(summands: [2, 3] + (inputCount > 4 ? [4] : []), scale: 5, shift: 6,
                                                epsilon: epsilon, centred: true, extras: .embed))
        case "MultiHeadAttention":
            // query, key, value (or packed), bias, key_padding_mask, attention_bias, past_key, past_value.
            return .attention(AttentionInputs(values: [0, 1, 2, 7].filter { $0 < inputCount },
                                              keys: [0, 1, 6].filter { $0 < inputCount },
                                              bias: inputCount > 3 ? 3 : nil, maskInputs: [4, 5].filter { $0 < inputCount }))
        case "GroupQueryAttention":
            // query (or packed), key, value, past_key, past_value, seqlens_k, ...: rotary
            // embedding may rotate the keys, never the values.
            return .attention(AttentionInputs(values: [0, 2, 4].filter { $0 < inputCount }, keys: [], maskInputs: []))
        case "Attention": return .projectedAttention
        case "RotaryEmbedding": return .rotary(input: 0, cosines: 2, sines: 3)
        case "QLinearAdd", "QLinearMul": return .quantized(zeroPoint: 7)
        case "QLinearSigmoid", "QLinearLeakyRelu", "QLinearAveragePool", "QLinearGlobalAveragePool", "QLinearSoftmax":
            return .quantized(zeroPoint: 4)
        case "QLinearConcat": return .quantized(zeroPoint: 1)
        case "DynamicQuantizeMatMul":
            // A (float) times (B - b_zero_point) * b_scale, plus bias.
            return .sumOfProducts(SumOfProducts(factors: [.input(0), .input(1, zeroPoint: inputCount > 3 ? 3 : nil), .input(2)],
                                                terms: .elementCount(of: [1]), addends: inputCount > 4 ? [4] : []))
        case "MatMulIntegerToFloat":
            // (A - a_zp) * (B - b_zp) * a_scale * b_scale, plus bias.
            return .sumOfProducts(SumOfProducts(factors: [.input(0, zeroPoint: inputCount > 4 ? 4 : nil),
                                                          .input(1, zeroPoint: inputCount > 5 ? 5 : nil), .input(2), .input(3)],
                                                terms: .elementCount(of: [1]), addends: inputCount > 6 ? [6] : []))
        case "MatMulNBits":
            // A times 4-bit weights less their zero point (both in [0, 15]), times the block's scale (input 2).
            let bits = Swift.min(Swift.max(attributes.int("bits") ?? 4, 1), 16), top = Double((1 << bits) - 1)
            return .sumOfProducts(SumOfProducts(factors: [.input(0), .range(FixedRange(-top, top)), .input(2)],
                                                terms: .exactly(Swift.max(attributes.int("K") ?? 0, 1)), addends: inputCount > 5 ? [5] : []))
        case "Inverse": return .inverse
        case "Rfft", "Irfft":
            return .sumOfProducts(SumOfProducts(factors: [.input(0)], terms: .elementCount(of: [0]), keepsSign: false))
        case "GridSample":
            return .interpolates(constants: [0], cubic: attributes.string("mode") == "bicubic")
        case "DynamicQuantizeLSTM":
            let activations = attributes.strings("activations")?.map { $0.lowercased() }
            return .quantizedLSTM(defaultActivations: activations == nil || activations == ["sigmoid", "tanh", "tanh"])
        default: return nil
        }
    }

    /// com.microsoft `FusedConv` and `FusedGemm`'s `activation`: nil for none,
    /// `.failure` for one modellint does not know.
    static func activation<A>(_ attributes: ONNXNodeAttributes<A>) -> Result<FusedActivation?, UnknownActivation> {
        guard let name = attributes.string("activation") else { return .success(nil) }
        let parameters = attributes.floats("activation_params") ?? []
        func parameter(_ index: Int, _ fallback: Double) -> Double { index < parameters.count ? parameters[index] : fallback }
        switch name {
        case "Relu": return .success(.relu)
        case "Tanh": return .success(.tanh)
        case "Sigmoid": return .success(.sigmoid)
        case "LeakyRelu": return .success(.leakyRelu(alpha: parameter(0, 0.01)))
        case "Clip": return .success(.clip(min: parameter(0, -.infinity), max: parameter(1, .infinity)))
        case "HardSigmoid": return .success(.hardSigmoid(alpha: parameter(0, 0.2), beta: parameter(1, 0.5)))
        default: return .failure(UnknownActivation())
        }
    }

    struct UnknownActivation: Error {}
}
