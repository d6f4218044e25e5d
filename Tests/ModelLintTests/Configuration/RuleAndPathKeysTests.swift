import Foundation
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

private func read(_ yaml: String) throws(ConfigurationError) -> Configuration {
    try ConfigurationReader.read(yaml: yaml, path: "dir/.modellint.yml")
}

private func problems(_ yaml: String) -> [String] {
    do {
        _ = try read(yaml)
        return []
    } catch {
        return error.problems.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }
}

@Suite("Configuration keys: select, ignore, severity, exclude, per-file-ignores")
struct RuleAndPathKeysTests {
    @Test func selectAndIgnoreTakeCodesNamesAndPrefixes() throws {
        let configuration = try read("select: [ML1, pool-stride-exceeds-kernel]\nignore: \"ML105, ML106\"\n")
        #expect(configuration.select == ["ML1", "pool-stride-exceeds-kernel"])
        #expect(configuration.ignore == ["ML105", "ML106"])
        #expect(try read("select: ML2").select == ["ML2"])
        #expect(try read("ignore: []").ignore == [])
        #expect(try read("weight-bound: 1").select == nil, "no select: the file does not restrict the rules")
    }

    @Test func anUnknownRuleIsAnErrorWithAGuess() {
        #expect(problems("select: [ML1, pool-stride-exceeds-kernal]\n") == [
            "1:15: select: unknown rule 'pool-stride-exceeds-kernal'; did you mean 'pool-stride-exceeds-kernel'? `modellint rules` lists the codes and names",
        ])
        #expect(problems("ignore:\n  - ML7\n") == [
            "2:5: ignore: unknown rule 'ML7'; did you mean 'ML007'? `modellint rules` lists the codes and names",
        ])
        #expect(problems("select: {a: 1}") == ["1:9: select expects a list of rule codes, names or prefixes ([ML201, ML3]), not a map"])
        #expect(problems("ignore: [[ML1]]") == ["1:10: ignore: a rule is a code, name or prefix, not a list"])
    }

    @Test func severityOverridesAreReadAndChecked() throws {
        let configuration = try read("severity:\n  ML201: error\n  ML3: note\n  exp-overflow: Warning\n")
        #expect(configuration.severity == ["ML201": .error, "ML3": .note, "exp-overflow": .warning])
        #expect(problems("severity:\n  ML201: fatal\n") == ["2:10: severity: 'ML201' expects note, warning or error, not 'fatal'"])
        #expect(problems("severity:\n  ML999: note\n").first?.hasPrefix("2:3: severity: unknown rule 'ML999';") == true)
        #expect(problems("severity: [ML201]") == [
            "1:11: severity is a map from rule code, name or prefix to note, warning or error (ML201: warning), not a list",
        ])
    }

    @Test func excludeAndPerFileIgnoresAreRead() throws {
        let configuration = try read("""
            exclude: ["legacy/**", "*_old.prototxt"]
            per-file-ignores:
              "zoo/**": [ML201, ML3]
              "*.onnx": ML105
            """)
        #expect(configuration.exclude == [PathGlob("legacy/**"), PathGlob("*_old.prototxt")])
        #expect(configuration.perFileIgnores == [
            .init(pattern: PathGlob("zoo/**"), rules: ["ML201", "ML3"]), .init(pattern: PathGlob("*.onnx"), rules: ["ML105"]),
        ])
        #expect(try read("exclude: vendor").exclude == [PathGlob("vendor")])
        #expect(problems("exclude: [\"\"]") == ["1:11: exclude expects path patterns such as \"legacy/**\" or \"*.onnx\", not ''"])
        #expect(problems("per-file-ignores: [a]") == [
            "1:19: per-file-ignores is a map from path pattern to rules (\"legacy/**\": [ML201]), not a list",
        ])
        #expect(problems("per-file-ignores:\n  \"a/*\": [ML2O1]\n").first?
            .hasPrefix("2:11: per-file-ignores: 'a/*': unknown rule 'ML2O1'; did you mean") == true)
    }

    @Test func everyNewKeyIsKnown() {
        for key in ["select", "ignore", "severity", "exclude", "per-file-ignores"] {
            #expect(ConfigurationReader.knownKeys.contains(key))
        }
        #expect(problems("severty: {}").first?.contains("did you mean 'severity'?") == true)
    }

    @Test func globs() {
        let cases: [(String, String, Bool)] = [
            ("legacy/**", "legacy/a.prototxt", true), ("legacy/**", "legacy/x/y/a.prototxt", true),
            ("legacy/**", "new/legacy.prototxt", false), ("legacy", "legacy/x/a.prototxt", true),
            ("*.onnx", "a.onnx", true), ("*.onnx", "deep/er/a.onnx", true), ("*.onnx", "a.onnx.json", false),
            ("nets/*.prototxt", "nets/a.prototxt", true), ("nets/*.prototxt", "nets/sub/a.prototxt", false),
            ("**/old_*.prototxt", "old_a.prototxt", true), ("**/old_*.prototxt", "x/y/old_a.prototxt", true),
            ("net?.pt", "net1.pt", true), ("net?.pt", "net12.pt", false), ("net?.pt", "x/net/.pt", false),
            ("a.b", "axb", false), ("./zoo/*", "zoo/a.onnx", true), ("zoo/**/deploy.prototxt", "zoo/deploy.prototxt", true),
        ]
        for (pattern, path, expected) in cases {
            #expect(PathGlob(pattern).matches(path) == expected, "\(pattern) ~ \(path)")
        }
        #expect(RelativePath.of("/p/q/r.onnx", from: "/p") == "q/r.onnx")
        #expect(RelativePath.of("/p/q/r.onnx", from: "/p/s") == "../q/r.onnx")
        #expect(RelativePath.of("q/r.onnx", from: "/cwd", currentDirectory: "/cwd") == "q/r.onnx")
    }
}
