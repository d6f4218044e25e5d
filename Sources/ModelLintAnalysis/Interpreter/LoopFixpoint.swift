import ModelLintIR

/// A `Loop` or `Scan` as the fixpoint sees it: which body tensors are
/// parameters of what, and how many times the body may run.
struct LoopShape {
    /// The body's iteration-number parameter (Loop's `iteration_num`).
    var iterationNumber: TensorID?
    /// The body's condition parameter and result (Loop's `cond`).
    var condition: TensorID?
    var conditionResult: TensorID?
    /// The carried values (Loop) or states (Scan): parameters, results
    /// (nil where the body leaves one undefined) and values before the first iteration.
    var carried: [TensorID]
    var carriedResults: [TensorID?]
    var initial: [Interval]
    /// Parameters that hold the same values in every iteration (Scan's slices).
    var slices: [TensorID: Interval]
    /// Results stacked over the iterations into the node's scan outputs.
    var scanResults: [TensorID?]
    /// The trip count lies in `[tripLo, tripHi]` (whole numbers; `+inf`
    /// when unknown). Short of `tripLo`, only the condition stops the loop.
    var tripLo: Double
    var tripHi: Double
    /// Whether the node's own condition input lets the first iteration run for sure.
    /// (The body's condition result is always taken to stop the loop when it
    /// may be false: the spec ignores it when the node has no `cond` input,
    /// but onnxruntime does not.)
    var conditionInitiallyTrue: Bool
}

/// Iterates a loop body's abstract values to a fixpoint.
///
/// Two modes:
/// - **Unrolled**, when the trip count has a known upper bound of at most
///   `maximumUnrolled` iterations and the unrolling, repeated as often as
///   the loops around it will analyse this one, fits in the budget (nested
///   loops estimated at `expectedIterations` each): iteration `k` is
///   analysed with the carried values of iteration `k - 1` (not their join)
///   and `iteration_num = k`, so a loop that doubles a value 10 times gets
///   exactly `x * 1024`. The final values join the states after every trip
///   count the loop may stop at; the body's analysis (what rules see) and the
///   scan outputs join those of all iterations.
/// - **Widened** otherwise: `X_{k+1} = X_k ⊔ body(X_k)` for the first
///   `wideningDelay` steps, then `X_{k+1} = X_k ∇ (X_k ⊔ body(X_k))`, until
///   `body(X) ⊑ X`. The widening (`Interval.widen`) moves a bound that still
///   grows to the next threshold of the ladder `-max, -1, 0, 1, max` (`max`
///   the dtype's largest finite value, so "finite but large" stays apart from
///   "may overflow to inf"), then to ±inf. Each bound of each carried value
///   can jump at most `thresholds + 2` times (one more for the NaN flag), so
///   the iteration stops after at most `wideningDelay + carried * (thresholds + 3)`
///   steps; past that cap (never reached) or when the budget is spent, the
///   carried values become top, which is always a fixpoint. Then up to
///   `narrowingSteps` descending steps `C = initial ⊔ body(X)` are kept when
///   `C` is still inductive (`initial ⊔ body(C) ⊑ C`), which recovers bounds
///   that a body re-establishes every iteration (a Clip, a Sigmoid) after
///   widening overshot them. The result `X` is a loop invariant: it holds the
///   initial values and is closed under the body, so it holds every state.
enum LoopFixpoint {
    static let maximumUnrolled = 128
    static let wideningDelay = 3
    static let narrowingSteps = 2
    /// About how many times widening analyses a body (the delay, a few
    /// widened steps, the narrowing steps), for budget estimates.
    static let expectedIterations = 8

    struct Result {
        /// The carried values when the loop ends.
        var finals: [Interval]
        /// The join over iterations of each scan output.
        var scans: [Interval]
        /// The body's tensors, over every iteration.
        var analysis: IntervalAnalysis
    }

    /// The ladder a growing bound of a value of `dtype` climbs.
    static func thresholds(_ dtype: DType) -> [Double] {
        let limit = IntervalTransfer.anyFinite(dtype).hi
        return [-limit, -1, 0, 1, limit]
    }

    static func run(_ loop: LoopShape, body: Graph, captures: [TensorID: Interval], inherited: [String],
                    interpreter: inout GraphInterpreter) -> Result {
        // Unroll when every repetition of this loop (by the loops around it)
        // can afford it, nested loops counted as widened.
        let outer = interpreter.repetitions
        defer { interpreter.repetitions = outer }
        if loop.tripHi <= Double(maximumUnrolled),
           2 * outer * Swift.max(1, loop.tripHi) * GraphInterpreter.expectedCost(of: body) <= Double(interpreter.budget) {
            interpreter.repetitions = outer * Swift.max(1, loop.tripHi)
            return unrolled(loop, body: body, captures: captures, inherited: inherited, interpreter: &interpreter)
        }
        interpreter.repetitions = outer * Double(expectedIterations)
        return widened(loop, body: body, captures: captures, inherited: inherited, interpreter: &interpreter)
    }

