import Foundation
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// The BatchNorm and dtype rules (ML203–ML206) beyond their documented examples:
/// where the batch size and the sample order come from, severities, defaults.
@Suite("BatchNorm and dtype rules")
struct BatchNormRuleTests {
    private func findings(_ text: String, rule: String, format: ModelFormat = .caffe,
                          path: String = "net.prototxt") throws -> [Finding] {
        let loaded = try ModelLoader.load(SourceFile(path: path, text: text), format: format)
        let linter = Linter(rules: [try #require(RuleRegistry.rule(named: rule))])
        return loaded.graphs.flatMap { linter.check($0) }
    }

    /// A TRAIN net: `dataLayer`, then conv (or fc) -> BatchNorm -> loss.
    private func net(_ dataLayer: String, bn: String = "", fullyConnected: Bool = false) -> String {
        let body = fullyConnected
            ? #"layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "feat" inner_product_param { num_output: 8 } }"#
            : #"layer { name: "conv1" type: "Convolution" bottom: "data" top: "feat" convolution_param { num_output: 8 kernel_size: 3 } }"#
        return """
            name: "n"
            \(dataLayer)
            \(body)
            layer { name: "bn1" type: "BatchNorm" bottom: "feat" top: "feat" \(bn) }
            layer { name: "loss" type: "EuclideanLoss" bottom: "feat" bottom: "label" top: "loss" }
            """
    }

    // MARK: ML203

    @Test func batchOfOneOverSpatialExtentIsAWarningOneValuePerChannelAnError() throws {
        let spatial = try findings(net(#"""
            layer { name: "data" type: "DummyData" top: "data" top: "label" include { phase: TRAIN }
              dummy_data_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } shape { dim: 1 dim: 8 dim: 6 dim: 6 } } }
            """#), rule: "ML203")
        #expect(spatial.map(\.severity) == [.warning])
        #expect(spatial.first?.related.first?.message.contains("'bn1'") == true)
        let flat = try findings(net(#"""
            layer { name: "data" type: "DummyData" top: "data" top: "label" include { phase: TRAIN }
              dummy_data_param { shape { dim: 1 dim: 16 } shape { dim: 1 dim: 8 } } }
            """#, fullyConnected: true), rule: "ML203")
        #expect(flat.map(\.severity) == [.error])
        #expect(flat.first?.evidence.contains { $0.contains("variance is exactly 0") } == true)
    }

    @Test func theTestPhaseBatchDoesNotCount() throws {
        let text = net(#"""
            layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TEST } data_param { source: "v" batch_size: 1 } }
            layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TRAIN } data_param { source: "t" batch_size: 64 } }
            """#)
        #expect(try findings(text, rule: "ML203").isEmpty)
    }

    @Test func aSolverMakesItsNetTheTrainNet() throws {
        // The net names no phase; the solver's train_net makes it TRAIN, and the finding is in the net's file.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-bn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try net(#"layer { name: "data" type: "Data" top: "data" top: "label" data_param { source: "t" batch_size: 1 } }"#)
            .write(to: root.appendingPathComponent("train.prototxt"), atomically: true, encoding: .utf8)
        try #"train_net: "train.prototxt"\#nbase_lr: 0.01\#n"#
            .write(to: root.appendingPathComponent("solver.prototxt"), atomically: true, encoding: .utf8)
        let report = Linter(rules: [try #require(RuleRegistry.rule(named: "ML203"))])
            .lint(paths: [root.appendingPathComponent("solver.prototxt").path])
        let found = report.findings.filter { $0.ruleCode == "ML203" }
        #expect(found.count == 1)
        #expect(found.first?.location.file.hasSuffix("train.prototxt") == true)
        #expect(found.first?.location.line == 2)
    }

    @Test func theTrainingConfigurationSpeaksWhenNoDataLayerDoes() throws {
        var builder = GraphBuilder(name: "g", source: SourceFile(path: "g.swift", text: ""))
        builder.graph.phase = .train
        let x = builder.declareInput("x")
        let y = builder.produce("y")
        builder.addNode(name: "bn", op: .batchNorm(epsilon: 1e-5), sourceType: "BatchNorm", inputs: [x], outputs: [y],
                        location: .startOf("g.swift"), fieldLocations: [:])
        builder.graph.training = TrainingConfig(batchSize: [.train: 1])
        let linter = Linter(rules: [try #require(RuleRegistry.rule(named: "ML203"))])
        #expect(linter.check(builder.graph).map(\.nodeName) == ["bn"])
        builder.graph.training = TrainingConfig(batchSize: [.train: 8])
        #expect(linter.check(builder.graph).isEmpty)
    }

    @Test func onnxReadsTheTrainingModeOfEachOpset() throws {
        func model(opset: Int, outputs: String, attribute: String) -> String {
            """
            {"irVersion": "7", "opsetImport": [{"version": "\(opset)"}], "graph": {"name": "g",
              "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "2"}]}}}},
                        {"name": "s", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}]}}}}],
              "node": [{"name": "bn", "opType": "BatchNormalization", "input": ["x", "s", "s", "s", "s"], "output": [\(outputs)]\(attribute)}],
              "output": [{"name": "y"}]}}
            """
        }
        let training = #", "attribute": [{"name": "training_mode", "i": "1", "type": "INT"}]"#
        #expect(try findings(model(opset: 15, outputs: #""y""#, attribute: training), rule: "ML203", format: .onnxJSON, path: "m.json").map(\.severity) == [.error])
        #expect(try findings(model(opset: 15, outputs: #""y""#, attribute: ""), rule: "ML203", format: .onnxJSON, path: "m.json").isEmpty)
        #expect(try findings(model(opset: 9, outputs: #""y", "m", "v", "sm", "sv""#, attribute: ""), rule: "ML203", format: .onnxJSON, path: "m.json").count == 1)
        #expect(try findings(model(opset: 9, outputs: #""y""#, attribute: ""), rule: "ML203", format: .onnxJSON, path: "m.json").isEmpty)
    }

    // MARK: ML204

    @Test func frozenStatisticsInTrainAreOneNotePerGraph() throws {
        let text = net(#"""
            layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TRAIN } data_param { source: "t" batch_size: 2 } }
            layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TEST } data_param { source: "v" batch_size: 2 } }
            layer { name: "bn0" type: "BatchNorm" bottom: "data" top: "data" batch_norm_param { use_global_stats: true } }
            """#, bn: "batch_norm_param { use_global_stats: true }")
        let found = try findings(text, rule: "ML204")
        #expect(found.map(\.severity) == [.note])
        #expect(found.first?.message.contains("all 2 BatchNorm layers") == true)
        #expect(found.first?.evidence.contains { $0.contains("known recipe") } == true)
    }

    // MARK: ML205

    @Test func defaultsOfEachDataLayer() throws {
        let hdf5Default = #"layer { name: "data" type: "HDF5Data" top: "data" top: "label" include { phase: TRAIN } hdf5_data_param { source: "l" batch_size: 8 } }"#
        #expect(try findings(net(hdf5Default), rule: "ML205").count == 1)
        let window = #"layer { name: "data" type: "WindowData" top: "data" top: "label" include { phase: TRAIN } window_data_param { source: "w" batch_size: 8 } }"#
        #expect(try findings(net(window), rule: "ML205").isEmpty)
        let v1 = #"layers { name: "data" type: IMAGE_DATA top: "data" top: "label" include { phase: TRAIN } image_data_param { source: "l" batch_size: 8 } }"#
        #expect(try findings(net(v1), rule: "ML205").count == 1)
        let shuffled = #"layer { name: "data" type: "ImageData" top: "data" top: "label" include { phase: TRAIN } image_data_param { source: "l" batch_size: 8 shuffle: true } }"#
        #expect(try findings(net(shuffled), rule: "ML205").isEmpty)
        // Ordered, but its BatchNorm is frozen: the batch's statistics are never used.
        #expect(try findings(net(hdf5Default, bn: "batch_norm_param { use_global_stats: true }"), rule: "ML205").isEmpty)
    }

    @Test func databasesAreJudgedOnlyWhenTheConfigurationSaysTheyAreOrdered() throws {
        let lmdb = #"layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TRAIN } data_param { source: "train_lmdb" backend: LMDB batch_size: 8 } }"#
        #expect(try findings(net(lmdb), rule: "ML205").isEmpty, "a database may have been written shuffled")
        let loaded = try ModelLoader.load(SourceFile(path: "net.prototxt", text: net(lmdb)), format: .caffe)
        let ordered = Linter(rules: [try #require(RuleRegistry.rule(named: "ML205"))], thresholds: ["ordered-databases": 1])
        let found = loaded.graphs.flatMap { ordered.check($0) }
        #expect(found.count == 1)
        #expect(found.first?.message.contains("ordered-databases: 1") == true)
    }

    // MARK: ML206

    @Test func onlyDataInputsAreCompared() throws {
        // Clip's bounds share the input's type by the spec; an fp32 bound on fp16 data is a mismatch.
        let text = """
            {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "g",
              "input": [{"name": "x", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "4"}]}}}},
                        {"name": "seq", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "2"}, {"dimValue": "3"}]}}}}],
              "initializer": [{"name": "lo", "dims": [], "dataType": 1, "floatData": [0.0]},
                              {"name": "ex", "dims": [], "dataType": 1, "floatData": [2.0]},
                              {"name": "sc", "dims": [], "dataType": 1, "floatData": [0.1]}],
              "node": [{"name": "clip", "opType": "Clip", "input": ["x", "lo"], "output": ["c"]},
                       {"name": "pow", "opType": "Pow", "input": ["x", "ex"], "output": ["p"]},
                       {"name": "q", "opType": "QuantizeLinear", "input": ["x", "sc"], "output": ["qx"]}],
              "output": [{"name": "c"}, {"name": "p"}, {"name": "qx"}]}}
            """
        #expect(try findings(text, rule: "ML206", format: .onnxJSON, path: "m.json").compactMap(\.nodeName) == ["clip"])
    }
}

extension BatchNormRuleTests {
    @Test func shufflingOffInTheTrainingConfigurationWithoutADataLayer() throws {
        var builder = GraphBuilder(name: "g", source: SourceFile(path: "g.swift", text: ""))
        builder.graph.phase = .train
        let x = builder.declareInput("x")
        let y = builder.produce("y")
        _ = builder.addNode(name: "bn", op: .batchNorm(epsilon: 1e-5), sourceType: "BatchNorm", inputs: [x], outputs: [y],
                            location: .startOf("g.swift"), fieldLocations: [:])
        builder.graph.training = TrainingConfig(shuffle: false)
        let linter = Linter(rules: [try #require(RuleRegistry.rule(named: "ML205"))])
        #expect(linter.check(builder.graph).map(\.nodeName) == ["bn"])
        builder.graph.training = TrainingConfig(shuffle: true)
        #expect(linter.check(builder.graph).isEmpty)
    }
}
