import Foundation
import Testing

/// Real models nobody here wrote, where MODELLINT_REAL_MODELS names a folder
/// of them (`.ci/real-models fetch DIR`, `python3 .ci/real-models-export.py
/// DIR/export` and `... DIR/hazards hazards`): every real model lints with no
/// warning and no error, every hazard written into a real architecture is
/// flagged and its safe twin is not. The table comes from `.ci/real-models
/// lint`, which gives each input the range a user would declare.
@Suite("Real models", .enabled(if: RealModels.folder != nil,
                               "needs MODELLINT_REAL_MODELS, a folder of real ONNX models (see .ci/real-models), and python3 with onnx"))
struct RealModelTests {
    /// The hazards `.ci/real-models-export.py DIR hazards` writes: flagged or not.
    static let hazards: [String: Bool] = [
        "layernorm_no_eps": true, "layernorm_eps": false, "l2_normalize": true, "l2_normalize_eps": false,
        "log_softmax_by_hand": true, "log_softmax": false, "variance_by_cancellation": true, "variance_clamped": false,
    ]

    @Test func realModelsAreCleanAndHazardsAreFlagged() throws {
        let folder = try #require(RealModels.folder)
        let script = Modellint.packageRoot.appendingPathComponent(".ci/real-models").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "lint", folder, Modellint.executable.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let table = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(table)")
        var rows = 0
        for line in table.split(separator: "\n").dropFirst() where !line.hasPrefix("total") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, let warnings = Int(fields[1]), let errors = Int(fields[2]) else {
                Issue.record("unreadable row: \(line)")
                continue
            }
            rows += 1
            let model = String(fields[0])
            #expect(errors == 0, "\(line)")
            let file = (model as NSString).lastPathComponent
            if file.hasPrefix("hazard_"), let kind = Self.hazards.first(where: { file == "hazard_\($0.key)_ts.onnx" || file == "hazard_\($0.key)_dynamo.onnx" }) {
                #expect((warnings > 0) == kind.value, "\(kind.value ? "hazard not flagged" : "safe twin flagged"): \(line)")
            } else {
                #expect(warnings == 0, "a warning on a real model: \(line)")
            }
        }
        print("real models: \(rows) linted\n\(table)")
        #expect(rows > 0, "no model under \(folder)")
    }
}

enum RealModels {
    static let folder: String? = {
        guard let value = ProcessInfo.processInfo.environment["MODELLINT_REAL_MODELS"], !value.isEmpty,
              FileManager.default.fileExists(atPath: value) else { return nil }
        return value
    }()
}
