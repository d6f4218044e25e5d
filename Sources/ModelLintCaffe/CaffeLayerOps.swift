import ModelLintIR

/// Turns one Caffe layer's parameters into a normalized `Op`, recording where
/// the fields a rule may point at are written. Defaults are caffe.proto's.
struct CaffeLayerOps {
    let layer: TextMessage
    /// The layer's own (name, type, bottoms, tops), joined by the parameters' as they are read.
    var fieldLocations: [NodeField: SourceLocation]

    init(layer: TextMessage, fieldLocations: [NodeField: SourceLocation] = [:]) {
        self.layer = layer
        self.fieldLocations = fieldLocations
    }

    /// `canonicalType` is the V2 name from `CaffeLayerTypes`, or nil for a type Caffe does not have.
    mutating func op(canonicalType: String?, writtenType: String) throws -> Op {
        guard let type = canonicalType else {
            try rememberForkGradientClipping()
            return .unknown(writtenType)
        }
        switch type {
        case "Input":
            // The batch size is the first dimension of the (first) shape.
            if let shape = try layer.message("input_param")?.messages("shape").first {
                remember("batch_size", from: shape, names: ["dim"])
            }
            return .input
        case "Data", "ImageData", "HDF5Data", "MemoryData", "WindowData", "DummyData":
            return .dataLoader(try dataAttributes(type: type))
        case "Convolution": return .conv(try convolution())
        case "Deconvolution": return .deconv(try convolution())
        case "InnerProduct":
            let param = try layer.message("inner_product_param")
            return .fullyConnected(FullyConnectedAttributes(outputs: try param?.int("num_output"),
                                                            weightsOutputMajor: !(try param?.bool("transpose") ?? false)))
        case "Embed": return .embed(outputs: try layer.message("embed_param")?.int("num_output"))
        case "Pooling": return .pool(try pooling())
        case "BatchNorm":
            let param = try layer.message("batch_norm_param")
            remember("statistics_mode", from: param, names: ["use_global_stats"])
            return .batchNorm(epsilon: try param?.double("eps") ?? 1e-5, useGlobalStatistics: try param?.bool("use_global_stats"))
        case "LRN": return .lrn
        case "MVN": return .mvn
        case "Scale": return .scale
        case "Bias": return .bias
        case "ReLU":
            let slope = try layer.message("relu_param")?.double("negative_slope") ?? 0
            return slope == 0 ? .relu : .leakyRelu(slope: slope)
        case "PReLU": return .prelu
        case "ELU": return .elu(alpha: try layer.message("elu_param")?.double("alpha") ?? 1)
        case "Sigmoid": return .sigmoid
        case "TanH": return .tanh
        case "AbsVal": return .abs
        case "BNLL": return .softplus
        case "Threshold": return .threshold
        case "Swish": return .swish
        case "Clip":
            let param = try layer.message("clip_param")
            return .clip(min: try param?.double("min"), max: try param?.double("max"))
        // Rearrangements: values unchanged (Im2col adds the zeros of its padding).
        case "BatchReindex", "Filter": return .gather
        case "Im2col": return .pad(value: 0)
        case "Parameter": return .parameter
        case "SPP":
            let method = try layer.message("spp_param")?.enumValue("pool") ?? "MAX"
            return .pyramidPool(method == "AVE" || method == "1" ? .average : (method == "STOCHASTIC" || method == "2" ? .stochastic : .max))
        case "HDF5Output": return .silence
        case "Exp":
            let param = try layer.message("exp_param")
            return .exp(base: try Self.base(param), prelude: try Self.prelude(param))
        case "Log":
            let param = try layer.message("log_param")
            return .log(base: try Self.base(param), prelude: try Self.prelude(param))
        case "Power":
            let param = try layer.message("power_param")
            return .pow(exponent: try param?.double("power") ?? 1, prelude: try Self.prelude(param))
        case "Softmax": return .softmax(axis: try layer.message("softmax_param")?.int("axis") ?? 1)
        case "Dropout":
            let param = try layer.message("dropout_param")
            remember("ratio", from: param, names: ["dropout_ratio"])
            return .dropout(ratio: try param?.double("dropout_ratio") ?? 0.5)
        case "Eltwise": return try eltwise()
        case "Concat":
            let param = try layer.message("concat_param")
            return .concat(axis: try param?.int("axis") ?? param?.int("concat_dim") ?? 1)
        case "Split": return .split
        case "Slice":
            let param = try layer.message("slice_param")
            return .slice(axis: try param?.int("axis") ?? param?.int("slice_dim") ?? 1)
        case "Flatten": return .flatten
        case "Reshape": return .reshape
        case "Crop": return .crop
        case "Tile": return .tile
        case "Reduction": return .reduce(try reduction())
        case "ArgMax": return .argMax
        case "LSTM": return .lstm(try recurrent(cell: .lstm))
        case "RNN": return .rnn(try recurrent(cell: .simple))
        case "SoftmaxWithLoss": return .loss(.softmaxCrossEntropy)
        case "SigmoidCrossEntropyLoss": return .loss(.sigmoidCrossEntropy)
        case "EuclideanLoss": return .loss(.euclidean)
        case "HingeLoss": return .loss(.hinge)
        case "InfogainLoss": return .loss(.infogain)
        case "MultinomialLogisticLoss": return .loss(.multinomialLogistic)
        case "ContrastiveLoss": return .loss(.contrastive)
        case "Accuracy": return .accuracy
        case "Silence": return .silence
        default: return .unknown(writtenType)
        }
    }

