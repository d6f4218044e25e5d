import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing

// Issue 4: the interval interpreter is checked against concrete execution.
// Random graphs, random concrete inputs inside the declared ranges (their
// ends included), our own evaluator: every value any tensor takes must lie
// in that tensor's interval, and NaN may appear only where the interval says
// it may. A failure prints the graph's seed; to replay one graph, run
//   MODELLINT_SOUNDNESS_SEED=<seed> swift test --filter ConcreteSoundness
// (MODELLINT_SOUNDNESS_GRAPHS=<n> runs more or fewer graphs, MODELLINT_SOUNDNESS_FIRST=<i>
// starts at graph i, MODELLINT_SOUNDNESS_VERBOSE=1 prints how often each op was generated).

private let baseSeed: UInt64 = 0x4D4C_0004_5EED
private let defaultGraphCount = 2000
private let runsPerGraph = 5

/// The seed of graph `index`: a SplitMix step away from the base seed.
private func graphSeed(_ index: Int) -> UInt64 {
    var g = SeededRandom(seed: baseSeed &+ UInt64(index))
    return g.next()
}

/// A concrete value outside its tensor's interval.
struct SoundnessViolation {
    var seed: UInt64
    var run: Int
    var flavor: KernelFlavor
    var shapesStatedOnly: Bool
    var node: Node?
    var tensor: TensorID
    var element: Int
    var value: Double
    var interval: Interval
    var listing: String
    var operands: String

    /// Violations of the same op kind are reported once.
    var kind: String {
        guard let node else { return "input" }
        let op = String(describing: node.op)
        return (op.firstIndex(of: "(").map { String(op[..<$0]) } ?? op) + " [\(node.sourceType.split(separator: " ").first ?? "")]"
    }

    var report: String {
        """
        \(kind): seed \(seed) run \(run) (\(flavor)\(shapesStatedOnly ? ", the interpreter saw stated shapes only" : "")): \
        t\(tensor)[\(element)] = \(value) ∉ \(interval)
        operands: \(operands)
        \(listing)
        """
    }
}

/// Totals over all graphs.
struct SoundnessTally {
    var graphs = 0
    var runs = 0
    var values = 0
    var nodes = 0
    var ops: [String: Int] = [:]
    var violations: [String: [SoundnessViolation]] = [:]
    var errors: [String] = []
}

/// The graph, one line per tensor: producer, interval, dtype and shape.
func listing(_ graph: Graph, _ analysis: IntervalAnalysis) -> String {
    var lines: [String] = []
    for tensor in graph.tensors where tensor.producer == nil {
        let what = tensor.constant != nil ? "constant \(tensor.constantValues!.prefix(8).map { $0 })"
            : "input, declared \(tensor.declaredRange.map { "\($0.lowerBound)...\($0.upperBound)" } ?? "nothing")"
        lines.append("  t\(tensor.id) \(tensor.dtype.rawValue)\(tensor.shape!) = \(what)  ⊂ \(analysis.interval(of: tensor.id))")
    }
    for node in graph.nodes {
        let out = node.outputs.map { "t\($0) \(graph.tensors[$0].dtype.rawValue)\(graph.tensors[$0].shape!)" }.joined(separator: ", ")
        let ins = node.inputs.map { "t\($0)" }.joined(separator: ", ")
        lines.append("  \(out) = \(node.op) [\(node.sourceType)] (\(ins))  ⊂ \(analysis.interval(of: node.outputs[0]))")
    }
    return lines.joined(separator: "\n")
}

