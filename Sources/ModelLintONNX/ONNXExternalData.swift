import ModelLintIR

/// An initializer whose values lie in another file (`data_location:
/// EXTERNAL`, with `location`, `offset` and `length` entries). The file is
/// read only if `ReferencedFile` finds it inside the model's folder, as
/// `onnx.load` requires, and only when the analysis asks for the values.
struct ONNXExternalData: Sendable {
    /// The file to read, links resolved; nil when none may be read.
    let path: String?
    let offset: UInt64?
    let length: Int?
    /// What the user is told about it, if anything.
    let problem: ONNXTensorData.Problem?

    static func read(_ tensor: Onnx_TensorProto, modelFolder: String?) -> ONNXExternalData {
        let entries = Dictionary(tensor.externalData.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        let what = "initializer '\(tensor.name)'"
        guard let location = entries["location"] else {
            return ONNXExternalData(path: nil, offset: nil, length: nil, problem: .init(
                severity: .note, message: "\(what) keeps its data in an external file that is not named"))
        }
        guard let modelFolder else {
            // A tensor inside an attribute, read where no model folder is known.
            return ONNXExternalData(path: nil, offset: nil, length: nil, problem: nil)
        }
        // Negative or malformed figures make the data unreadable (and would trap in UInt64(_:)).
        let offset = entries["offset"].map { UInt64($0) } ?? 0
        let length = entries["length"].map { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? nil
        let lengthIsValid = entries["length"] == nil || length != nil
        switch ReferencedFile.resolve(location, from: modelFolder, within: modelFolder, boundaryName: "the model's folder") {
        case .inside(let path):
            return ONNXExternalData(path: lengthIsValid ? path : nil, offset: offset, length: length, problem: nil)
        case .missing:
            return ONNXExternalData(path: nil, offset: nil, length: nil, problem: .init(
                severity: .note, message: "\(what) keeps its data in '\(location)', which is not next to the model; its values are unknown",
                reference: location))
        case .refused(let reason):
            // An error, as onnx.checker and onnx.load make it: the model cannot be loaded as it is.
            return ONNXExternalData(path: nil, offset: nil, length: nil, problem: .init(
                severity: .error,
                message: "\(what) keeps its data in '\(location)', which is not read: the path \(reason), and external data must lie in the model's folder (onnx.load refuses it too); its values are unknown",
                reference: location))
        }
    }

    /// The bytes from `offset`, `length` of them (or to the end); a `length`
    /// past the end reads what there is. Nil when they cannot be had.
    func bytes() -> [UInt8]? {
        // Regular files only: a FIFO or device placed next to the model is not read.
        guard let path, let offset, let start = Int(exactly: offset) else { return nil }
        guard let bytes = try? InputFile.bytes(of: path, from: start, length: length, maximumBytes: Int.max, kind: "external data"),
              !bytes.isEmpty || length == 0 else { return nil }
        return bytes
    }
}
