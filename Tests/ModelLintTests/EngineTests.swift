import Foundation
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

private func folder(with files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-engine-\(UUID().uuidString)")
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}

private let faultyPool = """
    input: "data"
    input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
    layer { name: "p" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 5 } }
    """

@Suite("File discovery")
struct FileDiscoveryTests {
    @Test func foldersAreWalkedForModelFilesOnly() throws {
        let root = try folder(with: [
            "a/net.prototxt": faultyPool,
            "a/solver.pt": "base_lr: 0.1",
            "b/model.json": "{\"irVersion\": \"8\", \"opsetImport\": [{\"version\": \"17\"}]}",
            "b/package.json": "{\"name\": \"x\"}",
            "c/Model.swift": "import ModelLintDSL\n",
            "c/Other.swift": "import Foundation\n",
            "notes.txt": "hello",
            ".hidden/net.prototxt": faultyPool,
            ".build/x.prototxt": faultyPool,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = FileDiscovery.discover([root.path]).files.map { String($0.path.dropFirst(root.path.count + 1)) }
        #expect(found == ["a/net.prototxt", "a/solver.pt", "b/model.json", "c/Model.swift"])
    }

    @Test func missingPathsAreErrorsAndDuplicatesAreReadOnce() throws {
        let root = try folder(with: ["net.prototxt": faultyPool])
        defer { try? FileManager.default.removeItem(at: root) }
        let net = root.appendingPathComponent("net.prototxt").path
        let result = FileDiscovery.discover([net, root.path, root.appendingPathComponent("nope").path])
        #expect(result.files.map(\.path) == [net])
        #expect(result.missing.map(\.severity) == [.error])
    }
}

@Suite("Rule selection")
struct RuleSelectionTests {
    private func codes(select: [String] = [], ignore: [String] = [], preview: Bool = false) throws -> [String] {
        try RuleSelection(select: select, ignore: ignore, preview: preview).rules().map(\.description.code)
    }

    /// A preview rule runs when named or with --preview, never through a prefix.
    @Test func previewRulesRunOnlyWhenAskedFor() throws {
        let preview = RuleRegistry.descriptions.filter(\.isPreview).map(\.code)
        #expect(preview == ["ML202"])
        #expect(try codes() == RuleRegistry.descriptions.filter { !$0.isPreview }.map(\.code))
        #expect(try codes(preview: true) == RuleRegistry.descriptions.map(\.code))
        #expect(try !codes(select: ["ML2"]).contains("ML202"))
        #expect(try codes(select: ["ML202"]) == ["ML202"])
        #expect(try codes(select: ["bn-encoder-decoder-mismatch", "ML201"]) == ["ML201", "ML202"])
    }

    @Test func codesNamesAndPrefixes() throws {
        #expect(try codes(preview: true) == RuleRegistry.descriptions.map(\.code))
        #expect(try codes(select: ["ML0"]) == ["ML001", "ML002", "ML003", "ML004", "ML005", "ML006", "ML007", "ML008"])
        #expect(try codes(select: ["pool-stride-exceeds-kernel"]) == ["ML201"])
        #expect(try codes(select: ["ml201"]) == ["ML201"])
        #expect(try codes(select: ["ML3"]) == ["ML301", "ML302", "ML303"])
        #expect(try codes(ignore: ["ML0", "ML1", "ML2", "ML3", "ML9"]).isEmpty)
        #expect(try codes(ignore: ["ML0", "ML1", "ML201", "bn-encoder-decoder-mismatch"])
            == RuleRegistry.descriptions.map(\.code).filter { !["ML0", "ML1", "ML201", "ML202"].contains(where: $0.hasPrefix) })
        #expect(try codes(select: ["ML2"]).allSatisfy { $0.hasPrefix("ML2") })
        #expect(try !codes(ignore: ["ML201"]).contains("ML201"))
    }

    @Test func anIdentifierThatMatchesNothingIsRefused() {
        #expect(throws: RuleSelection.UnknownRule.self) { try codes(select: ["ML7"]) }
        #expect(throws: RuleSelection.UnknownRule.self) { try codes(ignore: ["pool-stride"]) }
    }
}

@Suite("The linter")
struct LinterTests {
    @Test func aLayerInBothPhasesIsReportedOnce() throws {
        let root = try folder(with: ["net.prototxt": """
            layer { name: "d" type: "Input" top: "data" include { phase: TRAIN } input_param { shape { dim: 1 dim: 1 dim: 9 dim: 9 } } }
            layer { name: "e" type: "Input" top: "data" include { phase: TEST } input_param { shape { dim: 1 dim: 1 dim: 9 dim: 9 } } }
            layer { name: "p" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 5 } }
            """])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.path])
        #expect(report.findings.map(\.ruleCode) == ["ML201"])
        #expect(report.findings.first?.severity == .error)
        #expect(report.findings.first?.evidence.last == "found in every graph of this net: TRAIN and TEST")
    }

    @Test func aFindingInOnePhaseSaysWhich() throws {
        let root = try folder(with: ["net.prototxt": """
            input: "data"
            input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
            layer { name: "p" type: "Pooling" bottom: "data" top: "p" include { phase: TRAIN }
              pooling_param { pool: MAX kernel_size: 2 stride: 3 } }
            layer { name: "q" type: "ReLU" bottom: "data" top: "q" include { phase: TEST } }
            """])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.path])
        #expect(report.findings.map(\.ruleCode) == ["ML201"])
        #expect(report.findings.first?.evidence.last == "found only in the TRAIN graph")
    }

    @Test func aBrokenFileDoesNotStopTheOthers() throws {
        let root = try folder(with: [
            "a_broken.prototxt": "layer { name: \"x\" ",
            "b_net.prototxt": faultyPool,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.path])
        #expect(report.filesLinted == 2)
        #expect(report.diagnostics.filter { $0.severity == .error }.map { ($0.location.file as NSString).lastPathComponent } == ["a_broken.prototxt"])
        #expect(report.findings.map(\.ruleCode) == ["ML201"])
        #expect(report.sources.keys.contains { $0.hasSuffix("a_broken.prototxt") }, "the broken file can be quoted")
    }

    @Test func formatsWithoutAFrontendYetAreSkippedWithANote() throws {
        let root = try folder(with: ["Model.swift": "import ModelLintDSL\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.appendingPathComponent("Model.swift").path])
        #expect(report.diagnostics.map(\.severity) == [.note])
        #expect(report.findings.isEmpty)
    }

    @Test func aCorruptONNXFileIsAnErrorWithAByteOffset() throws {
        let root = try folder(with: ["m.onnx": "not really onnx", "net.prototxt": faultyPool])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.path])
        let error = try #require(report.diagnostics.first { $0.severity == .error })
        #expect(error.location.file.hasSuffix("m.onnx"))
        #expect(error.location.byteRange != nil)
        #expect(report.findings.map(\.ruleCode) == ["ML201"])
    }

    /// Rules see the graphs nested in control flow too: a pooling hazard
    /// inside a `Loop` body is reported at its node.
    @Test func rulesRunInsideSubgraphs() throws {
        let root = try folder(with: ["loop.json": """
            {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
              "name": "outer",
              "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "1"}, {"dimValue": "9"}, {"dimValue": "9"}]}}}},
                        {"name": "n", "type": {"tensorType": {"elemType": 7, "shape": {"dim": []}}}},
                        {"name": "c", "type": {"tensorType": {"elemType": 9, "shape": {"dim": []}}}}],
              "node": [{"name": "loop", "opType": "Loop", "input": ["n", "c"], "output": ["out"],
                        "attribute": [{"name": "body", "type": "GRAPH", "g": {
                          "name": "body",
                          "input": [{"name": "i"}, {"name": "cond_in"}],
                          "node": [{"name": "inner_pool", "opType": "AveragePool", "input": ["x"], "output": ["p"],
                                    "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                                  {"name": "strides", "ints": ["4", "4"], "type": "INTS"}]},
                                   {"name": "keep", "opType": "Identity", "input": ["cond_in"], "output": ["cond_out"]}],
                          "output": [{"name": "cond_out"}, {"name": "p"}]}}]}],
              "output": [{"name": "out"}]}}
            """])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: RuleRegistry.all).lint(paths: [root.appendingPathComponent("loop.json").path])
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics)")
        #expect(report.findings.map(\.ruleCode) == ["ML201"], "\(report.findings.map(\.message))")
        #expect(report.findings.first?.nodeName == "inner_pool")
        #expect(report.findings.first?.location.line == 12, "the inner node's strides attribute")
    }
}
