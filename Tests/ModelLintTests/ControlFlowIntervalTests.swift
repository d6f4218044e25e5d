import Foundation
@testable import ModelLintAnalysis
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// ONNX `Loop`, `Scan` and `If` through the interval interpreter: the node's
/// outputs come from its bodies, and the bodies' tensors (what rules inside
/// them see) hold the values the outer graph gives them. The concrete values
/// quoted were computed with onnxruntime on the same models.
@Suite("Intervals through ONNX control flow")
struct ControlFlowIntervalTests {
    typealias J = ONNXText

    /// `for i in 0..<M { x = x * step; collect x }`, with `step` an outer initializer.
    static func scaling(tripCount: Int?, step: Double, extraBody: [String] = [], extraOutputs: [String] = []) -> String {
        let body = J.graph("body", inputs: [J.value("i", 7, []), J.value("cond_in", 9, []), J.value("x_in", 1, [1])],
                           nodes: [J.node("keep", "Identity", ["cond_in"], ["cond_out"]),
                                   J.node("scale", "Mul", ["x_in", "step"], ["x_out"]),
                                   J.node("collect", "Identity", ["x_out"], ["x_seen"])] + extraBody,
                           outputs: ["cond_out", "x_out", "x_seen"] + extraOutputs)
        var inputs = [J.value("x", 1, [1])]
        var initializers = [J.floats("step", [step])]
        if let tripCount { initializers.append(J.int64("M", tripCount)) } else { inputs.append(J.value("M", 7, [])) }
        let outputs = ["y", "ys"] + extraOutputs.map { "outer_" + $0 }
        return J.model(J.graph("main", inputs: inputs, nodes: [
            J.node("loop", "Loop", ["M", "", "x"], outputs, [J.attribute("body", graph: body)]),
        ], outputs: outputs, initializers: initializers))
    }

    @Test func aKnownTripCountIsUnrolledExactly() throws {
        // onnxruntime: x = 1 gives y = 1024, ys = [2, 4, ..., 1024]; x = 2 gives 2048.
        let graph = try J.load(Self.scaling(tripCount: 10, step: 2), ranges: ["x": 1...2])
        let analysis = IntervalAnalysis.run(graph)
        #expect(analysis.interval(of: try #require(graph.tensor(named: "y"))) == Interval(1024, 2048))
        #expect(analysis.interval(of: try #require(graph.tensor(named: "ys"))) == Interval(2, 2048))
        // The body sees every iteration's values.
        let body = graph.subgraphs[0]
        let bodyAnalysis = analysis.subgraphs[0]
        #expect(bodyAnalysis.interval(of: try #require(body.tensor(named: "x_in"))) == Interval(1, 1024))
        #expect(bodyAnalysis.interval(of: try #require(body.tensor(named: "i"))) == Interval(0, 9))
        #expect(bodyAnalysis.interval(of: try #require(body.tensor(named: "step"))) == Interval(2, 2))
        #expect(bodyAnalysis.unboundedInputs.isEmpty, "\(bodyAnalysis.unboundedInputs)")
        #expect(analysis.opaqueNodes.isEmpty)
    }

