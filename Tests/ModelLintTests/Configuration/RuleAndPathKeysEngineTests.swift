import Foundation
import ModelLintIR
import ModelLintReporters
import ModelLintRules
import Testing
@testable import ModelLint

/// The packaged example with ML201 on layer `pool1` at line 29.
let faultyPooling: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    return try! String(contentsOf: root.appendingPathComponent("Examples/caffe/faulty_pooling.prototxt"), encoding: .utf8)
}()

/// A fresh folder holding `files` (relative path -> text).
func temporaryTree(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-keys-\(UUID().uuidString)")
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}

private func lint(_ root: URL, _ paths: [String] = [""], select: [String] = [], ignore: [String] = []) throws -> LintReport {
    var linter = Linter(rules: try RuleSelection(select: select, ignore: ignore).rules())
    linter.selectGivenOnCommandLine = !select.isEmpty
    return linter.lint(paths: paths.map { root.path + "/" + $0 })
}

private func summary(_ report: LintReport, under root: URL) -> [String] {
    report.findings.map {
        "\($0.location.file.replacingOccurrences(of: root.path + "/", with: "")):\($0.location.line) \($0.severity) \($0.ruleCode)"
    }
}

@Suite("Configuration keys in the engine")
struct RuleAndPathKeysEngineTests {
    @Test func excludeSkipsFilesFoundByWalkingFolders() throws {
        let root = try temporaryTree([
            ".modellint.yml": "exclude: [\"legacy/**\", \"**/*_old.prototxt\", \"vendor\"]\n",
            "a.prototxt": faultyPooling, "legacy/b.prototxt": faultyPooling, "legacy/deep/c.prototxt": faultyPooling,
            "nets/d_old.prototxt": faultyPooling, "nets/e.prototxt": faultyPooling, "x/vendor/f.prototxt": faultyPooling,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = try lint(root)
        #expect(summary(report, under: root) == ["a.prototxt:29 error ML201", "nets/e.prototxt:29 error ML201"])
        #expect(report.filesLinted == 2)
        // A file named on the command line is linted even when a pattern matches it.
        #expect(summary(try lint(root, ["legacy/b.prototxt"]), under: root) == ["legacy/b.prototxt:29 error ML201"])
        // Patterns are relative to the configuration's folder, not to the folder walked.
        #expect(try lint(root, ["legacy"]).findings.isEmpty)
    }

    @Test func selectIgnoreAndTheirPrecedence() throws {
        let root = try temporaryTree([".modellint.yml": "select: [ML1]\n", "a.prototxt": faultyPooling])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try lint(root).findings.isEmpty, "the file selects only ML1xx")
        #expect(try lint(root, select: ["ML2"]).findings.count == 1, "--select replaces the file's select")

        try "ignore: [pool-stride-exceeds-kernel]\n".write(to: root.appendingPathComponent(".modellint.yml"), atomically: true, encoding: .utf8)
        #expect(try lint(root).findings.isEmpty)
        #expect(try lint(root, select: ["ML201"]).findings.isEmpty, "the file's ignore still applies under --select")
        try "select: [ML2]\n".write(to: root.appendingPathComponent(".modellint.yml"), atomically: true, encoding: .utf8)
        #expect(try lint(root, ignore: ["ML201"]).findings.isEmpty, "--ignore adds to the file's choice")
    }

    @Test func severityOverridesMostSpecificFirst() throws {
        let root = try temporaryTree([".modellint.yml": "severity: {ML2: warning, ML201: note}\n", "a.prototxt": faultyPooling])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(summary(try lint(root), under: root) == ["a.prototxt:29 note ML201"])
        try "severity: {ML2: warning}\n".write(to: root.appendingPathComponent(".modellint.yml"), atomically: true, encoding: .utf8)
        #expect(summary(try lint(root), under: root) == ["a.prototxt:29 warning ML201"])
    }

    @Test func perFileIgnoresDropFindingsInMatchingFiles() throws {
        let root = try temporaryTree([
            ".modellint.yml": "per-file-ignores:\n  \"zoo/**\": [ML201]\n  \"*.pt\": ML3\n",
            "zoo/a.prototxt": faultyPooling, "b.prototxt": faultyPooling, "zoo/c.pt": faultyPooling,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(summary(try lint(root), under: root) == ["b.prototxt:29 error ML201"])
    }
}
