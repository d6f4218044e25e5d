import ModelLintIR

/// NumPy (and ONNX multidirectional) broadcasting of shapes whose dimensions
/// may be symbolic or unknown.
///
/// Shapes are aligned at their last axis; on each axis a 1 stretches to the
/// other side. With partial knowledge the rule is "assume the model is
/// valid": an unknown dimension facing a known `n != 1` must be 1 or `n`, so
/// the result is `n`; facing a 1 it is itself.
public enum Broadcasting {
    /// The broadcast shape of `shapes`, or nil when there are none or any is
    /// nil (an input of unknown rank could lengthen the result).
    public static func broadcast(_ shapes: [Shape?]) -> Shape? {
        guard var result = shapes.first ?? nil else { return nil }
        for shape in shapes.dropFirst() {
            guard let shape else { return nil }
            result = broadcast(result, shape)
        }
        return result
    }

    /// The broadcast shape of two shapes. Two different known sizes, neither 1,
    /// cannot broadcast: that axis is `.unknown` rather than a crash or a guess.
    public static func broadcast(_ a: Shape, _ b: Shape) -> Shape {
        let rank = Swift.max(a.rank, b.rank)
        // Missing leading axes behave as 1.
        let left = Array(repeating: Dim.known(1), count: rank - a.rank) + a.dims
        let right = Array(repeating: Dim.known(1), count: rank - b.rank) + b.dims
        return Shape(zip(left, right).map(broadcast))
    }

    /// One axis.
    public static func broadcast(_ a: Dim, _ b: Dim) -> Dim {
        if a == b { return a }
        switch (a, b) {
        case (.known(1), _): return b
        case (_, .known(1)): return a
        case (.known, .known): return .unknown  // incompatible: the model is wrong, the size is not ours to pick
        case (.known, _): return a              // b is 1 or a
        case (_, .known): return b
        default: return .unknown                 // two different names, or unknown: either may be 1
        }
    }
}
