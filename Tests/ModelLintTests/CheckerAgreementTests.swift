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
/// does not compute, a kernel_shape or strides of the wrong rank, an
/// attribute of the wrong type, without one, or with its value in another
/// type's field, a value_info shape with one dimension off by one from what
/// onnx's shape inference gives; 20 of each, seeded), and converts models to float16 as
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
        try #require(PythonScript.output([Self.writer.path, folder.path] + sources) != nil, "write_invalid_models.py failed")
        let (agreement, disagreements) = try OracleAgreement.measure(verdicts: folder.appendingPathComponent("verdicts.tsv"),
                                                                    oracle: "checker", rules: Self.validityRules)
        #expect(agreement.count >= 10 && agreement["attribute_type"]?.total == 20 && agreement["declared_shape_differs"]?.total == 20, "\(agreement.keys.sorted())")
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
    }
}
