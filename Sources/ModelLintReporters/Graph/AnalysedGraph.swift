import Foundation
import ModelLintIR

/// A tensor's value interval as the engine hands it to pictures: plain
/// numbers, so that reporters need not import the analysis.
public struct ValueRange: Hashable, Sendable {
    public var lo: Double
    public var hi: Double
    public var mayBeNaN: Bool

    public init(lo: Double, hi: Double, mayBeNaN: Bool = false) {
        self.lo = lo
        self.hi = hi
        self.mayBeNaN = mayBeNaN
    }

    /// Whether the analysis knows anything about the tensor: not (-inf, inf)
    /// with NaN possible.
    public var isInformative: Bool { !(lo == -.infinity && hi == .infinity && mayBeNaN) }

    /// `[0, 6]`, `[-inf, 88.7]`, `[0, 1] ∪ NaN`; an empty interval is `∅`.
    public var label: String {
        if !(lo <= hi) { return mayBeNaN ? "{NaN}" : "∅" }
        return "[\(Self.number(lo)), \(Self.number(hi))]" + (mayBeNaN ? " ∪ NaN" : "")
    }

    /// At most 4 significant digits, `inf` for infinities.
    static func number(_ value: Double) -> String {
        if value == .infinity { return "inf" }
        if value == -.infinity { return "-inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), Swift.abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}

/// One graph as the engine analysed it: shapes inferred (on its tensors) and
/// each tensor's interval (indexed by `TensorID`, nil where there is none).
public struct AnalysedGraph: Sendable {
    public var graph: Graph
    public var ranges: [ValueRange?]

    public init(graph: Graph, ranges: [ValueRange?]) {
        self.graph = graph
        self.ranges = ranges
    }

    public func range(of tensor: TensorID) -> ValueRange? {
        ranges.indices.contains(tensor) ? ranges[tensor] : nil
    }
}
