import ModelLintIR

/// The oldest Caffe nets (V0, before 2014) nest the layer's definition in the
/// connection: `layers { layer { name type: "conv" num_output kernelsize } bottom top }`.
/// Caffe upgrades them on load (`UpgradeV0Net`); so does modellint, by
/// rewriting the inner `layer` into the V1 shape the rest of the reader knows.
enum CaffeV0Layers {
    /// V0 type strings (lowercase, as `UpgradeV0LayerType` knows them) to V2 names.
    static let typeNames: [String: String] = [
        "accuracy": "Accuracy", "bnll": "BNLL", "concat": "Concat", "conv": "Convolution", "data": "Data",
        "dropout": "Dropout", "euclidean_loss": "EuclideanLoss", "flatten": "Flatten", "hdf5_data": "HDF5Data",
        "hdf5_output": "HDF5Output", "im2col": "Im2col", "images": "ImageData", "infogain_loss": "InfogainLoss",
        "innerproduct": "InnerProduct", "inner_product": "InnerProduct", "lrn": "LRN",
        "multinomial_logistic_loss": "MultinomialLogisticLoss", "pool": "Pooling", "relu": "ReLU",
        "sigmoid": "Sigmoid", "softmax": "Softmax", "softmax_loss": "SoftmaxWithLoss", "split": "Split",
        "tanh": "TanH", "window_data": "WindowData",
    ]

    /// V0 parameter names that moved into a `*_param` message, per V2 type.
    static let movedParameters: [String: (message: String, renames: [String: String])] = [
        "Convolution": ("convolution_param", ["num_output": "num_output", "kernelsize": "kernel_size", "stride": "stride",
                                               "pad": "pad", "group": "group", "biasterm": "bias_term"]),
        "Pooling": ("pooling_param", ["pool": "pool", "kernelsize": "kernel_size", "stride": "stride", "pad": "pad"]),
        "InnerProduct": ("inner_product_param", ["num_output": "num_output", "biasterm": "bias_term"]),
        "Dropout": ("dropout_param", ["dropout_ratio": "dropout_ratio"]),
        "Concat": ("concat_param", ["concat_dim": "concat_dim"]),
        "Data": ("data_param", ["batchsize": "batch_size", "scale": "scale", "cropsize": "crop_size"]),
    ]

    /// The V0 inner `layer`, if `outer` is a V0 connection.
    static func innerLayer(of outer: TextMessage) throws -> TextMessage? {
        try outer.message("layer")
    }

    /// The inner layer's fields in V2 form: `type` as the V2 name and the
    /// moved parameters inside their `*_param` message, positions kept.
    static func upgraded(_ inner: TextMessage) throws -> (type: String?, fields: [TextField]) {
        guard let written = try inner.string("type") else { return (nil, inner.fields) }
        guard let type = typeNames[written.lowercased()] else { return (nil, inner.fields) }
        guard let moved = movedParameters[type] else { return (type, inner.fields) }
        var kept: [TextField] = []
        var param: [TextField] = []
        for field in inner.fields {
            if let newName = moved.renames[field.name] {
                var renamed = field
                renamed.name = newName
                param.append(renamed)
            } else {
                kept.append(field)
            }
        }
        if !param.isEmpty {
            kept.append(TextField(name: moved.message, at: param[0], gathering: param, messageLocation: inner.location))
        }
        return (type, kept)
    }
}
