import ModelLintIR

/// Shape arithmetic, evaluated while shapes are inferred. Exporters compute
/// a Reshape's, an Expand's or a Pad's operand at run time: `Shape`,
/// `Gather`, `Slice`, `Concat`, `Unsqueeze`, `Transpose`, `Cast` and integer
/// arithmetic on the dimensions of a tensor (PyTorch's TorchScript exporter
/// for every `x.view(b, n, -1)` and every `F.pad`, tf2onnx and jax2tf for
/// every broadcast). Such small integer tensors are tracked element by
/// element as dimensions, so a dynamic batch stays the same symbol from the
/// `Shape` that reads it to the `Reshape` that uses it; a tensor whose every
/// element is known becomes a constant.
struct ShapeValues {
    /// A small integer tensor: its elements in row-major order, and its shape.
    struct Value: Equatable {
        var elements: [Dim]
        var shape: [Int]

        init(_ elements: [Dim], shape: [Int]) {
            self.elements = elements
            self.shape = shape
        }

        /// Integers only; nil when an element is not known.
        var integers: [Int]? {
            var result: [Int] = []
            for element in elements {
                guard case .known(let n) = element else { return nil }
                result.append(n)
            }
            return result
        }
    }

    private var values: [TensorID: Value] = [:]

    /// Tensors larger than this are not shape arithmetic.
    static let maximumElements = 64

    /// The value of `tensor` when it is tracked or a small integer constant.
    func value(of tensor: TensorID, in graph: Graph) -> Value? {
        if let known = values[tensor] { return known }
        guard tensor < graph.tensors.count, let constant = graph.tensors[tensor].constant,
              constant.elementCount <= Self.maximumElements,
              let shape = graph.tensors[tensor].shape?.knownValues, Checked.count(shape) == constant.elementCount,
              let numbers = constant.values, numbers.count == constant.elementCount else { return nil }
        var dims: [Dim] = []
        for number in numbers {
            // INT64_MAX and INT64_MIN, Slice's "to the end", are not doubles: they round past Int.
            let integer = Int(exactly: number) ?? (number >= 0x1p63 ? Int.max : number <= -0x1p63 ? Int.min : nil)
            guard let integer else { return nil }
            dims.append(.known(integer))
        }
        return Value(dims, shape: shape)
    }

    /// Evaluates `node` when it is shape arithmetic on tracked tensors;
    /// `graph` holds the shapes inferred so far, the node's outputs' included.
    /// Returns the value of its first output.
    mutating func evaluate(_ node: Node, in graph: Graph) -> Value? {
        guard let output = node.outputs.first, let result = compute(node, in: graph),
              result.elements.count <= Self.maximumElements, Checked.count(result.shape) == result.elements.count else { return nil }
        values[output] = result
        return result
    }

