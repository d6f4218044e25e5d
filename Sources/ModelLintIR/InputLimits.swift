/// The limits that turn pathological input into a clear error rather than a
/// crash, a hang or an exhausted machine. Each is far above anything a real
/// model needs; the readers name the limit in their error.
public enum InputLimits {
    /// Protobuf refuses messages of 2 GiB and more (larger ONNX models keep
    /// their weights in external data files), and the text reader's offsets
    /// are 32-bit, so no model file modellint reads is larger.
    public static let maximumModelFileBytes = Int(Int32.max)
    /// A Swift model is written by hand; swift-syntax on a file this large
    /// already takes seconds.
    public static let maximumSwiftFileBytes = 16 << 20
    /// `.modellint.yml` and baselines.
    public static let maximumSettingsFileBytes = 64 << 20
    /// Layer, node and tensor names. Real names are tens of bytes; a longer one
    /// would be quoted in every finding about it.
    public static let maximumNameBytes = 4096
    /// Nodes in one model, subgraphs included: 1M nodes take about 2 GiB to
    /// analyse, so this keeps a crafted model within a CI machine's memory.
    public static let maximumNodes = 2_000_000
    /// Subgraphs (ONNX `If`/`Loop`/`Scan` bodies) and calls of model-local
    /// functions, each read as a graph of its own: functions that call others
    /// twice over multiply, so 30 of them would make a billion.
    public static let maximumSubgraphs = 100_000
    /// Brackets, parentheses and braces open at once in a Swift model; the
    /// parser recurses on each, and some of its look-ahead ignores its own limit.
    public static let maximumSwiftNesting = 256

    /// "3.0 GiB", "16 MiB": sizes as the error messages give them.
    public static func describe(bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded)) \(units[unit])" : "\(rounded) \(units[unit])"
    }
}
