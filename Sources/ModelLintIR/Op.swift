/// The normalized operation vocabulary shared by every frontend: a Caffe
/// `Pooling` with `pool: AVE`, an ONNX `AveragePool` and a DSL `AvgPool(...)`
/// are all `.pool(PoolAttributes(kind: .average, ...))`. The frontend's own
/// spelling stays on `Node.sourceType`.
public enum Op: Hashable, Sendable {
    // Sources of data.
    /// A declared graph input (Caffe `input:` / `Input` layer, ONNX graph input).
    case input
    /// A layer that reads training or test data (Caffe `Data`, `ImageData`, ...).
    case dataLoader(DataAttributes)

    // Linear layers.
    case conv(ConvAttributes)
    case deconv(ConvAttributes)
    case fullyConnected(FullyConnectedAttributes)
    case embed(outputs: Int?)
    case matMul

    // Pooling and normalization.
    case pool(PoolAttributes)
    /// `useGlobalStatistics`: whether the layer normalizes with its stored
    /// running mean and variance (true: Caffe `use_global_stats: true`, ONNX
    /// inference mode) or with the statistics of the current batch, updating
    /// the running ones (false: Caffe `use_global_stats: false`, ONNX
    /// `training_mode: 1`, or before opset 14 the running-statistic outputs).
    /// nil when the file leaves it to the framework: Caffe uses the batch's
    /// statistics in TRAIN and the stored ones in TEST.
    case batchNorm(epsilon: Double?, useGlobalStatistics: Bool? = nil)
    case lrn
    case mvn
    case scale
    case bias

    // Activations and element-wise functions. `AffinePrelude` is Caffe's
    // `shift + scale * x` applied before exp/log/power.
    case relu
    case leakyRelu(slope: Double)
    case prelu
    /// `x` for x > 0, `alpha * (exp(x) - 1)` otherwise.
    case elu(alpha: Double)
    case sigmoid
    case tanh
    case abs
    case softplus
    case swish
    case clip(min: Double?, max: Double?)
    case threshold
    case exp(base: Double?, prelude: AffinePrelude)
    case log(base: Double?, prelude: AffinePrelude)
    case pow(exponent: Double?, prelude: AffinePrelude)
    case sqrt
    case reciprocal
    case softmax(axis: Int)
    case logSoftmax(axis: Int)
    case dropout(ratio: Double?)

    // Element-wise arithmetic on several tensors.
    case add
    case sub
    case mul
    case div
    case max
    case min
    /// Caffe `Eltwise SUM` with coefficients other than all ones.
    case weightedSum(coefficients: [Double])

    // Tensor plumbing.
    case concat(axis: Int)
    case split
    case slice(axis: Int)
    case flatten
    case reshape
    case crop
    case tile
    case reduce(ReduceKind)
    case argMax
    case identity
    /// The shape of the input as a 1-D integer tensor (ONNX `Shape`), or its
    /// element count (`Size`, `countOnly`).
    case shapeOf(countOnly: Bool)
    /// Elements picked or rearranged from the first input, values unchanged
    /// (ONNX `Gather*`, `Slice`, `Expand`, `DepthToSpace`, ...).
    case gather
    /// The first input's axes reordered: output axis i is input axis
    /// `permutation[i]` (nil: reversed, ONNX's default). Values unchanged.
    case transpose(permutation: [Int]?)
    /// Conversion to another element type (ONNX `Cast`).
    case cast(to: DType)

    // Recurrent layers.
    case lstm(RecurrentAttributes)
    /// A GRU or a simple (Elman) RNN: `RecurrentAttributes.cell` says which.
    case rnn(RecurrentAttributes)

    /// ONNX `Loop`, `Scan` and `If`: their bodies are the graph's
    /// `subgraphs` whose `owner` is the node.
    case controlFlow(ControlFlow)

    // Training heads.
    case loss(LossKind)
    case accuracy
    case silence

