import Foundation
import ModelLintIR
import Testing
@testable import ModelLintCaffe

func load(_ text: String, path: String = "net.prototxt") throws -> CaffeLoadResult {
    try CaffeFrontend.load(SourceFile(path: path, text: text))
}

extension Graph {
    func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
}

@Suite("Caffe nets into IR")
struct CaffeNetReaderTests {
    @Test func v2PoolingBecomesPoolOpWithFieldPositions() throws {
        let graph = try #require(try load("""
            name: "n"
            input: "data"
            input_shape { dim: 1 dim: 3 dim: 9 dim: 9 }
            layer {
              name: "pool1"
              type: "Pooling"
              bottom: "data"
              top: "pool1"
              pooling_param { pool: AVE kernel_size: 3
                stride: 5 }
            }
            """).graphs.first)
        #expect(graph.name == "n")
        #expect(graph.phase == nil)
        let pool = try #require(graph.node("pool1"))
        #expect(pool.op == .pool(PoolAttributes(kind: .average, kernel: [3, 3], strides: [5, 5], padsBegin: [0, 0],
                                                padsEnd: [0, 0], arithmetic: .caffe)))
        #expect(pool.sourceType == "Pooling")
        #expect(pool.location.line == 4)
        #expect(pool.location(of: .attribute("stride")).line == 10)
        #expect(pool.location(of: .input(0)).line == 7)
        #expect(graph.tensor(graph.inputs[0]).shape == Shape(known: [1, 3, 9, 9]))
    }

    @Test func v1EnumTypesAndInputDims() throws {
        let graph = try #require(try load("""
            input: "data"
            input_dim: 10 input_dim: 3 input_dim: 227 input_dim: 227
            layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1"
              convolution_param { num_output: 96 kernel_size: 11 stride: 4 } }
            layers { name: "relu1" type: RELU bottom: "conv1" top: "conv1" }
            layers { name: "pool1" type: 17 bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
            """).graphs.first)
        #expect(graph.tensor(graph.inputs[0]).shape == Shape(known: [10, 3, 227, 227]))
        #expect(graph.node("conv1")?.op == .conv(ConvAttributes(outputChannels: 96, kernel: [11, 11], strides: [4, 4],
                                                                 padsBegin: [0, 0], padsEnd: [0, 0], dilations: [1])))
        #expect(graph.node("relu1")?.op == .relu)
        #expect(graph.node("relu1")?.sourceType == "RELU")
        if case .pool(let p)? = graph.node("pool1")?.op { #expect(p.kind == .max) } else { Issue.record("pool1 is not a pool") }
    }

    @Test func inPlaceLayersMakeNewTensorVersions() throws {
        let graph = try #require(try load("""
            input: "x"
            layer { name: "a" type: "ReLU" bottom: "x" top: "y" }
            layer { name: "b" type: "Dropout" bottom: "y" top: "y" }
            layer { name: "c" type: "Sigmoid" bottom: "y" top: "z" }
            """).graphs.first)
        let b = try #require(graph.node("b"))
        let c = try #require(graph.node("c"))
        #expect(graph.tensor(b.inputs[0]).version == 0)
        #expect(graph.tensor(b.outputs[0]).version == 1)
        #expect(c.inputs == b.outputs)
        #expect(graph.outputs.map { graph.tensor($0).name } == ["z"])
    }

    @Test func phasesSelectLayers() throws {
        let graphs = try load("""
            layer { name: "train" type: "Data" top: "data" top: "label" include { phase: TRAIN }
              data_param { batch_size: 64 } transform_param { scale: 0.00390625 } }
            layer { name: "test" type: "Data" top: "data" top: "label" include { phase: TEST } data_param { batch_size: 100 } }
            layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 10 } }
            layer { name: "acc" type: "Accuracy" bottom: "ip" bottom: "label" top: "acc" include { phase: TEST } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip" bottom: "label" top: "loss" exclude { phase: TEST } }
            """).graphs
        #expect(graphs.map(\.phase) == [.train, .test])
        #expect(graphs[0].nodes.map(\.name) == ["train", "ip", "loss"])
        #expect(graphs[1].nodes.map(\.name) == ["test", "ip", "acc"])
        #expect(graphs[0].training?.batchSize[.train] == 64)
        if case .dataLoader(let data)? = graphs[0].node("train")?.op {
            #expect(data.scale == 0.00390625)
        } else { Issue.record("train is not a data loader") }
    }

    @Test func stagesSplitTestGraphs() throws {
        let graphs = try load("""
            layer { name: "d1" type: "Data" top: "data" include { phase: TEST stage: "test-on-test-set" } }
            layer { name: "d2" type: "Data" top: "data" include { phase: TEST stage: "test-on-train-set" } }
            layer { name: "d0" type: "Data" top: "data" include { phase: TRAIN } }
            layer { name: "r" type: "ReLU" bottom: "data" top: "r" }
            """).graphs
        #expect(graphs.map(\.variantLabel) == ["TRAIN", "TEST [test-on-test-set]", "TEST [test-on-train-set]"])
        #expect(graphs[2].nodes.map(\.name) == ["d2", "r"])
    }

    @Test func unknownTypesAreKept() throws {
        let graph = try #require(try load("""
            input: "data"
            layer { name: "prior" type: "PriorBox" bottom: "data" top: "prior" prior_box_param { min_size: 30.0 } }
            layer { name: "py" type: "Python" bottom: "prior" top: "out" python_param { module: "m" layer: "L" } }
            """).graphs.first)
        #expect(graph.node("prior")?.op == .unknown("PriorBox"))
        #expect(graph.node("py")?.op == .unknown("Python"))
    }

    @Test func rarerLayerTypesGetOpsTheAnalysisUnderstands() throws {
        let graph = try #require(try load("""
            input: "data"
            layer { name: "spp" type: "SPP" bottom: "data" top: "spp" spp_param { pyramid_height: 2 pool: AVE } }
            layer { name: "cols" type: "Im2col" bottom: "data" top: "cols" convolution_param { kernel_size: 3 pad: 1 } }
            layer { name: "w" type: "Parameter" top: "w" parameter_param { shape { dim: 4 } } }
            layer { name: "pick" type: "BatchReindex" bottom: "data" bottom: "w" top: "pick" }
            layer { name: "save" type: "HDF5Output" bottom: "pick" bottom: "spp" }
            """).graphs.first)
        #expect(graph.node("spp")?.op == .pyramidPool(.average))
        #expect(graph.node("cols")?.op == .pad(value: 0))
        #expect(graph.node("w")?.op == .parameter)
        #expect(graph.node("pick")?.op == .gather)
        #expect(graph.node("save")?.op == .silence)
    }

    @Test func wrongValueKindInAKnownFieldIsAnError() {
        #expect(throws: TextFormatError.self) {
            try load("layer { name: \"p\" type: \"Pooling\" pooling_param { kernel_size: three } }")
        }
    }

    @Test func emptyFileIsAnError() throws {
        for text in ["", "   \n", "# only a comment\n"] {
            #expect(throws: TextFormatError.self) { try load(text) }
        }
    }

    @Test func labelMapIsSkippedWithANote() throws {
        let result = try load("item { name: \"none_of_the_above\" label: 0 display_name: \"background\" }")
        #expect(result.graphs.isEmpty)
        #expect(result.diagnostics.first?.severity == .note)
        #expect(result.diagnostics.first?.message.contains("label map") == true)
    }
}

@Suite("Caffe solvers")
struct CaffeSolverReaderTests {
    @Test func settingsAndScheduleAreRead() throws {
        let result = try load("""
            net: "does/not/exist.prototxt"
            base_lr: 0.01
            lr_policy: "multistep"
            gamma: 0.1
            stepvalue: 5000
            stepvalue: 7000
            momentum: 0.9
            weight_decay: 0.0005
            clip_gradients: 10
            max_iter: 10000
            solver_type: ADAM
            """, path: "solver.prototxt")
        let training = try #require(result.graphs.first?.training)
        #expect(training.baseLearningRate == 0.01)
        #expect(training.schedule == .multiStep(gamma: 0.1, steps: [5000, 7000]))
        #expect(training.momentum == 0.9)
        #expect(training.weightDecay == 0.0005)
        #expect(training.gradientClipping == 10)
        #expect(training.maxIterations == 10000)
        #expect(training.optimizer == "Adam")
        #expect(training.fieldLocations[.baseLearningRate]?.line == 2)
        // The net cannot be found: a note, and the solver is still linted (one graph with its settings).
        #expect(result.diagnostics.map(\.severity) == [.note])
        #expect(result.diagnostics.first?.location.line == 1)
        #expect(result.graphs.count == 1)
    }

    @Test func netPathResolvesAgainstTheSolverFolderAndItsParentsUpToTheRepository() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-solver-\(UUID().uuidString)")
        let solverFolder = root.appendingPathComponent("examples/mnist")
        try FileManager.default.createDirectory(at: solverFolder, withIntermediateDirectories: true)
        // The Caffe root is a git repository: its nets may be read, nothing above it.
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try """
            layer { name: "d" type: "Data" top: "data" data_param { batch_size: 32 } include { phase: TRAIN } }
            layer { name: "r" type: "ReLU" bottom: "data" top: "r" }
            """.write(to: solverFolder.appendingPathComponent("net.prototxt"), atomically: true, encoding: .utf8)
        let solverPath = solverFolder.appendingPathComponent("solver.prototxt").path
        // Relative to the Caffe root, two folders above the solver.
        let result = try CaffeFrontend.load(SourceFile(path: solverPath, text: """
            net: "examples/mnist/net.prototxt"
            base_lr: 0.1
            """))
        #expect(result.diagnostics.isEmpty)
        #expect(result.graphs.map(\.phase) == [.train, .test])
        #expect(result.graphs[0].training?.baseLearningRate == 0.1)
        #expect(result.graphs[0].training?.batchSize[.train] == 32)
        #expect(result.sources.count == 2)
    }

    @Test func inlineNetParam() throws {
        let result = try load("""
            base_lr: 0.01
            lr_policy: "inv" gamma: 0.0001 power: 0.75
            train_net_param { name: "inline" input: "x" layer { name: "r" type: "ReLU" bottom: "x" top: "y" } }
            """, path: "solver.prototxt")
        #expect(result.graphs.map(\.name) == ["inline"])
        #expect(result.graphs[0].phase == .train)
        #expect(result.graphs[0].training?.schedule == .inverse(gamma: 0.0001, power: 0.75))
    }
}

@Suite("Caffe recurrent layers")
struct CaffeRecurrentTests {
    @Test func exposedHiddenStatesAreInputsAndOutputs() throws {
        let graph = try #require(try load("""
            input: "x" input_shape { dim: 5 dim: 2 dim: 8 }
            input: "cont" input_shape { dim: 5 dim: 2 }
            input: "static" input_shape { dim: 2 dim: 3 }
            input: "h0" input_shape { dim: 1 dim: 2 dim: 4 }
            input: "c0" input_shape { dim: 1 dim: 2 dim: 4 }
            layer { name: "lstm" type: "LSTM" bottom: "x" bottom: "cont" bottom: "static" bottom: "h0" bottom: "c0"
                    top: "h" top: "hT" top: "cT" recurrent_param { num_output: 4 expose_hidden: true } }
            layer { name: "rnn" type: "RNN" bottom: "x" bottom: "cont" top: "o" recurrent_param { num_output: 4 } }
            """).graphs.first)
        #expect(graph.node("lstm")?.op == .lstm(RecurrentAttributes(
            cell: .lstm, outputs: [.sequence, .lastHidden, .lastCell], initialHidden: 3, initialCell: 4)))
        #expect(graph.node("rnn")?.op == .rnn(RecurrentAttributes(cell: .simple, outputs: [.sequence])))
    }
}
