import Foundation
import Testing

@Suite("modellint on the bundled examples")
struct LintCommandTests {
    @Test func faultyPoolingIsAnErrorAtTheStride() throws {
        let run = try Modellint.run(["Examples/caffe/faulty_pooling.prototxt"])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = "Examples/caffe/faulty_pooling.prototxt:29:5: error: pooling stride 5 exceeds kernel 3, and the last window starts outside the input [ML201]"
        let at = try #require(lines.firstIndex(of: header), "\(run.stdout)")
        #expect(lines[at + 1] == "    stride: 5")
        #expect(lines[at + 2] == "    ^")
        #expect(lines.contains("note: in layer 'pool1'"))
        #expect(lines.last { !$0.isEmpty } == "1 finding (1 error) in 1 file")
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func faultyPoolingInV1SyntaxIsAWarning() throws {
        let run = try Modellint.run(["Examples/caffe/faulty_pooling_v1.prototxt"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Examples/caffe/faulty_pooling_v1.prototxt:22:5: warning: pooling stride 5 exceeds kernel 3 [ML201]"),
                "\(run.stdout)")
    }

    @Test func solverFollowsItsNetAndIsClean() throws {
        let run = try Modellint.run(["Examples/caffe/lenet_solver.prototxt"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("no findings in 1 file"))
    }

    @Test func brokenFileIsExitTwoAndOtherFilesAreStillLinted() throws {
        let run = try Modellint.run(["Examples/caffe/broken.prototxt", "Examples/caffe/faulty_pooling.prototxt"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("Examples/caffe/broken.prototxt:10:42: error: 'kernel_size' expects an integer, found 'three'"),
                "\(run.stdout)")
        #expect(run.stdout.contains("[ML201]"))
    }

    @Test func selectAndIgnore() throws {
        #expect(try Modellint.run(["--ignore", "ML2", "Examples/caffe/faulty_pooling.prototxt"]).status == 0)
        #expect(try Modellint.run(["--select", "pool-stride-exceeds-kernel", "Examples/caffe/faulty_pooling.prototxt"]).status == 1)
        let typo = try Modellint.run(["--select", "ML9999", "Examples/caffe/faulty_pooling.prototxt"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("ML9999"))
    }

    @Test func failOnAndExitZero() throws {
        let v1 = "Examples/caffe/faulty_pooling_v1.prototxt"
        #expect(try Modellint.run(["--fail-on", "error", v1]).status == 0)
        #expect(try Modellint.run(["--exit-zero", "Examples/caffe/faulty_pooling.prototxt"]).status == 0)
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() throws {
        let forced = try Modellint.run(["--color", "always", "Examples/caffe/faulty_pooling.prototxt"])
        #expect(forced.stdout.contains("\u{1B}["))
        let auto = try Modellint.run(["Examples/caffe/faulty_pooling.prototxt"], environment: ["NO_COLOR": "1"])
        #expect(!auto.stdout.contains("\u{1B}["))
    }

    @Test func reportToAFile() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("lint.txt")
        let run = try Modellint.run(["-o", output.path, "Examples/caffe/faulty_pooling.prototxt"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("[ML201]"))
    }

    @Test func theReportNeverOverwritesAModel() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let net = folder.appendingPathComponent("net.prototxt")
        let original = try String(contentsOf: Modellint.packageRoot.appendingPathComponent("Examples/caffe/faulty_pooling.prototxt"), encoding: .utf8)
        try original.write(to: net, atomically: true, encoding: .utf8)
        let run = try Modellint.run(["-o", net.path, net.path])
        #expect(run.status == 2)
        #expect(try String(contentsOf: net, encoding: .utf8) == original)
        #expect(try Modellint.run(["-o", net.path, folder.path]).status == 2)
        #expect(try String(contentsOf: net, encoding: .utf8) == original)
    }
}

@Suite("modellint subcommands and usage errors")
struct SubcommandTests {
    @Test func rulesListsEveryRule() throws {
        let run = try Modellint.run(["rules"])
        #expect(run.status == 0)
        for code in ["ML001", "ML002", "ML003", "ML201"] { #expect(run.stdout.contains(code)) }
        #expect(run.stdout.contains("pool-stride-exceeds-kernel"))
    }

    @Test func explainByCodeOrName() throws {
        let byCode = try Modellint.run(["explain", "ML201"])
        #expect(byCode.status == 0)
        #expect(byCode.stdout.hasPrefix("ML201 pool-stride-exceeds-kernel"))
        #expect(byCode.stdout.contains("Why it is bad:"))
        #expect(try Modellint.run(["explain", "pool-stride-exceeds-kernel"]).stdout == byCode.stdout)
        #expect(try Modellint.run(["explain", "ML999"]).status == 2)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Modellint.run([]).status == 2)
        #expect(try Modellint.run(["--no-such-flag", "Examples"]).status == 2)
        #expect(try Modellint.run(["--format", "yaml", "Examples/caffe/faulty_pooling.prototxt"]).status == 2)
        let missing = try Modellint.run(["no/such/net.prototxt"])
        #expect(missing.status == 2)
        #expect(missing.stdout.contains("no/such/net.prototxt:1:1: error: no such file or folder"))
    }
}
