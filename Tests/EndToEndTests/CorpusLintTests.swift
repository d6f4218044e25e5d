import Foundation
import ModelLintTestSupport
import Testing

@Suite("modellint on the real Caffe corpus")
struct CorpusLintTests {
    /// Every real model parses and lints: the exit status is 0 or 1, never 2,
    /// and modellint itself reports no error.
    @Test func wholeCorpusLintsWithoutToolErrors() throws {
        let corpus = SharedMaterial.corpus("caffe").path
        let run = try Modellint.run(["--color", "never", corpus])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)\n\(run.stdout.suffix(2000))")
        let toolErrors = run.stdout.split(separator: "\n").filter { $0.contains(": error: ") && !$0.hasSuffix("]") }
        #expect(toolErrors.isEmpty, "\(toolErrors.prefix(5))")
        // Every model file under the corpus is linted (the MANIFEST and other files are not models).
        let models = try #require(FileManager.default.enumerator(atPath: corpus)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".prototxt") || $0.hasSuffix(".pt") }.count
        #expect(models >= SharedMaterial.atLeast(full: 250, fixture: 90))
        #expect(run.stdout.contains(" in \(models) files"), "\(models) model files: \(run.stdout.suffix(300))")
    }
}
