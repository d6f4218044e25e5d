import ModelLintDSL
import ModelLintIR
import ModelLintSwiftDSL
import Testing

/// The static frontend on small sources: what it evaluates, what it reports
/// and where, and that it reads a file as the compiled DSL would.
@Suite("Swift DSL static frontend")
struct StaticFrontendTests {
    func load(_ source: String) throws -> SwiftDSLLoadResult {
        try SwiftDSLFrontend.load(SourceFile(path: "Model.swift", text: source))
    }

    func node(_ graph: Graph, _ name: String) throws -> Node {
        try #require(graph.nodes.first { $0.name == name })
    }

    @Test func literalsConstantsAndArithmetic() throws {
        let result = try load("""
            import ModelLintDSL
            let base = 8
            let model = Model("net") {
                let pad = base / 4 - 1
                Input("data", shape: [2, 3, base * 4, 32], range: -1...1, dtype: .float16)
                Conv("conv1", outputs: base << 1, kernel: 3, stride: 1, pad: pad, bias: nil)
                Pow("sq", exponent: 2, scale: 0.5, shift: -1_000)
            }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let graph = try #require(result.graphs.first)
        #expect(graph.name == "net")
        let data = try #require(graph.tensors.first { $0.name == "data" })
        #expect(data.shape == Shape(known: [2, 3, 32, 32]))
        #expect(data.declaredRange == -1...1)
        #expect(data.dtype == .float16)
        guard case .conv(let conv) = try node(graph, "conv1").op else { Issue.record("not a conv"); return }
        #expect(conv.outputChannels == 16 && conv.padsBegin == [1, 1] && conv.kernel == [3, 3])
        guard case .pow(let exponent, let prelude) = try node(graph, "sq").op else { Issue.record("not a pow"); return }
        #expect(exponent == 2 && prelude == AffinePrelude(scale: 0.5, shift: -1000))
        #expect(try node(graph, "sq").inputs == [try node(graph, "conv1").outputs[0]], "a layer reads the previous one by default")
    }

    @Test func locationsAreTheLayerNameAndTheArgumentLabel() throws {
        let result = try load("""
            import ModelLintDSL
            let model = Model("net") {
                Input("data", shape: [1, 3, 8, 8])
                  ModelLintDSL.MaxPool("pool1", kernel: 3, stride: 5)
            }
            """)
        let pool = try node(try #require(result.graphs.first), "pool1")
        #expect(pool.location.line == 4 && pool.location.column == 20, "\(pool.location)")
        #expect(pool.location(of: .attribute("stride")).column == 48, "\(pool.location(of: .attribute("stride")))")
    }

    @Test func trainingSettingsAndSchedules() throws {
        let result = try load("""
            import ModelLintDSL
            let model = Model("net", training: Training(optimizer: .adam, learningRate: 1e-3,
                                                        schedule: .step(gamma: 0.1, every: 10_000),
                                                        clipGradients: 5, batchSize: 32, shuffle: false)) {
                Input("data", shape: [32, 10])
            }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let training = try #require(result.graphs.first?.training)
        #expect(training.optimizer == "adam" && training.baseLearningRate == 1e-3)
        #expect(training.schedule == .step(gamma: 0.1, stepSize: 10_000))
        #expect(training.gradientClipping == 5 && training.batchSize[.train] == 32 && training.shuffle == false)
        #expect(training.fieldLocations[.schedule]?.line == 3)
    }

    @Test func whatCannotBeEvaluatedIsANoteAndCutsTheGraph() throws {
        let result = try load("""
            import ModelLintDSL
            let model = Model("net") {
                Input("data", shape: [1, 4])
                ReLU("relu")
                Dense("fc", outputs: hiddenSize())
                residualBlock("block1")
                Sigmoid("out")
                Dense("noisy", outputs: Int.random(in: 1...8))
                Tanh("last")
                Residual(width: 4)
            }
            struct Residual: LayerConvertible {
                var width: Int
                var layer: Layer { Dense("r", outputs: width).layer }
            }
            """)
        #expect(result.diagnostics.map(\.severity) == [.note, .note, .note, .note], "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.location.line) == [5, 6, 8, 10])
        #expect(result.diagnostics.last?.message.contains("a type of this file") == true, "\(result.diagnostics)")
        #expect(result.diagnostics[0].message.contains("'hiddenSize(...)'") && result.diagnostics[0].message.contains("Dense 'fc' is not linted"),
                "\(result.diagnostics[0].message)")
        #expect(result.diagnostics[1].message.contains("'residualBlock(...)'"), "\(result.diagnostics[1].message)")
        #expect(result.diagnostics[2].message.contains("randomness"), "\(result.diagnostics[2].message)")
        let graph = try #require(result.graphs.first)
        #expect(graph.nodes.map(\.name) == ["data", "relu", "out", "last"])
        // Honest cuts: `out` and `last` read inputs nobody knows, never the layer before the cut.
        for name in ["out", "last"] {
            let input = try #require(try node(graph, name).inputs.first)
            #expect(graph.tensors[input].producer == nil && graph.inputs.contains(input), "\(name) reads \(graph.tensors[input].name)")
            #expect(graph.tensors[input].name.hasPrefix("(not evaluated at line "), "\(graph.tensors[input].name)")
        }
    }

