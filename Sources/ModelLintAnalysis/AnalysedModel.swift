import Foundation
import ModelLintIR

/// One graph and what the analyses know about it, computed once and shared
/// by the rules, `--dump-intervals`, the pictures and the benchmark: shapes
/// inferred and shape arithmetic folded (`ShapeInference`), the precision
/// assumed, every tensor's interval (`IntervalAnalysis`), and, on first use,
/// the values shown to be attained (`AttainedValues`) and the intervals with
/// undeclared inputs of unknown magnitude (what ML105 compares against).
public final class AnalysedModel: @unchecked Sendable {
    /// The graph as analysed: shapes inferred, and computing in the assumed
    /// precision where it declares float32.
    public let graph: Graph
    public let intervals: IntervalAnalysis
    /// Where a node's output shape declared in the file contradicts the computed one (main graph).
    public let declaredShapeConflicts: [DeclaredShapeConflict]
    public var assumptions: IntervalAnalysis.Assumptions { intervals.assumptions }

    // Computed on first use, by whichever rule asks first (rules of one file run in turn).
    private let lock = NSLock()
    private var attainedValues: AttainedValues?
    private var unlimitedIntervals: IntervalAnalysis?

    /// Analyses `graph` as a frontend read it (with any declared ranges set on its tensors).
    public convenience init(_ graph: Graph, assumptions: IntervalAnalysis.Assumptions = .init()) {
        var conflicts: [DeclaredShapeConflict] = []
        var inferred = ShapeInference.infer(graph, conflicts: &conflicts)
        if let precision = assumptions.precision { inferred = inferred.computing(in: precision) }
        self.init(analysed: inferred, intervals: IntervalAnalysis.run(inferred, assumptions: assumptions), declaredShapeConflicts: conflicts)
    }

    /// A graph already analysed (a nested body, with the intervals its owner gave it).
    init(analysed graph: Graph, intervals: IntervalAnalysis, declaredShapeConflicts: [DeclaredShapeConflict] = []) {
        self.graph = graph
        self.intervals = intervals
        self.declaredShapeConflicts = declaredShapeConflicts
    }

    /// The graphs nested in this one (`If` branches, `Loop` and `Scan` bodies,
    /// local functions), each with the intervals its owner gives it.
    public var subgraphs: [AnalysedModel] {
        graph.subgraphs.indices.map { index in
            AnalysedModel(analysed: graph.subgraphs[index],
                          intervals: index < intervals.subgraphs.count ? intervals.subgraphs[index]
                              : IntervalAnalysis.run(graph.subgraphs[index], assumptions: assumptions))
        }
    }

    /// What inputs within the declared ranges are shown to reach.
    public var attained: AttainedValues {
        lock.lock()
        defer { lock.unlock() }
        if let attainedValues { return attainedValues }
        let values = AttainedValues.run(graph, assumptions: assumptions)
        attainedValues = values
        return values
    }

    /// The intervals again with undeclared inputs of unknown magnitude
    /// (±inf) instead of any finite value: a bound finite here rests on the
    /// model or on declared ranges, not on the assumption.
    public var intervalsWithUnlimitedInputs: IntervalAnalysis {
        lock.lock()
        defer { lock.unlock() }
        if let unlimitedIntervals { return unlimitedIntervals }
        var unlimited = assumptions
        unlimited.undeclaredInputsUnlimited = true
        let analysis = IntervalAnalysis.run(graph, assumptions: unlimited)
        unlimitedIntervals = analysis
        return analysis
    }
}

extension Graph {
    /// The graph computing in `precision` where it declares float32: tensor
    /// types and casts to float32 (an fp16 export writes float16 for both).
    /// Applied after shape inference, so every inferred type follows.
    func computing(in precision: DType) -> Graph {
        var graph = self
        for index in graph.tensors.indices where graph.tensors[index].dtype == .float32 {
            graph.tensors[index].dtype = precision
        }
        for index in graph.nodes.indices {
            if case .cast(to: .float32) = graph.nodes[index].op { graph.nodes[index].op = .cast(to: precision) }
        }
        graph.subgraphs = graph.subgraphs.map { $0.computing(in: precision) }
        return graph
    }
}
