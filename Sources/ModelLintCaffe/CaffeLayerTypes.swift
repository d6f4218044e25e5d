/// The layer types of BVLC Caffe, in both spellings: V2 nets write
/// `type: "Pooling"`, V1 nets write the enum `type: POOLING` (or its number).
/// Everything that is not here (SSD's `PriorBox`, `Python`, forks' layers)
/// becomes `Op.unknown`, which rule ML003 reports as a note.
enum CaffeLayerTypes {
    /// Every V2 type name that BVLC Caffe registers.
    static let bvlcTypes: Set<String> = [
        "AbsVal", "Accuracy", "ArgMax", "BatchNorm", "BatchReindex", "Bias", "BNLL", "Clip", "Concat",
        "ContrastiveLoss", "Convolution", "Crop", "Data", "Deconvolution", "Dropout", "DummyData", "Eltwise",
        "ELU", "Embed", "EuclideanLoss", "Exp", "Filter", "Flatten", "HDF5Data", "HDF5Output", "HingeLoss",
        "Im2col", "ImageData", "InfogainLoss", "InnerProduct", "Input", "Log", "LRN", "LSTM", "MemoryData",
        "MultinomialLogisticLoss", "MVN", "Parameter", "Pooling", "Power", "PReLU", "Reduction", "ReLU",
        "Reshape", "RNN", "Scale", "Sigmoid", "SigmoidCrossEntropyLoss", "Silence", "Slice", "Softmax",
        "SoftmaxWithLoss", "Split", "SPP", "Swish", "TanH", "Threshold", "Tile", "WindowData",
    ]

    /// V1 `LayerType` enum names and numbers (caffe.proto, `V1LayerParameter`) to V2 names.
    static let v1Names: [String: String] = [
        "ABSVAL": "AbsVal", "ACCURACY": "Accuracy", "ARGMAX": "ArgMax", "BNLL": "BNLL", "CONCAT": "Concat",
        "CONTRASTIVE_LOSS": "ContrastiveLoss", "CONVOLUTION": "Convolution", "DATA": "Data",
        "DECONVOLUTION": "Deconvolution", "DROPOUT": "Dropout", "DUMMY_DATA": "DummyData",
        "EUCLIDEAN_LOSS": "EuclideanLoss", "ELTWISE": "Eltwise", "EXP": "Exp", "FLATTEN": "Flatten",
        "HDF5_DATA": "HDF5Data", "HDF5_OUTPUT": "HDF5Output", "HINGE_LOSS": "HingeLoss", "IM2COL": "Im2col",
        "IMAGE_DATA": "ImageData", "INFOGAIN_LOSS": "InfogainLoss", "INNER_PRODUCT": "InnerProduct",
        "LRN": "LRN", "MEMORY_DATA": "MemoryData", "MULTINOMIAL_LOGISTIC_LOSS": "MultinomialLogisticLoss",
        "MVN": "MVN", "POOLING": "Pooling", "POWER": "Power", "RELU": "ReLU", "SIGMOID": "Sigmoid",
        "SIGMOID_CROSS_ENTROPY_LOSS": "SigmoidCrossEntropyLoss", "SILENCE": "Silence", "SOFTMAX": "Softmax",
        "SOFTMAX_LOSS": "SoftmaxWithLoss", "SPLIT": "Split", "SLICE": "Slice", "TANH": "TanH",
        "WINDOW_DATA": "WindowData", "THRESHOLD": "Threshold",
    ]

    static let v1Numbers: [Int: String] = [
        35: "ABSVAL", 1: "ACCURACY", 30: "ARGMAX", 2: "BNLL", 3: "CONCAT", 37: "CONTRASTIVE_LOSS",
        4: "CONVOLUTION", 5: "DATA", 39: "DECONVOLUTION", 6: "DROPOUT", 32: "DUMMY_DATA", 7: "EUCLIDEAN_LOSS",
        25: "ELTWISE", 38: "EXP", 8: "FLATTEN", 9: "HDF5_DATA", 10: "HDF5_OUTPUT", 28: "HINGE_LOSS",
        11: "IM2COL", 12: "IMAGE_DATA", 13: "INFOGAIN_LOSS", 14: "INNER_PRODUCT", 15: "LRN", 29: "MEMORY_DATA",
        16: "MULTINOMIAL_LOGISTIC_LOSS", 34: "MVN", 17: "POOLING", 26: "POWER", 18: "RELU", 19: "SIGMOID",
        27: "SIGMOID_CROSS_ENTROPY_LOSS", 36: "SILENCE", 20: "SOFTMAX", 21: "SOFTMAX_LOSS", 22: "SPLIT",
        33: "SLICE", 23: "TANH", 24: "WINDOW_DATA", 31: "THRESHOLD",
    ]

    static let dataTypes: Set<String> = ["Data", "ImageData", "HDF5Data", "MemoryData", "WindowData", "DummyData"]

    /// The V2 name for a type as written in a V2 (`"Pooling"`) or V1 (`POOLING`, `17`) net;
    /// nil when it is not a BVLC type.
    static func canonicalName(_ written: String, isV1: Bool) -> String? {
        if isV1 {
            if let number = Int(written), let name = v1Numbers[number] { return v1Names[name] }
            return v1Names[written]
        }
        return bvlcTypes.contains(written) ? written : nil
    }
}
