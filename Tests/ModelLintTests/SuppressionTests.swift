import Foundation
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// Writes `files` under a fresh folder and lints it with the rules `select`/`ignore` choose.
private func lint(_ files: [String: String], binary: [String: [UInt8]] = [:],
                  select: [String] = [], ignore: [String] = []) throws -> LintReportView {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-suppress-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (path, text) in files { try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8) }
    for (path, bytes) in binary { try Data(bytes).write(to: root.appendingPathComponent(path)) }
    let rules = try RuleSelection(select: select, ignore: ignore).rules()
    let report = Linter(rules: rules, configuration: .none).lint(paths: [root.path])
    return LintReportView(findings: report.findings.map {
        Seen(code: $0.ruleCode, line: $0.location.line, column: $0.location.column, node: $0.nodeName, message: $0.message)
    }, suppressed: report.suppressedCount, diagnostics: report.diagnostics.map(\.message))
}

private struct Seen: Equatable, CustomStringConvertible {
    var code: String
    var line: Int
    var column: Int
    var node: String?
    var message: String
    var description: String { "\(code)@\(line):\(column) \(node ?? "-") \(message)" }
}

private struct LintReportView {
    var findings: [Seen]
    var suppressed: Int
    var diagnostics: [String]
    var codes: [String] { findings.map(\.code) }
}

/// A 9-wide input under a 3-wide window moved by 5: ML201 on the `stride` line (line 5).
private func pool(_ strideLine: String = "stride: 5", before: String = "", layerLine: String = "layer {") -> String {
    """
    input: "data"
    input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
    \(layerLine)
      name: "p" type: "Pooling" bottom: "data" top: "p"
      pooling_param { pool: AVE kernel_size: 3
    \(before)    \(strideLine)
      }
    }
    """
}

private func onnxPool(doc: String, strides: Int = 3) -> String {
    """
    {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
      "name": "gap",
      "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
      "node": [{"name": "avgpool_gap", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                "docString": "\(doc)",
                "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                              {"name": "strides", "ints": ["\(strides)", "\(strides)"], "type": "INTS"}]}],
      "output": [{"name": "y"}]}}
    """
}

@Suite("Inline suppressions")
struct SuppressionTests {
    @Test func withoutASuppressionTheFindingIsReported() throws {
        let report = try lint(["net.prototxt": pool()])
        #expect(report.codes == ["ML201"], "\(report.findings)")
        #expect(report.suppressed == 0)
    }

