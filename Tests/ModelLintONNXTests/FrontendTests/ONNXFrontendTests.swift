import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintONNX

@Suite("ONNX into IR")
struct ONNXFrontendTests {
    static let poolJSON = """
        {
          "irVersion": "8",
          "opset_import": [{"version": "17"}],
          "graph": {
            "name": "g",
            "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimParam": "batch"}, {"dimValue": "3"}, {"dimValue": "32"}, {"dimValue": "32"}]}}}}],
            "node": [
              {"name": "pool", "op_type": "AveragePool", "input": ["x"], "output": ["y"],
               "attribute": [
                 {"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                 {"name": "strides", "ints": [3, 3], "type": 7},
                 {"name": "pads", "ints": ["0", "1", "0", "1"], "type": "INTS"},
                 {"name": "ceil_mode", "i": "1", "type": "INT"}
               ]}
            ],
            "output": [{"name": "y"}]
          }
        }
        """

    @Test func jsonNodesCarryLinesColumnsAndAttributes() throws {
        let graph = try #require(try loadONNX(json: Self.poolJSON).graphs.first)
        let pool = try #require(graph.node(named: "pool"))
        #expect(pool.op == .pool(PoolAttributes(kind: .average, kernel: [2, 2], strides: [3, 3], padsBegin: [0, 1],
                                                padsEnd: [0, 1], arithmetic: .ceil)))
        #expect(pool.sourceType == "AveragePool")
        #expect((pool.location.line, pool.location.column) == (8, 7))
        #expect(pool.location(of: .attribute("stride")).line == 11)
        #expect(pool.location(of: .attribute("kernel")).line == 10)
        let input = graph.tensor(graph.inputs[0])
        #expect(input.shape == Shape([.symbolic("batch"), .known(3), .known(32), .known(32)]))
        let inferred = ShapeInference.infer(graph)
        // Rows: ceil((32 - 2) / 3) + 1 = 11. Columns: ceil((32 + 1 + 1 - 2) / 3) + 1 = 12, but the
        // 12th window would start at 33, in the end padding, so ONNX drops it: 11.
        #expect(inferred.tensor(pool.outputs[0]).shape == Shape([.symbolic("batch"), .known(3), .known(11), .known(11)]))
    }

    @Test func binaryNodesCarryByteRanges() throws {
        let model = ModelBuilder.model([
            ModelBuilder.node("relu", "Relu", ["x"], ["r"]),
            ModelBuilder.node("pool", "MaxPool", ["r"], ["y"], ints: ["kernel_shape": [2, 2], "strides": [3, 3]]),
        ], inputs: [ModelBuilder.tensorInput("x", [1, 3, 8, 8])], outputs: ["y"])
        let bytes: [UInt8] = try model.serializedBytes()
        let graph = try #require(try loadONNX(model: model).graphs.first)
        let pool = try #require(graph.node(named: "pool"))
        let range = try #require(pool.location.byteRange)
        #expect(pool.location.line == 0)
        // The range holds the node: its name and op type are inside it, and not the other node's.
        let text = String(decoding: bytes[range], as: UTF8.self)
        #expect(text.contains("pool") && text.contains("MaxPool") && !text.contains("Relu"))
        #expect(try #require(graph.node(named: "relu")?.location.byteRange).upperBound <= range.lowerBound)
    }

    @Test func opsetDecidesAttributeMeaning() throws {
        func softmaxAxis(opset: Int64) throws -> Op? {
            let model = ModelBuilder.model([ModelBuilder.node("s", "Softmax", ["x"], ["y"])],
                                           inputs: [ModelBuilder.tensorInput("x", [2, 5])], outputs: ["y"], opset: opset)
            return try loadONNX(model: model).graphs.first?.node(named: "s")?.op
        }
        #expect(try softmaxAxis(opset: 11) == .softmax(axis: 1))
        #expect(try softmaxAxis(opset: 13) == .softmax(axis: -1))
    }

    @Test func initializersAreConstantsReadOnDemand() throws {
        var weights = Onnx_TensorProto()
        weights.name = "w"
        weights.dims = [2]
        weights.dataType = 1
        weights.rawData = Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])  // 1.0, 2.0 little-endian
        let model = ModelBuilder.model([ModelBuilder.node("add", "Add", ["x", "w"], ["y"])],
                                       inputs: [ModelBuilder.tensorInput("x", [2])], outputs: ["y"], initializers: [weights])
        let graph = try #require(try loadONNX(model: model).graphs.first)
        let w = try #require(graph.tensors.first { $0.name == "w" })
        #expect(w.constantValues == [1, 2])
        #expect(w.constant?.storedCount == 2)
        #expect(!graph.inputs.contains(w.id))
    }

    /// Paddle writes `dim_value: -1` for a dynamic batch (and 0 on inputs):
    /// read as a dynamic dimension, with one note at the input.
    @Test func paddlesMinusOneAndZeroDimensionsOnAnInputAreDynamicWithOneNote() throws {
        let result = try loadONNX(json: """
            {"irVersion": "8", "opsetImport": [{"version": "11"}], "graph": {"name": "paddle",
              "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "-1"}, {"dimValue": "3"}, {"dimValue": "0"}]}}}}],
              "node": [{"name": "r1", "opType": "Relu", "input": ["x"], "output": ["a"]},
                       {"name": "r2", "opType": "Relu", "input": ["a"], "output": ["b"]}],
              "output": [{"name": "b"}]}}
            """)
        let graph = try #require(result.graphs.first)
        let x = try #require(graph.tensors.first { $0.name == "x" })
        #expect(x.shape == Shape([.unknown, .known(3), .unknown]))
        #expect(result.diagnostics.map(\.severity) == [.note])
        #expect(result.diagnostics.first?.message.hasPrefix("input 'x' gives dimensions 0, 2 as -1 or 0") == true,
                "\(result.diagnostics)")
    }

    @Test func externalDataIsReadRelativeToTheModelAndAMissingFileIsANote() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-onnx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var weights = Onnx_TensorProto()
        weights.name = "w"
        weights.dims = [2]
        weights.dataType = 1
        weights.dataLocation = .external
        weights.externalData = [("location", "model.onnx.data"), ("offset", "4"), ("length", "8")].map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        let model = ModelBuilder.model([ModelBuilder.node("add", "Add", ["x", "w"], ["y"])],
                                       inputs: [ModelBuilder.tensorInput("x", [2])], outputs: ["y"], initializers: [weights])
        let path = folder.appendingPathComponent("model.onnx").path
        let missing = try loadONNX(model: model, path: path)
        #expect(missing.diagnostics.map(\.severity) == [.note])
        #expect(missing.graphs.first?.tensors.first { $0.name == "w" }?.constantValues == nil)

        try Data([9, 9, 9, 9, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]).write(to: folder.appendingPathComponent("model.onnx.data"))
        let present = try loadONNX(model: model, path: path)
        #expect(present.diagnostics.isEmpty)
        #expect(present.graphs.first?.tensors.first { $0.name == "w" }?.constantValues == [1, 2])
    }

    @Test func subgraphsReadNamesFromTheGraphAroundThem() throws {
        var thenBranch = Onnx_GraphProto()
        thenBranch.name = "then"
        thenBranch.node = [ModelBuilder.node("inner", "Relu", ["x"], ["t"])]
        thenBranch.output = [ModelBuilder.output("t")]
        var elseBranch = Onnx_GraphProto()
        elseBranch.name = "else"
        elseBranch.node = [ModelBuilder.node("inner2", "Neg", ["x"], ["e"])]
        elseBranch.output = [ModelBuilder.output("e")]
        let model = ModelBuilder.model([
            ModelBuilder.node("if", "If", ["cond"], ["y"], graphs: ["else_branch": elseBranch, "then_branch": thenBranch]),
        ], inputs: [ModelBuilder.tensorInput("x", [2]), ModelBuilder.tensorInput("cond", [])], outputs: ["y"])
        let graph = try #require(try loadONNX(model: model).graphs.first)
        #expect(graph.subgraphs.map(\.name).sorted() == ["else", "then"])
        for subgraph in graph.subgraphs {
            let reader = try #require(subgraph.nodes.first)
            let x = subgraph.tensor(reader.inputs[0])
            #expect(subgraph.inputs.contains(x.id), "an outer name is an input of the subgraph, not a dangling read")
        }
    }

    @Test func optionalInputsKeepTheirPositions() throws {
        let model = ModelBuilder.model([ModelBuilder.node("clip", "Clip", ["x", "", "hi"], ["y"])],
                                       inputs: [ModelBuilder.tensorInput("x", [2]), ModelBuilder.tensorInput("hi", [])],
                                       outputs: ["y"])
        let graph = try #require(try loadONNX(model: model).graphs.first)
        let clip = try #require(graph.node(named: "clip"))
        #expect(clip.inputs.count == 3)
        #expect(graph.tensor(clip.inputs[1]).name == "")
        #expect(graph.tensor(clip.inputs[2]).name == "hi")
    }
}

