import Foundation
import Testing

/// `modellint Model.swift`: the static frontend through the binary.
@Suite("modellint on Swift DSL files")
struct SwiftDSLCommandTests {
    static let pairs = ["lenet_train_test", "resnet_blocks", "transformer_block", "unet_resnext_encoder"]

    /// The rule codes of a run's findings, from its JSON report.
    func codes(_ path: String) throws -> (status: Int32, codes: Set<String>) {
        let run = try Modellint.run([path, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let findings = try #require(report["findings"] as? [[String: Any]])
        return (run.status, Set(findings.compactMap { $0["code"] as? String }))
    }

    @Test(arguments: pairs)
    func swiftAndPrototxtReportTheSameCodes(name: String) throws {
        let swift = try codes("Examples/swift/\(name).swift")
        let prototxt = try codes("Examples/caffe/\(name).prototxt")
        #expect(swift.codes == prototxt.codes)
        #expect(swift.status == prototxt.status)
        #expect(swift.status != 2)
    }

    @Test func findingsQuoteTheSwiftLine() throws {
        let run = try Modellint.run(["Examples/swift/resnet_blocks.swift"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Examples/swift/resnet_blocks.swift:"), "\(run.stdout)")
        #expect(run.stdout.contains("MaxPool(\"pool1\""), "the source line is quoted: \(run.stdout)")
        #expect(run.stdout.contains("[ML201]"))
    }

    func write(_ source: String) throws -> URL {
        let file = try Modellint.temporaryFolder().appendingPathComponent("Model.swift")
        try source.write(to: file, atomically: false, encoding: .utf8)
        return file
    }

    @Test func aSuppressionCommentAboveTheLayerSilencesIt() throws {
        let model = """
            import ModelLintDSL
            let net = Model("net") {
                Input("data", shape: [1, 3, 32, 32], range: 0...1)
                // modellint: disable=ML201 -- downsampling on purpose
                MaxPool("pool1",
                        kernel: 2, stride: 3)
                MaxPool("pool2", kernel: 2, stride: 3)
            }
            """
        let run = try Modellint.run([try write(model).path])
        #expect(run.status == 1)
        #expect(run.stdout.contains(":7:33: warning: pooling stride 3 exceeds kernel 2 [ML201]"), "\(run.stdout)")
        #expect(!run.stdout.contains(":6:"), "the suppression above a call covers all its lines")
        #expect(!run.stdout.contains("ML901"), "\(run.stdout)")
        #expect(run.stdout.contains("1 finding"), "\(run.stdout)")
    }

    @Test func swiftThatDoesNotParseIsExitTwoAtItsLine() throws {
        let broken = try write("import ModelLintDSL\nlet net = Model(\"net\") {\n    Conv(\"c\", outputs: 4, kernel: 3\n}\n")
        let run = try Modellint.run([broken.path, "Examples/caffe/faulty_pooling.prototxt"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("\(broken.path):3:"), "\(run.stdout)")
        #expect(run.stdout.contains("Swift syntax error"), "\(run.stdout)")
        #expect(run.stdout.contains("[ML201]"), "the other file is still linted: \(run.stdout)")
    }

    @Test func anUnknownLayerIsExitTwoAndTheRestIsStillLinted() throws {
        let model = try write("""
            import ModelLintDSL
            let net = Model("net") {
                Input("data", shape: [1, 3, 32, 32])
                Conf("c1", outputs: 4, kernel: 3)
                MaxPool("pool1", kernel: 2, stride: 3)
            }
            """)
        let run = try Modellint.run([model.path])
        #expect(run.status == 2)
        #expect(run.stdout.contains(":4:5: error: unknown layer 'Conf'; did you mean 'Conv'?"), "\(run.stdout)")
        #expect(run.stdout.contains(":5:33: warning: pooling stride 3 exceeds kernel 2 [ML201]"), "\(run.stdout)")
    }

    @Test func aFolderWalkReadsOnlySwiftFilesThatImportTheDSL() throws {
        let folder = try Modellint.temporaryFolder()
        try "import Foundation\nlet x = 1\n".write(to: folder.appendingPathComponent("Helper.swift"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(at: Modellint.packageRoot.appendingPathComponent("Examples/swift/resnet_blocks.swift"),
                                         to: folder.appendingPathComponent("resnet_blocks.swift"))
        let run = try Modellint.run([folder.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("in 1 file"), "\(run.stdout)")
    }
}
