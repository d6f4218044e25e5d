import Foundation
import ModelLintIR
import Testing
@testable import ModelLintONNX

/// The PyTorch module a node came from, as `torch.onnx.export` records it
/// (metadata written by torch 2.13's dynamo exporter; names by its
/// TorchScript exporter).
@Suite("ONNX source modules")
struct ONNXSourceModuleTests {
    static let convScopes = "['', 'encoder', 'encoder.conv1', 'conv2d']"
    static let logNamespace = ": __main__.M/encoder: __main__.Inner/log: aten.log.default"

    @Test func nameScopesEndWithTheOpAndTheModuleIsBeforeIt() {
        #expect(ONNXSourceModule.fromNameScopes(Self.convScopes) == "encoder.conv1")
        #expect(ONNXSourceModule.fromNameScopes("['', 'encoder', 'log']") == "encoder")
        #expect(ONNXSourceModule.fromNameScopes("['', 'log']") == "")
        #expect(ONNXSourceModule.fromNameScopes("[\"\", \"layer1.0\", \"it's\"]") == "layer1.0")
        #expect(ONNXSourceModule.fromNameScopes("not a list") == nil)
    }

    @Test func theNamespaceNamesEachScopeBeforeItsClass() {
        #expect(ONNXSourceModule.fromNamespace(Self.logNamespace) == "encoder")
        #expect(ONNXSourceModule.fromNamespace(": M/encoder: Inner/encoder.conv1: torch.nn.Conv2d/conv2d: aten.conv2d.default")
                == "encoder.conv1")
        #expect(ONNXSourceModule.fromNamespace("log") == nil)
    }

    @Test func torchScriptNamesAreTheScopesJoined() {
        #expect(ONNXSourceModule.fromScopedName("/layer1/layer1.0/conv1/Conv") == "layer1.0.conv1")
        #expect(ONNXSourceModule.fromScopedName("/encoder/conv1/Conv") == "encoder.conv1")
        #expect(ONNXSourceModule.fromScopedName("/Log") == "")
    }

    static func logOfRelu(metadata: [String: String], logName: String = "node_log") -> Onnx_ModelProto {
        var log = ModelBuilder.node(logName, "Log", ["r"], ["y"])
        log.metadataProps = metadata.sorted { $0.key < $1.key }.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return ModelBuilder.model([ModelBuilder.node("node_relu", "Relu", ["x"], ["r"]), log],
                                  inputs: [ModelBuilder.tensorInput("x", [4])], outputs: ["y"])
    }

    @Test func aBinaryNodeKeepsTheModuleItsMetadataNames() throws {
        let scoped = try loadONNX(model: Self.logOfRelu(metadata: ["pkg.torch.onnx.name_scopes": "['', 'encoder', 'log']",
                                                                   "namespace": Self.logNamespace]))
        #expect(try #require(scoped.graphs.first?.node(named: "node_log")).sourceModule == "encoder")
        #expect(try #require(scoped.graphs.first?.node(named: "node_relu")).sourceModule == nil)

        let namespaced = try loadONNX(model: Self.logOfRelu(metadata: ["namespace": Self.logNamespace]))
        #expect(try #require(namespaced.graphs.first?.node(named: "node_log")).sourceModule == "encoder")

        let torchScript = try loadONNX(model: Self.logOfRelu(metadata: [:], logName: "/encoder/block.1/Log"))
        #expect(try #require(torchScript.graphs.first?.node(named: "/encoder/block.1/Log")).sourceModule == "encoder.block.1")
    }

    @Test func aJSONNodeKeepsItToo() throws {
        let json = """
            {"irVersion": "8", "opsetImport": [{"version": "17"}],
             "graph": {"input": [{"name": "x"}], "output": [{"name": "y"}],
               "node": [{"name": "node_log", "opType": "Log", "input": ["x"], "output": ["y"],
                         "metadataProps": [{"key": "pkg.torch.onnx.name_scopes", "value": "['', 'head', 'head.norm', 'log']"}]}]}}
            """
        let graph = try #require(try loadONNX(json: json).graphs.first)
        #expect(try #require(graph.node(named: "node_log")).sourceModule == "head.norm")
    }
}
