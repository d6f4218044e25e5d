import ModelLintIR

/// Nodes that own nested graphs (`Graph.subgraphs` whose `owner` is the
/// node): ONNX `Loop`, `Scan` and `If`, and calls of model-local functions.
///
/// Each body is analysed in the context of its node: the values of the
/// enclosing graph it reads by name get their intervals there, and its own
/// inputs get what the node passes in. Following the ONNX operator spec:
/// - `Loop` (inputs `M, cond, v_initial...`; body `(iteration_num, cond,
///   carried...) -> (cond, carried..., scan outputs...)`): `iteration_num`
///   lies in `[0, M - 1]`, `cond` is true (an iteration runs only while it
///   holds), the carried values are iterated
///   to a fixpoint (`LoopFixpoint`); the outputs are the final carried values
///   and, for each scan output, the join over all iterations.
/// - `Scan` (inputs `[sequence_lens,] states..., sequences...`): the states
///   are iterated like a Loop's carried values; each scanned slice holds
///   values of its whole sequence; the trip count is the scanned axis's length.
/// - `If`: the outputs join those of the branches the condition may take.
/// - A local function: its parameters get the node's inputs (its outputs
///   stay the node's own: top, as the function's attributes may differ per call).
/// A node whose bodies do not match its inputs and outputs (a malformed
/// model) is left to its transfer function, i.e. top, with each body still
/// analysed with the outer values it reads.
enum ControlFlowInterpreter {
    struct Evaluation {
        /// nil: the node's own transfer function decides (top for control flow).
        var outputs: [Interval]?
        /// By index into the enclosing graph's `subgraphs`.
        var analyses: [Int: IntervalAnalysis]
    }

    static func evaluate(_ node: Node, bodies: [Int], in graph: Graph, intervals: [Interval], unbounded: [String],
                         interpreter: inout GraphInterpreter) -> Evaluation {
        let inputs: [Interval?] = node.inputs.map { id in
            id < graph.tensors.count && !graph.tensors[id].name.isEmpty ? intervals[id] : nil
        }
        let site = Site(node: node, graph: graph, bodies: bodies, inputs: inputs, intervals: intervals, unbounded: unbounded)
        if case .controlFlow(let kind) = node.op {
            let evaluation: Evaluation?
            switch kind {
            case .loop: evaluation = loop(site, interpreter: &interpreter)
            case .scan(let attributes): evaluation = scan(site, attributes, interpreter: &interpreter)
            case .ifThenElse: evaluation = ifThenElse(site, interpreter: &interpreter)
            }
            if let evaluation { return evaluation }
        }
        var analyses: [Int: IntervalAnalysis] = [:]
        for index in bodies {
            let body = graph.subgraphs[index]
            var seeds = captured(by: body, from: intervals)
            if let owner = body.owner, owner.attribute == nil {
                for (position, parameter) in owner.parameters.enumerated() where position < inputs.count {
                    if let value = inputs[position] { seeds[parameter] = value }
                }
            }
            analyses[index] = interpreter.analyse(body, seeds: seeds, inherited: unbounded)
        }
        return Evaluation(outputs: nil, analyses: analyses)
    }

    /// The intervals of the enclosing graph's values that `body` reads by name.
    static func captured(by body: Graph, from intervals: [Interval]) -> [TensorID: Interval] {
        var seeds: [TensorID: Interval] = [:]
        for capture in body.owner?.captures ?? [] where capture.outer < intervals.count {
            seeds[capture.inner] = intervals[capture.outer]
        }
        return seeds
    }

    /// A control-flow node, where the interpreter met it.
    struct Site {
        let node: Node
        let graph: Graph
        let bodies: [Int]
        /// The node's inputs' intervals; nil for an input left out.
        let inputs: [Interval?]
        let intervals: [Interval]
        let unbounded: [String]

        /// The one body held by `attribute`.
        func body(_ attribute: String) -> (index: Int, graph: Graph, owner: SubgraphOwner)? {
            let matching = bodies.filter { graph.subgraphs[$0].owner?.attribute == attribute }
            guard matching.count == 1, let owner = graph.subgraphs[matching[0]].owner else { return nil }
            return (matching[0], graph.subgraphs[matching[0]], owner)
        }

        func input(_ index: Int) -> Interval? { index < inputs.count ? inputs[index] : nil }
    }

    /// A boolean condition that is true whatever the inputs.
    static func definitelyTrue(_ condition: Interval) -> Bool {
        !condition.mayBeNaN && !condition.isNumericEmpty && !condition.containsZero
    }

    static func definitelyFalse(_ condition: Interval) -> Bool {
        !condition.mayBeNaN && condition.lo == 0 && condition.hi == 0
    }

    // MARK: Loop

