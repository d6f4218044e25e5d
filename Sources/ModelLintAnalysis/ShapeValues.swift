import ModelLintIR

/// Shape arithmetic, evaluated while shapes are inferred. Exporters compute
/// a Reshape's or an Expand's target at run time: `Shape`, `Gather`,
/// `Slice`, `Concat`, `Unsqueeze`, `Cast` and integer arithmetic on the
/// dimensions of a tensor (PyTorch's TorchScript exporter for every
/// `x.view(b, n, -1)`, tf2onnx and jax2tf for every broadcast). The values of
/// such small integer vectors are tracked as dimensions, so a dynamic batch
/// stays the same symbol from the `Shape` that reads it to the `Reshape` that
/// uses it; a vector whose every element is known is a constant.
struct ShapeValues {
    /// The elements of each tracked vector (a scalar is one element).
    private var values: [TensorID: [Dim]] = [:]
    private var scalars: Set<TensorID> = []

    /// Vectors longer than this are not shape arithmetic.
    static let maximumElements = 64

    /// The elements of `tensor` when it is a tracked vector or a small integer constant.
    func value(of tensor: TensorID, in graph: Graph) -> [Dim]? {
        if let known = values[tensor] { return known }
        guard tensor < graph.tensors.count, let constant = graph.tensors[tensor].constant,
              constant.elementCount <= Self.maximumElements, (graph.tensors[tensor].shape?.rank ?? 1) <= 1,
              let numbers = constant.values, numbers.count == constant.elementCount else { return nil }
        var dims: [Dim] = []
        for number in numbers {
            guard let integer = Int(exactly: number) else { return nil }
            dims.append(.known(integer))
        }
        return dims
    }

    func isScalar(_ tensor: TensorID, in graph: Graph) -> Bool {
        scalars.contains(tensor) || graph.tensors[tensor].shape?.rank == 0
    }

    /// Evaluates `node` when it is shape arithmetic on tracked vectors;
    /// `graph` holds the shapes inferred so far. Returns the value of its first output.
    mutating func evaluate(_ node: Node, in graph: Graph) -> [Dim]? {
        guard let output = node.outputs.first, let result = compute(node, in: graph),
              result.elements.count <= Self.maximumElements else { return nil }
        values[output] = result.elements
        if result.scalar { scalars.insert(output) }
        return result.elements
    }

    private func compute(_ node: Node, in graph: Graph) -> (elements: [Dim], scalar: Bool)? {
        func input(_ index: Int) -> [Dim]? { index < node.inputs.count ? value(of: node.inputs[index], in: graph) : nil }
        func scalar(_ index: Int) -> Bool { index < node.inputs.count && isScalar(node.inputs[index], in: graph) }
        switch node.op {
        case .shapeOf(let countOnly):
            guard let dims = node.inputs.first.flatMap({ graph.tensors[$0].shape?.dims }) else { return nil }
            return countOnly ? ([Dim.product(dims)], true) : (dims, false)
        case .cast, .identity, .reshape, .flatten:
            guard let x = input(0) else { return nil }
            return (x, node.op == .identity ? scalar(0) : false)
        case .concat(let axis) where axis == 0 || axis == -1:
            var all: [Dim] = []
            for index in node.inputs.indices {
                guard let part = input(index) else { return nil }
                all += part
            }
            return (all, false)
        case .add, .sub, .mul, .div:
            guard node.inputs.count == 2, let a = input(0), let b = input(1) else { return nil }
            let integers = graph.tensors[node.outputs[0]].dtype.isFloatingPoint == false
            guard node.op != .div || integers else { return nil }
            let count = Swift.max(a.count, b.count)
            guard a.count == count || a.count == 1, b.count == count || b.count == 1 else { return nil }
            let elements = (0..<count).map { i in Self.arithmetic(node.op, a[a.count == 1 ? 0 : i], b[b.count == 1 ? 0 : i]) }
            return (elements, scalar(0) && scalar(1))
        default:
            break
        }
        switch node.sourceType {
        case "Unsqueeze":
            return input(0).map { ($0, false) }
        case "Squeeze":
            guard let x = input(0) else { return nil }
            return (x, x.count == 1)
        case "Gather":
            guard let data = input(0), let indices = input(1) else { return nil }
            var picked: [Dim] = []
            for index in indices {
                guard case .known(let i) = index else { return nil }
                let position = i < 0 ? i + data.count : i
                guard data.indices.contains(position) else { return nil }
                picked.append(data[position])
            }
            return (picked, scalar(1))
        case "Slice":
            guard let data = input(0), let starts = input(1), let ends = input(2), starts.count == 1, ends.count == 1,
                  case .known(let start) = starts[0], case .known(let end) = ends[0] else { return nil }
            // Only along axis 0, step 1: what shape arithmetic writes.
            if node.inputs.count > 3, input(3).map({ $0 == [.known(0)] || $0 == [.known(-1)] }) != true { return nil }
            if node.inputs.count > 4, input(4) != [.known(1)] { return nil }
            let n = data.count
            func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + n : v, 0), n) }
            let (from, to) = (clamp(start), clamp(end))
            return (from < to ? Array(data[from..<to]) : [], false)
        case "Mod":
            guard node.inputs.count == 2, let a = input(0), let b = input(1), a.count == 1 || b.count == 1 || a.count == b.count else { return nil }
            let count = Swift.max(a.count, b.count)
            let elements: [Dim] = (0..<count).map { i in
                guard case .known(let x) = a[a.count == 1 ? 0 : i], case .known(let y) = b[b.count == 1 ? 0 : i], y != 0,
                      let r = Checked.remainder(x, y) else { return .unknown }
                // ONNX Mod with fmod = 0 takes the divisor's sign, as Python's %.
                return .known(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            }
            return (elements, scalar(0) && scalar(1))
        default:
            return nil
        }
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
}