    // Further element-wise ops (ONNX) that the names above do not cover.
    /// A function of one input: `Neg`, `Erf`, `Gelu`, `HardSwish`, `Floor`, ...
    case unary(UnaryFunction)
    /// Comparisons and logic (`Equal`, `Less`, `Not`, `IsNaN`, ...): 0 or 1 per element.
    case predicate
    /// `Where(condition, a, b)`: elements of a or of b.
    case select
    /// LayerNormalization, InstanceNormalization, GroupNormalization:
    /// `(x - mean) / sqrt(var + epsilon) * scale + bias` over groups of `x`.
    case normalize(NormalizeAttributes)
    /// `Resize`, `Upsample`: interpolated copies of the input.
    case resize(cubic: Bool)
    /// `Pad`: the input surrounded by `value` (nil: by copies of its own edge or reflection).
    case pad(value: Double?)
    /// `ConstantOfShape`: every element is `value`.
    case fill(value: Double)
    /// ONNX `Mean`: the element-wise mean of the inputs.
    case average
    /// `Scatter`, `ScatterElements`, `ScatterND`: input 0 with some elements replaced by input 2's.
    case scatter
    /// `DequantizeLinear`: `(x - zero_point) * scale`.
    case dequantize
    /// `QuantizeLinear`: `saturate(round(x / scale) + zero_point)` in an 8-bit type.
    case quantize(to: DType)
    /// `TopK`: the k largest (or smallest) values, and their indices.
    case topK
    /// Caffe `Parameter`: a learned blob, its values in the weights file.
    case parameter
    /// Caffe `SPP`: pooling at several grid sizes, flattened and concatenated.
    case pyramidPool(PoolKind)

    /// An operator no rule looks into, bounded by a formula over its inputs
    /// (ONNX's rarer operators, quantized arithmetic, ONNX Runtime's fused operators).
    case extended(ExtendedOp)

    /// A real layer type of the format that the analyses have no semantics
    /// for (Caffe `Im2col`, `SPP`): not an unknown type, just opaque.
    case opaque(String)

    /// A layer type the frontend does not know (fork layers such as SSD's
    /// `PriorBox`, Caffe `Python` layers). Kept in the graph, never a failure.
    case unknown(String)
}

public enum UnaryFunction: Hashable, Sendable {
    case neg, erf, gelu, hardSwish, floor, ceil, round, sign, sin, cos, tan, softsign, mish
    case acos, asin, atan, acosh, asinh, atanh, cosh, sinh
    /// `x / ||x||_p` over an axis: in [-1, 1], NaN for a zero vector.
    case lpNormalization
    /// `x * sigmoid(alpha * x)` (com.microsoft QuickGelu).
    case quickGelu(alpha: Double)
    /// `alpha * tanh(beta * x)`.
    case scaledTanh(alpha: Double, beta: Double)
    /// `x + bias` below `-lambd`, `x - bias` above `lambd`, 0 between.
    case shrink(bias: Double, lambd: Double)
    /// `scale * x + shift` with the shift in [shiftLow, shiftHigh] (ImageScaler's per-channel bias, Affine).
    case affine(scale: Double, shiftLow: Double, shiftHigh: Double)
    case hardSigmoid(alpha: Double, beta: Double)
    case selu(alpha: Double, gamma: Double)
    case celu(alpha: Double)
    case thresholdedRelu(alpha: Double)
}

/// An activation that a fused layer applies to its own output (ONNX
/// Runtime's `FusedConv` and `FusedGemm`, attribute `activation`).
public enum FusedActivation: Hashable, Sendable {
    case relu, tanh, sigmoid
    case leakyRelu(alpha: Double)
    case clip(min: Double, max: Double)
    case hardSigmoid(alpha: Double, beta: Double)
}

public struct NormalizeAttributes: Hashable, Sendable {
    public enum Grouping: Hashable, Sendable {
        /// Over every axis from `axis` on (LayerNormalization).
        case fromAxis(Int)
        /// Over the spatial axes of each channel (InstanceNormalization).
        case perChannel
        /// Over `groups` groups of channels with their spatial axes (GroupNormalization).
        case channelGroups(Int)
    }
    public var grouping: Grouping
    public var epsilon: Double
    /// Subtracts the group's mean (layer, instance, group norm); false for a
    /// root-mean-square normalization (ONNX `RMSNormalization`).
    public var centred: Bool

    public init(grouping: Grouping, epsilon: Double, centred: Bool = true) {
        self.grouping = grouping
        self.epsilon = epsilon
        self.centred = centred
    }