@Suite("Malformed ONNX gets one positioned error")
struct MalformedONNXTests {
    private func failure(_ load: () throws -> ONNXLoadResult) -> ONNXReadError? {
        do {
            _ = try load()
            return nil
        } catch {
            return error as? ONNXReadError
        }
    }

    @Test func jsonSyntaxErrorHasLineAndColumn() throws {
        let error = try #require(failure { try loadONNX(json: "{\n  \"graph\": {\n    \"node\": [,]\n  }\n}") })
        #expect((error.location.line, error.location.column) == (3, 14))
    }

    @Test func jsonOfTheWrongTypeHasLineAndColumn() throws {
        let json = """
            {"irVersion": "8",
             "graph": {"node": [{"opType": "Relu", "input": ["x"], "output": ["y"]},
                                {"opType": 42, "input": ["y"], "output": ["z"]}]}}
            """
        let error = try #require(failure { try loadONNX(json: json) })
        #expect(error.location.line == 3)
        #expect(error.message.contains("opType"))
    }

    @Test func jsonThatIsNotAModel() throws {
        let error = try #require(failure { try loadONNX(json: "{\"name\": \"package\", \"version\": \"1.0\"}") })
        #expect(error.message.contains("not an ONNX model"))
        #expect(failure { try loadONNX(json: "[1, 2, 3]") } != nil)
        #expect(failure { try loadONNX(json: "") } != nil)
    }

    @Test(SharedMaterial.required) func truncatedBinaryHasAByteOffset() throws {
        let url = onnxCorpus.appendingPathComponent("models/squeezenet1_0.onnx")
        let bytes = Array(try Data(contentsOf: url))
        for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 97)) {
            let file = SourceFile(path: "cut.onnx", bytes: Array(bytes[..<cut]))
            do {
                _ = try ONNXFrontend.load(file, encoding: .binary)
            } catch let error as ONNXReadError {
                let offset = try #require(error.location.byteRange?.lowerBound, "\(error)")
                #expect(offset <= cut)
                #expect(error.message.contains("byte"))
            }
        }
    }

    @Test func garbageBytesNeverCrash() {
        var generator = SeededRandom(seed: 0x6E11)
        for length in 0..<400 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? ONNXFrontend.load(SourceFile(path: "g.onnx", bytes: bytes), encoding: .binary)
            _ = try? ONNXFrontend.load(SourceFile(path: "g.json", bytes: bytes), encoding: .json)
        }
    }
}
