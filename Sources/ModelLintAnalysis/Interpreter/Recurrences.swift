import Foundation
import ModelLintIR

/// Sound bounds for recurrent layers (ONNX `LSTM`, `GRU`, `RNN`; Caffe
/// `LSTM`, `RNN`) without unrolling them: the recurrence of each state is
/// bounded by the ranges of the activations, whatever the weights.
///
/// With `a` a gate activation (sigmoid by default) and `g`, `h` the others
/// (tanh by default), over pre-activations in `[-clip, clip]` (or any value):
/// - simple RNN: `h_t = a(...)`, in the range of `a`;
/// - GRU: `h_t = (1 - z) * g(...) + z * h_{t-1}` with `z = a(...)`: when `a`
///   lies in [0, 1] every state is a convex combination of the initial state
///   and `g`'s values, so it stays in their hull;
/// - LSTM: `c_t = f * c_{t-1} + i * g(...)` with `f, i` in the range of `a`:
///   when `|f| <= F <= 1` and `|i * g| <= A`, `|c_T| <= |c_0| + T * A` (T the
///   sequence length, from the input's shape), and when `F < 1` also
///   `|c_t| <= max(|c_0|, A / (1 - F))`; `h_t = o * h(c_t)`.
/// Rounding is allowed for: every step may round each of its two sums and
/// products up by a factor `1 + u` (`u` the dtype's unit roundoff). Where no
/// bound holds (a gate activation outside [0, 1], an unbounded `g`), the
/// state may overflow and NaN is possible.
///
/// Caffe's `cont` input multiplies the previous state by 0 or 1 (a sequence
/// start flag, per caffe.proto), which keeps every bound above.
///
/// NaN otherwise follows the interpreter's convention: possible when an input
/// may be NaN.
enum Recurrences {
    static func outputs(_ attributes: RecurrentAttributes, inputs: [Interval], context: IntervalTransfer.Context) -> [Interval] {
        let node = context.node
        let math = context.arithmetic
        func input(_ index: Int?) -> Interval? {
            guard let index, index < inputs.count, index < node.inputs.count,
                  !context.graph.tensor(node.inputs[index]).name.isEmpty else { return nil }
            return inputs[index]
        }
        let nan = inputs.contains { $0.mayBeNaN }
        let initialHidden = (input(attributes.initialHidden) ?? .exactly(0)).with(nan: false)
        let initialCell = (input(attributes.initialCell) ?? .exactly(0)).with(nan: false)
        let steps: Int? = context.shape(0).flatMap { shape in
            attributes.timeAxis < shape.rank ? shape.dims[attributes.timeAxis].value.flatMap { $0 >= 0 ? $0 : nil } : nil
        }
        let shortened = input(attributes.sequenceLengths) != nil
        // Whether a final state may be the initial one (no step at all) or a
        // zero (a padded entry past its sequence length).
        let mayBeEmpty = steps == nil || steps == 0 || shortened

        let states = directions(attributes).map { activations in
            bounds(attributes.cell, activations: activations, clip: attributes.clip, steps: steps,
                   initialHidden: initialHidden, initialCell: initialCell, math: math)
        }
        var sequence = states.reduce(Interval.bottom) { $0.join($1.hidden) }
        var last = sequence
        var cell = states.reduce(Interval.bottom) { $0.join($1.cell) }
        let overflow = states.contains { $0.mayOverflow }
        if shortened { sequence = sequence.join(.exactly(0)) }
        if mayBeEmpty {
            last = last.join(initialHidden).join(.exactly(0))
            cell = cell.join(initialCell).join(.exactly(0))
        }
        let withNaN = nan || overflow
        return attributes.outputs.map { output in
            switch output {
            case .sequence: return sequence.with(nan: withNaN)
            case .lastHidden: return last.with(nan: withNaN)
            case .lastCell: return cell.with(nan: withNaN)
            }
        }
    }

    /// The activations of each direction; the defaults when none are given,
    /// and unknown ones (bounding nothing) when the list does not split.
    static func directions(_ attributes: RecurrentAttributes) -> [[RecurrentActivation]] {
        let count = attributes.activationsPerDirection
        let defaults: [RecurrentActivation] = Array([.sigmoid, .tanh, .tanh].prefix(count))
        let given = attributes.activations
        if given.isEmpty { return [attributes.cell == .simple ? [.tanh] : defaults] }
        guard given.count.isMultiple(of: count) else {
            return [Array(repeating: .other("unknown"), count: count)]
        }
        return stride(from: 0, to: given.count, by: count).map { Array(given[$0..<($0 + count)]) }
    }