    /// How many elements one mean and variance are taken over, for an input of `dims`.
    public func groupSize(_ dims: [Int]) -> Int? {
        switch grouping {
        case .fromAxis(let axis):
            let start = axis < 0 ? dims.count + axis : axis
            guard start >= 0, start < dims.count else { return nil }
            return Checked.count(dims[start...])
        case .perChannel:
            return dims.count > 2 ? Checked.count(dims[2...]) : nil
        case .channelGroups(let groups):
            guard dims.count >= 2, groups > 0 else { return nil }
            guard dims[1] >= 0, let spatial = Checked.count(dims[2...]) else { return nil }
            return Checked.multiply(dims[1] / groups, spatial)
        }
    }
}

/// `shift + scale * x`, Caffe's affine step before `Exp`, `Log` and `Power`.
public struct AffinePrelude: Hashable, Sendable {
    public var scale: Double
    public var shift: Double
    public init(scale: Double = 1, shift: Double = 0) {
        self.scale = scale
        self.shift = shift
    }
    public static let identity = AffinePrelude()
}

public enum PoolKind: String, Hashable, Sendable {
    case max, average, stochastic, lp
}

/// ONNX `auto_pad`: padding computed from the input size instead of written.
public enum AutoPad: String, Hashable, Sendable {
    /// Pad so that `out = ceil(in / stride)`, the extra padding at the end.
    case sameUpper
    /// The same, the extra padding at the beginning.
    case sameLower
    /// No padding.
    case valid
}

/// How the number of pooling windows is rounded.
public enum PoolingArithmetic: Hashable, Sendable {
    /// `floor((in + padBegin + padEnd - kernel) / stride) + 1` (ONNX default).
    case floor
    /// The same with `ceil` (ONNX `ceil_mode: 1`).
    case ceil
    /// Caffe: `ceil`, then one window fewer when padding is set and the last
    /// window would start at or past `in + pad`.
    case caffe
}

public struct PoolAttributes: Hashable, Sendable {
    public var kind: PoolKind
    /// Per spatial axis (height, width, ...). Empty when `isGlobal`.
    public var kernel: [Int]
    public var strides: [Int]
    public var padsBegin: [Int]
    public var padsEnd: [Int]
    public var dilations: [Int]
    /// The window is the whole spatial extent (Caffe `global_pooling`, ONNX `GlobalAveragePool`).
    public var isGlobal: Bool
    public var arithmetic: PoolingArithmetic
    /// When set, `padsBegin`/`padsEnd` are ignored and derived from the input size.
    public var autoPad: AutoPad?

    public init(kind: PoolKind, kernel: [Int], strides: [Int], padsBegin: [Int], padsEnd: [Int],
                dilations: [Int] = [], isGlobal: Bool = false, arithmetic: PoolingArithmetic, autoPad: AutoPad? = nil) {
        self.autoPad = autoPad
        self.kind = kind
        self.kernel = kernel
        self.strides = strides
        self.padsBegin = padsBegin
        self.padsEnd = padsEnd
        self.dilations = dilations
        self.isGlobal = isGlobal
        self.arithmetic = arithmetic
    }
}

/// Caffe `InnerProduct` and ONNX `Gemm`: `alpha * x · W + beta * bias`,
/// with `x` flattened to `(batch, K)`.
public struct FullyConnectedAttributes: Hashable, Sendable {
    /// N, when the layer declares it (Caffe `num_output`).
    public var outputs: Int?
    public var alpha: Double
    public var beta: Double
    /// The weights are stored `(N, K)`, one row per output (Caffe's default,
    /// ONNX `transB: 1`), rather than `(K, N)`.
    public var weightsOutputMajor: Bool
    /// ONNX `transA: 1`: the input is stored `(K, batch)`.
    public var inputTransposed: Bool
    /// An activation applied inside the layer (ONNX Runtime's `FusedGemm`).
    public var activation: FusedActivation?

    public init(outputs: Int? = nil, alpha: Double = 1, beta: Double = 1, weightsOutputMajor: Bool = true,
                inputTransposed: Bool = false, activation: FusedActivation? = nil) {
        self.outputs = outputs
        self.activation = activation
        self.inputTransposed = inputTransposed
        self.alpha = alpha
        self.beta = beta
        self.weightsOutputMajor = weightsOutputMajor
    }
}

