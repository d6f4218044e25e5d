/// Element types, with the numeric limits the interval interpreter needs.
public enum DType: String, Hashable, Sendable, CaseIterable {
    case float32, float16, bfloat16, float64
    case int8, int16, int32, int64, uint8, uint16, uint32, uint64, bool
    case string, unknown

    /// The largest finite value, for floating-point types.
    public var maxFinite: Double? {
        switch self {
        case .float32: return Double(Float.greatestFiniteMagnitude)
        case .float16: return 65504
        case .bfloat16: return 3.3895313892515355e38
        case .float64: return Double.greatestFiniteMagnitude
        default: return nil
        }
    }

    public var isFloatingPoint: Bool { maxFinite != nil }
}
