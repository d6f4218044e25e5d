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
        let (agreement, disagreements) = try OracleAgreement.measure(verdicts: folder.appendingPathComponent("verdicts.tsv"),
                                                                    oracle: "caffe.proto", rules: ["ML006"])
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
        return PythonScript.output([writer.path, folder.path] + sources) == nil ? nil : folder
    }()
}
