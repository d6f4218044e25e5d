import Foundation
import ModelLintAnalysis
import ModelLintCaffe
import ModelLintIR
import ModelLintTestSupport
import Testing

/// The shared Caffe corpus: real public Caffe models.
private let corpus = SharedMaterial.corpus("caffe")

/// Loads one corpus net through the Caffe frontend and infers its shapes.
private func inferredGraph(_ relativePath: String) throws -> Graph {
    let url = corpus.appendingPathComponent(relativePath)
    let source = SourceFile(path: url.path, bytes: Array(try Data(contentsOf: url)))
    let graph = try #require(try CaffeFrontend.load(source).graphs.first)
    return ShapeInference.infer(graph)
}

extension Graph {
    /// The shape of the last version of the tensor called `name` (after in-place layers).
    fileprivate func shape(of name: String) -> Shape? {
        tensors.last { $0.name == name }?.shape
    }
}

@Suite("Shapes of real Caffe nets")
struct CaffeCorpusShapeTests {
    @Test func bvlcAlexNet() throws {
        let graph = try inferredGraph("BVLC__caffe/models__bvlc_alexnet__deploy.prototxt")
        #expect(graph.shape(of: "conv1") == known(10, 96, 55, 55))
        #expect(graph.shape(of: "pool1") == known(10, 96, 27, 27))
        #expect(graph.shape(of: "pool2") == known(10, 256, 13, 13))
        #expect(graph.shape(of: "pool5") == known(10, 256, 6, 6))
        #expect(graph.shape(of: "fc8") == known(10, 1000))
        #expect(graph.shape(of: "prob") == known(10, 1000))
    }

    @Test func bvlcGoogLeNet() throws {
        let graph = try inferredGraph("BVLC__caffe/models__bvlc_googlenet__deploy.prototxt")
        #expect(graph.shape(of: "pool1/3x3_s2") == known(10, 64, 56, 56))
        #expect(graph.shape(of: "pool2/3x3_s2") == known(10, 192, 28, 28))
        #expect(graph.shape(of: "inception_3a/output") == known(10, 256, 28, 28))
        #expect(graph.shape(of: "inception_5b/output") == known(10, 1024, 7, 7))
        #expect(graph.shape(of: "pool5/7x7_s1") == known(10, 1024, 1, 1))
        #expect(graph.shape(of: "loss3/classifier") == known(10, 1000))
    }

    @Test func everyCorpusNetInfersWithoutCrashing() throws {
        guard let walker = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil) else {
            Issue.record("the corpus at \(corpus.path) is missing")
            return
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "prototxt" }
        try #require(files.count > SharedMaterial.atLeast(full: 100, fixture: 90), "the corpus at \(corpus.path) is missing or incomplete")
        var shaped = 0
        for url in files {
            let source = SourceFile(path: url.path, bytes: Array(try Data(contentsOf: url)))
            // Files the frontend rejects are its tests' business, not ours.
            guard let graphs = try? CaffeFrontend.load(source).graphs else { continue }
            for graph in graphs {
                let inferred = ShapeInference.infer(graph)
                #expect(inferred.tensors.count == graph.tensors.count)
                shaped += inferred.tensors.filter { $0.shape != nil }.count
            }
        }
        #expect(shaped > 1_000)
    }
}
