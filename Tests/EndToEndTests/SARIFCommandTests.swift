import Foundation
import Testing

/// `--format sarif` through the binary, as a GitHub workflow would run it, and
/// the file it writes checked by `validate-sarif --strict`.
@Suite("--format sarif and --base-dir")
struct SARIFCommandTests {
    let faulty = "Examples/caffe/faulty_pooling.prototxt"
    let rmsnorm = "Examples/onnx/rmsnorm_by_hand.json"

    func sarif(_ arguments: [String]) throws -> (run: Modellint.Run, file: URL, log: [String: Any]) {
        let file = try Modellint.temporaryFolder().appendingPathComponent("lint.sarif")
        let run = try Modellint.run(arguments + ["--format", "sarif:\(file.path)"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        return (run, file, log)
    }

    func results(_ log: [String: Any]) -> [[String: Any]] {
        ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
    }

    func uri(_ result: [String: Any]) -> String? {
        let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        return (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
    }

    @Test(.enabled(if: SARIFValidator.isAvailable, "needs MODELLINT_SHARED's tools/validate-sarif and jsonschema"))
    func findingsAndProofsValidateStrictly() throws {
        let (run, file, log) = try sarif([faulty, rmsnorm, "--show-proofs"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let validation = try SARIFValidator.validate(file)
        #expect(validation.status == 0, "\(validation.output)")
        #expect(validation.output.contains("ok \(file.path)"), "\(validation.output)")

        let all = results(log)
        let finding = try #require(all.first { $0["ruleId"] as? String == "ML201" })
        #expect(finding["level"] as? String == "error")
        // The default base is the repository the command runs in (the package root), so the URI is the repository path.
        #expect(uri(finding) == faulty)
        let physical = (finding["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        let region = try #require(physical?["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 29 && region["startColumn"] as? Int == 5, "\(region)")
        let logical = (finding["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]]
        #expect(logical?.first?["name"] as? String == "pool1")
        #expect((finding["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] != nil)

        let proofs = all.filter { $0["kind"] as? String == "pass" }
        #expect(!proofs.isEmpty, "--show-proofs gives kind: pass results")
        #expect(proofs.allSatisfy { uri($0) == rmsnorm || uri($0) == faulty }, "\(proofs.map { uri($0) ?? "-" })")
    }

    @Test func baseDirMakesURIsRelativeToIt() throws {
        let (run, _, log) = try sarif([faulty, "--base-dir", "Examples"])
        #expect(run.status == 1)
        let finding = try #require(results(log).first)
        #expect(uri(finding) == "caffe/faulty_pooling.prototxt")
        let bases = (log["runs"] as? [[String: Any]])?.first?["originalUriBaseIds"] as? [String: [String: String]]
        let examples = Modellint.packageRoot.appendingPathComponent("Examples").path
        #expect(bases?["%SRCROOT%"]?["uri"] == "file://\(examples)/", "\(bases ?? [:])")
    }

    @Test func aModelOutsideTheBaseGetsAnAbsoluteFileURI() throws {
        let (_, _, log) = try sarif([faulty, "--base-dir", "Tests"])
        let finding = try #require(results(log).first)
        let absolute = Modellint.packageRoot.appendingPathComponent(faulty).path
        #expect(uri(finding) == "file://\(absolute)")
    }

    @Test func aBaseDirThatIsNotAFolderIsAUsageError() throws {
        let run = try Modellint.run([faulty, "--format", "sarif", "--base-dir", faulty])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--base-dir '\(faulty)' is not a folder"), "\(run.stderr)")
    }
}
