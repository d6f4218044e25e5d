import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing

// The inner (attained) values of `AttainedValues` are checked against
// concrete execution: a warning rests on them, so every value they claim is
// reached must be reached by some concrete input. Each claim is built from the
// ends of the inputs' declared ranges, so the inputs at every corner of the
// box (each element at its low or high end) are enough to find the witness:
// the graphs with few enough input elements are run at all corners.
//   MODELLINT_ATTAINED_GRAPHS=<n> runs more or fewer graphs.

@Suite("Attained values are reached by concrete inputs")
struct AttainedSoundnessTests {
    static let baseSeed: UInt64 = 0x4D4C_0018_A77A
    /// Graphs whose inputs hold at most this many elements in all (2^n corners).
    static let maximumCornerElements = 9

    @Test func everyClaimedValueIsReachedAtSomeCorner() throws {
        let count = ProcessInfo.processInfo.environment["MODELLINT_ATTAINED_GRAPHS"].flatMap(Int.init) ?? 3000
        var checked = 0, claims = 0, failures: [String] = []
        for index in 0..<count {
            var seeder = SeededRandom(seed: Self.baseSeed &+ UInt64(index))
            let seed = seeder.next()
            var generator = RandomGraphGenerator(seed: seed)
            let generated = generator.generate()
            var graph = generated.graph
            // The claims are about the inputs the runs give: the fp32 ends of each declared range.
            for id in graph.inputs {
                guard let (lo, hi) = generated.inputBounds[id] else { continue }
                graph.tensors[id].declaredRange = Double(lo)...Double(hi)
            }
            let shapes = graph.inputs.map { graph.tensors[$0].shape?.knownValues ?? [] }
            let elements = shapes.map(elementCount).reduce(0, +)
            guard elements <= Self.maximumCornerElements else { continue }
            let attained = AttainedValues.run(graph)
            let tensors = graph.tensors.indices.filter { id in
                guard graph.tensors[id].constant == nil, let reach = attained.reach(of: id) else { return false }
                return reach.lo.isFinite || reach.hi.isFinite
            }
            guard !tensors.isEmpty else { continue }
            checked += 1
            // Lowest and highest value each element of each claimed tensor takes over all corners.
            var lowest: [TensorID: [Double]] = [:], highest: [TensorID: [Double]] = [:]
            // A claim beyond fp32's range is an overflow reached: inf, or NaN where +inf meets -inf.
            var overflowed = Set<TensorID>()
            for corner in 0..<(1 << elements) {
                var inputs: [TensorID: ConcreteTensor] = [:]
                var bit = 0
                for (position, id) in graph.inputs.enumerated() {
                    let (lo, hi) = generated.inputBounds[id]!
                    let values: [Double] = (0..<elementCount(shapes[position])).map { _ in
                        defer { bit += 1 }
                        return Double(corner & (1 << bit) == 0 ? lo : hi)
                    }
                    inputs[id] = ConcreteTensor(shape: shapes[position], values: values, dtype: .float32)
                }
                var evaluator = ConcreteEvaluator(graph: graph, flavor: KernelFlavor(nanPropagatingMinMax: true))
                guard (try? evaluator.run(inputs: inputs)) != nil else { break }
                for id in tensors {
                    guard let values = evaluator.values[id]?.values else { continue }
                    if values.contains(where: { !$0.isFinite }) { overflowed.insert(id) }
                    lowest[id] = zip(lowest[id] ?? values.map { _ in .infinity }, values).map { $1.isNaN ? $0 : Swift.min($0, $1) }
                    highest[id] = zip(highest[id] ?? values.map { _ in -.infinity }, values).map { $1.isNaN ? $0 : Swift.max($0, $1) }
                }
            }
            for id in tensors {
                guard let low = lowest[id], let high = highest[id], let reach = attained.reach(of: id) else { continue }
                let what = "seed \(seed) t\(id) \(graph.tensors[id].dtype.rawValue) (\(graph.tensors[id].producer.map { String(describing: graph.nodes[$0].op) } ?? "input"))"
                claims += 1
                let limit = Double(Float.greatestFiniteMagnitude)
                if overflowed.contains(id) && (Swift.abs(reach.hi) > limit || Swift.abs(reach.lo) > limit) { continue }
                if reach.hi.isFinite, !(high.max()! >= reach.hi) { failures.append("\(what): claims \(reach.hi) is reached, the most is \(high.max()!)") }
                if reach.lo.isFinite, !(low.min()! <= reach.lo) { failures.append("\(what): claims \(reach.lo) is reached, the least is \(low.min()!)") }
                if reach.isBox {
                    // Every element on its own reaches both ends.
                    if high.contains(where: { !($0 >= reach.hi) }) || low.contains(where: { !($0 <= reach.lo) }) {
                        failures.append("\(what): claims a box [\(reach.lo), \(reach.hi)], elements reach \(zip(low, high).map { "[\($0), \($1)]" })")
                    }
                }
            }
        }
        print("attained values: \(claims) claims on \(checked) graphs checked at every corner, \(failures.count) not reached")
        #expect(checked >= count / 10, "only \(checked) of \(count) graphs were small enough to check")
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}
