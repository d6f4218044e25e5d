import Foundation
import ModelLintIR

/// Values some input within the declared ranges is shown to produce: the
/// under-approximation that makes a hazard *manifest* (DESIGN.md). The outer
/// intervals of `IntervalAnalysis` say what may happen; these say what does.
/// A warning about a magnitude needs one: through fifty layers an outer
/// bound is loose by tens of orders of magnitude, and a warning that only
/// the bound reaches is a false alarm.
///
/// What is tracked per tensor is deliberately little, and each step is
/// sound on its own: a graph input attains the ends of its declared range
/// (every element independently: a *box*); an elementwise monotone function
/// of a box is a box; one linear layer with known weights over a box reaches
/// its interval-bound-propagation bound (exact for one layer); elementwise
/// monotone functions and constant shifts and scales carry what is reached.
/// Anything else is not known to be reached.
public struct AttainedValues: Sendable {
    /// Some element of the tensor takes a value at most `lo` for some input,
    /// and some element a value at least `hi` for some input (`lo` = +inf,
    /// `hi` = -inf: nothing known on that side). With `isBox`, every element
    /// does, each independently of the others.
    public struct Reach: Sendable, Hashable {
        public var lo: Double
        public var hi: Double
        public var isBox: Bool
    }

    private var reaches: [Reach?]
    /// Tensors whose reach passes their dtype's largest finite value: the
    /// runtime holds inf there, so nothing computed from them is carried on.
    private var beyondRange: Set<TensorID> = []

    public func reach(of tensor: TensorID) -> Reach? {
        tensor < reaches.count ? reaches[tensor] : nil
    }

    /// The reach of every tensor of `graph` (not of its nested graphs), its
    /// inputs attaining the ends of their declared ranges, and undeclared
    /// ones any finite value of their dtype.
    public static func run(_ graph: Graph, assumptions: IntervalAnalysis.Assumptions = .init()) -> AttainedValues {
        var values = AttainedValues(reaches: Array(repeating: nil, count: graph.tensors.count))
        let inputs = Set(graph.inputs)
        for tensor in graph.tensors where tensor.constant == nil && (inputs.contains(tensor.id) || tensor.producer == nil) {
            let range = tensor.declaredRange.map { Interval($0.lowerBound, $0.upperBound) } ?? IntervalTransfer.anyFinite(tensor.dtype)
            // A declared end the dtype cannot hold is given as the nearest value it can.
            values.reaches[tensor.id] = Self.lessRuntimeRounding(Reach(lo: range.lo, hi: range.hi, isBox: true), dtype: tensor.dtype)
        }
        for node in graph.nodes where node.outputs.count >= 1 {
            let output = node.outputs[0]
            if let range = graph.tensor(output).declaredRange {
                values.reaches[output] = Reach(lo: range.lowerBound, hi: range.upperBound, isBox: true)
                continue
            }
            let context = IntervalTransfer.Context(graph: graph, node: node, dtype: graph.tensor(output).dtype == .unknown ? .float32 : graph.tensor(output).dtype,
                                                   assumptions: assumptions)
            var exponent = 0.0, intermediate = 0.0
            if case .pow(let p?, _) = node.op { exponent = Swift.abs(p) }
            // ELU computes alpha * (exp(x) - 1): the rounding of exp(x) ~ 1 stays when the difference is small.
            if case .elu(let alpha) = node.op { intermediate = Swift.abs(alpha) }
            let reach = values.transfer(node, graph: graph, context: context)
                .map { Self.lessRuntimeRounding($0, dtype: context.dtype, conditioning: exponent, intermediate: intermediate) }
            values.reaches[output] = reach
            if let reach, let limit = context.dtype.maxFinite, reach.hi > limit || reach.lo < -limit {
                values.beyondRange.insert(output)
            }
        }
        return values
    }

    /// What the runtime computes may fall short of the exact value: each op
    /// rounds to its dtype (relative error a few units of `epsilon`,
    /// amplified by the function's conditioning: `exp(u)` is off by `u` times
    /// that, which is `ln y`; `u^p` by `p` times), and values below the
    /// smallest normal number may flush to 0. `intermediate` is the magnitude
    /// of a value the op subtracts from to get its result (cancellation).
    static func lessRuntimeRounding(_ x: Reach, dtype: DType, conditioning: Double = 0, intermediate: Double = 0) -> Reach {
        let epsilon = LinearBounds.epsilon(dtype == .unknown ? .float32 : dtype)
        let tiny: Double = switch dtype {
        case .float16: 6.2e-5
        case .float64: 2.3e-308
        default: 1.2e-38
        }
        func slack(_ v: Double) -> Double {
            4 * epsilon * (Swift.abs(v) * (2 + conditioning + Swift.abs(Foundation.log(Swift.max(Swift.abs(v), tiny)))) + intermediate) + tiny
        }
        var result = x
        if result.lo.isFinite { result.lo += slack(result.lo) }
        if result.hi.isFinite { result.hi -= slack(result.hi) }
        result.isBox = result.isBox && result.lo.isFinite && result.hi.isFinite
        return result
    }