    private func compute(_ node: Node, in graph: Graph) -> Value? {
        func input(_ index: Int) -> Value? { index < node.inputs.count ? value(of: node.inputs[index], in: graph) : nil }
        // What the shape inference found for the output: how order-keeping ops lay the elements out.
        let inferred = node.outputs.first.flatMap { graph.tensors[$0].shape?.knownValues }
        switch node.op {
        case .shapeOf(let countOnly):
            guard let dims = node.inputs.first.flatMap({ graph.tensors[$0].shape?.dims }) else { return nil }
            return countOnly ? Value([Dim.product(dims)], shape: []) : Value(dims, shape: [dims.count])
        case .cast, .identity:
            return input(0)
        case .reshape, .flatten:
            guard let x = input(0), let inferred, Checked.count(inferred) == x.elements.count else { return nil }
            return Value(x.elements, shape: inferred)
        case .concat(let axis):
            // Vectors (and scalars) joined end to end.
            var all: [Dim] = []
            for index in node.inputs.indices {
                guard let part = input(index), part.shape.count <= 1 else { return nil }
                all += part.elements
            }
            guard axis == 0 || axis == -1 else { return nil }
            return Value(all, shape: [all.count])
        case .fill(let filler):
            // ConstantOfShape: the value, as many times as its shape says.
            guard let shape = input(0)?.integers, shape.allSatisfy({ $0 >= 0 }), let count = Checked.count(shape),
                  count <= Self.maximumElements, let integer = Int(exactly: filler) else { return nil }
            return Value(Array(repeating: .known(integer), count: count), shape: shape)
        case .transpose(let permutation):
            guard let x = input(0) else { return nil }
            return Self.transposed(x, permutation ?? Array((0..<x.shape.count).reversed()))
        case .add, .sub, .mul, .div:
            guard node.inputs.count == 2, let a = input(0), let b = input(1) else { return nil }
            // ONNX Div on integers truncates; on floats it is not shape arithmetic.
            guard node.op != .div || graph.tensors[node.outputs[0]].dtype.isFloatingPoint == false else { return nil }
            return Self.elementwise(a, b) { Self.arithmetic(node.op, $0, $1) }
        default:
            break
        }
        switch node.sourceType {
        case "Unsqueeze", "Squeeze":
            guard let x = input(0), let inferred, Checked.count(inferred) == x.elements.count else { return nil }
            return Value(x.elements, shape: inferred)
        case "Gather":
            guard let data = input(0), data.shape.count == 1, let indices = input(1), let picks = indices.integers else { return nil }
            var picked: [Dim] = []
            for i in picks {
                let position = i < 0 ? i + data.elements.count : i
                guard data.elements.indices.contains(position) else { return nil }
                picked.append(data.elements[position])
            }
            return Value(picked, shape: indices.shape)
        case "Slice":
            guard let data = input(0), let starts = input(1)?.integers, let ends = input(2)?.integers else { return nil }
            let axes = node.inputs.count > 3 && !graph.tensors[node.inputs[3]].name.isEmpty ? input(3)?.integers : Array(0..<starts.count)
            let steps = node.inputs.count > 4 && !graph.tensors[node.inputs[4]].name.isEmpty ? input(4)?.integers : Array(repeating: 1, count: starts.count)
            guard let axes, let steps else { return nil }
            return Self.sliced(data, starts: starts, ends: ends, axes: axes, steps: steps)
        case "Mod":
            guard node.inputs.count == 2, let a = input(0), let b = input(1) else { return nil }
            return Self.elementwise(a, b) { a, b in
                guard case .known(let x) = a, case .known(let y) = b, y != 0, let r = Checked.remainder(x, y) else { return .unknown }
                // ONNX Mod with fmod = 0 takes the divisor's sign, as Python's %.
                return .known(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            }
        default:
            return nil
        }
    }

    /// `f` element by element, one side broadcast when it holds one element.
    private static func elementwise(_ a: Value, _ b: Value, _ f: (Dim, Dim) -> Dim) -> Value? {
        if a.elements.count == 1 && b.elements.count != 1 { return Value(b.elements.map { f(a.elements[0], $0) }, shape: b.shape) }
        if b.elements.count == 1 { return Value(a.elements.map { f($0, b.elements[0]) }, shape: a.shape.count >= b.shape.count ? a.shape : b.shape) }
        guard a.shape == b.shape else { return nil }
        return Value(zip(a.elements, b.elements).map(f), shape: a.shape)
    }

    private static func arithmetic(_ op: Op, _ a: Dim, _ b: Dim) -> Dim {
        guard case .known(let x) = a, case .known(let y) = b else {
            // x * 1 and x + 0 keep a symbol.
            if op == .mul, b == .known(1) { return a }
            if op == .mul, a == .known(1) { return b }
            if op == .add || op == .sub, b == .known(0) { return a }
            return .unknown
        }
        let result: Int? = switch op {
        case .add: Checked.add(x, y)
        case .sub: Checked.subtract(x, y)
        case .mul: Checked.multiply(x, y)
        // ONNX Div on integers truncates toward zero, as C does.
        case .div: y == 0 ? nil : Checked.divide(x, y)
        default: nil
        }
        return result.map(Dim.known) ?? .unknown
    }

    /// Row-major strides of `shape`.
    private static func strides(_ shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        for axis in shape.indices.reversed().dropFirst() { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// The elements at every combination of `picks[axis]` positions, row-major.
    private static func gathered(_ x: Value, _ picks: [[Int]]) -> [Dim] {
        let strides = strides(x.shape)
        var result: [Dim] = []
        var index = Array(repeating: 0, count: picks.count)
        guard picks.allSatisfy({ !$0.isEmpty }) else { return [] }
        while true {
            result.append(x.elements[zip(index.indices, strides).reduce(0) { $0 + picks[$1.0][index[$1.0]] * $1.1 }])
            var axis = picks.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < picks[axis].count { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return result }
        }
    }

    private static func transposed(_ x: Value, _ permutation: [Int]) -> Value? {
        guard permutation.count == x.shape.count, Set(permutation) == Set(x.shape.indices) else { return nil }
        // Output position (i0, i1, ...) reads input position with axis permutation[k] at i_k.
        let outShape = permutation.map { x.shape[$0] }
        let strides = strides(x.shape)
        var result: [Dim] = []
        let outStrides = self.strides(outShape)
        for flat in 0..<x.elements.count {
            var source = 0
            for (k, axis) in permutation.enumerated() { source += (flat / outStrides[k] % outShape[k]) * strides[axis] }
            result.append(x.elements[source])
        }
        return Value(result, shape: outShape)
    }

    /// ONNX Slice with its positions clamped as the spec says.
    private static func sliced(_ x: Value, starts: [Int], ends: [Int], axes: [Int], steps: [Int]) -> Value? {
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else { return nil }
        var picks = x.shape.map { Array(0..<$0) }
        for i in axes.indices {
            let axis = axes[i] < 0 ? axes[i] + x.shape.count : axes[i]
            guard x.shape.indices.contains(axis), steps[i] != 0 else { return nil }
            let size = x.shape[axis]
            func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(v < 0 ? v &+ size : v, low), high) }
            if steps[i] > 0 {
                picks[axis] = Array(stride(from: clamp(starts[i], 0, size), to: clamp(ends[i], 0, size), by: steps[i]))
            } else {
                picks[axis] = Array(stride(from: clamp(starts[i], -1, size - 1), to: clamp(ends[i], -1, size - 1), by: steps[i]))
            }
        }
        return Value(gathered(x, picks), shape: picks.map(\.count))
    }
}