    // MARK: - Parameter messages

    /// Caffe's `RecurrentLayer`: bottoms `x` (T x N x ...), `cont`, an optional
    /// static input, then with `expose_hidden` the initial states (`h_0`, and
    /// `c_0` for LSTM); tops the per-step output, then with `expose_hidden`
    /// the final states. The LSTM's per-step output is `h_t`; the RNN's is
    /// `o_t = tanh(W h_t + b)`. `cont` (input 1), a 0/1 flag per step, only
    /// ever resets the previous state to zero, which no bound depends on.
    private mutating func recurrent(cell: RecurrentAttributes.Cell) throws -> RecurrentAttributes {
        let param = try layer.message("recurrent_param")
        let exposed = try param?.bool("expose_hidden") ?? false
        // Some forks clip each recurrent layer's gradients themselves.
        let clipping = try param?.double("clipping_threshold")
        remember("gradientClipping", from: param, names: ["clipping_threshold"])
        let states = cell == .lstm ? 2 : 1
        let bottoms = layer.fields(named: "bottom").count
        let first = bottoms - states  // where the initial states start, after x, cont and x_static
        var outputs: [RecurrentAttributes.Output] = [.sequence]
        if exposed { outputs += cell == .lstm ? [.lastHidden, .lastCell] : [.lastHidden] }
        return RecurrentAttributes(cell: cell, outputs: outputs, timeAxis: 0,
                                   initialHidden: exposed && first >= 2 ? first : nil,
                                   initialCell: exposed && cell == .lstm && first >= 2 ? first + 1 : nil,
                                   gradientClipping: clipping)
    }

    /// Layers of forks that are not Caffe types stay `.unknown`, but a
    /// recurrent one that clips its own gradients (junhyukoh/caffe-lstm's
    /// `Lstm` with `lstm_param { clipping_threshold: 0.1 }`) says so through
    /// the location of a positive `clipping_threshold` (ML302 reads it).
    private mutating func rememberForkGradientClipping() throws {
        for name in ["lstm_param", "recurrent_param"] {
            guard let param = try layer.message(name), let threshold = try param.double("clipping_threshold"),
                  threshold > 0 else { continue }
            remember("gradientClipping", from: param, names: ["clipping_threshold"])
            return
        }
    }

    private mutating func pooling() throws -> PoolAttributes {
        let param = try layer.message("pooling_param") ?? TextMessage(fields: [], location: layer.location)
        let kind: PoolKind
        switch try param.enumValue("pool") ?? "MAX" {
        case "MAX", "0": kind = .max
        case "AVE", "1": kind = .average
        case "STOCHASTIC", "2": kind = .stochastic
        case let other:
            throw TextFormatError("'pool' expects MAX, AVE or STOCHASTIC, found '\(other)'",
                                  at: param.field(named: "pool")?.location ?? param.location)
        }
        remember("pool", from: param, names: ["pool"])
        let isGlobal = try param.bool("global_pooling") ?? false
        remember("global_pooling", from: param, names: ["global_pooling"])
        let kernel = try pair(param, single: "kernel_size", h: "kernel_h", w: "kernel_w", default: nil, attribute: "kernel")
        let stride = try pair(param, single: "stride", h: "stride_h", w: "stride_w", default: 1, attribute: "stride")
        let pad = try pair(param, single: "pad", h: "pad_h", w: "pad_w", default: 0, attribute: "pad")
        return PoolAttributes(kind: kind, kernel: isGlobal ? [] : kernel, strides: stride, padsBegin: pad, padsEnd: pad,
                              isGlobal: isGlobal, arithmetic: .caffe)
    }

    private mutating func convolution() throws -> ConvAttributes {
        let param = try layer.message("convolution_param") ?? TextMessage(fields: [], location: layer.location)
        let kernel = try repeatedPair(param, list: "kernel_size", h: "kernel_h", w: "kernel_w", default: nil, attribute: "kernel")
        let stride = try repeatedPair(param, list: "stride", h: "stride_h", w: "stride_w", default: 1, attribute: "stride")
        let pad = try repeatedPair(param, list: "pad", h: "pad_h", w: "pad_w", default: 0, attribute: "pad")
        let dilation = try param.ints("dilation")
        remember("dilation", from: param, names: ["dilation"])
        return ConvAttributes(outputChannels: try param.int("num_output"), kernel: kernel, strides: stride,
                              padsBegin: pad, padsEnd: pad, dilations: dilation.isEmpty ? [1] : dilation,
                              group: try param.int("group") ?? 1, hasBias: try param.bool("bias_term") ?? true)
    }