    /// The body's inputs for one analysis.
    private static func seeds(_ loop: LoopShape, states: [Interval], iteration: Interval,
                              captures: [TensorID: Interval]) -> [TensorID: Interval] {
        var seeds = captures
        for (parameter, value) in loop.slices { seeds[parameter] = value }
        for (parameter, value) in zip(loop.carried, states) { seeds[parameter] = value }
        if let parameter = loop.iterationNumber { seeds[parameter] = iteration }
        // An iteration runs only while the condition holds, and the body receives that true value.
        if let parameter = loop.condition { seeds[parameter] = .exactly(1) }
        return seeds
    }

    private static func values(_ results: [TensorID?], in analysis: IntervalAnalysis) -> [Interval] {
        results.map { $0.map(analysis.interval(of:)) ?? .top }
    }

    private static func unrolled(_ loop: LoopShape, body: Graph, captures: [TensorID: Interval], inherited: [String],
                                 interpreter: inout GraphInterpreter) -> Result {
        // tripHi <= maximumUnrolled here; a negative one (a negative scan extent) runs nothing.
        let count = loop.tripHi >= 1 ? Int(loop.tripHi) : 0
        var states = loop.initial
        // The loop may run no iteration at all.
        var finals = loop.tripLo <= 0 || !loop.conditionInitiallyTrue ? states : states.map { _ in Interval.bottom }
        var scans = loop.scanResults.map { _ in Interval.bottom }
        var joined: IntervalAnalysis?
        for k in 0..<count {
            guard interpreter.budget > 0 else {
                // Out of budget mid-way: the widened mode gives up soundly (top).
                return widened(loop, body: body, captures: captures, inherited: inherited, interpreter: &interpreter)
            }
            let analysis = interpreter.analyse(body, seeds: seeds(loop, states: states, iteration: .exactly(Double(k)),
                                                                  captures: captures), inherited: inherited)
            joined = joined?.joined(with: analysis) ?? analysis
            let next = values(loop.carriedResults, in: analysis)
            for (j, value) in values(loop.scanResults, in: analysis).enumerated() { scans[j] = scans[j].join(value) }
            let conditionMayStop = loop.conditionResult.map {
                !ControlFlowInterpreter.definitelyTrue(analysis.interval(of: $0))
            } ?? false
            // Without an iteration number, equal states make every later iteration the same as this one.
            let settled = loop.iterationNumber == nil && next == states
            states = next
            if Double(k + 1) >= loop.tripLo || conditionMayStop || k + 1 == count || settled {
                finals = zip(finals, states).map { $0.join($1) }
            }
            if settled { break }
        }
        let analysis = joined ?? interpreter.analyse(
            body, seeds: seeds(loop, states: states, iteration: .exactly(0), captures: captures), inherited: inherited)
        return Result(finals: finals, scans: scans, analysis: analysis)
    }

    private static func widened(_ loop: LoopShape, body: Graph, captures: [TensorID: Interval], inherited: [String],
                                interpreter: inout GraphInterpreter) -> Result {
        // Int64's largest value when the trip count is unknown.
        let iteration = Interval(0, loop.tripHi.isFinite ? Swift.max(0, loop.tripHi - 1) : 9.223372036854775807e18)
        let ladders = loop.carried.map { thresholds(body.tensors[$0].dtype) }
        let cap = wideningDelay + Swift.max(1, loop.carried.count) * ((ladders.first?.count ?? 5) + 3) + 1
        func analyse(_ states: [Interval], _ interpreter: inout GraphInterpreter) -> IntervalAnalysis {
            interpreter.analyse(body, seeds: seeds(loop, states: states, iteration: iteration, captures: captures),
                                inherited: inherited)
        }
        func closure(_ states: [Interval], _ analysis: IntervalAnalysis) -> [Interval] {
            zip(states, values(loop.carriedResults, in: analysis)).map { $0.join($1) }
        }
        func included(_ a: [Interval], _ b: [Interval]) -> Bool { zip(a, b).allSatisfy { $0.isSubset(of: $1) } }

        var states = loop.initial
        var analysis: IntervalAnalysis
        var step = 0
        while true {
            guard interpreter.budget > 0, step <= cap else {
                states = states.map { _ in .top }
                analysis = analyse(states, &interpreter)
                break
            }
            analysis = analyse(states, &interpreter)
            let next = closure(states, analysis)
            if included(next, states) { break }
            states = step < wideningDelay ? next
                : zip(zip(states, next), ladders).map { pair, ladder in pair.0.widen(pair.1, thresholds: ladder) }
            step += 1
        }
        for _ in 0..<narrowingSteps where interpreter.budget > 0 {
            let candidate = closure(loop.initial, analysis)
            guard candidate != states else { break }
            let narrowed = analyse(candidate, &interpreter)
            guard included(closure(loop.initial, narrowed), candidate) else { break }
            states = candidate
            analysis = narrowed
        }
        return Result(finals: states, scans: values(loop.scanResults, in: analysis), analysis: analysis)
    }
}
