import Foundation
import ModelLintIR

/// The result of running the interval interpreter over one graph: an
/// interval per tensor, and what the proof assumed.
public struct IntervalAnalysis: Sendable {
    /// What the proof may assume beyond the model itself.
    public struct Assumptions: Hashable, Sendable {
        /// Every weight and bias that the model does not hold (Caffe keeps
        /// them in a separate file) has at most this magnitude: `--weight-bound`.
        public var weightBound: Double?
        /// Whether an input nobody bounded may hold any finite value of its
        /// dtype (the default), or a magnitude the analysis does not know at
        /// all (±inf): the latter tells which bounds rest on that assumption.
        public var undeclaredInputsUnlimited: Bool
        /// The floating-point type the model computes in where it declares
        /// float32 (`--precision float16`: an fp16 export of an fp32 model).
        /// `AnalysedModel` applies it to the graph after shape inference.
        public var precision: DType?

        public init(weightBound: Double? = nil, undeclaredInputsUnlimited: Bool = false, precision: DType? = nil) {
            self.weightBound = weightBound
            self.undeclaredInputsUnlimited = undeclaredInputsUnlimited
            self.precision = precision
        }
    }

    /// What this run assumed.
    public var assumptions: Assumptions

    /// Indexed by `TensorID`.
    public var intervals: [Interval]
    /// Graph inputs whose range nobody declared, so the proof assumed any finite value.
    public var unboundedInputs: [String]
    /// Ops the interpreter has no transfer function for (their outputs are top, NaN possible).
    public var opaqueNodes: [NodeID]
    /// The analyses of `graph.subgraphs`, index for index, each computed in
    /// the context of the node that owns the body: a `Loop` or `Scan` body at
    /// its fixpoint, an `If` branch with the values of the enclosing graph it
    /// reads, a local function with its arguments.
    public var subgraphs: [IntervalAnalysis] = []

    public func interval(of tensor: TensorID) -> Interval {
        tensor < intervals.count ? intervals[tensor] : .top
    }

    /// The value an op actually applies its function to: input 0, after
    /// Caffe's `shift + scale * x` for Exp, Log and Power (and times ln(base)
    /// for Exp with a base). Caffe's Exp computes `exp(shift) * exp(scale * x)`,
    /// so both `scale * x` and the whole exponent must stay below the
    /// overflow threshold: the argument of an Exp spans both.
    public func argument(of node: Node, dtype: DType = .float32) -> Interval {
        let x = node.inputs.first.map(interval(of:)) ?? .top
        let math = IntervalArithmetic(dtype: dtype)
        switch node.op {
        case .exp(let base, let prelude):
            let whole = IntervalTransfer.affine(x, prelude, math)
            let inner = IntervalTransfer.affine(x, AffinePrelude(scale: prelude.scale), math)
            let t = prelude.shift == 0 ? whole : whole.join(inner)
            return base.map { math.mul(t, .exactly(Foundation.log($0))) } ?? t
        case .log(_, let prelude), .pow(_, let prelude):
            return IntervalTransfer.affine(x, prelude, math)
        default:
            return x
        }
    }

    /// What `node` computes from its inputs' intervals before the result is
    /// rounded to its dtype: in float64, where no value a model computes
    /// overflows. A bound that is finite here and beyond the dtype's largest
    /// finite value is an overflow the dtype causes; an infinite one means
    /// the magnitude is unknown (weights the model does not hold). nil for an
    /// op without a transfer function.
    public func unroundedOutputs(of node: Node, in graph: Graph) -> [Interval]? {
        let inputs = node.inputs.map(interval(of:))
        if case .cast(let target) = node.op, target.isFloatingPoint { return [inputs.first ?? .top] }
        let context = IntervalTransfer.Context(graph: graph, node: node, dtype: .float64, assumptions: assumptions)
        return IntervalTransfer.outputs(of: node.op, inputs: inputs, context: context)
    }

