import Foundation
import ModelLintIR

/// The relational fact behind normalization written by hand: for
/// `y = a / sqrt(mean(a * a) + eps)` (RMSNorm; LayerNorm when `a` is already
/// centred, `a = x - mean(x)`), every |a_i| is at most sqrt(n) times the root
/// mean square of the n values it is averaged with, so |y| <= sqrt(n) however
/// large `a` is. Intervals alone lose this and see `a / eps`, which overflows
/// fp16.
///
/// Recognized divisors, with `c` constants >= 0: `sqrt(m + c)`, `sqrt(m) + c`,
/// `sqrt(m + c) + c`, where `m` is ReduceMean of `a * a` or `a ^ 2`. The IR
/// does not record reduction axes, so n is bounded by every element of `a`.
enum NormalizedQuotient {
    /// The bound on |a / d| when node (a Div) has this shape, else nil.
    static func bound(_ context: IntervalTransfer.Context) -> Double? {
        let node = context.node, graph = context.graph
        guard node.inputs.count == 2 else { return nil }
        let numerator = node.inputs[0]
        var divisor = node.inputs[1]
        divisor = strippingNonNegativeShift(divisor, graph)
        guard let root = graph.producer(of: divisor), case .sqrt = root.op, let radicand = root.inputs.first else { return nil }
        let meanTensor = strippingNonNegativeShift(radicand, graph)
        guard let mean = graph.producer(of: meanTensor), case .reduce(.mean) = mean.op,
              let squared = mean.inputs.first, let square = graph.producer(of: squared),
              squares(square, numerator),
              let dims = graph.tensor(numerator).shape?.knownValues, let count = Checked.count(dims), count > 0
        else { return nil }
        // The mean, root and quotient are rounded: allow (n + 4) roundings of slack.
        let slack = 1 + (Double(count) + 4) * unitRoundoff(context.dtype)
        return Foundation.sqrt(Double(count)) * slack
    }

    /// `t + c` or `c + t` with a constant c >= 0 gives t; anything else is itself.
    private static func strippingNonNegativeShift(_ tensor: TensorID, _ graph: Graph) -> TensorID {
        guard let add = graph.producer(of: tensor), case .add = add.op, add.inputs.count == 2 else { return tensor }
        for (constant, other) in [(add.inputs[1], add.inputs[0]), (add.inputs[0], add.inputs[1])] {
            if let values = graph.tensor(constant).constantValues, !values.isEmpty, values.allSatisfy({ $0 >= 0 }) {
                return other
            }
        }
        return tensor
    }

    /// Whether `node` computes `a * a` or `a ^ 2`.
    private static func squares(_ node: Node, _ a: TensorID) -> Bool {
        switch node.op {
        case .mul: return node.inputs.count == 2 && node.inputs[0] == a && node.inputs[1] == a
        case .pow(let exponent, let prelude): return exponent == 2 && prelude == .identity && node.inputs.first == a
        default: return false
        }
    }

    private static func unitRoundoff(_ dtype: DType) -> Double {
        switch dtype {
        case .float16: return 4.9e-4
        case .bfloat16: return 3.9e-3
        case .float64: return 1.2e-16
        default: return 6e-8
        }
    }
}
