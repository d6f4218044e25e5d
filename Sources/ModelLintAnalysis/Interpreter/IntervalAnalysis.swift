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

        public init(weightBound: Double? = nil, undeclaredInputsUnlimited: Bool = false) {
            self.weightBound = weightBound
            self.undeclaredInputsUnlimited = undeclaredInputsUnlimited
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

    public func interval(of tensor: TensorID) -> Interval {
        tensor < intervals.count ? intervals[tensor] : .top
    }

    /// The value an op actually applies its function to: input 0, after
    /// Caffe's `shift + scale * x` for Exp, Log and Power (and times ln(base)
    /// for Exp with a base).
    public func argument(of node: Node, dtype: DType = .float32) -> Interval {
        let x = node.inputs.first.map(interval(of:)) ?? .top
        let math = IntervalArithmetic(dtype: dtype)
        switch node.op {
        case .exp(let base, let prelude):
            let t = IntervalTransfer.affine(x, prelude, math)
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
    /// suffices for the graph itself; recurrent ops bound their state by
    /// their activations (see `IntervalTransfer`).
    public static func run(_ graph: Graph, assumptions: Assumptions = Assumptions()) -> IntervalAnalysis {
        var intervals = Array(repeating: Interval.bottom, count: graph.tensors.count)
        var unbounded: [String] = []
        let declared = Set(graph.inputs)
        for tensor in graph.tensors {
            if let constant = tensor.constant {
                intervals[tensor.id] = IntervalTransfer.interval(ofConstant: constant, dtype: tensor.dtype)
            } else if declared.contains(tensor.id) || tensor.producer == nil {
                if let range = tensor.declaredRange {
                    intervals[tensor.id] = Interval(range.lowerBound, range.upperBound)
                } else {
                    intervals[tensor.id] = assumptions.undeclaredInputsUnlimited
                        ? Interval(-.infinity, .infinity) : IntervalTransfer.anyFinite(tensor.dtype)
                    if declared.contains(tensor.id), !tensor.name.isEmpty { unbounded.append(tensor.name) }
                }
            }
        }
        var opaque: [NodeID] = []
        for node in graph.nodes {
            // A node whose outputs are known constants (ONNX `Constant`) has its values already.
            if !node.outputs.isEmpty, node.outputs.allSatisfy({ graph.tensors[$0].constant != nil }) { continue }
            let inputs = node.inputs.map { intervals[$0] }
            let dtype = node.outputs.first.map { graph.tensors[$0].dtype } ?? .float32
            let context = IntervalTransfer.Context(graph: graph, node: node, dtype: dtype == .unknown ? .float32 : dtype,
                                                   assumptions: assumptions)
            guard let outputs = IntervalTransfer.outputs(of: node.op, inputs: inputs, context: context) else {
                opaque.append(node.id)
                for output in node.outputs { intervals[output] = .top }
                continue
            }
            if case .dataLoader(let data) = node.op, IntervalTransfer.dataRange(data) == nil,
               let output = node.outputs.first, graph.tensors[output].declaredRange == nil {
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
        return IntervalAnalysis(assumptions: assumptions, intervals: intervals, unboundedInputs: unbounded, opaqueNodes: opaque)
    }
}
