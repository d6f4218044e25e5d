import Foundation
import ModelLintIR
import ModelLintReporters
import ModelLintRules
import Testing

@Suite("SARIF reporter")
struct SARIFReporterTests {
    static let base = "/repo"

    static let net = """
        name: "net"
        layer {
          name: "pool1"
          type: "Pooling"
          pooling_param { kernel_size: 3 stride: 5 }
        }

        """

    /// A finding at `pooling_param` of `net`, in a file under the base directory,
    /// with `shift` blank lines inserted at the top of the file.
    static func report(shift: Int = 0, file: String = "/repo/models/net.prototxt") -> LintReport {
        let text = String(repeating: "\n", count: shift) + net
        let source = SourceFile(path: file, text: text)
        let line = 5 + shift
        var finding = Fixture.finding(file: file, line: line, column: 3, node: "pool1",
                                      related: [RelatedLocation(location: SourceLocation(file: file, line: 2 + shift, column: 1),
                                                                message: "the layer is defined here")],
                                      evidence: ["the input is 9 wide"], fix: "make the stride at most the kernel")
        let start = source.lineStarts[line - 1] + 2
        finding.location.byteRange = start..<(start + 41)
        return LintReport(findings: [finding], sources: Fixture.sources(source), filesLinted: 1)
    }

    private func render(_ report: LintReport, rules: [RuleDescription] = RuleRegistry.descriptions) -> String {
        SARIFReporter(rules: rules, baseDirectory: Self.base).render(report)
    }