    private mutating func dataAttributes(type: String) throws -> DataAttributes {
        let transform = try layer.message("transform_param")
        let paramName: String = switch type {
        case "Data": "data_param"
        case "ImageData": "image_data_param"
        case "HDF5Data": "hdf5_data_param"
        case "MemoryData": "memory_data_param"
        case "WindowData": "window_data_param"
        default: "dummy_data_param"
        }
        let param = try layer.message(paramName)
        // Old V1 nets keep scale, mean_file and crop_size in the data parameter itself.
        var attributes = DataAttributes(
            batchSize: try param?.int("batch_size"),
            scale: try transform?.double("scale") ?? param?.double("scale"),
            meanValues: try transform?.doubles("mean_value") ?? [],
            hasMeanFile: transform?.has("mean_file") == true || param?.has("mean_file") == true,
            cropSize: try transform?.int("crop_size") ?? param?.int("crop_size"),
            shuffle: try param?.bool("shuffle"),
            sampleOrder: try Self.sampleOrder(type: type, shuffle: param?.bool("shuffle")),
            secondOutputIsLabels: type != "HDF5Data" && type != "DummyData")
        remember("batch_size", from: param, names: ["batch_size"])
        remember("shuffle", from: param, names: ["shuffle"])
        if type == "MemoryData", let param, let channels = try param.int("channels"),
           let height = try param.int("height"), let width = try param.int("width") {
            attributes.sampleShape = [channels, height, width]
        }
        if type == "ImageData", let param, let height = try param.int("new_height"), let width = try param.int("new_width") {
            attributes.sampleShape = [3, height, width]
            if try param.bool("is_color") == false { attributes.sampleShape?[0] = 1 }
        }
        if type == "DummyData", let param, let shape = try param.messages("shape").first {
            let dims = try shape.ints("dim")
            if let batch = dims.first { attributes.batchSize = batch }
            remember("batch_size", from: shape, names: ["dim"])
            attributes.sampleShape = Array(dims.dropFirst())
        }
        return attributes
    }

    /// caffe.proto: ImageData and HDF5Data have `shuffle` (default false);
    /// Data reads its database in stored order; WindowData samples windows at
    /// random and DummyData generates its values; MemoryData takes whatever
    /// order the calling code gives it.
    private static func sampleOrder(type: String, shuffle: Bool?) -> SampleOrder {
        switch type {
        case "ImageData", "HDF5Data": return shuffle == true ? .shuffled : .listOrder
        case "Data": return .databaseOrder
        case "WindowData", "DummyData": return .random
        default: return .unknown
        }
    }

    private func eltwise() throws -> Op {
        let param = try layer.message("eltwise_param")
        switch try param?.enumValue("operation") ?? "SUM" {
        case "PROD", "0": return .mul
        case "MAX", "2": return .max
        default:
            let coefficients = try param?.doubles("coeff") ?? []
            if coefficients.isEmpty || coefficients.allSatisfy({ $0 == 1 }) { return .add }
            if coefficients == [1, -1] { return .sub }
            return .weightedSum(coefficients: coefficients)
        }
    }

    private func reduction() throws -> ReduceKind {
        switch try layer.message("reduction_param")?.enumValue("operation") ?? "SUM" {
        case "ASUM", "2": return .sumOfAbs
        case "SUMSQ", "3": return .sumOfSquares
        case "MEAN", "4": return .mean
        default: return .sum
        }
    }

    // MARK: - Helpers

    /// Pooling's singular `kernel_size` or the `kernel_h`/`kernel_w` pair, per spatial axis.
    private mutating func pair(_ param: TextMessage, single: String, h: String, w: String, default fallback: Int?,
                               attribute: String) throws -> [Int] {
        remember(attribute, from: param, names: [single, h, w])
        if let height = try param.int(h), let width = try param.int(w) { return [height, width] }
        if let value = try param.int(single) { return [value, value] }
        return fallback.map { [$0, $0] } ?? []
    }

    /// Convolution's repeated `kernel_size` (one value for all axes, or one per axis) or the `_h`/`_w` pair.
    private mutating func repeatedPair(_ param: TextMessage, list: String, h: String, w: String, default fallback: Int?,
                                       attribute: String) throws -> [Int] {
        remember(attribute, from: param, names: [list, h, w])
        if let height = try param.int(h), let width = try param.int(w) { return [height, width] }
        let values = try param.ints(list)
        if values.count == 1 { return [values[0], values[0]] }
        if !values.isEmpty { return values }
        return fallback.map { [$0, $0] } ?? []
    }

    /// Records where the first of `names` that is written appears, under the IR attribute name.
    private mutating func remember(_ attribute: String, from param: TextMessage?, names: [String]) {
        guard let param else { return }
        for name in names {
            if let field = param.firstField(named: name) {
                fieldLocations[.attribute(attribute)] = field.location
                return
            }
        }
    }

    private static func base(_ param: TextMessage?) throws -> Double? {
        let base = try param?.double("base") ?? -1
        return base == -1 ? nil : base
    }

    private static func prelude(_ param: TextMessage?) throws -> AffinePrelude {
        AffinePrelude(scale: try param?.double("scale") ?? 1, shift: try param?.double("shift") ?? 0)
    }
}
