import Foundation

/// The values of a constant tensor (an ONNX initializer, a DSL literal),
/// read only when an analysis asks for them: weights can be hundreds of
/// megabytes, sit in an external file, or be absent (stripped to keep a
/// model small), and most rules never look at them.
public final class ConstantData: @unchecked Sendable, Hashable {
    /// How many elements the tensor's dims promise.
    public let elementCount: Int
    /// How many elements the file actually stores, when that is known without
    /// reading them; nil when the data is elsewhere or was stripped (values
    /// unknown, which is not an inconsistency).
    public let storedCount: Int?
    private let load: @Sendable () -> [Double]?
    /// float32 values still in the file's bytes, where the analysis reads
    /// them in place: converting a 100 MB model's weights to doubles would
    /// write 200 MB, more time than all the rest of linting it.
    private let float32: (any ContiguousBytes & Sendable)?
    private let lock = NSLock()
    private var loaded = false
    private var cache: [Double]?
    /// Each a `SummaryBox`: a class cast is a pointer comparison, where a
    /// cast from `Any` asks the runtime to scan for protocol conformances.
    private var summaries: [String: AnyObject] = [:]

    /// `load` returns nil when the values cannot be had (stripped, external
    /// file missing); it runs at most once.
    public init(elementCount: Int, storedCount: Int?, load: @escaping @Sendable () -> [Double]?) {
        self.elementCount = elementCount
        self.storedCount = storedCount
        self.load = load
        self.float32 = nil
    }

    public convenience init(values: [Double]) {
        self.init(elementCount: values.count, storedCount: values.count) { values }
    }

    /// IEEE single-precision values, little-endian, at any alignment: `bytes`
    /// is a slice that shares the storage of the file's bytes (an array's, or
    /// a mapped file's), which it keeps alive.
    public init<Bytes: ContiguousBytes & Sendable>(elementCount: Int, float32LittleEndian bytes: Bytes) {
        self.elementCount = elementCount
        self.storedCount = bytes.withUnsafeBytes { $0.count } / 4
        self.float32 = bytes
        self.load = { bytes.withUnsafeBytes(ConstantValues.float32Doubles) }
    }

    /// The values, row-major, as doubles; nil when unknown.
    public var values: [Double]? {
        lock.withLock {
            if !loaded {
                cache = load()
                loaded = true
            }
            return cache
        }
    }

    /// A summary of the values (per-channel weight sums, the value range)
    /// computed once per `key` and kept: the interval analysis runs more than
    /// once per model (ML105 reruns it without input assumptions), and layers
    /// share initializers, so walking megabytes of weights again each time
    /// would cost more than the rest of the analysis. `compute` sees the
    /// values where they are (float32 in the file's bytes, or doubles); the
    /// result is nil when the values are unknown. `key` names the summary and
    /// everything it depends on besides the values.
    public func summary<Summary>(_ key: String, _ compute: (ConstantValues) -> Summary) -> Summary? {
        if let known = lock.withLock({ summaries[key] }) { return (known as? SummaryBox<Summary>)?.value }
        let summary: Summary
        if let float32 {
            summary = float32.withUnsafeBytes { compute(.float32LittleEndian($0)) }
        } else {
            guard let values else { return nil }
            summary = values.withUnsafeBufferPointer { compute(.doubles($0)) }
        }
        lock.withLock { summaries[key] = SummaryBox(value: summary) }
        return summary
    }

    private final class SummaryBox<Value> {
        let value: Value
        init(value: Value) { self.value = value }
    }

    public static func == (lhs: ConstantData, rhs: ConstantData) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A constant's values where they lie, for a summary to read in place.
public enum ConstantValues {
    case doubles(UnsafeBufferPointer<Double>)
    /// 4 bytes per value, little-endian, at any alignment.
    case float32LittleEndian(UnsafeRawBufferPointer)

    public var count: Int {
        switch self {
        case .doubles(let values): return values.count
        case .float32LittleEndian(let bytes): return bytes.count / 4
        }
    }

    /// Little-endian float32 bytes as doubles (a trailing partial value is dropped).
    public static func float32Doubles(_ raw: UnsafeRawBufferPointer) -> [Double] {
        let count = raw.count / 4
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
                buffer[index] = Double(Float(bitPattern: bits))
            }
            initialized = count
        }
    }
}
