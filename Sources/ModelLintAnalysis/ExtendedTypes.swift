import ModelLintIR

/// Element types and shapes of `Op.extended`'s outputs, where the formula
/// tells them (the rest stay unknown, as an opaque op's do).
enum ExtendedTypes {
    static func outputType(_ op: ExtendedOp, position: Int, inputs: [Tensor?]) -> DType? {
        func type(_ index: Int) -> DType? { index < inputs.count ? inputs[index]?.dtype.known : nil }
        switch op {
        case .selects(let indices, _):
            return position == 0 ? indices.lazy.compactMap(type).first : .int64
        case .fixed, .anyValueOfType, .quantizedLSTM:
            return nil
        case .sumOfProducts(let sum):
            guard case .input(let index, _)? = sum.factors.first, let first = type(index) else { return nil }
            // Integer products accumulate in int32 (MatMulInteger, ConvInteger).
            return first.isFloatingPoint ? first : .int32
        case .castLike:
            return type(1)
        case .quantized(let zeroPoint):
            return type(zeroPoint) ?? .uint8
        case .dynamicQuantize:
            return position == 1 ? .float32 : .uint8
        case .normalizedSum(let normalized):
            return position == 1 && normalized.extras == .embed ? .int32 : type(normalized.extras == .embed ? 2 : 0)
        case .interpolates, .cumulativeProduct, .remainder, .arithmeticSequence, .determinant, .inverse, .biasedUnary,
             .biasedSoftmax, .attention, .projectedAttention, .rotary:
            return type(0)
        }
    }

    /// Whether output 0 has input 0's shape.
    static func keepsShape(_ op: ExtendedOp) -> Bool {
        switch op {
        case .biasedUnary, .biasedSoftmax, .cumulativeProduct, .castLike, .rotary, .dynamicQuantize:
            return true
        case .normalizedSum(let normalized):
            return normalized.extras == .skip
        default:
            return false
        }
    }
}
