import Foundation
import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintCaffe

/// The shared Caffe corpus: real public Caffe models.
let caffeCorpus = SharedMaterial.corpus("caffe")

func corpusFiles() -> [URL] {
    guard let walker = FileManager.default.enumerator(at: caffeCorpus, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { ["prototxt", "pt"].contains($0.pathExtension) }
        .sorted { $0.path < $1.path }
}

@Suite("The real Caffe corpus")
struct CorpusTests {
    @Test func everyFileParsesIntoGraphs() throws {
        let files = corpusFiles()
        try #require(files.count >= SharedMaterial.atLeast(full: 250, fixture: 90), "the corpus at \(caffeCorpus.path) is missing or incomplete")
        var failures: [String] = []
        var layers = 0
        var skipped = 0
        for url in files {
            let source = SourceFile(path: url.path, bytes: Array(try Data(contentsOf: url)))
            do {
                let result = try CaffeFrontend.load(source)
                layers += result.graphs.map(\.nodes.count).max() ?? 0
                if result.graphs.isEmpty { skipped += 1 }
            } catch {
                failures.append("\(url.lastPathComponent): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) files failed: \(failures.prefix(10).joined(separator: "\n"))")
        // The SSD label maps are the only files that are neither a net nor a
        // solver: the MANIFEST's kind "unknown".
        let manifest = try String(contentsOf: caffeCorpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        let labelMaps = manifest.split(separator: "\n").filter { $0.split(separator: "\t").dropFirst(5).first == "unknown" }.count
        #expect(labelMaps >= 1)
        #expect(skipped == labelMaps)
        #expect(layers > SharedMaterial.atLeast(full: 10_000, fixture: 3_000))
    }

    /// Every truncation of a real file is either read or rejected with a
    /// position inside the file; none crashes.
    @Test func truncatedRealFilesGetPositionedErrors() throws {
        let url = try #require(corpusFiles().first { $0.lastPathComponent == "models__bvlc_alexnet__train_val.prototxt" })
        let bytes = Array(try Data(contentsOf: url))
        for cut in stride(from: 0, to: bytes.count, by: 37) {
            let source = SourceFile(path: "cut.prototxt", bytes: Array(bytes[..<cut]))
            do {
                _ = try CaffeFrontend.load(source)
            } catch let error as TextFormatError {
                #expect(error.location.line >= 1 && error.location.line <= source.lineStarts.count)
            }
        }
    }
}