    @Test func anUnknownTripCountWidens() throws {
        let graph = try J.load(Self.scaling(tripCount: nil, step: 2), ranges: ["x": 1...2])
        let analysis = IntervalAnalysis.run(graph)
        // Doubling forever overflows: the bound climbs to fp32's max, then to inf.
        let y = analysis.interval(of: try #require(graph.tensor(named: "y")))
        #expect(y.lo == 1 && y.hi == .infinity && !y.mayBeNaN)
        let body = graph.subgraphs[0]
        let i = analysis.subgraphs[0].interval(of: try #require(body.tensor(named: "i")))
        #expect(i.lo == 0 && i.hi >= 9.2e18)
    }

    @Test func aContractionWidensToZeroAndStaysPositive() throws {
        let graph = try J.load(Self.scaling(tripCount: nil, step: 0.5), ranges: ["x": 1...2])
        let analysis = IntervalAnalysis.run(graph)
        // The lower bound shrinks 1, 1/2, 1/4, ... and is widened to the threshold 0.
        #expect(analysis.interval(of: try #require(graph.tensor(named: "y"))) == Interval(0, 2))
        #expect(analysis.interval(of: try #require(graph.tensor(named: "ys"))) == Interval(0, 1))
    }

    @Test func aLargeKnownTripCountWidensWithItsIterationRange() throws {
        let graph = try J.load(Self.scaling(tripCount: 1000, step: 0.5), ranges: ["x": 1...2])
        let analysis = IntervalAnalysis.run(graph)
        let body = graph.subgraphs[0]
        #expect(analysis.subgraphs[0].interval(of: try #require(body.tensor(named: "i"))) == Interval(0, 999))
        #expect(analysis.interval(of: try #require(graph.tensor(named: "y"))) == Interval(0, 2))
    }

    static var counter: String {
        // count += float(i) for i in 0..<5 while cond: onnxruntime gives 10.
        let body = J.graph("body", inputs: [J.value("i", 7, []), J.value("cond_in", 9, []), J.value("count_in", 1, [])],
                           nodes: [J.node("keep", "Identity", ["cond_in"], ["cond_out"]),
                                   J.node("as_float", "Cast", ["i"], ["i_float"], [J.attribute("to", int: 1)]),
                                   J.node("add", "Add", ["count_in", "i_float"], ["count_out"])],
                           outputs: ["cond_out", "count_out"])
        return J.model(J.graph("main", inputs: [J.value("go", 9, [])], nodes: [
            J.node("loop", "Loop", ["M", "go", "zero"], ["count"], [J.attribute("body", graph: body)]),
        ], outputs: ["count"], initializers: [J.int64("M", 5), J.floats("zero", [0])]))
    }

    @Test func aCounterSumsItsIterationNumbers() throws {
        let model = Self.counter
        // The condition may be false from the start: no iteration at all.
        let graph = try J.load(model)
        let count = IntervalAnalysis.run(graph).interval(of: try #require(graph.tensor(named: "count")))
        #expect(count == Interval(0, 10))
        // A condition that is true throughout: exactly five iterations.
        let always = try J.load(model, ranges: ["go": 1...1])
        #expect(IntervalAnalysis.run(always).interval(of: try #require(always.tensor(named: "count"))) == Interval(10, 10))
    }

    static var runningSum: String {
        // onnxruntime, x all ones: final sum 5, partial sums 1...5; all zeros: 0.
        let body = J.graph("body", inputs: [J.value("sum_in", 1, [2]), J.value("row", 1, [2])],
                           nodes: [J.node("add", "Add", ["sum_in", "row"], ["sum_out"]),
                                   J.node("emit", "Identity", ["sum_out"], ["partial"])],
                           outputs: ["sum_out", "partial"])
        return J.model(J.graph("main", inputs: [J.value("init", 1, [2]), J.value("x", 1, [5, 2])], nodes: [
            J.node("scan", "Scan", ["init", "x"], ["total", "partials"],
                   [J.attribute("body", graph: body), J.attribute("num_scan_inputs", int: 1)]),
        ], outputs: ["total", "partials"]), opset: 11)
    }

    @Test func aScanComputesARunningSum() throws {
        let model = Self.runningSum
        let graph = try J.load(model, ranges: ["init": 0...0, "x": 0...1])
        let analysis = IntervalAnalysis.run(graph)
        #expect(analysis.interval(of: try #require(graph.tensor(named: "total"))) == Interval(0, 5))
        #expect(analysis.interval(of: try #require(graph.tensor(named: "partials"))) == Interval(0, 5))
        let row = try #require(graph.subgraphs[0].tensor(named: "row"))
        #expect(analysis.subgraphs[0].interval(of: row) == Interval(0, 1))
    }

    static var opset8RunningSum: String {
        let body = J.graph("body", inputs: [J.value("sum_in", 1, [2]), J.value("row", 1, [2])],
                           nodes: [J.node("add", "Add", ["sum_in", "row"], ["sum_out"]),
                                   J.node("emit", "Identity", ["sum_out"], ["partial"])],
                           outputs: ["sum_out", "partial"])
        return J.model(J.graph("main", inputs: [J.value("init", 1, [1, 2]), J.value("x", 1, [1, 3, 2])], nodes: [
            J.node("scan", "Scan", ["", "init", "x"], ["total", "partials"],
                   [J.attribute("body", graph: body), J.attribute("num_scan_inputs", int: 1)]),
        ], outputs: ["total", "partials"]), opset: 8)
    }

    @Test func opset8ScanSkipsItsSequenceLengths() throws {
        let model = Self.opset8RunningSum
        let graph = try J.load(model, ranges: ["init": 1...1, "x": -1...1])
        let analysis = IntervalAnalysis.run(graph)
        #expect(analysis.interval(of: try #require(graph.tensor(named: "total"))) == Interval(-2, 4))
    }

    static var addOrSubtract: String {
        let thenBranch = J.graph("then", inputs: [], nodes: [J.node("plus", "Add", ["x", "one"], ["then_y"])],
                                 outputs: ["then_y"])
        let elseBranch = J.graph("else", inputs: [], nodes: [J.node("minus", "Sub", ["x", "one"], ["else_y"])],
                                 outputs: ["else_y"])
        return J.model(J.graph("main", inputs: [J.value("c", 9, []), J.value("x", 1, [3])], nodes: [
            J.node("if", "If", ["c"], ["y"],
                   [J.attribute("then_branch", graph: thenBranch), J.attribute("else_branch", graph: elseBranch)]),
        ], outputs: ["y"], initializers: [J.floats("one", [1])]))
    }

    @Test func ifJoinsTheBranchesItMayTake() throws {
        let model = Self.addOrSubtract
        let either = try J.load(model, ranges: ["x": 0...1])
        #expect(IntervalAnalysis.run(either).interval(of: try #require(either.tensor(named: "y"))) == Interval(-1, 2))
        let onlyThen = try J.load(model, ranges: ["x": 0...1, "c": 1...1])
        let analysis = IntervalAnalysis.run(onlyThen)
        #expect(analysis.interval(of: try #require(onlyThen.tensor(named: "y"))) == Interval(1, 2))
        // Each branch reads the outer `x` with its outer interval.
        let inner = try #require(onlyThen.subgraphs[0].tensor(named: "x"))
        #expect(analysis.subgraphs[0].interval(of: inner) == Interval(0, 1))
    }

    static var nested: String {
        // Three outer iterations of two inner doublings: x * 64.
        let inner = J.graph("inner", inputs: [J.value("j", 7, []), J.value("c2", 9, []), J.value("v_in", 1, [1])],
                            nodes: [J.node("keep2", "Identity", ["c2"], ["c2_out"]),
                                    J.node("double", "Mul", ["v_in", "two"], ["v_out"])],
                            outputs: ["c2_out", "v_out"])
        let outer = J.graph("outer", inputs: [J.value("i", 7, []), J.value("c1", 9, []), J.value("u_in", 1, [1])],
                            nodes: [J.node("keep1", "Identity", ["c1"], ["c1_out"]),
                                    J.node("inner_loop", "Loop", ["N", "", "u_in"], ["u_out"],
                                           [J.attribute("body", graph: inner)])],
                            outputs: ["c1_out", "u_out"])
        return J.model(J.graph("main", inputs: [J.value("x", 1, [1])], nodes: [
            J.node("outer_loop", "Loop", ["M", "", "x"], ["y"], [J.attribute("body", graph: outer)]),
        ], outputs: ["y"], initializers: [J.int64("M", 3), J.int64("N", 2), J.floats("two", [2])]))
    }

    @Test func nestedLoopsMultiply() throws {
        let model = Self.nested
        let graph = try J.load(model, ranges: ["x": 1...2])
        let analysis = IntervalAnalysis.run(graph)
        #expect(analysis.interval(of: try #require(graph.tensor(named: "y"))) == Interval(64, 128))
        // The innermost body's analysis is nested twice, in the outer graph's context.
        let innermost = graph.subgraphs[0].subgraphs[0]
        let v = try #require(innermost.tensor(named: "v_in"))
        #expect(analysis.subgraphs[0].subgraphs[0].interval(of: v) == Interval(1, 64))
    }

    /// A loop whose body sends its carried value through `Log(x + 1)` and
    /// carries `x * 0.5` (stays positive: proved) or `x - 1` (goes negative: flagged).
    static func logLoop(update: String) -> String {
        let body = J.graph("body", inputs: [J.value("i", 7, []), J.value("cond_in", 9, []), J.value("x_in", 1, [1])],
                           nodes: [J.node("keep", "Identity", ["cond_in"], ["cond_out"]),
                                   J.node("shift", "Add", ["x_in", "one"], ["shifted"]),
                                   J.node("log", "Log", ["shifted"], ["logged"]),
                                   J.node("update", update, ["x_in", update == "Mul" ? "half" : "one"], ["x_out"])],
                           outputs: ["cond_out", "x_out", "logged"])
        return J.model(J.graph("main", inputs: [J.value("M", 7, []), J.value("x", 1, [1])], nodes: [
            J.node("loop", "Loop", ["M", "", "x"], ["y", "logs"], [J.attribute("body", graph: body)]),
        ], outputs: ["y", "logs"], initializers: [J.floats("one", [1]), J.floats("half", [0.5])]))
    }

    private func findings(_ json: String, ranges: [String: ClosedRange<Double>]) throws -> [Finding] {
        let graph = try ONNXText.load(json)
        return Linter(rules: RuleRegistry.all, inputRanges: ranges).check(graph)
    }

    @Test func aLogInsideALoopIsProvedWhenTheCarriedValueStaysPositive() throws {
        let found = try findings(Self.logLoop(update: "Mul"), ranges: ["x": 1...2])
        #expect(!found.contains { $0.ruleCode == "ML101" }, "\(found.map(\.message))")
    }

    @Test func aLogInsideALoopIsFlaggedWhenTheCarriedValueDecreases() throws {
        let found = try findings(Self.logLoop(update: "Sub"), ranges: ["x": 1...2])
        let log = try #require(found.first { $0.ruleCode == "ML101" })
        #expect(log.nodeName == "log")
        #expect(log.evidence.contains { $0.contains("assuming any finite value for the input 'M'") }, "\(log.evidence)")
    }

    /// `depth` loops nested in one another, each running `M` times, the innermost halving `v`.
    static func deeplyNested(depth: Int) -> String {
        func body(_ level: Int) -> String {
            let inner = level == 0
                ? J.node("halve", "Mul", ["v_in\(level)", "half"], ["v_out\(level)"])
                : J.node("loop\(level)", "Loop", ["M", "", "v_in\(level)"], ["v_out\(level)"],
                         [J.attribute("body", graph: body(level - 1))])
            return J.graph("body\(level)", inputs: [J.value("i\(level)", 7, []), J.value("c\(level)", 9, []),
                                                    J.value("v_in\(level)", 1, [1])],
                           nodes: [J.node("keep\(level)", "Identity", ["c\(level)"], ["c_out\(level)"]), inner],
                           outputs: ["c_out\(level)", "v_out\(level)"])
        }
        return J.model(J.graph("main", inputs: [J.value("x", 1, [1])], nodes: [
            J.node("outer", "Loop", ["M", "", "x"], ["y"], [J.attribute("body", graph: body(depth - 1))]),
        ], outputs: ["y"], initializers: [J.int64("M", 100), J.floats("half", [0.5])]))
    }

    @Test func deeplyNestedLoopsStayWithinTheBudget() throws {
        // 100^5 innermost iterations if every level were unrolled: the budget
        // makes the outer levels widen instead, and the result is still sound.
        let graph = try J.load(Self.deeplyNested(depth: 5), ranges: ["x": 1...2])
        let y = IntervalAnalysis.run(graph).interval(of: try #require(graph.tensor(named: "y")))
        #expect(y.contains(0) || y.lo <= Foundation.pow(0.5, 1e10))
        #expect(y.hi >= 2 && !y.mayBeNaN)
        #expect(y.isSubset(of: Interval(0, 2)), "halving never grows: \(y)")
    }

    @Test func aTinyBudgetGivesUpSoundly() throws {
        let graph = try J.load(Self.scaling(tripCount: 10, step: 2), ranges: ["x": 1...2])
        var interpreter = GraphInterpreter(budget: 3)
        let analysis = interpreter.analyse(graph, seeds: [:], inherited: [])
        let y = analysis.interval(of: try #require(graph.tensor(named: "y")))
        #expect(Interval(1024, 2048).isSubset(of: y))
    }
}
