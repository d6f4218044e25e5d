import ModelLintIR

/// Output shapes of layers that move, join, cut or contract tensors without
/// a sliding window: concat, slice, flatten, fully connected, embed, matmul,
/// and reshape / tile when their target is a known constant.
enum PlumbingShapes {
    /// Concatenation: the sizes along `axis` add up (a negative axis counts
    /// from the end); every other axis must agree between inputs, so any
    /// input that knows it supplies it.
    static func concat(axis: Int, inputs: [Shape?]) -> Shape? {
        // One input is a copy, which keeps even a symbolic axis.
        if inputs.count == 1 { return inputs[0] }
        guard let rank = inputs.lazy.compactMap({ $0 }).first?.rank,
              inputs.allSatisfy({ $0 == nil || $0?.rank == rank }),
              let axis = normalized(axis: axis, rank: rank)
        else { return nil }
        var dims = (0..<rank).map { index in
            inputs.compactMap { $0?.dims[index] }.reduce(Dim.unknown) { $0.unified(with: $1) }
        }
        let pieces = inputs.compactMap { $0?.dims[axis] }
        dims[axis] = pieces.count == inputs.count ? .sum(pieces) : .unknown
        return Shape(dims)
    }

    /// Caffe `Slice` without slice points cuts `axis` into as many equal parts
    /// as there are outputs; when the size does not divide, or the IR lacks the
    /// points, that axis is unknown but the others still pass through.
    static func slice(axis: Int, input: Shape?, outputCount: Int) -> [Shape?] {
        guard let input, outputCount >= 1, let axis = normalized(axis: axis, rank: input.rank) else { return [] }
        if outputCount == 1 { return [input] }
        var piece = input
        if let size = input.dims[axis].value, size >= 0, size % outputCount == 0 {
            piece.dims[axis] = .known(size / outputCount)
        } else {
            piece.dims[axis] = .unknown
        }
        return Array(repeating: piece, count: outputCount)
    }

    /// ONNX `Split` along `axis` into pieces of `sizes`; without them the
    /// pieces' extent on the axis is unknown (the sizes may be uneven).
    static func split(axis: Int, input: Shape?, sizes: [Dim]?, outputCount: Int) -> [Shape?] {
        guard let input, outputCount >= 1, let axis = normalized(axis: axis, rank: input.rank) else { return [] }
        if outputCount == 1 { return [input] }
        return (0..<outputCount).map { index in
            var piece = input
            piece.dims[axis] = sizes.flatMap { $0.count == outputCount ? $0[index] : nil } ?? .unknown
            return piece
        }
    }