    private func transfer(_ node: Node, graph: Graph, context: IntervalTransfer.Context) -> Reach? {
        switch node.op {
        case .input:
            let range = graph.tensor(node.outputs[0]).declaredRange.map { Interval($0.lowerBound, $0.upperBound) }
                ?? IntervalTransfer.anyFinite(graph.tensor(node.outputs[0]).dtype)
            return Reach(lo: range.lo, hi: range.hi, isBox: true)
        case .dataLoader(let data):
            // Pixels 0 and 255 occur in any channel; a mean file's values are unknown.
            guard !data.hasMeanFile, IntervalTransfer.dataRange(data) != nil else { return nil }
            // Every element attains its channel's black and white: at most the
            // darkest channel's black, at least the brightest channel's white.
            let scale = data.scale ?? 1
            let black = (0 - (data.meanValues.min() ?? 0)) * scale, white = (255 - (data.meanValues.max() ?? 0)) * scale
            return scale >= 0 ? Reach(lo: black, hi: white, isBox: black <= white)
                              : Reach(lo: white, hi: black, isBox: white <= black)
        case .conv, .fullyConnected, .matMul:
            guard let x = input(0, of: node), x.isBox,
                  let reached = LinearBounds.attained(op: node.op, box: (x.lo, x.hi), context: context) else { return nil }
            return Reach(lo: reached.lo, hi: reached.hi, isBox: false)
        case .mul where node.inputs.count == 2 && node.inputs[0] == node.inputs[1]:
            // x * x: each element squared.
            return input(0, of: node).flatMap { Self.power($0, 2) }
        case .pow(let exponent?, let prelude):
            guard let x = input(0, of: node) else { return nil }
            // Caffe's (shift + scale * x)^p: the affine part first.
            let u = prelude.scale >= 0
                ? Reach(lo: prelude.shift + prelude.scale * x.lo, hi: prelude.shift + prelude.scale * x.hi, isBox: x.isBox)
                : Reach(lo: prelude.shift + prelude.scale * x.hi, hi: prelude.shift + prelude.scale * x.lo, isBox: x.isBox)
            return Self.power(Self.lessRounding(u), exponent)
        case .add, .sub, .mul, .div:
            return withConstant(node, graph: graph)
        default:
            guard node.inputs.count == 1, let x = input(0, of: node), let direction = Self.monotonicity(of: node.op) else { return nil }
            return Self.mapped(x, direction: direction) { Self.evaluate(node.op, at: $0, context: context) }
        }
    }

    /// `x^p` for a whole `p > 0`, or any `p > 0` of values known to be at least 0.
    static func power(_ x: Reach, _ p: Double) -> Reach? {
        guard p > 0, p.isFinite else { return nil }
        func raised(_ v: Double) -> Double { Foundation.pow(v, p) }
        if p == p.rounded(), p.truncatingRemainder(dividingBy: 2) == 0 {
            // Even: a value at least `hi` >= 0, or at most `lo` <= 0, is at least its power.
            let up = Swift.max(x.hi >= 0 && x.hi.isFinite ? raised(x.hi) : -.infinity,
                               x.lo <= 0 && x.lo.isFinite ? raised(x.lo) : -.infinity)
            return lessRounding(Reach(lo: .infinity, hi: up, isBox: false))
        }
        // Odd, or a real power of values the reach keeps at 0 or above: increasing.
        guard p == p.rounded() || (x.lo >= 0 && x.lo.isFinite) else { return nil }
        return lessRounding(Reach(lo: x.lo.isFinite ? raised(x.lo) : .infinity,
                                  hi: x.hi.isFinite ? raised(x.hi) : -.infinity, isBox: x.isBox))
    }

    /// What is surely reached after a computation in float64 that may be
    /// off by a few units in the last place.
    static func lessRounding(_ x: Reach) -> Reach {
        var result = x
        if result.lo.isFinite { result.lo += Swift.abs(result.lo) * 1e-14 }
        if result.hi.isFinite { result.hi -= Swift.abs(result.hi) * 1e-14 }
        result.isBox = result.isBox && result.lo.isFinite && result.hi.isFinite
        return result
    }

    private func input(_ index: Int, of node: Node) -> Reach? {
        guard index < node.inputs.count, !beyondRange.contains(node.inputs[index]) else { return nil }
        return reach(of: node.inputs[index])
    }

    enum Direction { case increasing, decreasing }

