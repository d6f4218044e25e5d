import ModelLintIR

extension LinearBounds {
    /// Values one linear layer with known weights is shown to reach when
    /// each element of its input independently attains a value at most
    /// `box.lo` and one at least `box.hi` (a declared input range, and
    /// elementwise monotone functions of it): for output channel j, setting
    /// each input at the end its weight's sign favours gives
    /// `b_j + hi * sum(W_j+) - lo * sum(|W_j-|)` or more. This is interval
    /// bound propagation's own bound, exact for one layer over a box, less
    /// the runtime's rounding. `lo` of the result is a value some output is
    /// at most, `hi` one some output is at least. Nil where the layer has no
    /// window clear of padding or the weights are not known per channel.
    static func attained(op: Op, box: (lo: Double, hi: Double), context: IntervalTransfer.Context) -> (lo: Double, hi: Double)? {
        guard box.lo.isFinite, box.hi.isFinite, box.lo <= box.hi else { return nil }
        switch op {
        case .conv(let conv):
            // A fused activation or added input (FusedConv) moves the values: not this bound.
            guard conv.activation == nil, conv.addedInput == nil,
                  hasWindowClearOfPadding(conv, input: context.shape(0)?.knownValues) else { return nil }
        case .fullyConnected(let gemm):
            guard gemm.activation == nil else { return nil }
        case .matMul:
            break
        default:
            return nil
        }
        let (alpha, beta) = scaling(op)
        guard alpha >= 0, beta >= 0, let dims = context.shape(1)?.knownValues, let weights = knownData(1, context),
              let layout = channelLayout(op, dims: dims, count: weights.elementCount), let sums = layout.sums(of: weights) else { return nil }
        // A bias the model names but whose values are unknown could be anything.
        let hasBias = context.node.inputs.count >= 3 && !context.graph.tensor(context.node.inputs[2]).name.isEmpty
        let biases = bias(op, context: context, channels: layout.channelCount)
        if hasBias && biases == nil { return nil }
        var lowest = Double.infinity, highest = -Double.infinity
        for (channel, w) in sums.enumerated() where !w.hasNaN {
            let b = biases?[channel] ?? .exactly(0)
            guard !b.mayBeNaN, b.lo.isFinite, b.hi.isFinite else { continue }
            let up = alpha * (box.hi * w.positive - box.lo * w.negative) + beta * b.lo
            let down = alpha * (box.lo * w.positive - box.hi * w.negative) + beta * b.hi
            // The runtime sums in the layer's dtype: what it computes may fall
            // short of the exact sum by its rounding.
            let magnitude = alpha * Swift.max(Swift.abs(box.lo), Swift.abs(box.hi)) * w.absSum + beta * Swift.max(Swift.abs(b.lo), Swift.abs(b.hi))
            let rounding = magnitude * (Double(w.terms) + 2) * epsilon(context.dtype)
            highest = Swift.max(highest, up - rounding)
            lowest = Swift.min(lowest, down + rounding)
        }
        return highest > -.infinity ? (lowest, highest) : nil
    }

    /// Whether some output position's window lies wholly on the input, so
    /// that no padding zero takes the place of an input value: an input of
    /// at least the dilated kernel plus the stride less one on every axis.
    private static func hasWindowClearOfPadding(_ conv: ConvAttributes, input: [Int]?) -> Bool {
        guard let input, input.count == conv.kernel.count + 2 else { return false }
        for (axis, kernel) in conv.kernel.enumerated() {
            let dilation = axis < conv.dilations.count ? conv.dilations[axis] : 1
            let stride = axis < conv.strides.count ? conv.strides[axis] : 1
            guard kernel > 0, dilation > 0, stride > 0,
                  let extent = Checked.add(Checked.multiply(kernel - 1, dilation) ?? Int.max, 1),
                  let needed = Checked.add(extent, stride - 1), input[axis + 2] >= needed else { return false }
        }
        return true
    }
}
