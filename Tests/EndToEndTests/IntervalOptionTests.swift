import Foundation
import Testing

/// The options that steer the interval analysis, run through the binary.
@Suite("modellint's interval options")
struct IntervalOptionTests {
    let rmsnorm = "Examples/onnx/rmsnorm_by_hand.json"

    @Test func showProofsListsTheOperationsProvedSafeWithoutFailing() throws {
        let quiet = try Modellint.run([rmsnorm])
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("proved"), "\(quiet.stdout)")

        let run = try Modellint.run([rmsnorm, "--show-proofs"])
        #expect(run.status == 0, "proofs are not findings")
        #expect(run.stdout.contains("\(rmsnorm):47:7: proved: 'rms' (Sqrt) cannot go wrong by sqrt-of-negative [ML103]"), "\(run.stdout)")
        #expect(run.stdout.contains("proved: 'normalize' (Div) cannot go wrong by div-without-epsilon [ML102]"))
        #expect(run.stdout.contains("note: the divisor lies in [0.000999"), "sqrt(1e-6) bounds the divisor")
        #expect(run.stdout.contains("no findings in 1 file, 2 operations proved safe"))
    }

    @Test func precisionFloat16FindsTheOverflowInTheSumOfSquares() throws {
        let fp32 = try Modellint.run([rmsnorm, "--input-range", "x=-300:300"])
        #expect(fp32.status == 0, "\(fp32.stdout)")

        let fp16 = try Modellint.run([rmsnorm, "--precision", "float16", "--input-range", "x=-300:300"])
        #expect(fp16.status == 1)
        #expect(fp16.stdout.contains("warning: 'square' (Mul) may overflow float16: its result can exceed 65504 in magnitude and become inf [ML105]"),
                "\(fp16.stdout)")
        #expect(fp16.stdout.contains("note: before rounding to float16, the result lies in [0.0, 90000.0]"))

        let small = try Modellint.run([rmsnorm, "--precision", "fp16", "--input-range", "x=-200:200"])
        #expect(small.status == 0, "200^2 = 40000 fits in fp16: \(small.stdout)")
    }

    /// A typo in a range's name would leave the input unbounded in silence.
    @Test func aRangeNamingNoInputIsAUsageError() throws {
        let typo = try Modellint.run([rmsnorm, "--input-range", "xx=0:1"])
        #expect(typo.status == 2, "\(typo.stdout)")
        #expect(typo.stderr.contains("modellint: error: --input-range: 'xx' names no input of the linted models; did you mean 'x'?"),
                "\(typo.stderr)")
        let unknown = try Modellint.run([rmsnorm, "--input-range", "pixels=0:1"])
        #expect(unknown.status == 2 && unknown.stderr.contains("their inputs are 'x'"), "\(unknown.stderr)")
        // A name one of several models has is bound.
        let shared = try Modellint.run([rmsnorm, "Examples/caffe/lenet_train_test.prototxt", "--input-range", "data=0:1"])
        #expect(shared.status != 2, "\(shared.stderr)")
        // The same for the interval dump and the picture, which take ranges too.
        let dump = try Modellint.run([rmsnorm, "--dump-intervals", "--input-range", "xx=0:1"])
        #expect(dump.status == 2 && dump.stdout.isEmpty, "\(dump.stdout)")
        #expect(dump.stderr.contains("modellint: error: --input-range: 'xx' names no input of the model; did you mean 'x'?"), "\(dump.stderr)")
        let graph = try Modellint.run(["graph", rmsnorm, "--input-range", "xx=0:1"])
        #expect(graph.status == 2 && graph.stdout.isEmpty, "\(graph.stdout)")
        #expect(graph.stderr.contains("'xx' names no input"), "\(graph.stderr)")
    }

    /// A configuration's `input-ranges:` is checked against the models it governs.
    @Test func aConfiguredRangeNamingNoInputIsAUsageError() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("rmsnorm.json")
        try FileManager.default.copyItem(atPath: rmsnorm, toPath: model.path)
        let configuration = folder.appendingPathComponent(".modellint.yml")
        try "input-ranges:\n  xx: [0, 1]\n".write(to: configuration, atomically: true, encoding: .utf8)
        let lint = try Modellint.run([model.path])
        #expect(lint.status == 2, "\(lint.stdout)")
        #expect(lint.stderr.contains(": input-ranges: 'xx' names no input of the models it governs; did you mean 'x'?"), "\(lint.stderr)")
        let dump = try Modellint.run(["--dump-intervals", model.path])
        #expect(dump.status == 2 && dump.stderr.contains("input-ranges: 'xx' names no input of the model"), "\(dump.stderr)")

        try "input-ranges:\n  x: [0, 1]\n".write(to: configuration, atomically: true, encoding: .utf8)
        let bound = try Modellint.run([model.path])
        #expect(bound.status == 0, "\(bound.stdout) \(bound.stderr)")
    }

    @Test func overflowIsNotClaimedFromTheAssumptionAlone() throws {
        // Undeclared, x may be any fp16 value and x * x any overflow: that says nothing, so no ML105.
        let run = try Modellint.run([rmsnorm, "--precision", "float16"])
        #expect(!run.stdout.contains("[ML105]"), "\(run.stdout)")
    }

    @Test func weightBoundBoundsCaffeLayersWhoseWeightsAreElsewhere() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let net = folder.appendingPathComponent("fc_exp.prototxt")
        try """
            name: "fc_exp"
            input: "data"
            input_shape { dim: 1 dim: 4 }
            layer { name: "squash" type: "TanH" bottom: "data" top: "t" }
            layer { name: "fc" type: "InnerProduct" bottom: "t" top: "f" inner_product_param { num_output: 2 } }
            layer { name: "exp" type: "Exp" bottom: "f" top: "y" }
            """.write(to: net, atomically: true, encoding: .utf8)
        let unknown = try Modellint.run([net.path])
        #expect(unknown.status == 1 && unknown.stdout.contains("[ML104]"), "unknown weights: exp may overflow\n\(unknown.stdout)")
        // |f| <= 4 * 1 * 2 + 2 = 10 < 88.7.
        let bounded = try Modellint.run([net.path, "--weight-bound", "2"])
        #expect(bounded.status == 0, "\(bounded.stdout)")
        let rejected = try Modellint.run([net.path, "--weight-bound", "-1"])
        #expect(rejected.status != 0 && rejected.stderr.contains("--weight-bound"), "\(rejected.stderr)")
    }
}