/// Generates graph `seed`, runs the interpreter once and the evaluator on
/// `runsPerGraph` inputs, and records every violation (the first per run:
/// later ones may only be its consequences).
func checkGraph(seed: UInt64, into tally: inout SoundnessTally, printing: Bool = false) {
    var generator = RandomGraphGenerator(seed: seed)
    let generated = generator.generate()
    let graph = generated.graph
    // Half the time the interpreter sees only what a file states (input and
    // constant shapes) and what shape inference derives from it, as in the
    // linter, where reduced shapes are unknown; otherwise every shape.
    var stated = graph
    let statedOnly = generator.chance(0.5)
    if statedOnly {
        for id in stated.tensors.indices where stated.tensors[id].producer != nil { stated.tensors[id].shape = nil }
    }
    let analysis = IntervalAnalysis.run(ShapeInference.infer(stated))
    if printing { print("graph \(seed)\(statedOnly ? " (the interpreter sees stated shapes only)" : ""):\n" + listing(graph, analysis)) }
    tally.graphs += 1
    tally.nodes += graph.nodes.count
    for node in graph.nodes { tally.ops[String(describing: node.op).prefix { $0 != "(" }.description, default: 0] += 1 }
    // Inputs first, then node outputs in topological order.
    let order = graph.inputs + graph.nodes.flatMap(\.outputs)
    for run in 0..<runsPerGraph {
        let inputs = generator.inputs(for: generated, run: run)
        let flavor = KernelFlavor(nanPropagatingMinMax: generator.chance(0.5), foldedBatchNorm: generator.chance(0.5),
                                  alternativeFormulas: generator.chance(0.5))
        var evaluator = ConcreteEvaluator(graph: graph, flavor: flavor)
        do {
            try evaluator.run(inputs: inputs)
        } catch {
            tally.errors.append("seed \(seed): evaluator: \(error)")
            return
        }
        tally.runs += 1
        if printing {
            print("run \(run) (\(flavor)): " + order.map { id in
                "t\(id) = \(evaluator.values[id].map { Array($0.values.prefix(8)) } ?? [])"
            }.joined(separator: "; "))
        }
        check: for id in order {
            guard let value = evaluator.values[id] else { continue }
            let interval = analysis.interval(of: id)
            for (element, v) in value.values.enumerated() {
                tally.values += 1
                guard v.isNaN ? !interval.mayBeNaN : !interval.contains(v) else { continue }
                let node = graph.tensors[id].producer.map { graph.nodes[$0] }
                let operands = node?.inputs.map { input in
                    "t\(input) = \(evaluator.values[input].map { Array($0.values.prefix(24)) } ?? [])"
                }.joined(separator: "; ") ?? ""
                let violation = SoundnessViolation(seed: seed, run: run, flavor: flavor, shapesStatedOnly: statedOnly, node: node, tensor: id,
                                                   element: element, value: v, interval: interval,
                                                   listing: listing(graph, analysis), operands: operands)
                tally.violations[violation.kind, default: []].append(violation)
                break check
            }
        }
    }
}

@Suite("The interval interpreter is sound against concrete execution")
struct ConcreteSoundnessTests {
    @Test func randomGraphsStayInsideTheirIntervals() {
        let environment = ProcessInfo.processInfo.environment
        let seeds: [UInt64]
        if let single = environment["MODELLINT_SOUNDNESS_SEED"].flatMap({ UInt64($0) }) {
            seeds = [single]
        } else {
            let count = environment["MODELLINT_SOUNDNESS_GRAPHS"].flatMap { Int($0) } ?? defaultGraphCount
            let first = environment["MODELLINT_SOUNDNESS_FIRST"].flatMap { Int($0) } ?? 0
            seeds = (first..<(first + count)).map(graphSeed)
        }
        let start = Date()
        var tally = SoundnessTally()
        for seed in seeds { checkGraph(seed: seed, into: &tally, printing: seeds.count == 1) }
        let seconds = Date().timeIntervalSince(start)
        print("soundness: \(tally.graphs) graphs, \(tally.nodes) nodes, \(tally.runs) runs, \(tally.values) values in "
              + String(format: "%.1f s", seconds))
        if seeds.count == 1 || environment["MODELLINT_SOUNDNESS_VERBOSE"] != nil {
            print("ops: " + tally.ops.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        #expect(tally.errors.isEmpty, "\(tally.errors.prefix(5).joined(separator: "\n"))")
        let report = tally.violations.sorted { $0.key < $1.key }.map { kind, list in
            "\(list.count) × \(kind); first:\n\(list[0].report)"
        }
        #expect(tally.violations.isEmpty, "\(report.joined(separator: "\n\n"))")
        // The property must have looked at something: every graph runs, and values are many.
        #expect(tally.runs == tally.graphs * runsPerGraph)
        #expect(tally.values > tally.runs * 10)
    }
}
