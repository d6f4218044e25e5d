import Foundation
import ModelLintIR
import ModelLintRules
import ModelLintTestSupport
import Testing
@testable import ModelLint

/// onnx.checker (`check_model(full_check=True)`) as the oracle of modellint's
/// ONNX validity rules: `Oracles/write_invalid_models.py` makes models with
/// one defect each from the corpus's models (an unknown attribute, an extra
/// input, an unknown operator, an int64 input to a float-only operator, a
/// required attribute missing, an old IR version, a declared type the node
/// does not compute; 20 of each, seeded), and converts models to float16 as
/// onnxconverter-common does (where it is installed), and records the
/// checker's verdict; modellint must report a validity error exactly where
/// the checker rejects.
@Suite("ONNX validity agrees with onnx.checker", .enabled(if: PythonONNX.packageFolder != nil))
struct CheckerAgreementTests {
    static let writer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracles/write_invalid_models.py")
    /// The rules that say the file breaks its format (ML002: a name written twice, which SSA forbids).
    static let validityRules: Set<String> = ["ML002", "ML003", "ML006", "ML007", "ML008"]

    @Test func modellintRejectsExactlyWhatTheCheckerRejects() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-invalid-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let corpus = SharedMaterial.corpus("onnx")
        let sources = try ["models", "hazards"].flatMap { sub in
            try FileManager.default.contentsOfDirectory(at: corpus.appendingPathComponent(sub), includingPropertiesForKeys: nil)
        }.filter { $0.pathExtension == "onnx" && !$0.lastPathComponent.contains("noweights") }.map(\.path).sorted()
        try #require(sources.count >= 10)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Self.writer.path, folder.path] + sources
        python.standardOutput = FileHandle.nullDevice
        python.standardError = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "write_invalid_models.py failed")

        let table = try String(contentsOf: folder.appendingPathComponent("verdicts.tsv"), encoding: .utf8)
        let linter = Linter(rules: RuleRegistry.all, configuration: .none)
        var agreement: [String: (agree: Int, total: Int)] = [:]
        var disagreements: [String] = []
        for row in table.split(separator: "\n") {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { continue }
            let (path, category, checker) = (columns[0], columns[1], columns[2])
            let report = linter.lint(paths: [path])
            let errors = report.findings.filter { $0.severity == .error && Self.validityRules.contains($0.ruleCode) }.map(\.message)
                + report.diagnostics.filter { $0.severity == .error }.map(\.message)
            let rejects = !errors.isEmpty
            let agrees = rejects == (checker == "reject")
            agreement[category, default: (0, 0)].total += 1
            if agrees { agreement[category]!.agree += 1 } else {
                disagreements.append("\(category) \((path as NSString).lastPathComponent): checker \(checker) \(columns.count > 3 ? columns[3] : ""); modellint \(errors.first ?? "no error")")
            }
        }
        for (category, counts) in agreement.sorted(by: { $0.key < $1.key }) {
            print("checker agreement \(category): \(counts.agree)/\(counts.total)")
        }
        #expect(agreement.count >= 8, "\(agreement.keys.sorted())")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}
