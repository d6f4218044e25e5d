import Foundation
import ModelLintIR
import ModelLintRules
import ModelLintTestSupport
import Testing
@testable import ModelLint

/// caffe.proto's own text-format parser (Python protobuf, classes compiled
/// by grpcio-tools) as the oracle of modellint's Caffe field checks:
/// `Oracles/write_caffe_mutants.py` changes one field name or one enum value
/// in real files the parser accepts (20 of each, seeded) and records the
/// parser's verdict; modellint must report an error exactly where it rejects.
@Suite("Caffe fields agree with caffe.proto's parser", .enabled(if: CaffeMutants.folder != nil,
                                                                  "needs python3 with grpcio-tools, and pip able to download brocolli-caffe==9.0.2"))
struct CaffeParserAgreementTests {
    @Test func modellintRejectsExactlyWhatTheParserRejects() throws {
        let folder = try #require(CaffeMutants.folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = try String(contentsOf: folder.appendingPathComponent("verdicts.tsv"), encoding: .utf8)
        let linter = Linter(rules: RuleRegistry.all, configuration: .none)
        var agreement: [String: (agree: Int, total: Int)] = [:]
        var disagreements: [String] = []
        for row in table.split(separator: "\n") {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 3 else { continue }
            let (path, category, parser) = (columns[0], columns[1], columns[2])
            let report = linter.lint(paths: [path])
            let errors = report.findings.filter { $0.severity == .error && $0.ruleCode == "ML006" }.map(\.message)
                + report.diagnostics.filter { $0.severity == .error }.map(\.message)
            let agrees = !errors.isEmpty == (parser == "reject")
            agreement[category, default: (0, 0)].total += 1
            if agrees { agreement[category]!.agree += 1 } else {
                disagreements.append("\(category) \((path as NSString).lastPathComponent): parser \(parser) "
                                     + "\(columns.count > 3 ? columns[3] : ""); modellint \(errors.first ?? "no error")")
            }
        }
        for (category, counts) in agreement.sorted(by: { $0.key < $1.key }) {
            print("caffe.proto agreement \(category): \(counts.agree)/\(counts.total)")
        }
        #expect(agreement["field"]?.total == 20 && agreement["enum"]?.total == 20, "\(agreement)")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}

/// The mutants and their verdicts, written once; nil when the oracle cannot run.
enum CaffeMutants {
    static let writer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Oracles/write_caffe_mutants.py")

    static let folder: URL? = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("modellint-caffe-mutants-\(ProcessInfo.processInfo.processIdentifier)")
        let corpus = SharedMaterial.corpus("caffe")
        let sources = (FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "prototxt" }.map(\.path)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", writer.path, folder.path] + sources
        python.standardOutput = FileHandle.nullDevice
        python.standardError = FileHandle.nullDevice
        guard (try? python.run()) != nil else { return nil }
        python.waitUntilExit()
        return python.terminationStatus == 0 ? folder : nil
    }()
}
