import ModelLintIR

/// The relational facts of a softmax written by hand, `exp(x - max(x)) /
/// sum(exp(x - max(x)))`, in the spellings exporters write: the maximum may
/// come back to `x`'s shape through Reshape, Unsqueeze, Squeeze, Flatten,
/// Identity and Expand (jax2tf, tf2onnx, Paddle), and may be `Max(c,
/// ReduceMax(x))` (jax's `max(-inf, reduce_max(x))`), which is never less.
/// Intervals alone lose both facts: that `x - max(x) <= 0`, so `exp` of it
/// cannot overflow, and that the sum of `exp(x - max(x))` over the max's
/// axes holds `exp(0) = 1`, so dividing by it cannot divide by zero.
enum SoftmaxByHand {
    /// Whether a Sub node computes `x - M`, M at least the maximum of x over
    /// the axes M is broadcast across.
    static func subtractsOwnMaximum(_ node: Node, in graph: Graph) -> Bool {
        maximumSubtracted(by: node, in: graph) != nil
    }

    /// Whether a ReduceSum node sums `exp(x - max(x))` over the axes of that
    /// maximum: one term of each sum is `exp(0) = 1`, the others are >= 0.
    static func sumsShiftedExponentials(_ node: Node, in graph: Graph) -> Bool {
        guard case .reduce(.sum) = node.op, let sum = node.reduction, let e = node.inputs.first,
              let exp = graph.producer(of: e), case .exp(nil, .identity) = exp.op, let shifted = exp.inputs.first,
              let sub = graph.producer(of: shifted), case .sub = sub.op,
              let maximum = maximumSubtracted(by: sub, in: graph), let maxAxes = maximum.reduction,
              let rank = graph.tensor(e).shape?.dims.count,
              let summed = sum.axes(rank: rank), let maxed = maxAxes.axes(rank: rank) else { return false }
        return summed == maxed
    }

    /// The ReduceMax whose result `node` (a Sub) subtracts from that
    /// maximum's own input, lined up element for element; nil when it does not.
    private static func maximumSubtracted(by node: Node, in graph: Graph) -> Node? {
        guard node.inputs.count == 2 else { return nil }
        let x = node.inputs[0]
        // The value broadcast against x: before an Expand, which only broadcasts.
        var aligned = node.inputs[1]
        if let expand = graph.producer(of: aligned), expand.sourceType == "Expand", let source = expand.inputs.first {
            aligned = source
        }
        var current = aligned
        for _ in 0..<16 {
            guard let producer = graph.producer(of: current) else { return nil }
            switch producer.op {
            case .reduce(.max):
                guard producer.inputs.first == x else { return nil }
                return linesUp(x: x, maximum: producer, aligned: aligned, in: graph) ? producer : nil
            case .max:
                // max(c, m) >= m: follow the operand of the result's own shape.
                let shape = graph.tensor(producer.outputs[0]).shape
                guard let dims = shape?.dims, !dims.contains(.unknown),
                      let next = producer.inputs.first(where: { graph.tensor($0).constant == nil && graph.tensor($0).shape == shape })
                else { return nil }
                current = next
            default:
                // Reshapes keep the row-major order of the values; a transpose would not.
                guard ["Reshape", "Unsqueeze", "Squeeze", "Flatten", "Identity"].contains(producer.sourceType),
                      let next = producer.inputs.first else { return nil }
                current = next
            }
        }
        return nil
    }

    /// Whether the maximum reaches x in x's layout: taken directly with its
    /// dims kept (the interpreter's old check), or, through reshapes, as
    /// exactly x's shape with the reduced axes of size 1.
    private static func linesUp(x: TensorID, maximum: Node, aligned: TensorID, in graph: Graph) -> Bool {
        if aligned == maximum.outputs.first {
            return IntervalTransfer.maximumLinesUp(x: graph.tensor(x).shape, maximum: graph.tensor(aligned).shape)
        }
        // A dynamic dimension lines up with itself: the same name, as exporters write the batch.
        guard let dims = graph.tensor(x).shape?.dims, let axes = maximum.reduction?.axes(rank: dims.count),
              let target = graph.tensor(aligned).shape?.dims, target.count == dims.count else { return false }
        return dims.indices.allSatisfy { axis in
            axes.contains(axis) ? target[axis] == .known(1) : (target[axis] == dims[axis] && dims[axis] != .unknown)
        }
    }
}