    private func run(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                               sourceLocation: sourceLocation)
        #expect(log["version"] as? String == "2.1.0", sourceLocation: sourceLocation)
        return try #require((log["runs"] as? [[String: Any]])?.first, sourceLocation: sourceLocation)
    }

    private func results(_ run: [String: Any]) -> [[String: Any]] { run["results"] as? [[String: Any]] ?? [] }

    private func region(_ result: [String: Any]) -> [String: Int] {
        let location = (result["locations"] as? [[String: Any]])?.first
        return ((location?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]) ?? [:]
    }

    @Test func driverRulesComeFromTheDeclarations() throws {
        let run = try run(render(Self.report()))
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "modellint")
        #expect(driver["version"] as? String == ModelLintTool.version)
        // No informationUri until the project has a public home: a made-up URL would send users nowhere.
        #expect(driver["informationUri"] == nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.compactMap { $0["id"] as? String } == RuleRegistry.descriptions.map(\.code))
        let declared = try #require(RuleRegistry.rule(named: "ML201")?.description)
        let ml201 = try #require(rules.first { $0["id"] as? String == "ML201" })
        #expect(ml201["name"] as? String == "PoolStrideExceedsKernel")
        #expect((ml201["shortDescription"] as? [String: String])?["text"] == declared.summary)
        #expect((ml201["fullDescription"] as? [String: String])?["text"] == declared.rationale)
        let help = try #require(ml201["help"] as? [String: String])
        #expect(help["text"]?.contains(declared.fix) == true)
        #expect(help["markdown"]?.contains("```") == true)
        #expect((ml201["defaultConfiguration"] as? [String: String])?["level"] == declared.defaultSeverity.description)
        let properties = try #require(ml201["properties"] as? [String: Any])
        #expect(properties["tags"] as? [String] == ["layers", "pool-stride-exceeds-kernel"])
    }

    @Test func resultHasWhatGitHubNeeds() throws {
        let run = try run(render(Self.report()))
        let result = try #require(results(run).first)
        #expect(result["ruleId"] as? String == "ML201")
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let index = try #require(result["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "ML201")
        #expect(result["level"] as? String == "warning")
        let message = try #require((result["message"] as? [String: String])?["text"])
        #expect(message.hasPrefix("pooling stride 5 exceeds kernel 3"))
        #expect(message.contains("the input is 9 wide") && message.contains("Fix: make the stride"))
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "models/net.prototxt", "uriBaseId": "%SRCROOT%"])
        // `pooling_param { kernel_size: 3 stride: 5 }` on line 5, from column 3, 41 characters.
        #expect(region(result) == ["startLine": 5, "startColumn": 3, "endLine": 5, "endColumn": 44])
        #expect((location["logicalLocations"] as? [[String: String]]) == [["name": "pool1"]])
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        #expect(related["id"] as? Int == 1)
        #expect((related["message"] as? [String: String])?["text"] == "the layer is defined here")
        let base = try #require((run["originalUriBaseIds"] as? [String: [String: String]])?["%SRCROOT%"]?["uri"])
        #expect(base == "file:///repo/")
    }

    @Test func fingerprintSurvivesTheFindingMovingDownTwoLines() throws {
        func fingerprint(_ shift: Int) throws -> String {
            let result = try #require(results(try run(render(Self.report(shift: shift)))).first)
            #expect(region(result)["startLine"] == 5 + shift)
            return try #require((result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
        }
        let before = try fingerprint(0), after = try fingerprint(2)
        #expect(before == after)
        #expect(before.hasSuffix(":1"))
        // A different node on the same text is a different alert.
        var other = Self.report()
        other.findings[0].nodeName = "pool2"
        let changed = try #require((results(try run(render(other))).first?["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"])
        #expect(changed != before)
    }

    @Test func urisArePercentEncodedAndRelative() throws {
        let file = "/repo/my models/a#b:c\\d é.prototxt"
        let run = try run(render(Self.report(file: file)))
        let physical = (results(run).first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let uri = (physical?["artifactLocation"] as? [String: String])?["uri"]
        #expect(uri == "my%20models/a%23b%3Ac%5Cd%20%C3%A9.prototxt")
        // Outside the base directory: an absolute file URI, no base id.
        let outside = try self.run(render(Self.report(file: "/elsewhere/net.prototxt")))
        let outsideArtifact = (((results(outside).first?["locations"] as? [[String: Any]])?.first?["physicalLocation"]
            as? [String: Any])?["artifactLocation"] as? [String: String])
        #expect(outsideArtifact == ["uri": "file:///elsewhere/net.prototxt"])
    }

    @Test func proofsArePassResultsAndDiagnosticsAreNotifications() throws {
        var report = Self.report()
        report.proofs = [Fixture.finding("exp cannot overflow", code: "ML104", severity: .note,
                                         file: "/repo/models/net.prototxt", line: 3, column: 3)]
        report.diagnostics = [Diagnostic(severity: .error, message: "expected '}'",
                                         location: SourceLocation(file: "/repo/broken.prototxt", line: 4, column: 7))]
        let run = try run(render(report))
        let pass = try #require(results(run).last)
        #expect(pass["kind"] as? String == "pass")
        #expect(pass["level"] as? String == "none")
        #expect(pass["ruleId"] as? String == "ML104")
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect(invocation["executionSuccessful"] as? Bool == false)
        let notification = try #require((invocation["toolExecutionNotifications"] as? [[String: Any]])?.first)
        #expect(notification["level"] as? String == "error")
        #expect((notification["message"] as? [String: String])?["text"] == "expected '}'")
    }

    @Test func binaryFindingKeepsItsBytesInARelatedLocation() throws {
        var finding = Fixture.finding(file: "/repo/model.onnx", line: 0, column: 0, node: "avgpool_gap")
        finding.location.byteRange = 120..<180
        let result = try #require(results(try run(render(LintReport(findings: [finding], filesLinted: 1)))).first)
        #expect(region(result)["startLine"] == 1)
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        let bytes = (related["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        #expect(bytes == ["byteOffset": 120, "byteLength": 60])
    }

    @Test func undeclaredRuleGetsADescriptor() throws {
        let run = try run(render(LintReport(findings: [Fixture.finding(code: "ML999", file: "/repo/a.prototxt")], filesLinted: 1),
                                 rules: []))
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(rules?.compactMap { $0["id"] as? String } == ["ML999"])
        #expect(results(run).first?["ruleIndex"] as? Int == 0)
    }

    @Test func hostileNamesAreEscaped() throws {
        let hostile = JSONReporterTests.hostile
        var report = Self.report(file: "/repo/\(hostile).prototxt")
        report.findings[0].nodeName = hostile
        report.findings[0].message = "bad \(hostile)"
        let text = render(report)
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        let result = try #require(results(try run(text)).first)
        let location = (result["locations"] as? [[String: Any]])?.first
        #expect((location?["logicalLocations"] as? [[String: String]])?.first?["name"] == hostile)
    }

    @Test func outputIsDeterministic() {
        #expect(render(Self.report()) == render(Self.report()))
        #expect(SARIFReporter.identifier == "sarif")
    }
}

/// The same outputs, checked by the shared `tools/validate-sarif --strict`:
/// the OASIS schema, GitHub code scanning's requirements and, when installed,
/// Microsoft's sarif-tools.
@Suite("SARIF output passes validate-sarif --strict",
       .enabled(if: ExternalValidator.hasJSONSchema, ExternalValidator.sarifSkipReason))
struct SARIFValidationTests {
    private func expectValid(_ report: LintReport, name: String, rules: [RuleDescription] = RuleRegistry.descriptions,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let text = SARIFReporter(rules: rules, baseDirectory: SARIFReporterTests.base).render(report)
        let (status, output) = try ExternalValidator.validateSARIF(text, name: name)
        #expect(status == 0, "validate-sarif --strict:\n\(output)", sourceLocation: sourceLocation)
    }

    @Test func findingWithRelatedLocationAndFingerprint() throws {
        try expectValid(SARIFReporterTests.report(), name: "finding")
    }

    /// The check is real: the validator rejects what GitHub would.
    @Test func validatorRejectsAnAbsoluteURI() throws {
        let text = SARIFReporter(rules: RuleRegistry.descriptions, baseDirectory: SARIFReporterTests.base)
            .render(SARIFReporterTests.report()).replacingOccurrences(of: "\"models/net.prototxt\"", with: "\"/abs/net.prototxt\"")
        let (status, output) = try ExternalValidator.validateSARIF(text, name: "absolute")
        #expect(status == 1)
        #expect(output.contains("is absolute"))
    }

    @Test func emptyRun() throws {
        try expectValid(LintReport(findings: [], filesLinted: 0), name: "empty")
    }

    @Test func everyKindOfEntry() throws {
        var report = SARIFReporterTests.report()
        var binary = Fixture.finding("exp overflows", code: "ML104", severity: .error, file: "/repo/model.onnx",
                                     line: 0, column: 0, node: "exp_1")
        binary.location.byteRange = 120..<180
        report.findings.append(binary)
        report.findings.append(Fixture.finding(code: "ML999", severity: .note, file: "/repo/odd dir/é#.prototxt"))
        report.proofs = [Fixture.finding("exp cannot overflow", code: "ML104", severity: .note,
                                         file: "/repo/models/net.prototxt", line: 3, column: 3)]
        report.diagnostics = [Diagnostic(severity: .error, message: "expected '}'",
                                         location: SourceLocation(file: "/repo/broken.prototxt", line: 4, column: 7))]
        try expectValid(report, name: "every-kind")
    }

    @Test func hostileNames() throws {
        let hostile = JSONReporterTests.hostile
        var report = SARIFReporterTests.report(file: "/repo/\(hostile).prototxt")
        report.findings[0].nodeName = hostile
        report.findings[0].message = hostile
        report.findings[0].evidence = [hostile]
        try expectValid(report, name: "hostile")
    }
}