    /// The issue's example: a loop is read, its findings carry the iteration, and `Log` reads `pool2`.
    @Test func aLoopDeclaresEveryIteration() throws {
        let result = try load("""
            import ModelLintDSL
            let looped = Model("looped") {
                Input("image", shape: [1, 3, 64, 64], range: 0...1)
                for i in 0..<3 {
                    Conv("conv\\(i)", outputs: 16, kernel: 3)
                    AvgPool("pool\\(i)", kernel: 2, stride: 3)
                }
                Log("logp")
            }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let graph = try #require(result.graphs.first)
        #expect(graph.nodes.map(\.name) == ["image", "conv0", "pool0", "conv1", "pool1", "conv2", "pool2", "logp"])
        #expect(try node(graph, "logp").inputs == [try node(graph, "pool2").outputs[0]])
        let pool2 = try node(graph, "pool2")
        #expect(pool2.location.line == 6 && pool2.location.column == 9, "\(pool2.location)")
        #expect(pool2.expansion.map(\.message) == ["in the iteration i = 2 of this loop"])
        #expect(pool2.expansion.first?.location.line == 4)
    }

    @Test func helpersBuildersClosuresAndDefaultArguments() throws {
        let result = try load("""
            import ModelLintDSL
            let widths = [16, 32]
            func bottleneck(_ name: String, from input: String? = nil, width: Int, stride: Int = 1) -> [Layer] {
                [Conv("\\(name)_a", from: input, outputs: width, kernel: 1, stride: stride),
                 ReLU("\\(name)_relu")]
            }
            @ModelBuilder
            func stage(_ index: Int, blocks: Int) -> [Layer] {
                for block in 0..<blocks {
                    bottleneck("s\\(index)b\\(block)", width: widths[index], stride: block == 0 ? 2 : 1)
                }
            }
            let head = { (name: String) -> [Layer] in [Dense(name, outputs: 10)] }
            let model = Model("net") {
                Input("data", shape: [1, 3, 32, 32])
                for (index, count) in [1, 2].enumerated() {
                    stage(index, blocks: count)
                }
                head("fc")
            }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let graph = try #require(result.graphs.first)
        #expect(graph.nodes.map(\.name) == ["data", "s0b0_a", "s0b0_relu", "s1b0_a", "s1b0_relu", "s1b1_a", "s1b1_relu", "fc"])
        guard case .conv(let conv) = try node(graph, "s1b1_a").op else { Issue.record("not a conv"); return }
        #expect(conv.outputChannels == 32 && conv.strides == [1, 1])
        guard case .conv(let first) = try node(graph, "s1b0_a").op else { Issue.record("not a conv"); return }
        #expect(first.strides == [2, 2])
        // At the call inside the helper, with the chain that reached it, innermost first.
        let layer = try node(graph, "s1b1_a")
        #expect(layer.location.line == 4 && layer.location.column == 6, "\(layer.location)")
        #expect(layer.expansion.map(\.message) == ["in this call of 'bottleneck'", "in the iteration block = 1 of this loop",
                                                    "in this call of 'stage'", "in the iteration (index, count) = (offset: 1, element: 2) of this loop"],
                "\(layer.expansion.map(\.message))")
        #expect(layer.expansion.map(\.location.line) == [10, 9, 17, 16])
        #expect(try node(graph, "fc").expansion.map(\.message) == ["in this call of 'head'"], "a closure is named by its constant")
    }

    @Test func conditionsSwitchStrideZipAndCollections() throws {
        let result = try load("""
            import ModelLintDSL
            let config: [String: Int] = ["depth": 4, "width": 8]
            let model = Model("net") {
                Input("data", shape: [1, 8])
                for i in stride(from: 0, to: config["depth"]!, by: 1) where i != 1 {
                    if i % 2 == 0 {
                        ReLU("even\\(i)")
                    } else if i == 3 {
                        Tanh("three")
                    } else {
                        Sigmoid("never")
                    }
                    switch i {
                    case 0: Exp("zero")
                    case 2...3: Dense("fc\\(i)", outputs: config["width"]! * i)
                    default: Sigmoid("never")
                    }
                }
                for (name, scale) in zip(["a", "b"], [0.5, 2]) {
                    Pow("pow_\\(name)", exponent: 1, scale: scale)
                }
                for key in config.keys.sorted() { ReLU("sorted_\\(key)") }
                for key in config.keys { ReLU("unordered_\\(key)") }
                ReLU("after")
            }
            """)
        // Swift does not fix a dictionary's order: a loop over its keys, unsorted, is not evaluated.
        #expect(result.diagnostics.count == 1 && result.diagnostics[0].message.contains("which Swift does not fix"), "\(result.diagnostics)")
        #expect(result.diagnostics.first?.location.line == 23)
        let graph = try #require(result.graphs.first)
        #expect(graph.nodes.map(\.name) == ["data", "even0", "zero", "even2", "fc2", "three", "fc3", "pow_a", "pow_b",
                                            "sorted_depth", "sorted_width", "after"])
        guard case .pow(_, let prelude) = try node(graph, "pow_b").op else { Issue.record("not a pow"); return }
        #expect(prelude.scale == 2)
    }

    /// Limits stop an endless or runaway program at once, with its place.
    @Test(arguments: [
        ("while true { _ = 1 }", "steps"),
        ("for i in 0..<200_000 { ReLU(\"r\\(i)\") }", "layers"),
        ("forever(0)", "calls nest more than"),
        ("for i in 0..<Int.max { ReLU(\"r\\(i)\") }", "iterations"),
    ])
    func limitsAreErrorsAtTheirPlace(body: String, message: String) throws {
        let result = try load("""
            import ModelLintDSL
            func forever(_ n: Int) -> [Layer] { forever(n + 1) }
            let model = Model("net") {
                Input("data", shape: [1, 8])
                \(body)
            }
            """)
        #expect(result.graphs.isEmpty)
        let error = try #require(result.diagnostics.first { $0.severity == .error }, "\(result.diagnostics)")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location.line == 2 || error.location.line == 5, "\(error.location)")
    }

    @Test func callsTheCompilerWouldRejectAreErrorsAtTheirPlace() throws {
        let result = try load("""
            import ModelLintDSL
            let model = Model("net") {
                Input("data", shape: [1, 3, 8, 8])
                Conf("c1", outputs: 4, kernel: 3)
                Conv("c2", outputs: 4)
                Conv("c3", outputs: "four", kernel: 3)
                Conv("c4", outputs: 4, kernel: 3, strides: 2)
                Input("x", shape: [1], dtype: .float8)
                ReLU("r")
            }
            """)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.location.line) == [4, 5, 6, 7, 8], "\(result.diagnostics)")
        #expect(errors[0].message.hasPrefix("unknown layer 'Conf'; did you mean 'Conv'?"))
        #expect(errors[0].location.column == 5)
        #expect(errors[1].message.hasPrefix("missing argument 'kernel:' in Conv(...)"), "\(errors[1].message)")
        #expect(errors[2].message == "Conv's 'outputs:' expects an integer, found \"four\"")
        #expect(errors[2].location.column == 25, "at the value")
        #expect(errors[3].message.hasPrefix("Conv has no argument 'strides'"), "\(errors[3].message)")
        #expect(errors[4].message.contains("expects one of .float32, .float16"), "\(errors[4].message)")
        #expect(try #require(result.graphs.first).nodes.map(\.name) == ["data", "r"])
    }

    @Test func syntaxErrorsThrowWithTheirPosition() throws {
        do {
            _ = try load("import ModelLintDSL\nlet model = Model(\"net\") {\n    Conv(\"c\", outputs: 4, kernel: 3\n}\n")
            Issue.record("expected a syntax error")
        } catch let error as SwiftSyntaxError {
            #expect(error.message.hasPrefix("Swift syntax error: "), "\(error.message)")
            #expect(error.location.file == "Model.swift" && error.location.line == 3, "\(error.location)")
        }
    }

    @Test func aFileWithoutAModelIsSkippedWithANote() throws {
        let result = try load("import Foundation\nstruct Point { var x = 0 }\n")
        #expect(result.graphs.isEmpty)
        #expect(result.diagnostics.map(\.severity) == [.note])
        #expect(result.diagnostics.first?.message.hasPrefix("skipped: no Model") == true)
    }
}
