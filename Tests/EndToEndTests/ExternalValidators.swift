import Foundation
import ModelLintTestSupport

/// The independent checkers in the shared `tools` folder, run on what the binary
/// wrote. They are Python scripts; a test that needs one whose packages are
/// missing is skipped and says which (`.ci/run` installs them all).
enum ExternalValidator {
    static let toolsFolder = SharedMaterial.url("tools")

    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// (exit status, output) of `tools/TOOL ARGUMENTS`.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = toolsFolder.appendingPathComponent(tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Why `tool` cannot run here (missing, or a command or Python module it needs is absent), or nil.
    static func unavailable(_ tool: String, commands: [String] = [], pythonModules: [String]) -> String? {
        let path = toolsFolder.appendingPathComponent(tool).path
        guard SharedMaterial.isAvailable else { return SharedMaterial.absent }
        guard FileManager.default.isExecutableFile(atPath: path) else { return "\(path) is missing" }
        for command in commands where shell("command -v \(command)") != 0 { return "\(command) is not installed" }
        for module in pythonModules where shell("python3 -c 'import \(module)'") != 0 {
            return "the Python module \(module) is not installed (see .ci/run)"
        }
        return nil
    }
}

/// `validate-junit`: xmllint against Jenkins' junit-10.xsd, then junitparser
/// re-counting every testsuite.
enum JUnitValidator {
    static let unavailable = ExternalValidator.unavailable("validate-junit", commands: ["xmllint"], pythonModules: ["junitparser"])

    static var isAvailable: Bool {
        if let unavailable { print("skipping validate-junit checks: \(unavailable)") }
        return unavailable == nil
    }

    static func validate(_ file: URL) throws -> (status: Int32, output: String) {
        try ExternalValidator.run("validate-junit", [file.path])
    }
}

/// `validate-sarif --strict`: the SARIF 2.1.0 JSON schema, GitHub code
/// scanning's upload requirements and, when installed, Microsoft's sarif-tools.
enum SARIFValidator {
    static let unavailable = ExternalValidator.unavailable("validate-sarif", pythonModules: ["jsonschema"])
    static let hasSARIFTools = ExternalValidator.shell("python3 -c 'import sarif.loader'") == 0

    static var isAvailable: Bool {
        if let unavailable { print("skipping validate-sarif checks: \(unavailable)") }
        return unavailable == nil
    }

    static func validate(_ file: URL) throws -> (status: Int32, output: String) {
        // Without sarif-tools, tell the validator not to try installing it.
        try ExternalValidator.run("validate-sarif", ["--strict"] + (hasSARIFTools ? [] : ["--no-sarif-tools"]) + [file.path])
    }
}
