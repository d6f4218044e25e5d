import Foundation
import Testing

/// `.modellint.yml` as a user meets it: found next to the models, overridden
/// by the command line, and refused with a positioned error when wrong.
@Suite("modellint's config file")
struct ConfigFileTests {
    static let rmsnorm = "Examples/onnx/rmsnorm_by_hand.json"

    /// A temporary folder with `rmsnorm_by_hand.json` copied into each of `folders`
    /// and a `.modellint.yml` wherever `configs` says.
    static func project(_ folders: [String], configs: [String: String]) throws -> URL {
        let root = try Modellint.temporaryFolder()
        let model = try Data(contentsOf: Modellint.packageRoot.appendingPathComponent(rmsnorm))
        for folder in folders {
            let url = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try model.write(to: url.appendingPathComponent("rmsnorm.json"))
        }
        for (folder, text) in configs {
            try text.write(to: root.appendingPathComponent(folder).appendingPathComponent(".modellint.yml"),
                           atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func theConfigFileSaysWhatTheOptionsSay() throws {
        let root = try Self.project(["configured", "plain"], configs: [
            "configured": "input-ranges:\n  x: \"-300:300\"\nprecision: float16\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let configured = root.path + "/configured/rmsnorm.json", plain = root.path + "/plain/rmsnorm.json"
        let byFile = try Modellint.run([configured])
        let byOptions = try Modellint.run([plain, "--precision", "float16", "--input-range", "x=-300:300"])
        #expect(byFile.status == 1 && byOptions.status == 1)
        #expect(byFile.stdout.contains(
            "\(configured):6:7: warning: 'square' (Mul) may overflow float16: its result can exceed 65504 in magnitude and become inf [ML105]"),
            "\(byFile.stdout)")
        #expect(byFile.stdout.replacingOccurrences(of: configured, with: plain) == byOptions.stdout)

        // --no-config and another --config both set it aside.
        let ignored = try Modellint.run([configured, "--no-config"])
        #expect(ignored.status == 0, "\(ignored.stdout)")
        let other = root.appendingPathComponent("other.yml")
        try "input-ranges: {x: [-200, 200]}\nprecision: fp16\n".write(to: other, atomically: true, encoding: .utf8)
        let explicit = try Modellint.run([configured, "--config", other.path])
        #expect(explicit.status == 0, "200^2 fits in fp16: \(explicit.stdout)")
        let both = try Modellint.run([configured, "--config", other.path, "--no-config"])
        #expect(both.status != 0 && both.stderr.contains("--config and --no-config"), "\(both.stderr)")
    }

    @Test func theCommandLineOverridesTheConfigFile() throws {
        let root = try Self.project(["m"], configs: ["m": "input-ranges: {x: \"-300:300\"}\nprecision: float16\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let model = root.path + "/m/rmsnorm.json"
        let narrower = try Modellint.run([model, "--input-range", "x=-200:200"])
        #expect(narrower.status == 0, "x from the command line, float16 from the file: \(narrower.stdout)")
        let bf16 = try Modellint.run([model, "--precision", "bfloat16"])
        #expect(bf16.status == 0, "90000 fits in bfloat16: \(bf16.stdout)")
    }

    @Test func dumpIntervalsHonoursTheConfigFile() throws {
        let root = try Self.project(["m"], configs: ["m": "input-ranges: {x: [-3, 3]}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let dump = try Modellint.run(["--dump-intervals", root.path + "/m/rmsnorm.json"])
        #expect(dump.status == 0)
        #expect(dump.stdout.contains("\"x\": {\"lo\": -3, \"hi\": 3, \"nan\": false}"), "\(dump.stdout)")
        #expect(dump.stdout.contains("\"sq\": {\"lo\": 0, \"hi\": 9, \"nan\": false}"), "\(dump.stdout)")

        try "input-ranges: {x: [3, -3]}\n".write(to: root.appendingPathComponent("m/.modellint.yml"), atomically: true, encoding: .utf8)
        let broken = try Modellint.run(["--dump-intervals", root.path + "/m/rmsnorm.json"])
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("m/.modellint.yml:1:19: error: input-ranges: 'x' has LO 3 above HI -3"), "\(broken.stdout)")
    }

    @Test func aBrokenConfigFailsWithItsPositionAndTheOtherFilesStillLint() throws {
        let root = try Self.project(["good", "bad"], configs: [
            "good": "input-ranges: {x: \"-300:300\"}\nprecision: float16\n",
            "bad": "input-ranges:\n  x: [-300, 300]\nprecision: float8\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Modellint.run([root.path])
        #expect(run.status == 2)
        let config = root.path + "/bad/.modellint.yml"
        #expect(run.stdout.contains("\(config):3:12: error: precision expects float16 or bfloat16, not 'float8'\nprecision: float8\n           ^"),
                "\(run.stdout)")
        #expect(run.stdout.contains("\(config): note: this configuration has errors, so the model it governs was not linted: "
                                    + "'\(root.path)/bad/rmsnorm.json'"))
        #expect(run.stdout.contains("\(root.path)/good/rmsnorm.json:6:7: warning: 'square' (Mul) may overflow float16"),
                "the other file still lints, with its own configuration")
        #expect(run.stdout.hasSuffix("1 finding (1 warning) in 1 file, 1 file could not be read\n"), "\(run.stdout)")

        let yaml = try Self.project(["m"], configs: ["m": "input-ranges: {x: [0, 1}\n"])
        defer { try? FileManager.default.removeItem(at: yaml) }
        let syntax = try Modellint.run([yaml.path + "/m/rmsnorm.json", Self.rmsnorm])
        #expect(syntax.status == 2)
        #expect(syntax.stdout.contains("\(yaml.path)/m/.modellint.yml:1:24: error: invalid YAML: "), "\(syntax.stdout)")
        #expect(syntax.stdout.contains("no findings in 1 file, 1 file could not be read"), "the example still lints")

        let missing = try Modellint.run([Self.rmsnorm, "--config", "no-such.yml"])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("no-such.yml:1:1: error: cannot read the configuration file: no such file"), "\(missing.stdout)")
    }
}