    /// Runs the interpreter. Nodes are in topological order, so one pass
    /// suffices for the graph itself; the bodies of ONNX `Loop` and `Scan`
    /// are iterated to a fixpoint with widening, `If` joins its branches (see
    /// `ControlFlowInterpreter`), and recurrent ops bound their states by
    /// their activations (see `Recurrences`). Nested graphs are analysed in
    /// the context of the node that owns them: their analyses are `subgraphs`.
    public static func run(_ graph: Graph, assumptions: Assumptions = Assumptions()) -> IntervalAnalysis {
        var interpreter = GraphInterpreter(assumptions: assumptions)
        return interpreter.analyse(graph, seeds: [:], inherited: [])
    }

    /// The analysis that holds every value either holds, tensor by tensor
    /// (one body analysed once per unrolled iteration, for instance).
    func joined(with other: IntervalAnalysis) -> IntervalAnalysis {
        var result = self
        for index in result.intervals.indices where index < other.intervals.count {
            result.intervals[index] = result.intervals[index].join(other.intervals[index])
        }
        for name in other.unboundedInputs where !result.unboundedInputs.contains(name) { result.unboundedInputs.append(name) }
        for node in other.opaqueNodes where !result.opaqueNodes.contains(node) { result.opaqueNodes.append(node) }
        for index in result.subgraphs.indices where index < other.subgraphs.count {
            result.subgraphs[index] = result.subgraphs[index].joined(with: other.subgraphs[index])
        }
        return result
    }
}

/// One run of the interpreter over a graph and everything nested in it. It
/// holds the budget that bounds how much work iterating loop bodies may take.
struct GraphInterpreter {
    /// What the proof may assume beyond the model.
    var assumptions = IntervalAnalysis.Assumptions()
    /// Node evaluations left for iterating loop bodies (a node reading large
    /// constants counts more, see `cost(of:)`). When it is spent, a loop is
    /// no longer iterated: its carried values become top and its body is
    /// analysed once, so the whole run stays linear in the model's size.
    var budget = 1_000_000
    /// How many times the graph now being analysed is expected to be
    /// analysed in all, by the loops around it that are being iterated: a
    /// loop nested in others unrolls only when that many unrollings fit in
    /// the budget too.
    var repetitions = 1.0