    /// ONNX `Slice` with its starts, ends, axes and steps known. A symbolic
    /// dimension taken whole (from 0 to the end, step 1) stays itself.
    static func sliced(_ input: Shape, starts: [Int], ends: [Int], axes: [Int], steps: [Int]) -> Shape? {
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else { return nil }
        var dims = input.dims
        for i in axes.indices {
            guard let axis = normalized(axis: axes[i], rank: input.rank), steps[i] != 0 else { return nil }
            guard case .known(let size) = input.dims[axis] else {
                // tf2onnx writes 10^9 for "to the end", PyTorch INT64_MAX: no dimension is that long.
                let whole = steps[i] == 1 && starts[i] == 0 && ends[i] >= 1_000_000_000
                dims[axis] = whole ? input.dims[axis] : .unknown
                continue
            }
            // ONNX's clamping: negative positions count from the end.
            func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(v < 0 ? v &+ size : v, low), high) }
            let count: Int
            if steps[i] > 0 {
                let (start, end) = (clamp(starts[i], 0, size), clamp(ends[i], 0, size))
                count = end > start ? (end - start + steps[i] - 1) / steps[i] : 0
            } else {
                let (start, end) = (clamp(starts[i], -1, size - 1), clamp(ends[i], -1, size - 1))
                count = start > end ? (start - end - steps[i] - 1) / -steps[i] : 0
            }
            dims[axis] = .known(count)
        }
        return Shape(dims)
    }

    /// ONNX `Transpose`: output axis i is input axis `permutation[i]`; no permutation reverses the axes.
    static func transpose(_ input: Shape, permutation: [Int]?) -> Shape? {
        let order = permutation ?? Array((0..<input.rank).reversed())
        guard order.count == input.rank, Set(order) == Set(0..<input.rank) else { return nil }
        return Shape(order.map { input.dims[$0] })
    }

    /// `(N, product of the rest)`: Caffe `Flatten` (axis 1 to the end) and ONNX
    /// `Flatten` with its default axis 1. A rank-1 input becomes `(N, 1)`.
    static func flatten(_ input: Shape?) -> Shape? {
        guard let input, input.rank >= 1 else { return nil }
        return Shape([input.dims[0], .product(input.dims.dropFirst())])
    }

    /// Caffe `InnerProduct` (flattens from axis 1) and ONNX `Gemm`: `(N, outputs)`.
    /// The rank of the result does not depend on the input, so even an input
    /// of unknown shape gives `(?, outputs)`.
    static func fullyConnected(_ attributes: FullyConnectedAttributes, input: Shape?, weight: Shape?) -> Shape {
        var outputs = attributes.outputs.map { Dim.extent($0) }
        if outputs == nil, let dims = weight?.dims, dims.count == 2 {
            outputs = attributes.weightsOutputMajor ? dims[0] : dims[1]
        }
        let batch = attributes.inputTransposed ? (input?.dims.count == 2 ? input?.dims[1] : nil) : input?.dims.first
        return Shape([batch ?? .unknown, outputs ?? .unknown])
    }

    /// Caffe `Embed`: every index becomes a vector of `outputs` values.
    static func embed(outputs: Int?, input: Shape?) -> Shape? {
        guard let input else { return nil }
        return Shape(input.dims + [outputs.map { Dim.extent($0) } ?? .unknown])
    }

    /// NumPy `matmul`: batch axes broadcast, `(..., m, k) x (..., k, n) -> (..., m, n)`;
    /// a rank-1 operand is promoted to a matrix and its axis removed again.
    static func matMul(_ a: Shape?, _ b: Shape?) -> Shape? {
        guard let a, let b, a.rank >= 1, b.rank >= 1 else { return nil }
        let left = a.rank == 1 ? [.known(1)] + a.dims : a.dims
        let right = b.rank == 1 ? b.dims + [.known(1)] : b.dims
        var dims = Broadcasting.broadcast(Shape(Array(left.dropLast(2))), Shape(Array(right.dropLast(2)))).dims
        if a.rank != 1 { dims.append(left[left.count - 2]) }
        if b.rank != 1 { dims.append(right[right.count - 1]) }
        return Shape(dims)
    }

    /// ONNX `Reshape` whose shape operand is a constant: `0` copies the input's
    /// size on that axis, one `-1` takes whatever size is left. Without the
    /// constant (Caffe keeps it in `reshape_param`, which the IR lacks) it is unknown.
    /// The target may hold symbolic sizes, where it was computed from a
    /// dynamic input's `Shape` (`ShapeValues`).
    static func reshape(input: Shape?, target: [Dim]?) -> Shape? {
        guard let target else { return nil }
        var dims: [Dim] = []
        var copied: Set<Int> = []
        var inferred: Int?
        for (index, requested) in target.enumerated() {
            guard case .known(let value) = requested else {
                // A symbolic size is itself; an unknown one could be 0 or -1, which would change the others.
                guard case .symbolic = requested else { return nil }
                dims.append(requested)
                continue
            }
            switch value {
            case 0:
                guard let input, index < input.rank else { return nil }
                dims.append(input.dims[index])
                copied.insert(index)
            case -1:
                guard inferred == nil else { return nil }
                inferred = index
                dims.append(.unknown)
            case let size where size > 0:
                dims.append(.known(size))
            default:
                return nil
            }
        }
        // Copied axes are the same on both sides, so they cancel: a symbolic
        // batch copied by `0` does not stop `-1` from being computed.
        if let inferred, let input {
            dims[inferred] = quotient(input.dims.indices.filter { !copied.contains($0) }.map { input.dims[$0] },
                                      dims.indices.filter { !copied.contains($0) && $0 != inferred }.map { dims[$0] })
        }
        return Shape(dims)
    }

    /// ONNX `Tile` whose repeats operand is a constant, one count per axis.
    static func tile(input: Shape?, repeats: [Double]?) -> Shape? {
        guard let input, let repeats, let counts = integers(repeats), counts.count == input.rank,
              counts.allSatisfy({ $0 >= 0 })
        else { return nil }
        return Shape(zip(input.dims, counts).map { $0.times($1) })
    }

    /// `axis` in `0..<rank`, counting a negative axis from the end; nil when out of range.
    static func normalized(axis: Int, rank: Int) -> Int? {
        let resolved = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(resolved) ? resolved : nil
    }

    /// Constant operand values as integers; nil if any is not a whole number that fits.
    /// The product of `numerator` over that of `denominator`: dims found on
    /// both sides cancel (a symbolic batch kept by `-1`), then what is left
    /// must be known, or one symbol over nothing.
    static func quotient(_ numerator: [Dim], _ denominator: [Dim]) -> Dim {
        var top = numerator.filter { $0 != .known(1) }, bottom = denominator.filter { $0 != .known(1) }
        for dim in bottom where dim != .unknown {
            if let match = top.firstIndex(of: dim) {
                top.remove(at: match)
                bottom.remove(at: bottom.firstIndex(of: dim)!)
            }
        }
        if top.count == 1, case .symbolic = top[0], bottom.isEmpty { return top[0] }
        guard let total = Dim.product(top).value, let rest = Dim.product(bottom).value, rest > 0, total % rest == 0 else { return .unknown }
        return .known(total / rest)
    }

    /// ONNX Squeeze (removes `axes`, each of size 1) or Unsqueeze (inserts
    /// size-1 axes at `axes` of the output); negative axes count from the end.
    static func squeezing(_ input: Shape, axes: [Int], unsqueeze: Bool) -> Shape? {
        let rank = unsqueeze ? input.rank + axes.count : input.rank
        var normalized = Set<Int>()
        for axis in axes {
            let a = axis < 0 ? axis + rank : axis
            guard (0..<rank).contains(a), normalized.insert(a).inserted else { return nil }
        }
        if unsqueeze {
            var rest = input.dims.makeIterator()
            return Shape((0..<rank).map { normalized.contains($0) ? .known(1) : rest.next()! })
        }
        guard normalized.allSatisfy({ input.dims[$0] == .known(1) }) else { return nil }
        return Shape(input.dims.indices.filter { !normalized.contains($0) }.map { input.dims[$0] })
    }

    /// A constant shape operand's values as dimensions, nil unless all are whole numbers.
    static func dims(_ values: [Double]) -> [Dim]? {
        integers(values).map { $0.map(Dim.known) }
    }

    private static func integers(_ values: [Double]) -> [Int]? {
        var result: [Int] = []
        for value in values {
            guard let integer = Int(exactly: value) else { return nil }
            result.append(integer)
        }
        return result
    }
}