    @Test func aCommentOnTheLineSuppressesIt() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML201 -- reproduces the paper")])
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.suppressed == 1)
    }

    @Test func aCommentOnTheLineAboveSuppressesIt() throws {
        let report = try lint(["net.prototxt": pool(before: "    # modellint: disable=ML201\n\n    # another comment\n")])
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.suppressed == 1)
    }

    @Test func aCommentAboveANodeCoversTheWholeDefinition() throws {
        let report = try lint(["net.prototxt": pool(layerLine: "# modellint: disable=pool-stride-exceeds-kernel\nlayer {")])
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func aCommentTwoLinesAboveDoesNotReach() throws {
        let report = try lint(["net.prototxt": pool(before: "    # modellint: disable=ML201\n    global_pooling: false\n")])
        #expect(report.codes.sorted() == ["ML201", "ML901"], "\(report.findings)")
    }

    @Test func severalCodesAndNamesInOneComment() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML104, pool-stride-exceeds-kernel,ML201")])
        // ML104 and the second spelling of ML201 are both judged: ML201 is used twice, ML104 never.
        #expect(report.findings.map { "\($0.code) \($0.column)" } == ["ML901 37"], "\(report.findings)")
        #expect(report.findings.first?.message.contains("ML104") == true)
    }

    @Test func disableFileCoversEveryLine() throws {
        let report = try lint(["net.prototxt": "# modellint: disable-file=ML201 -- legacy net\n" + pool()])
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    @Test func aSuppressionInsideAStringIsNoComment() throws {
        let report = try lint(["net.prototxt": pool().replacingOccurrences(of: "name: \"p\"", with: "name: \"p # modellint: disable=ML201\"")])
        #expect(report.codes == ["ML201"], "\(report.findings)")
    }

    @Test func anUnusedSuppressionIsReportedAtTheCode() throws {
        let report = try lint(["net.prototxt": pool("stride: 2  # modellint: disable=ML201")])
        #expect(report.findings.map { "\($0.code)@\($0.line):\($0.column)" } == ["ML901@6:37"], "\(report.findings)")
    }

    @Test func anUnknownCodeIsReportedWithASuggestionAndTheFindingStays() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML2O1")])
        #expect(report.codes.sorted() == ["ML201", "ML902"], "\(report.findings)")
        let unknown = try #require(report.findings.first { $0.code == "ML902" })
        #expect(unknown.message.contains("did you mean 'ML201'"), "\(unknown.message)")
        #expect(unknown.column == 37)
    }

    @Test func aMisspeltNameGetsTheName() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=pool-stride-exceed-kernel")])
        let unknown = try #require(report.findings.first { $0.code == "ML902" })
        #expect(unknown.message.contains("did you mean 'pool-stride-exceeds-kernel'"), "\(unknown.message)")
    }

    @Test func aCodePrefixIsNotASuppression() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML2")])
        #expect(report.codes.sorted() == ["ML201", "ML902"])
        #expect(report.findings.contains { $0.message.contains("code prefix") })
    }

    @Test(arguments: [
        "modellint: disabel=ML201",
        "modellint disable=ML201",
        "modellint: disable",
        "modellint: disable=ML201 because",
        "modellint: disable=",
        "modellint: disable=ML201,",
    ])
    func aMalformedSuppressionIsReportedNotIgnored(_ comment: String) throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # \(comment)")])
        #expect(report.codes.sorted() == ["ML201", "ML902"], "\(report.findings)")
        #expect(report.findings.contains { $0.code == "ML902" && $0.message.hasPrefix("malformed suppression") })
    }

    @Test func ordinaryCommentsMentioningNothingAreLeftAlone() throws {
        let report = try lint(["net.prototxt": pool("stride: 5  # see modellint docs; expect: ML201")])
        #expect(report.codes == ["ML201"])
    }

    @Test func ignoredRulesAreNeverUnused() throws {
        // ML201 is not run, so its suppression cannot be judged: no ML901.
        let report = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML201")], ignore: ["ML201"])
        #expect(report.findings.isEmpty, "\(report.findings)")
        let selected = try lint(["net.prototxt": pool("stride: 5  # modellint: disable=ML201")], select: ["ML0", "ML9"])
        #expect(selected.findings.isEmpty, "\(selected.findings)")
    }

    @Test func metaRulesCanBeIgnored() throws {
        let report = try lint(["net.prototxt": pool("stride: 2  # modellint: disable=ML201, ML2O1")], ignore: ["ML9"])
        #expect(report.findings.isEmpty, "\(report.findings)")
        let unknownOnly = try lint(["net.prototxt": pool("stride: 2  # modellint: disable=ML201, ML2O1")],
                                   ignore: ["unused-suppression"])
        #expect(unknownOnly.codes == ["ML902"])
    }

    @Test func aSuppressionInTheNetCountsWhenTheSolverUsesIt() throws {
        // The net is linted on its own and through its solver; a suppression used by either pass is used.
        let net = pool("stride: 5  # modellint: disable=ML201")
        let report = try lint(["net.prototxt": net, "solver.prototxt": "net: \"net.prototxt\"\nbase_lr: 0.01\nlr_policy: \"fixed\"\nmax_iter: 10\n"],
                              select: ["ML201", "ML9"])
        #expect(report.findings.isEmpty, "\(report.findings)")
    }

    // MARK: ONNX

    @Test func anONNXDocStringSuppressesItsNode() throws {
        let report = try lint(["model.json": onnxPool(doc: "modellint: disable=ML201 -- sparse sampling is intended")])
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.suppressed == 1)
    }

    @Test func anONNXDocStringWithProseAndSeveralLines() throws {
        let report = try lint(["model.json": onnxPool(doc: "Global pooling, by hand.\\nmodellint: disable=ML104,pool-stride-exceeds-kernel")])
        #expect(report.findings.map { "\($0.code) \($0.node ?? "-")" } == ["ML901 avgpool_gap"], "\(report.findings)")
    }

    @Test func anUnusedONNXSuppressionNamesTheNode() throws {
        let report = try lint(["model.json": onnxPool(doc: "modellint: disable=ML201", strides: 2)])
        #expect(report.findings.map { "\($0.code) \($0.node ?? "-")" } == ["ML901 avgpool_gap"], "\(report.findings)")
    }

    @Test func aMalformedONNXSuppressionIsReported() throws {
        let report = try lint(["model.json": onnxPool(doc: "modellint: disabel=ML201")])
        #expect(report.codes.sorted() == ["ML201", "ML902"], "\(report.findings)")
    }

    /// Examples/onnx/avgpool_gap.onnx with `modellint: disable=ML201` in both
    /// nodes' doc_string (written by the onnx Python package): the pool's is
    /// used, the conv's suppresses nothing.
    static let binaryModel = Array(Data(base64Encoded: """
        CAgSEm1vZGVsbGludC1leGFtcGxlczqkAgpZCgF4CgF3EgFjGgRjb252IgRDb252KhUKDGtlcm5lbF9zaGFwZUADQAOgAQcqEQoEcGFkc0ABQAFA\
        AUABoAEHMhhtb2RlbGxpbnQ6IGRpc2FibGU9TUwyMDEKggEKAWMSAXkaC2F2Z3Bvb2xfZ2FwIgtBdmVyYWdlUG9vbCoVCgxrZXJuZWxfc2hhcGVA\
        AkACoAEHKhAKB3N0cmlkZXNAA0ADoAEHMjdtb2RlbGxpbnQ6IGRpc2FibGU9TUwyMDEgLS0gc3BhcnNlIHNhbXBsaW5nIGlzIGludGVuZGVkEgth\
        dmdwb29sX2dhcCoNCAgIAwgDCAMQAUIBd1obCgF4EhYKFAgBEhAKAggBCgIIAwoCCCAKAgggYgkKAXkSBAoCCAFCAhAR
        """)!)

    @Test func aBinaryONNXDocStringSuppressesItsNode() throws {
        let plain = try lint([:], binary: ["model.onnx": Array(try Data(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/onnx/avgpool_gap.onnx")))])
        #expect(plain.findings.contains { $0.code == "ML201" && $0.node == "avgpool_gap" }, "\(plain.findings)")
        let report = try lint([:], binary: ["model.onnx": Self.binaryModel])
        #expect(!report.findings.contains { $0.code == "ML201" }, "\(report.findings)")
        #expect(report.findings.filter { $0.code == "ML901" }.map(\.node) == ["conv"], "\(report.findings)")
        #expect(report.suppressed >= 1)
    }

    // MARK: Parts

    @Test func aSuppressionUsedByAnyPassOverItsFileIsUsed() {
        let key = Suppressions.Key(location: SourceLocation(file: "net.prototxt", line: 3, column: 20), nodeName: nil,
                                   identifier: "ml302")
        let alone = Suppressions.Use(key: key, ruleCode: "ML302", used: false)
        let throughSolver = Suppressions.Use(key: key, ruleCode: "ML302", used: true)
        let selected: Set<String> = ["ML302", "ML901"]
        #expect(Suppressions.unused([alone, throughSolver], selected: selected).isEmpty)
        #expect(Suppressions.unused([throughSolver, alone], selected: selected).isEmpty)
        #expect(Suppressions.unused([alone, alone], selected: selected).map(\.location.line) == [3])
        #expect(Suppressions.unused([alone], selected: ["ML901"]).isEmpty, "ML302 did not run")
    }

    @Test func theScannerTakesTheCommentPrefix() {
        let swift = CommentScanner.swift.comments(in: Array("let a = \"// no\" // modellint: disable=ML201\n// x\n".utf8))
        #expect(swift.map(\.line) == [1, 2])
        #expect(swift.map(\.ownLine) == [false, true])
        #expect(swift.first?.text == " modellint: disable=ML201")
        #expect(swift.first?.column == 17)
        let prototxt = CommentScanner.prototxt.comments(in: Array("a: 'x # y' # z\r\n".utf8))
        #expect(prototxt.map(\.text) == [" z"])
    }

    @Test func directivesParse() {
        #expect(SuppressionDirective.parseComment(" modellint: disable=ML201,ML104 -- why not") == .directive(
            SuppressionDirective(scope: .here, targets: [.init(identifier: "ML201", offset: 20), .init(identifier: "ML104", offset: 26)],
                                 reason: "why not")))
        #expect(SuppressionDirective.parseComment(" MODELLINT: disable-file = ml003")
            == .directive(SuppressionDirective(scope: .file, targets: [.init(identifier: "ml003", offset: 27)], reason: nil)))
        #expect(SuppressionDirective.parseComment(" just a comment") == nil)
    }
}
