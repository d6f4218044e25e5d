import Foundation
import ModelLintTestSupport
import Testing

@Suite("modellint on the real Caffe corpus", SharedMaterial.required)
struct CorpusLintTests {
    /// Every real model parses and lints: the exit status is 0 or 1, never 2,
    /// and modellint itself reports no error.
    @Test func wholeCorpusLintsWithoutToolErrors() throws {
        let corpus = SharedMaterial.path("corpus/caffe")
        let run = try Modellint.run(["--color", "never", corpus])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)\n\(run.stdout.suffix(2000))")
        let toolErrors = run.stdout.split(separator: "\n").filter { $0.contains(": error: ") && !$0.hasSuffix("]") }
        #expect(toolErrors.isEmpty, "\(toolErrors.prefix(5))")
        #expect(run.stdout.contains(" in 281 files") || run.stdout.contains(" in 282 files"), "\(run.stdout.suffix(300))")
    }
}
