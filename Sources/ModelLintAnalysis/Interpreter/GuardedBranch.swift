import ModelLintIR

/// Operations whose bad results are thrown away: `where(t < c, t, f(log(t)))`
/// (T5's relative-position buckets), `where(y == 0, 0, x / y)` written with
/// a comparison (TF's `div_no_nan`), `where(x > 0, log(x), c)`. The runtime
/// computes the log everywhere, but keeps it only where the condition sends
/// the element to its branch; there the operand is computed from `t`
/// restricted by the condition, which the interval of `t` alone does not say.
extension IntervalAnalysis {
    /// The interval of input `operandIndex` of `node` on the elements a
    /// `Where` keeps: when every use of `node`'s result goes, element for
    /// element, into one branch of a `Where` whose condition compares a
    /// tensor `t` with a constant, and the operand is computed from `t` alone
    /// (elementwise, with constants); nil otherwise.
    public func guardedOperand(of node: Node, operandIndex: Int, in graph: Graph) -> (interval: Interval, guardNode: Node)? {
        guard operandIndex < node.inputs.count, let output = node.outputs.first,
              let shape = graph.tensor(output).shape, shape.knownValues != nil,
              let (selector, branch) = Self.selectingBranch(from: output, shape: shape, in: graph),
              let condition = graph.producer(of: selector.inputs[0]) else { return nil }
        // The operand, back to the tensor the condition compares: one input each step that is not a constant.
        var chain: [Node] = []
        var current = node.inputs[operandIndex]
        var compared: (tensor: TensorID, narrowed: Interval)?
        for _ in 0..<8 {
            if let found = narrowing(condition, keeps: branch == 1, of: current, in: graph) {
                compared = (current, found)
                break
            }
            guard let producer = graph.producer(of: current), Self.isElementwise(producer),
                  graph.tensor(current).shape == shape else { return nil }
            let variable = producer.inputs.filter { graph.tensor($0).constant == nil }
            guard variable.count == 1 else { return nil }
            chain.append(producer)
            current = variable[0]
        }
        guard var (tensor, value) = compared, graph.tensor(tensor).shape == shape else { return nil }
        for step in chain.reversed() {
            let inputs = step.inputs.map { $0 == tensor ? value : interval(of: $0) }
            let dtype = graph.tensor(step.outputs[0]).dtype
            let context = IntervalTransfer.Context(graph: graph, node: step, dtype: dtype == .unknown ? .float32 : dtype, assumptions: assumptions)
            guard let outputs = IntervalTransfer.outputs(of: step.op, inputs: inputs, context: context), let first = outputs.first else { return nil }
            (tensor, value) = (step.outputs[0], first)
        }
        return (value, selector)
    }

    /// The `Where` (and the branch, 1 or 2) that every use of `tensor`
    /// reaches through elementwise ops of its own shape, or nil.
    private static func selectingBranch(from tensor: TensorID, shape: Shape, in graph: Graph) -> (Node, Int)? {
        var current = tensor
        for _ in 0..<8 {
            let uses = graph.nodes.filter { $0.inputs.contains(current) }
            guard uses.count == 1, let use = uses.first, !graph.outputs.contains(current),
                  graph.tensor(use.outputs.first ?? current).shape == shape else { return nil }
            if case .select = use.op, use.inputs.count == 3, use.inputs[0] != current {
                let positions = use.inputs.indices.filter { use.inputs[$0] == current }
                return positions.count == 1 ? (use, positions[0]) : nil
            }
            guard isElementwise(use), use.inputs.filter({ $0 == current }).count == 1 else { return nil }
            current = use.outputs[0]
        }
        return nil
    }

    /// Ops that compute each element of their output from the same element of their inputs.
    private static func isElementwise(_ node: Node) -> Bool {
        guard node.outputs.count == 1 else { return false }
        switch node.op {
        case .add, .sub, .mul, .div, .max, .min, .cast, .identity, .relu, .abs, .clip, .exp, .log, .sqrt, .reciprocal, .pow, .unary:
            return true
        default:
            return false
        }
    }

    /// The values `tensor` has where `condition` (a comparison of `tensor`
    /// with a constant) is `kept`; nil when the condition is not such a comparison.
    private func narrowing(_ condition: Node, keeps kept: Bool, of tensor: TensorID, in graph: Graph) -> Interval? {
        guard condition.inputs.count == 2, condition.inputs.contains(tensor) else { return nil }
        let tensorFirst = condition.inputs[0] == tensor
        let other = condition.inputs[tensorFirst ? 1 : 0]
        guard graph.tensor(other).constant != nil else { return nil }
        let t = interval(of: tensor), c = interval(of: other)
        guard !c.isNumericEmpty, !c.mayBeNaN else { return nil }
        // As `t OP c`: comparing `c OP t` is `t OP' c` with the order turned.
        var comparison = condition.sourceType
        if !tensorFirst {
            comparison = ["Less": "Greater", "Greater": "Less", "LessOrEqual": "GreaterOrEqual", "GreaterOrEqual": "LessOrEqual"][comparison] ?? ""
        }
        // Where the comparison is false, t may also be NaN; where it is true, it is not.
        let region: Interval
        switch (comparison, kept) {
        case ("Less", true): region = Interval(-.infinity, c.hi.nextDown)
        case ("LessOrEqual", true): region = Interval(-.infinity, c.hi)
        case ("Greater", true): region = Interval(c.lo.nextUp, .infinity)
        case ("GreaterOrEqual", true): region = Interval(c.lo, .infinity)
        case ("Less", false): region = Interval(c.lo, .infinity, mayBeNaN: true)
        case ("LessOrEqual", false): region = Interval(c.lo.nextUp, .infinity, mayBeNaN: true)
        case ("Greater", false): region = Interval(-.infinity, c.hi, mayBeNaN: true)
        case ("GreaterOrEqual", false): region = Interval(-.infinity, c.hi.nextDown, mayBeNaN: true)
        case ("Equal", true): region = c
        case ("Equal", false) where c.isSingleton:
            // t != c: only an end of t's interval can be cut off (div_no_nan's y >= 0, y != 0).
            if t.lo == c.lo { region = Interval(c.lo.nextUp, .infinity, mayBeNaN: true) }
            else if t.hi == c.hi { region = Interval(-.infinity, c.hi.nextDown, mayBeNaN: true) }
            else { return nil }
        default: return nil
        }
        return t.meet(region).with(nan: t.mayBeNaN && region.mayBeNaN)
    }
}
