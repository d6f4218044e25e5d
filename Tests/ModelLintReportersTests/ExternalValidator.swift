import Foundation
import ModelLintTestSupport
import Testing

/// The validators in the shared `tools` folder (see `SharedMaterial`), run on real
/// output. They are Python scripts that would pip-install what they miss; the
/// tests never let them: a suite that needs a missing package is skipped, and
/// says which package (CI installs them: see `.ci/run`).
enum ExternalValidator {
    static let validateSARIF = SharedMaterial.url("tools/validate-sarif")

    /// True when `python3 -c "import MODULE"` succeeds.
    static func pythonHas(_ module: String) -> Bool {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import \(module)"]
        python.standardOutput = FileHandle.nullDevice
        python.standardError = FileHandle.nullDevice
        guard (try? python.run()) != nil else { return false }
        python.waitUntilExit()
        return python.terminationStatus == 0
    }

    /// `validate-sarif` needs the jsonschema package; its second reader,
    /// Microsoft's sarif-tools (module `sarif`), is used when installed.
    static let hasJSONSchema = FileManager.default.isExecutableFile(atPath: validateSARIF.path) && pythonHas("jsonschema")
    static let hasSARIFTools = pythonHas("sarif.loader")
    static let sarifSkipReason: Comment =
        "needs the shared tools/validate-sarif (MODELLINT_SHARED) and the Python package jsonschema (pip install jsonschema sarif-tools)"

    /// Writes `text` to a temporary file and runs `validate-sarif --strict` on
    /// it; returns the exit status and the tool's output.
    static func validateSARIF(_ text: String, name: String) throws -> (status: Int32, output: String) {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("modellint-sarif-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).sarif")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let tool = Process()
        tool.executableURL = validateSARIF
        // Without sarif-tools installed, tell the validator not to install it.
        tool.arguments = ["--strict", "-q"] + (hasSARIFTools ? [] : ["--no-sarif-tools"]) + [file.path]
        let pipe = Pipe()
        tool.standardOutput = pipe
        tool.standardError = pipe
        try tool.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        tool.waitUntilExit()
        if !hasSARIFTools {
            print("note: sarif-tools is not installed; validate-sarif ran without its second reader")
        }
        return (tool.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
