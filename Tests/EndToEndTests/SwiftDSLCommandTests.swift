import Foundation
import Testing

/// `modellint Model.swift`: the static frontend through the binary.
@Suite("modellint on Swift DSL files")
struct SwiftDSLCommandTests {
    static let pairs = ["lenet_train_test", "resnet_blocks", "resnet50", "transformer_block", "transformer_encoder", "unet_resnext_encoder"]

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

    /// The example: a loop's layers are linted, each finding notes its iteration, and the
    /// layer after the loop reads the loop's last layer.
    @Test func aLoopIsLintedIterationByIteration() throws {
        let model = try write("""
            import ModelLintDSL
            let looped = Model("looped") {
                Input("image", shape: [1, 3, 64, 64], range: 0...1)
                for i in 0..<3 {
                    Conv("conv\\(i)", outputs: 16, kernel: 3)
                    AvgPool("pool\\(i)", kernel: 2, stride: 3)
                }
                Log("logp")
            }
            """)
        let run = try Modellint.run([model.path])
        #expect(run.status == 1)
        #expect(run.stdout.components(separatedBy: ":6:40: warning: pooling stride 3 exceeds kernel 2 [ML201]").count == 4, "\(run.stdout)")
        for i in 0..<3 {
            #expect(run.stdout.contains("note: in layer 'pool\(i)'"), "\(run.stdout)")
            #expect(run.stdout.contains(":4:5: note: in the iteration i = \(i) of this loop"), "\(run.stdout)")
        }
        #expect(run.stdout.contains("computed by 'pool2' (AvgPool)"), "\(run.stdout)")
        #expect(!run.stdout.contains("cannot evaluate") && !run.stdout.contains("not evaluated"), "\(run.stdout)")
    }

    /// A suppression on a layer call inside a helper covers every layer the helper makes, and is used.
    @Test func aSuppressionInAHelperCoversEveryExpansion() throws {
        let source = """
            import ModelLintDSL
            func downsample(_ name: String) -> [Layer] {
                [Conv("\\(name)_conv", outputs: 8, kernel: 3),
                 // modellint: disable=ML201 -- skipping rows on purpose
                 MaxPool("\\(name)_pool", kernel: 2, stride: 3)]
            }
            let net = Model("net") {
                Input("data", shape: [1, 3, 64, 64], range: 0...1)
                for stage in ["a", "b", "c"] { downsample(stage) }
                MaxPool("last", kernel: 2, stride: 3)
            }
            """
        let run = try Modellint.run([try write(source).path])
        #expect(run.status == 1)
        #expect(run.stdout.contains(":10:32: warning: pooling stride 3 exceeds kernel 2 [ML201]"), "\(run.stdout)")
        #expect(!run.stdout.contains(":5:"), "every expansion of the helper's pool is suppressed: \(run.stdout)")
        #expect(!run.stdout.contains("ML901"), "the suppression is used: \(run.stdout)")
        #expect(run.stdout.contains("1 finding"), "\(run.stdout)")
        // Without the comment, the helper's pool is reported once per call, with the chain that reached it.
        let unsuppressed = try Modellint.run([try write(source.replacingOccurrences(of: "// modellint: disable=ML201 -- skipping rows on purpose", with: "")).path])
        #expect(unsuppressed.stdout.contains("4 findings"), "\(unsuppressed.stdout)")
        #expect(unsuppressed.stdout.contains(":9:36: note: in this call of 'downsample'"), "\(unsuppressed.stdout)")
        #expect(unsuppressed.stdout.contains("note: in the iteration stage = \"b\" of this loop"), "\(unsuppressed.stdout)")
    }

    /// What cannot be evaluated is a note at its place, and the graph is cut there.
    @Test func anUnevaluableCallIsANoteAndCutsTheGraph() throws {
        let model = try write("""
            import ModelLintDSL
            import Foundation
            let net = Model("net") {
                Input("data", shape: [1, 8], range: 1...2)
                Log("safe")
                Dense("fc", outputs: Int(ProcessInfo.processInfo.processorCount))
                Log("after")
            }
            """)
        let run = try Modellint.run([model.path])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains(":6:30: note: not evaluated statically: 'ProcessInfo.processInfo'"), "\(run.stdout)")
        // `after` reads an unknown input, not `safe`'s output in [0, 0.7]: its log may see zero.
        #expect(run.stdout.contains(":7:5: warning: the argument of log 'after' may be zero or negative"), "\(run.stdout)")
        #expect(!run.stdout.contains("'safe' may be"), "\(run.stdout)")
    }
}