public struct ConvAttributes: Hashable, Sendable {
    public var outputChannels: Int?
    public var kernel: [Int]
    public var strides: [Int]
    public var padsBegin: [Int]
    public var padsEnd: [Int]
    public var dilations: [Int]
    public var group: Int
    public var hasBias: Bool
    /// When set, `padsBegin`/`padsEnd` are ignored and derived from the input size.
    public var autoPad: AutoPad?
    /// An input added to the result before the activation (ONNX Runtime's `FusedConv` input `Z`).
    public var addedInput: Int?
    /// An activation applied inside the layer (ONNX Runtime's `FusedConv`).
    public var activation: FusedActivation?
    /// A transposed convolution's extra units at the end of each spatial axis (ONNX `output_padding`).
    public var outputPadding: [Int]
    /// A transposed convolution's spatial output extents, when the file states them
    /// (ONNX `output_shape`; the pads then follow from it).
    public var outputShape: [Int]?

    public init(outputChannels: Int?, kernel: [Int], strides: [Int], padsBegin: [Int], padsEnd: [Int],
                dilations: [Int], group: Int = 1, hasBias: Bool = true, autoPad: AutoPad? = nil,
                addedInput: Int? = nil, activation: FusedActivation? = nil, outputPadding: [Int] = [], outputShape: [Int]? = nil) {
        self.outputPadding = outputPadding
        self.outputShape = outputShape
        self.autoPad = autoPad
        self.addedInput = addedInput
        self.activation = activation
        self.outputChannels = outputChannels
        self.kernel = kernel
        self.strides = strides
        self.padsBegin = padsBegin
        self.padsEnd = padsEnd
        self.dilations = dilations
        self.group = group
        self.hasBias = hasBias
    }
}

/// What a data-reading layer declares about the values and batches it yields.
public struct DataAttributes: Hashable, Sendable {
    public var batchSize: Int?
    /// Values are `(raw - mean) * scale` (Caffe `transform_param`).
    public var scale: Double?
    public var meanValues: [Double]
    public var hasMeanFile: Bool
    public var cropSize: Int?
    public var shuffle: Bool?
    /// The order in which the layer yields samples, as its format defines it.
    public var sampleOrder: SampleOrder
    /// Channels, height and width when the layer states them.
    public var sampleShape: [Int]?
    /// Whether the second output is one label per sample (image databases),
    /// rather than a tensor of its own shape (HDF5 datasets, dummy data).
    public var secondOutputIsLabels: Bool

    public init(batchSize: Int? = nil, scale: Double? = nil, meanValues: [Double] = [], hasMeanFile: Bool = false,
                cropSize: Int? = nil, shuffle: Bool? = nil, sampleOrder: SampleOrder = .unknown, sampleShape: [Int]? = nil,
                secondOutputIsLabels: Bool = true) {
        self.sampleOrder = sampleOrder
        self.secondOutputIsLabels = secondOutputIsLabels
        self.batchSize = batchSize
        self.scale = scale
        self.meanValues = meanValues
        self.hasMeanFile = hasMeanFile
        self.cropSize = cropSize
        self.shuffle = shuffle
        self.sampleShape = sampleShape
    }
}

/// In what order a data layer yields its samples.
public enum SampleOrder: String, Hashable, Sendable {
    /// Reshuffled every epoch (Caffe ImageData/HDF5Data `shuffle: true`).
    case shuffled
    /// In the order of its list or files, because shuffling is off (Caffe
    /// ImageData and HDF5Data without `shuffle: true`: their default is false).
    case listOrder
    /// In the order the database stores them, with no option to shuffle
    /// (Caffe `Data` reading LMDB/LevelDB): random only if the database was
    /// written shuffled, which the model file cannot tell.
    case databaseOrder
    /// Drawn at random (Caffe WindowData samples windows) or generated (DummyData).
    case random
    /// Decided by code outside the file (Caffe MemoryData), or not stated.
    case unknown
}

public enum ReduceKind: String, Hashable, Sendable {
    case sum, mean, max, min, sumOfSquares, sumOfAbs
    /// sqrt of the sum of squares (ReduceL2), log of the sum (ReduceLogSum),
    /// log of the sum of exps (ReduceLogSumExp), product (ReduceProd).
    case l2, logSum, logSumExp, product
}

public enum LossKind: String, Hashable, Sendable {
    case softmaxCrossEntropy, sigmoidCrossEntropy, euclidean, hinge, infogain, multinomialLogistic, contrastive
    /// ONNX `NegativeLogLikelihoodLoss`: `-input[target] * weight`, reduced.
    case negativeLogLikelihood
}
