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
                Conv("conv1", outputs: base * 2, kernel: 3, stride: 1, pad: pad, bias: nil)
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

    @Test func whatCannotBeEvaluatedIsANoteAndTheRestIsRead() throws {
        let result = try load("""
            import ModelLintDSL
            let model = Model("net") {
                Input("data", shape: [1, 4])
                for i in 0..<3 { ReLU("relu\\(i)") }
                Dense("fc", outputs: hiddenSize())
                residualBlock("block1")
                Sigmoid("out")
            }
            """)
        #expect(result.diagnostics.map(\.severity) == [.note, .note, .note], "\(result.diagnostics)")
        #expect(result.diagnostics.map(\.location.line) == [4, 5, 6])
        #expect(result.diagnostics[0].message.contains("a loop"))
        #expect(result.diagnostics[1].message.contains("'hiddenSize()'") && result.diagnostics[1].message.contains("Dense 'fc' is not linted"),
                "\(result.diagnostics[1].message)")
        #expect(result.diagnostics[2].message.contains("'residualBlock(...)'"))
        #expect(try #require(result.graphs.first).nodes.map(\.name) == ["data", "out"])
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