    struct States {
        var hidden: Interval
        var cell: Interval
        var mayOverflow: Bool
    }

    /// One direction's hidden values (every step) and final cell state.
    static func bounds(_ cell: RecurrentAttributes.Cell, activations: [RecurrentActivation], clip: Double?, steps: Int?,
                       initialHidden: Interval, initialCell: Interval, math: IntervalArithmetic) -> States {
        let preactivation = clip.map { Interval(-$0, $0) } ?? Interval(-.infinity, .infinity)
        let unbounded = States(hidden: Interval(-.infinity, .infinity), cell: Interval(-.infinity, .infinity), mayOverflow: true)
        let u = unitRoundoff(math)
        switch cell {
        case .simple:
            let hidden = range(activations[0], over: preactivation, math: math)
            guard hidden.lo.isFinite, hidden.hi.isFinite else { return unbounded }
            return States(hidden: hidden, cell: .exactly(0), mayOverflow: false)

        case .gru:
            let gate = range(activations[0], over: preactivation, math: math)
            let candidate = range(activations[1], over: preactivation, math: math)
            guard gate.lo >= 0, gate.hi <= 1, candidate.lo.isFinite, candidate.hi.isFinite else { return unbounded }
            let hull = candidate.join(initialHidden)
            guard hull.lo.isFinite, hull.hi.isFinite else { return unbounded }
            // Each step's convex combination may round outward by a few units of its magnitude.
            let slack = Swift.max(Swift.abs(hull.lo), Swift.abs(hull.hi)) * 4 * u
            return States(hidden: math.round(Interval(hull.lo - slack, hull.hi + slack)), cell: .exactly(0), mayOverflow: false)

        case .lstm:
            let gate = range(activations[0], over: preactivation, math: math)
            let candidate = range(activations[1], over: preactivation, math: math)
            let forget = magnitude(gate)
            let increment = magnitude(gate) * magnitude(candidate)
            let start = magnitude(initialCell)
            guard forget <= 1, increment.isFinite, start.isFinite else { return unbounded }
            var bound = Double.infinity
            if let steps {
                // (|c_0| + T * A), times (1 + u)^(2T) for two roundings per step.
                let linear = (start + Double(steps) * increment) * Foundation.exp(2 * Double(steps) * u) * (1 + u)
                bound = Swift.min(bound, linear)
            }
            let contracting = forget * (1 + 4 * u)
            if contracting < 1 {
                bound = Swift.min(bound, Swift.max(start, increment * (1 + 4 * u) / (1 - contracting)) * (1 + u))
            }
            // Past the largest finite value a step's `f * c + i * g` still rounds
            // back to it: |f * c| <= |c| and the increment is far below half an ulp there.
            let limit = math.grid.maxFinite
            bound = increment < math.grid.spacing(at: limit) / 2 ? Swift.min(bound, limit) : bound
            guard bound.isFinite else { return unbounded }
            let cellState = math.round(Interval(-bound, bound))
            // h's argument is the cell state, or its clipped value.
            let argument = clip.map { cellState.join(math.clip(cellState, lo: -$0, hi: $0)) } ?? cellState
            let output = range(activations[2], over: argument, math: math)
            guard output.lo.isFinite, output.hi.isFinite else {
                return States(hidden: Interval(-.infinity, .infinity), cell: cellState, mayOverflow: true)
            }
            return States(hidden: math.mul(gate, output).with(nan: false), cell: cellState, mayOverflow: false)
        }
    }

    /// The values `activation` takes on arguments in `x` (NaN aside).
    static func range(_ activation: RecurrentActivation, over x: Interval, math: IntervalArithmetic) -> Interval {
        let y: Interval
        switch activation {
        case .sigmoid: y = math.sigmoid(x)
        case .tanh: y = math.tanh(x)
        case .relu: y = math.relu(x)
        case .hardSigmoid: y = Interval(0, 1)
        case .softsign: y = Interval(-1, 1)
        case .other: y = Interval(-.infinity, .infinity)
        }
        return y.with(nan: false)
    }

    private static func magnitude(_ x: Interval) -> Double {
        x.isNumericEmpty ? 0 : Swift.max(Swift.abs(x.lo), Swift.abs(x.hi))
    }

    /// Half the spacing of the dtype's values just above 1.
    private static func unitRoundoff(_ math: IntervalArithmetic) -> Double {
        Foundation.pow(2, -Double(math.grid.precision))
    }
}
