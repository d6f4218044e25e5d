import Foundation
import ModelLintTestSupport
import Testing

@Suite("modellint on ONNX models")
struct ONNXCommandTests {
    @Test func jsonFindingPointsAtTheAttributeLine() throws {
        let run = try Modellint.run(["Examples/onnx/avgpool_gap.json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Examples/onnx/avgpool_gap.json:24:11: warning: pooling stride 3 exceeds kernel 2 [ML201]"),
                "\(run.stdout)")
        #expect(run.stdout.contains("note: in layer 'avgpool_gap'"))
    }

    /// What `json_format.MessageToJson(model.graph)` writes: a graph without its model.
    @Test func aGraphWithoutItsModelIsReadWithANote() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("graph_only.json")
        try """
            {"name": "g",
             "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
             "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                      {"name": "log", "opType": "Log", "input": ["r"], "output": ["y"]}],
             "output": [{"name": "y"}]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try Modellint.run([file.path, "--color", "never"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("note: the file holds an ONNX graph without its model"), "\(run.stdout)")
        #expect(run.stdout.contains("graph_only.json:4:11: warning:") && run.stdout.contains("[ML101]"), "\(run.stdout)")
        // Something that is neither a model nor a graph is still refused.
        try #"{"producerName": "x"}"#.write(to: file, atomically: true, encoding: .utf8)
        let refused = try Modellint.run([file.path])
        #expect(refused.status == 2 && refused.stdout.contains("has no \"graph\""), "\(refused.stdout)")
    }

    /// A PyTorch export names the module each node came from; the finding repeats it.
    @Test func aFindingNamesThePyTorchModuleTheExporterRecorded() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("exported.json")
        try """
            {"irVersion": "8", "opsetImport": [{"version": "18"}], "producerName": "pytorch",
             "graph": {"name": "main_graph",
               "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
               "node": [{"name": "node_relu", "opType": "Relu", "input": ["x"], "output": ["r"],
                         "metadataProps": [{"key": "pkg.torch.onnx.name_scopes", "value": "['', 'encoder', 'relu']"}]},
                        {"name": "node_log", "opType": "Log", "input": ["r"], "output": ["y"],
                         "metadataProps": [{"key": "pkg.torch.onnx.name_scopes", "value": "['', 'encoder', 'log']"}]}],
               "output": [{"name": "y"}]}}
            """.write(to: file, atomically: true, encoding: .utf8)
        let text = try Modellint.run([file.path, "--color", "never"])
        #expect(text.status == 1, "\(text.stdout)")
        #expect(text.stdout.contains("note: in layer 'node_log' (module 'encoder')"), "\(text.stdout)")
        let json = try Modellint.run([file.path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(finding["code"] as? String == "ML101")
        #expect(finding["node"] as? String == "node_log")
        #expect(finding["source_module"] as? String == "encoder")
    }

    @Test func binaryFindingNamesTheNodeAndItsBytes() throws {
        let run = try Modellint.run(["Examples/onnx/avgpool_gap.onnx"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Examples/onnx/avgpool_gap.onnx: warning: pooling stride 3 exceeds kernel 2 [ML201]"),
                "\(run.stdout)")
        #expect(run.stdout.contains("note: in layer 'avgpool_gap'"))
        #expect(run.stdout.contains("note: at bytes "))
    }

    @Test func corruptModelsAreExitTwoWithAPosition() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Data(contentsOf: Modellint.packageRoot.appendingPathComponent("Examples/onnx/avgpool_gap.onnx"))
        let truncated = folder.appendingPathComponent("truncated.onnx")
        try model.prefix(model.count - 20).write(to: truncated)
        let notAModel = folder.appendingPathComponent("package.json")
        try "{\"name\": \"x\", \"graph\": 3}".write(to: notAModel, atomically: true, encoding: .utf8)
        let wrongType = folder.appendingPathComponent("wrong.json")
        try "{\"irVersion\": \"8\",\n \"graph\": {\"node\": [{\"opType\": [1]}]}}".write(to: wrongType, atomically: true, encoding: .utf8)

        let run = try Modellint.run([truncated.path, notAModel.path, wrongType.path, "Examples/onnx/avgpool_gap.json"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("\(truncated.path): error: not a readable ONNX model: truncated"), "\(run.stdout)")
        #expect(run.stdout.contains("(byte "))
        #expect(run.stdout.contains("\(notAModel.path):1:"), "\(run.stdout)")
        #expect(run.stdout.contains("\(wrongType.path):2:"), "\(run.stdout)")
        #expect(run.stdout.contains("[ML201]"), "the good file is still linted")
    }
}

@Suite("modellint --dump-intervals")
struct DumpIntervalsTests {
    @Test(SharedMaterial.required) func dumpsEveryTensorAsJSON() throws {
        let run = try Modellint.run(["--dump-intervals", "--input-range", "x=0:1", SharedMaterial.path("corpus/onnx/hazards/safe_exp_sub_max.json")])
        #expect(run.status == 0, "\(run.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["graph"] as? String == "safe_exp_sub_max")
        let tensors = try #require(object["tensors"] as? [String: [String: Any]])
        #expect(tensors["x"]?["lo"] as? Double == 0 && tensors["x"]?["hi"] as? Double == 1)
        #expect(tensors["y"]?["nan"] as? Bool == false)
    }

    @Test func infiniteBoundsAreStrings() throws {
        let run = try Modellint.run(["--dump-intervals", "Examples/caffe/lenet_train_test.prototxt"])
        #expect(run.status == 0)
        let graphs = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(graphs.count == 2, "TRAIN and TEST")
        let tensors = try #require(graphs.first?["tensors"] as? [String: [String: Any]])
        #expect(tensors["data"]?["hi"] as? Double == 0.99609375, "transform_param scale 1/256 on 8-bit pixels")
        #expect(tensors["ip1@1"]?["lo"] as? Double == 0 && tensors["ip1@1"]?["hi"] as? String == "inf")
    }

    @Test func badArgumentsExitTwo() throws {
        #expect(try Modellint.run(["--dump-intervals", "--input-range", "x=1:0", "Examples/onnx/avgpool_gap.json"]).status == 2)
        #expect(try Modellint.run(["--dump-intervals", "Examples/onnx/avgpool_gap.json", "Examples/onnx/avgpool_gap.onnx"]).status == 2)
        #expect(try Modellint.run(["--dump-intervals", "Examples/caffe/broken.prototxt"]).status == 2)
    }
}
