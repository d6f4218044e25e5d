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
    private let lock = NSLock()
    private var loaded = false
    private var cache: [Double]?

    /// `load` returns nil when the values cannot be had (stripped, external
    /// file missing); it runs at most once.
    public init(elementCount: Int, storedCount: Int?, load: @escaping @Sendable () -> [Double]?) {
        self.elementCount = elementCount
        self.storedCount = storedCount
        self.load = load
    }

    public convenience init(values: [Double]) {
        self.init(elementCount: values.count, storedCount: values.count) { values }
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

    public static func == (lhs: ConstantData, rhs: ConstantData) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
