import Foundation
import ModelLint
import ModelLintDSL
import ModelLintExamples
import ModelLintIR
import ModelLintRules
import Testing

/// Each Swift model in Examples/swift, by file name.
let exampleModels: [String: Model] = [
    "lenet_train_test.swift": lenetTrainTest,
    "resnet_blocks.swift": resnetBlocks,
    "resnet50.swift": resnet50,
    "transformer_block.swift": transformerBlock,
    "transformer_encoder.swift": transformerEncoder,
    "unet_resnext_encoder.swift": unetResnextEncoder,
]

/// The rule codes each pair must lint to, in either format: hard-coded, so
/// that two empty sets by mistake do not pass.
let expectedExampleCodes: [String: Set<String>] = [
    "lenet_train_test": [],
    "resnet_blocks": ["ML201"],
    "resnet50": [],
    "transformer_block": ["ML102", "ML104"],
    "transformer_encoder": ["ML102", "ML104"],
    "unet_resnext_encoder": ["ML202"],
]

/// Issue 7: Examples/ holds the same models as Caffe prototxt and Swift DSL,
/// with the same base name, and each pair lints to the same rule codes.
@Suite("Example pairs: Examples/caffe/NAME.prototxt and Examples/swift/NAME.swift")
struct ExamplePairTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    static func swiftFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: examples.appendingPathComponent("swift").path)
            .filter { $0.hasSuffix(".swift") }.sorted()
    }

    @Test func everySwiftExampleIsInTheTable() throws {
        let files = try Self.swiftFiles()
        #expect(!files.isEmpty)
        #expect(Set(files) == Set(exampleModels.keys), "Examples/swift holds \(files)")
        #expect(Set(exampleModels.keys.map { String($0.dropLast(".swift".count)) }) == Set(expectedExampleCodes.keys))
    }

    @Test(arguments: exampleModels.keys.sorted())
    func bothFormatsLintToTheExpectedCodes(file: String) throws {
        let base = String(file.dropLast(".swift".count))
        let expected = try #require(expectedExampleCodes[base], "no expected codes for \(base)")
        let model = try #require(exampleModels[file])

        let swiftFindings = try ModelLint.lint(model, preview: true)
        #expect(Set(swiftFindings.map(\.ruleCode)) == expected, "\(file): \(swiftFindings.map { "\($0.ruleCode) \($0.nodeName ?? "")" })")

        let prototxt = Self.examples.appendingPathComponent("caffe/\(base).prototxt")
        #expect(FileManager.default.fileExists(atPath: prototxt.path), "no Caffe twin for \(file)")
        let report = Linter(rules: try RuleSelection(preview: true).rules(), configuration: .none).lint(paths: [prototxt.path])
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(base).prototxt: \(report.diagnostics)")
        #expect(Set(report.findings.map(\.ruleCode)) == expected,
                "\(base).prototxt: \(report.findings.map { "\($0.ruleCode) \($0.nodeName ?? "")" })")
        // Layer names are the same in both halves, so the findings are too: same rule, layer and severity.
        func summary(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.ruleCode) \($0.nodeName ?? "-") \($0.severity)" }.sorted()
        }
        #expect(summary(swiftFindings) == summary(report.findings))
    }

    /// Findings of a Swift model point at its own file, at the line of the
    /// layer they are about: the call with the layer's name, or, for a layer
    /// a loop or helper makes (its name interpolated), the layer's call there.
    @Test(arguments: exampleModels.keys.sorted())
    func swiftFindingsPointAtTheirLayer(file: String) throws {
        let model = try #require(exampleModels[file])
        let source = try String(contentsOfFile: Self.examples.appendingPathComponent("swift/\(file)").path, encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        for finding in try ModelLint.lint(model) {
            #expect(finding.location.file.hasSuffix("/" + file), "\(finding.location)")
            let name = try #require(finding.nodeName, "\(finding.ruleCode) has no node")
            let line = finding.location.line
            try #require(line >= 1 && line <= lines.count, "\(finding.location)")
            let layer = try #require(model.layers.first { $0.name == name })
            #expect(lines[line - 1].contains("\"\(name)\"") || lines[line - 1].contains("\(layer.kind)(\"\\("),
                    "\(finding.ruleCode) at line \(line) is about '\(name)': \(lines[line - 1])")
        }
    }
}
