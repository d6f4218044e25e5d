import Foundation
import ModelLintIR
import ModelLintReporters
import ModelLintRules
import ModelLintTestSupport
import Testing
@testable import ModelLint

private let onnxCorpus = SharedMaterial.corpus("onnx")

private func lint(_ paths: [String]) -> LintReport {
    Linter(rules: RuleRegistry.all).lint(paths: paths)
}

/// Findings as a user compares them across the two forms of one model.
private func summary(_ report: LintReport) -> [String] {
    report.findings.map { "\($0.ruleCode) \($0.nodeName ?? "-") \($0.severity) \($0.message)" }
}

@Suite("Linting the ONNX corpora")
struct ONNXCorpusLintTests {
    /// The same model as `.onnx` and as JSON gives the same findings.
    @Test func everyPairGivesTheSameFindings() throws {
        let walker = try #require(FileManager.default.enumerator(at: onnxCorpus, includingPropertiesForKeys: nil))
        let jsons = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        var pairs = 0
        for json in jsons {
            let binary = json.deletingPathExtension().appendingPathExtension("onnx")
            guard FileManager.default.fileExists(atPath: binary.path) else { continue }
            pairs += 1
            let a = lint([json.path]), b = lint([binary.path])
            #expect(a.diagnostics.filter { $0.severity == .error }.isEmpty && b.diagnostics.filter { $0.severity == .error }.isEmpty)
            // Binary findings have no lines to sort by, so compare them as sets.
            #expect(summary(a).sorted() == summary(b).sorted(), "\(json.lastPathComponent)")
        }
        #expect(pairs >= SharedMaterial.atLeast(full: 15, fixture: 13))
    }

    /// The rows of EXPECTED.tsv for rules that exist so far.
    @Test func expectedFindingsHold() throws {
        let table = try String(contentsOf: onnxCorpus.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        let known = Set(RuleRegistry.descriptions.map(\.code))
        var checked = 0
        for row in table.split(separator: "\n").dropFirst() {
            let columns = row.split(separator: "\t").map(String.init)
            guard columns.count >= 4, known.contains(columns[1]) else { continue }
            let report = lint([onnxCorpus.appendingPathComponent(columns[0]).path])
            let hits = report.findings.filter { $0.ruleCode == columns[1] && $0.nodeName == columns[2] }
            #expect(columns[3] == "flag" ? !hits.isEmpty : hits.isEmpty, "\(columns[0]) \(columns[1]) \(columns[2]) \(columns[3])")
            checked += 1
        }
        // Every row: ML101-ML104, ML106 and ML201 all exist now.
        #expect(checked == 24)
    }

    /// The whole corpus lints with no error from modellint itself.
    @Test func wholeCorpusLintsWithoutToolErrors() {
        let report = lint([onnxCorpus.path])
        #expect(report.filesLinted >= SharedMaterial.atLeast(full: 40, fixture: 30))
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.prefix(5))")
    }
}

/// ONNX's own models: the test data inside the `onnx` pip package and its
/// per-operator conformance tests. Walked when Python with `onnx` is here
/// (CI installs it); every model must read with no error and every op must map.
@Suite("ONNX's own test models", .enabled(if: PythonONNX.packageFolder != nil))
struct ONNXPackageModelTests {
    @Test func backendTestDataReads() throws {
        let data = try #require(PythonONNX.packageFolder).appendingPathComponent("backend/test/data")
        let report = lint([data.path])
        #expect(report.filesLinted >= 100)
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.filter { $0.severity == .error }.prefix(5))")
        let invalid = Self.validityErrors(report)
        #expect(invalid.isEmpty, "onnx.checker accepts these: \(invalid.prefix(5))")
    }

    /// Never stricter than the framework: onnx.checker accepts ONNX's own
    /// models, so none may get a validity error (schemas, types, declared shapes).
    static func validityErrors(_ report: LintReport) -> [String] {
        report.findings.filter { $0.severity == .error && CheckerAgreementTests.validityRules.contains($0.ruleCode) }
            .map { "\($0.location.file): \($0.message)" }
    }

    @Test(SharedMaterial.required) func nodeConformanceTestsReadAndEveryOpMaps() throws {
        let folder = try #require(PythonONNX.nodeTestsFolder, "onnx-node-tests failed")
        let report = lint([folder.path])
        #expect(report.filesLinted >= 1800)
        #expect(report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(report.diagnostics.filter { $0.severity == .error }.prefix(5))")
        let invalid = Self.validityErrors(report)
        #expect(invalid.isEmpty, "onnx.checker accepts these: \(invalid.prefix(5))")
        let unmapped = report.findings.filter { $0.ruleCode == "ML003" }
        #expect(unmapped.isEmpty, "ops without a mapping: \(unmapped.prefix(10).map(\.message))")
    }
}

/// Where the `onnx` pip package is, asked of Python once.
enum PythonONNX {
    static let packageFolder: URL? = {
        let output = PythonScript.output(["-c", "import onnx, os; print(os.path.dirname(onnx.__file__))"])
        let path = (output ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : URL(fileURLWithPath: path)
    }()

    /// ONNX's per-operator conformance tests, written once per test run by
    /// the shared `tools/onnx-node-tests` (a static is initialized once, even
    /// when suites run in parallel).
    static let nodeTestsFolder: URL? = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-node-tests")
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("test_abs/model.onnx").path) { return folder }
        let tool = Process()
        tool.executableURL = SharedMaterial.url("tools/onnx-node-tests")
        tool.arguments = [folder.path]
        tool.standardOutput = FileHandle.nullDevice
        tool.standardError = FileHandle.nullDevice
        guard (try? tool.run()) != nil else { return nil }
        tool.waitUntilExit()
        return tool.terminationStatus == 0 ? folder : nil
    }()
}
