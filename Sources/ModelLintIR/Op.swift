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
    case fullyConnected(outputs: Int?)
    case embed(outputs: Int?)
    case matMul

    // Pooling and normalization.
    case pool(PoolAttributes)
    case batchNorm(epsilon: Double?)
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
    /// (ONNX `Gather*`, `Slice`, `Transpose`, `Expand`, `DepthToSpace`, ...).
    case gather
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

    /// A real layer type of the format that the analyses have no semantics
    /// for (Caffe `Im2col`, `SPP`): not an unknown type, just opaque.
    case opaque(String)

    /// A layer type the frontend does not know (fork layers such as SSD's
    /// `PriorBox`, Caffe `Python` layers). Kept in the graph, never a failure.
    case unknown(String)
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

    public init(outputChannels: Int?, kernel: [Int], strides: [Int], padsBegin: [Int], padsEnd: [Int],
                dilations: [Int], group: Int = 1, hasBias: Bool = true, autoPad: AutoPad? = nil) {
        self.autoPad = autoPad
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
    /// Channels, height and width when the layer states them.
    public var sampleShape: [Int]?
    /// Whether the second output is one label per sample (image databases),
    /// rather than a tensor of its own shape (HDF5 datasets, dummy data).
    public var secondOutputIsLabels: Bool

    public init(batchSize: Int? = nil, scale: Double? = nil, meanValues: [Double] = [], hasMeanFile: Bool = false,
                cropSize: Int? = nil, shuffle: Bool? = nil, sampleShape: [Int]? = nil, secondOutputIsLabels: Bool = true) {
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

public enum ReduceKind: String, Hashable, Sendable {
    case sum, mean, max, min, sumOfSquares, sumOfAbs
}

public enum LossKind: String, Hashable, Sendable {
    case softmaxCrossEntropy, sigmoidCrossEntropy, euclidean, hinge, infogain, multinomialLogistic, contrastive
}
