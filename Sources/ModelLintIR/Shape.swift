/// One dimension of a tensor's shape.
public enum Dim: Hashable, Sendable, CustomStringConvertible {
    case known(Int)
    /// A named dimension, such as ONNX's `"batch"`.
    case symbolic(String)
    case unknown

    public var value: Int? {
        if case .known(let v) = self { return v }
        return nil
    }

    public var description: String {
        switch self {
        case .known(let v): return String(v)
        case .symbolic(let s): return s
        case .unknown: return "?"
        }
    }
}

/// A tensor's shape. `nil` rank (no `Shape` at all) means even the rank is unknown.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var dims: [Dim]

    public init(_ dims: [Dim]) { self.dims = dims }
    public init(known values: [Int]) { self.dims = values.map { .known($0) } }

    public var rank: Int { dims.count }
    public subscript(axis: Int) -> Dim { dims[axis] }
    /// All dimensions, when every one is a known number.
    public var knownValues: [Int]? {
        let values = dims.compactMap(\.value)
        return values.count == dims.count ? values : nil
    }

    public var description: String { "(" + dims.map(\.description).joined(separator: ", ") + ")" }

    /// Whether this shape, as a file declares it, contradicts `computed`:
    /// the ranks differ, or a dimension both know differs. Unknown, symbolic
    /// and non-positive declared dimensions (Paddle's -1) agree with anything:
    /// a contradiction is only what the file states for certain.
    public func contradicts(_ computed: Shape) -> Bool {
        guard dims.count == computed.dims.count else { return true }
        return zip(dims, computed.dims).contains { declared, computed in
            guard case .known(let stated) = declared, stated > 0, case .known(let derived) = computed else { return false }
            return stated != derived
        }
    }
}
