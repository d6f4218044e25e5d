import ModelLintIR

/// What each `Op` does to element types, for outputs whose type the file
/// does not declare (ONNX writes types only for graph inputs, outputs and
/// some value_info): the interval interpreter needs the dtype to know where
/// a value overflows.
enum OpTypes {
    /// The element type of output `position` of `node`, or nil when it cannot be told.
    static func outputType(of node: Node, position: Int, inputs: [Tensor?]) -> DType? {
        switch node.op {
        case .input, .dataLoader, .silence, .opaque, .unknown:
            return nil
        case .controlFlow:
            // Input 0 is a condition or a trip count, not the data: the bodies decide.
            return nil
        case .extended(let extended):
            return ExtendedTypes.outputType(extended, position: position, inputs: inputs)
        case .cast(let target):
            return target == .unknown ? nil : target
        case .shapeOf, .argMax:
            return .int64
        case .predicate:
            return .bool
        case .quantize(let target):
            return inputs.count > 2 ? inputs[2]?.dtype.known ?? target : target
        case .dequantize:
            return inputs.count > 1 ? inputs[1]?.dtype.known : nil
        case .topK:
            return position == 0 ? inputs.first??.dtype.known : .int64
        case .fill:
            return .float32
        case .select:
            return inputs.count > 1 ? inputs[1]?.dtype.known : nil
        case .pool, .dropout:
            // The second output is an index (ONNX MaxPool `Indices`) or a mask.
            return position == 0 ? floatInput(inputs) : nil
        case .lstm, .rnn, .accuracy, .loss, .embed:
            return floatInput(inputs)
        default:
            // Everything else computes in the type of its data input.
            return position == 0 || isElementwiseFanOut(node.op) ? inputs.first??.dtype.known : nil
        }
    }

    /// The first floating-point input's type: recurrent layers and losses
    /// also take integer lengths and labels.
    private static func floatInput(_ inputs: [Tensor?]) -> DType? {
        inputs.compactMap { $0?.dtype }.first { $0.isFloatingPoint }
    }

    /// Ops whose every output has the input's type (Split).
    private static func isElementwiseFanOut(_ op: Op) -> Bool {
        if case .split = op { return true }
        if case .slice = op { return true }
        return false
    }
}

extension DType {
    /// nil for `.unknown`.
    var known: DType? { self == .unknown ? nil : self }
}