    private static func loop(_ site: Site, interpreter: inout GraphInterpreter) -> Evaluation? {
        guard let (index, body, owner) = site.body("body") else { return nil }
        let carried = site.node.inputs.count - 2
        guard carried >= 0, owner.parameters.count == carried + 2, owner.results.count >= carried + 1 else { return nil }
        // The trip count M: left out, the loop runs until its condition stops it.
        var tripLo = Double.infinity, tripHi = Double.infinity
        if let m = site.input(0) {
            if m.isNumericEmpty && !m.mayBeNaN {
                (tripLo, tripHi) = (0, 0)
            } else {
                tripLo = m.mayBeNaN || m.isNumericEmpty ? 0 : Swift.max(0, m.lo.rounded(.up))
                tripHi = m.mayBeNaN || m.isNumericEmpty ? .infinity : Swift.max(0, m.hi.rounded(.down))
            }
        }
        let shape = LoopShape(
            iterationNumber: owner.parameters[0], condition: owner.parameters[1], conditionResult: owner.results[0],
            carried: Array(owner.parameters[2...]), carriedResults: Array(owner.results[1..<(1 + carried)]),
            initial: (0..<carried).map { site.input(2 + $0) ?? .top }, slices: [:],
            scanResults: Array(owner.results[(1 + carried)...]), tripLo: tripLo, tripHi: tripHi,
            conditionInitiallyTrue: site.input(1).map(definitelyTrue) ?? true)
        let result = LoopFixpoint.run(shape, body: body, captures: captured(by: body, from: site.intervals),
                                      inherited: site.unbounded, interpreter: &interpreter)
        return Evaluation(outputs: result.finals + result.scans, analyses: [index: result.analysis])
    }

    // MARK: Scan

    private static func scan(_ site: Site, _ attributes: ScanAttributes, interpreter: inout GraphInterpreter) -> Evaluation? {
        guard let (index, body, owner) = site.body("body") else { return nil }
        let offset = attributes.leadingSequenceLengths ? 1 : 0
        let scanned = attributes.scanInputs
        // `num_scan_inputs` is the file's figure: anything past the inputs there are is wrong, not arithmetic.
        guard scanned >= 1, scanned <= site.node.inputs.count else { return nil }
        let states = site.node.inputs.count - offset - scanned
        guard states >= 0, owner.parameters.count == states + scanned, owner.results.count >= states else {
            return nil
        }
        var slices: [TensorID: Interval] = [:]
        var length: Int?
        for j in 0..<scanned {
            let position = offset + states + j
            slices[owner.parameters[states + j]] = site.input(position) ?? .top
            let input = site.node.inputs[position]
            guard let shape = site.graph.tensors[input].shape, shape.rank > 0 else { continue }
            var axis = j < attributes.inputAxes.count ? attributes.inputAxes[j] : 0
            if axis < 0 { axis += shape.rank }
            // A negative extent is a broken shape, not a trip count.
            if axis >= 0, axis < shape.rank, let value = shape.dims[axis].value, value >= 0 { length = value }
        }
        // Opset 8's sequence lengths may stop a batch entry's scan early.
        let shortened = attributes.leadingSequenceLengths && site.input(0) != nil
        let shape = LoopShape(
            iterationNumber: nil, condition: nil, conditionResult: nil,
            carried: Array(owner.parameters[..<states]), carriedResults: Array(owner.results[..<states]),
            initial: (0..<states).map { site.input(offset + $0) ?? .top }, slices: slices,
            scanResults: Array(owner.results[states...]),
            tripLo: shortened ? 0 : length.map(Double.init) ?? 0, tripHi: length.map(Double.init) ?? .infinity,
            conditionInitiallyTrue: true)
        let result = LoopFixpoint.run(shape, body: body, captures: captured(by: body, from: site.intervals),
                                      inherited: site.unbounded, interpreter: &interpreter)
        return Evaluation(outputs: result.finals + result.scans, analyses: [index: result.analysis])
    }

    // MARK: If

    private static func ifThenElse(_ site: Site, interpreter: inout GraphInterpreter) -> Evaluation? {
        guard let thenBranch = site.body("then_branch"), let elseBranch = site.body("else_branch") else { return nil }
        let condition = site.input(0) ?? .top
        var analyses: [Int: IntervalAnalysis] = [:]
        var outputs = Array(repeating: Interval.bottom, count: site.node.outputs.count)
        for (branch, taken) in [(thenBranch, !definitelyFalse(condition)), (elseBranch, !definitelyTrue(condition))] {
            // A branch never taken is still analysed, for the rules that look inside it.
            let analysis = interpreter.analyse(branch.graph, seeds: captured(by: branch.graph, from: site.intervals),
                                               inherited: site.unbounded)
            analyses[branch.index] = analysis
            guard taken else { continue }
            for position in outputs.indices {
                let result = position < branch.owner.results.count ? branch.owner.results[position] : nil
                outputs[position] = outputs[position].join(result.map(analysis.interval(of:)) ?? .top)
            }
        }
        return Evaluation(outputs: outputs, analyses: analyses)
    }
}
