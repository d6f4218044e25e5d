import Foundation
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// A fresh folder holding `files` (relative path -> text).
private func tree(_ files: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return root
}

private func configuration(_ lookup: ConfigurationDiscovery.Lookup) -> Configuration? {
    if case .found(let configuration) = lookup { return configuration }
    return nil
}

@Suite("Configuration discovery")
struct ConfigurationDiscoveryTests {
    @Test func theNearestConfigurationWinsWhole() throws {
        let root = try tree([
            ".modellint.yml": "precision: float16\ninput-ranges: {x: \"0:1\"}\n",
            "sub/.modellint.yml": "weight-bound: 2\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let discovery = ConfigurationDiscovery(mode: .nearest, currentDirectory: root.path)

        let top = configuration(discovery.lookup(forModelAt: "net.prototxt"))
        #expect(top?.precision == .float16 && top?.inputRanges == ["x": 0...1])
        #expect(top?.path == ".modellint.yml", "shown relative to the current directory")

        let other = configuration(discovery.lookup(forModelAt: "other/deeper/net.prototxt"))
        #expect(other == top, "a folder without a configuration uses its parent's")

        // The subfolder's file replaces its parent's: nothing is inherited from above.
        let sub = configuration(discovery.lookup(forModelAt: root.path + "/sub/deeper/model.onnx"))
        #expect(sub == Configuration(weightBound: 2, path: "sub/.modellint.yml", folder: root.path + "/sub"))
    }

    @Test func noConfigurationAnywhereIsTheEmptyOne() throws {
        let root = try tree(["a/b/net.prototxt": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        // The walk goes up to the root folder; the temporary folder has no configuration above it.
        let lookup = ConfigurationDiscovery(mode: .nearest).lookup(forModelAt: root.path + "/a/b/net.prototxt")
        #expect(configuration(lookup)?.inputRanges.isEmpty == true)
    }

    @Test func aThousandFilesReadTheirConfigurationOnce() throws {
        let root = try tree([".modellint.yml": "weight-bound: 1\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let discovery = ConfigurationDiscovery(mode: .nearest, currentDirectory: root.path)
        for index in 0..<1000 {
            #expect(configuration(discovery.lookup(forModelAt: "models/deep/m\(index).onnx"))?.weightBound == 1)
        }
        #expect(discovery.filesRead == 1)
        #expect(discovery.foldersSearched == 3, "models/deep, models and the root, each once")
        // Another branch stops at the first folder already known.
        _ = discovery.lookup(forModelAt: "models/other/m.onnx")
        #expect(discovery.foldersSearched == 4)
    }

    @Test func symbolicLinkLoopsDoNotHang() throws {
        let root = try tree(["m/.modellint.yml": "weight-bound: 3\n", "m/x/net.prototxt": ""])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.path + "/m/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/self.yml", withDestinationPath: "self.yml")
        let discovery = ConfigurationDiscovery(mode: .nearest, currentDirectory: root.path)
        // Folders are walked by name: m/loop/m/loop/m is five folders, not a cycle.
        #expect(configuration(discovery.lookup(forModelAt: "m/loop/m/loop/m/net.prototxt"))?.weightBound == 3)

        // A configuration that is a loop of links is there but unreadable: an error, not silence.
        try FileManager.default.createSymbolicLink(atPath: root.path + "/m/loop/m/x/.modellint.yml",
                                                   withDestinationPath: ".modellint.yml")
        #expect(discovery.lookup(forModelAt: "m/x/net.prototxt") == .broken(configurationPath: "m/x/.modellint.yml"))
        #expect(discovery.failures.last?.error.problems.first?.message
                == "cannot read the configuration file: a loop of symbolic links")

        // So is a --config that is one.
        let fixed = ConfigurationDiscovery(mode: .file("self.yml"), currentDirectory: root.path)
        #expect(fixed.lookup(forModelAt: "m/net.prototxt") == .broken(configurationPath: "self.yml"))
    }

    @Test func anExplicitFileServesEveryModelAndNoneServesNoModel() throws {
        let root = try tree(["ci.yml": "precision: bf16\n", "sub/.modellint.yml": "precision: fp16\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let fixed = ConfigurationDiscovery(mode: .file(root.path + "/ci.yml"))
        #expect(configuration(fixed.lookup(forModelAt: root.path + "/sub/net.prototxt"))?.precision == .bfloat16)
        #expect(configuration(fixed.lookup(forModelAt: "/elsewhere/net.prototxt"))?.precision == .bfloat16)
        #expect(fixed.filesRead == 1)

        let none = ConfigurationDiscovery(mode: .none)
        #expect(configuration(none.lookup(forModelAt: root.path + "/sub/net.prototxt")) == .empty)

        let missing = ConfigurationDiscovery(mode: .file("no/such.yml"), currentDirectory: root.path)
        #expect(missing.lookup(forModelAt: "net.prototxt") == .broken(configurationPath: "no/such.yml"))
        #expect(missing.failures.map(\.error.problems[0].message) == ["cannot read the configuration file: no such file"])
    }

    @Test func pathsAreNormalizedByName() {
        #expect(ConfigurationDiscovery.absolute("a/./b/../c", in: "/x/y") == "/x/y/a/c")
        #expect(ConfigurationDiscovery.absolute("/../a//b/", in: "/x") == "/a/b")
        #expect(ConfigurationDiscovery.parent(of: "/a/b") == "/a")
        #expect(ConfigurationDiscovery.parent(of: "/a") == "/")
        #expect(ConfigurationDiscovery.parent(of: "/") == "/")
    }
}

@Suite("Configuration in the engine")
struct ConfigurationEngineTests {
    @Test func theCommandLineOverridesTheFileKeyByKeyAndRangeByName() {
        let fromFile = Configuration(inputRanges: ["x": -300...300, "y": 0...1], weightBound: 5, precision: .float16)
        let commandLine = Linter(rules: [], inputRanges: ["x": -2...2], assumptions: .init(weightBound: 1))
        let merged = commandLine.configured(by: fromFile)
        #expect(merged.inputRanges == ["x": -2...2, "y": 0...1])
        #expect(merged.assumptions.weightBound == 1)
        #expect(merged.precision == .float16, "not given on the command line: the file's")

        let bare = Linter(rules: []).configured(by: fromFile)
        #expect(bare.inputRanges == fromFile.inputRanges && bare.assumptions.weightBound == 5)
        #expect(Linter(rules: [], precision: .bfloat16).configured(by: fromFile).precision == .bfloat16)
    }

    @Test func aBrokenConfigurationStopsOnlyTheModelsUnderIt() throws {
        let pool = """
            input: "data"
            input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
            layer { name: "p" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 5 } }
            """
        let root = try tree([
            "good/net.prototxt": pool,
            "bad/.modellint.yml": "input-ranges:\n  data: \"1:0\"\n",
            "bad/net.prototxt": pool,
            "bad/sub/net.prototxt": pool,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = Linter(rules: try RuleSelection(select: [], ignore: []).rules()).lint(paths: [root.path])
        #expect(report.filesLinted == 1)
        #expect(report.findings.map(\.location.file) == [root.path + "/good/net.prototxt"])
        let bad = root.path + "/bad/.modellint.yml"
        #expect(report.diagnostics.map { "\($0.location): \($0.severity): \($0.message)" } == [
            "\(bad):0:0: note: this configuration has errors, so the 2 models it governs were not linted: "
                + "'\(root.path)/bad/net.prototxt', '\(root.path)/bad/sub/net.prototxt'",
            "\(bad):2:9: error: input-ranges: 'data' has LO 1 above HI 0",
        ])
        #expect(report.sources[bad] != nil, "the configuration's text is kept to quote the line")
        #expect(report.unreadableFiles == [bad])
    }
}