    /// Elementwise ops that are monotone over their whole domain, and which way.
    static func monotonicity(of op: Op) -> Direction? {
        switch op {
        case .relu, .sigmoid, .tanh, .softplus, .clip, .identity, .sqrt: return .increasing
        case .leakyRelu(let slope): return slope >= 0 ? .increasing : nil
        case .elu(let alpha): return alpha >= 0 ? .increasing : nil
        case .cast(let type): return type.isFloatingPoint ? .increasing : nil
        case .exp(let base, let prelude): return base.map { $0 <= 1 } == true ? nil : (prelude.scale >= 0 ? .increasing : .decreasing)
        case .unary(let function):
            switch function {
            case .erf, .floor, .ceil, .round, .softsign, .atan, .asinh, .sinh: return .increasing
            case .neg: return .decreasing
            default: return nil
            }
        default: return nil
        }
    }

    /// `f` applied to what `x` reaches; `f` gives an enclosure of one value.
    /// A box stays a box: each element's own values are mapped.
    static func mapped(_ x: Reach, direction: Direction, _ f: (Double) -> Interval?) -> Reach? {
        func image(_ v: Double, atLeast: Bool) -> Double? {
            guard v.isFinite, let y = f(v), !y.isNumericEmpty, !y.mayBeNaN else { return nil }
            // The true value lies in the enclosure: its nearer end is what is surely passed.
            return atLeast ? y.lo : y.hi
        }
        switch direction {
        case .increasing:
            let lo = image(x.lo, atLeast: false) ?? .infinity, hi = image(x.hi, atLeast: true) ?? -.infinity
            return Reach(lo: lo, hi: hi, isBox: x.isBox && lo.isFinite && hi.isFinite)
        case .decreasing:
            let lo = image(x.hi, atLeast: false) ?? .infinity, hi = image(x.lo, atLeast: true) ?? -.infinity
            return Reach(lo: lo, hi: hi, isBox: x.isBox && lo.isFinite && hi.isFinite)
        }
    }

    static func evaluate(_ op: Op, at value: Double, context: IntervalTransfer.Context) -> Interval? {
        let exact = IntervalTransfer.Context(graph: context.graph, node: context.node, dtype: .float64, assumptions: context.assumptions)
        return IntervalTransfer.outputs(of: op, inputs: [.exactly(value)], context: exact)?.first
    }

    /// `x + c`, `x - c`, `c - x`, `x * c`, `x / c` with `c` a constant of
    /// one sign (for `*` and `/`): monotone in `x` whichever element of `c`
    /// meets it, so what `x` reaches moves by the least favourable `c`. A box
    /// stays one when `x` is not broadcast.
    private func withConstant(_ node: Node, graph: Graph) -> Reach? {
        guard node.inputs.count == 2 else { return nil }
        let constantIndex: Int
        if graph.tensor(node.inputs[1]).constant != nil { constantIndex = 1 }
        else if graph.tensor(node.inputs[0]).constant != nil, node.op == .add || node.op == .mul || node.op == .sub { constantIndex = 0 }
        else { return nil }
        guard let x = input(1 - constantIndex, of: node),
              let c = graph.tensor(node.inputs[constantIndex]).constant.flatMap(ChannelLayout.range(of:)),
              !c.mayBeNaN, !c.isNumericEmpty, c.lo.isFinite, c.hi.isFinite else { return nil }
        let sameShape = graph.tensor(node.inputs[1 - constantIndex]).shape == graph.tensor(node.outputs[0]).shape
            && graph.tensor(node.outputs[0]).shape?.knownValues != nil
        var result: Reach
        // A constant that differs by position scales each element differently: a sum keeps the box, a product only with one value.
        let scalesAlike = c.lo == c.hi
        switch node.op {
        case .add:
            result = Reach(lo: x.lo + c.hi, hi: x.hi + c.lo, isBox: x.isBox)
        case .sub where constantIndex == 1:
            result = Reach(lo: x.lo - c.lo, hi: x.hi - c.hi, isBox: x.isBox)
        case .sub:
            result = Reach(lo: c.hi - x.hi, hi: c.lo - x.lo, isBox: x.isBox)
        case .mul, .div:
            var factor = c
            if node.op == .div {
                guard constantIndex == 1, c.lo > 0 || c.hi < 0 else { return nil }
                factor = Interval(1 / c.hi, 1 / c.lo)
            }
            if factor.lo > 0 {
                result = Reach(lo: x.lo >= 0 ? x.lo * factor.hi : x.lo * factor.lo,
                               hi: x.hi >= 0 ? x.hi * factor.lo : x.hi * factor.hi, isBox: x.isBox && scalesAlike)
            } else if factor.hi < 0 {
                result = Reach(lo: x.hi >= 0 ? x.hi * factor.lo : x.hi * factor.hi,
                               hi: x.lo >= 0 ? x.lo * factor.hi : x.lo * factor.lo, isBox: x.isBox && scalesAlike)
            } else {
                return nil
            }
        default:
            return nil
        }
        // Less one rounding of the result; an unknown side (infinite) stays unknown.
        result.isBox = result.isBox && sameShape
        return Self.lessRounding(result)
    }
}
