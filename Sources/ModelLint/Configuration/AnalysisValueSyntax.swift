import ModelLintIR

/// How an input range and a precision are spelled, in one place for the
/// command line (`--input-range x=0:1`, `--precision fp16`) and the config
/// file (`x: "0:1"`, `precision: float16`), so that both accept the same text.
public enum AnalysisValueSyntax {
    /// `"0:1"` -> 0...1. Bounds are numbers (`-inf`/`inf` allowed, for a
    /// range bounded on one side only), never NaN, and LO <= HI; nil otherwise.
    public static func range(_ text: some StringProtocol) -> ClosedRange<Double>? {
        let bounds = text.split(separator: ":", omittingEmptySubsequences: false)
        guard bounds.count == 2, let lo = number(bounds[0]), let hi = number(bounds[1]) else { return nil }
        return range(lo: lo, hi: hi)
    }

    /// lo...hi when both are numbers and lo <= hi.
    public static func range(lo: Double, hi: Double) -> ClosedRange<Double>? {
        guard !lo.isNaN, !hi.isNaN, lo <= hi else { return nil }
        return lo...hi
    }

    /// A decimal number as Swift reads it (`1e-3`, `-inf`, `inf`), plus
    /// YAML's spellings of infinity (`.inf`, `-.inf`). Surrounding blanks are
    /// ignored; NaN is returned as NaN for the caller to reject by name.
    public static func number(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingBlanks
        switch trimmed.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(trimmed)
        }
    }

    /// The names `--precision` and `precision:` accept, case-insensitively.
    public static let precisionNames: [(name: String, type: DType)] = [
        ("float16", .float16), ("fp16", .float16), ("half", .float16),
        ("bfloat16", .bfloat16), ("bf16", .bfloat16),
    ]

    public static func precision(_ text: String) -> DType? {
        let lowered = text.lowercased()
        return precisionNames.first { $0.name == lowered }?.type
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (no Foundation needed).
    var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