    /// Analyses `graph` with the values in `seeds` for its inputs (a body's
    /// parameters and the outer values it reads); `inherited` are the unbounded
    /// inputs of the enclosing graphs the seeds were computed under.
    mutating func analyse(_ graph: Graph, seeds: [TensorID: Interval], inherited: [String]) -> IntervalAnalysis {
        budget = Checked.subtract(budget, Self.cost(of: graph)) ?? Int.min
        var intervals = Array(repeating: Interval.bottom, count: graph.tensors.count)
        var unbounded = inherited
        let declared = Set(graph.inputs)
        for tensor in graph.tensors {
            if let constant = tensor.constant {
                intervals[tensor.id] = IntervalTransfer.interval(ofConstant: constant, dtype: tensor.dtype)
            } else if declared.contains(tensor.id) || tensor.producer == nil {
                if let range = tensor.declaredRange {
                    intervals[tensor.id] = Interval(range.lowerBound, range.upperBound)
                } else if let seed = seeds[tensor.id] {
                    intervals[tensor.id] = seed
                } else {
                    intervals[tensor.id] = assumptions.undeclaredInputsUnlimited
                        ? Interval(-.infinity, .infinity) : IntervalTransfer.anyFinite(tensor.dtype)
                    if declared.contains(tensor.id), !tensor.name.isEmpty, !unbounded.contains(tensor.name) {
                        unbounded.append(tensor.name)
                    }
                }
            }
        }
        var bodiesOf: [NodeID: [Int]] = [:]
        for (index, subgraph) in graph.subgraphs.enumerated() {
            if let owner = subgraph.owner { bodiesOf[owner.node, default: []].append(index) }
        }
        var subgraphs: [IntervalAnalysis?] = Array(repeating: nil, count: graph.subgraphs.count)
        var opaque: [NodeID] = []
        for node in graph.nodes {
            // A node whose outputs are known constants (ONNX `Constant`) has its values already.
            if !node.outputs.isEmpty, node.outputs.allSatisfy({ graph.tensors[$0].constant != nil }) { continue }
            var outputs: [Interval]?
            if let bodies = bodiesOf[node.id] {
                let evaluated = ControlFlowInterpreter.evaluate(node, bodies: bodies, in: graph, intervals: intervals,
                                                               unbounded: unbounded, interpreter: &self)
                for (index, analysis) in evaluated.analyses { subgraphs[index] = analysis }
                outputs = evaluated.outputs
            }
            if outputs == nil {
                let inputs = node.inputs.map { intervals[$0] }
                let dtype = node.outputs.first.map { graph.tensors[$0].dtype } ?? .float32
                let context = IntervalTransfer.Context(graph: graph, node: node, dtype: dtype == .unknown ? .float32 : dtype,
                                                       assumptions: assumptions)
                outputs = IntervalTransfer.outputs(of: node.op, inputs: inputs, context: context)
            }
            guard let outputs else {
                opaque.append(node.id)
                for output in node.outputs { intervals[output] = .top }
                continue
            }
            let declaresNoRange: Bool = switch node.op {
            case .dataLoader(let data): IntervalTransfer.dataRange(data) == nil
            case .input: true
            default: false
            }
            if declaresNoRange, let output = node.outputs.first, graph.tensors[output].declaredRange == nil,
               !unbounded.contains(graph.tensors[output].name) {
                unbounded.append(graph.tensors[output].name)
            }
            for (index, output) in node.outputs.enumerated() {
                // Outputs a transfer function does not describe (optional extras) are top;
                // a range the user declares for a produced tensor (a data layer's) is taken as given.
                if let range = graph.tensors[output].declaredRange {
                    intervals[output] = Interval(range.lowerBound, range.upperBound)
                } else {
                    intervals[output] = index < outputs.count ? outputs[index] : .top
                }
            }
        }
        // Bodies no node analysed (no owner, or an owner the graph lacks): with the outer values they read.
        for index in graph.subgraphs.indices where subgraphs[index] == nil {
            let body = graph.subgraphs[index]
            subgraphs[index] = analyse(body, seeds: ControlFlowInterpreter.captured(by: body, from: intervals),
                                       inherited: unbounded)
        }
        return IntervalAnalysis(assumptions: assumptions, intervals: intervals, unboundedInputs: unbounded, opaqueNodes: opaque,
                                subgraphs: subgraphs.map { $0! })
    }

    /// What analysing `graph` once costs of the budget, its nested graphs
    /// aside (they pay for themselves): one per node, one per 8 tensors (each
    /// gets an interval), one per 256 constant values a node reads (linear
    /// bounds read every weight).
    static func cost(of graph: Graph) -> Int {
        var cost = graph.nodes.count + graph.tensors.count / 8
        for node in graph.nodes {
            for input in node.inputs where input < graph.tensors.count {
                // Saturating: a constant's dims may promise any count (it is not what is read).
                if let constant = graph.tensors[input].constant { cost = Checked.add(cost, constant.elementCount / 256) ?? Int.max }
            }
        }
        return Swift.min(Swift.max(cost, 1), 1 << 48)
    }

    /// What analysing `graph` is expected to cost, nested graphs included:
    /// a Loop or Scan body about `LoopFixpoint.expectedIterations` times
    /// (what widening takes; unrolling is decided against this estimate).
    static func expectedCost(of graph: Graph) -> Double {
        graph.subgraphs.reduce(Double(cost(of: graph))) { total, body in
            var repeats = 1.0
            if let owner = body.owner, owner.node < graph.nodes.count, graph.nodes[owner.node].id == owner.node,
               case .controlFlow(let kind) = graph.nodes[owner.node].op, kind != .ifThenElse {
                repeats = Double(LoopFixpoint.expectedIterations)
            }
            return total + repeats * expectedCost(of: body)
        }
    }
}
