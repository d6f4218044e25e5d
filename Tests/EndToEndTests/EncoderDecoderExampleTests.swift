import Testing

/// ML202 on the U-Net examples: a ResNeXt-style encoder with a plain decoder is
/// flagged at every decoder BatchNorm; the plain U-Net is clean. ML202 is a
/// preview rule: it runs with --preview or when selected, and only then.
@Suite("ML202 on the U-Net examples")
struct EncoderDecoderExampleTests {
    static let decoderBatchNorms = ["dec3_bn1", "dec3_bn2", "dec2_bn1", "dec2_bn2", "dec1_bn1", "dec1_bn2", "dec0_bn1", "dec0_bn2"]

    @Test(arguments: ["Examples/caffe/unet_resnext_encoder.prototxt", "Examples/onnx/unet_resnext_encoder.json"])
    func resnextEncoderFlagsEveryDecoderBatchNorm(_ path: String) throws {
        #expect(!(try Modellint.run([path]).stdout.contains("[ML202]")), "a preview rule does not run by default")
        #expect(try Modellint.run([path, "--select", "bn-encoder-decoder-mismatch"]).stdout.contains("[ML202]"), "selected by name")
        let run = try Modellint.run([path, "--preview"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let headers = run.stdout.split(separator: "\n").filter { $0.hasSuffix("[ML202]") }
        #expect(headers.count == Self.decoderBatchNorms.count, "\(run.stdout)")
        for name in Self.decoderBatchNorms {
            #expect(headers.contains { $0.contains("warning: decoder BatchNorm '\(name)' normalizes features from plain k×k convolution(s), but the encoder it joins is built from 1×1 → grouped k×k → 1×1 bottleneck(s)") },
                    "\(name) in \(run.stdout)")
        }
        #expect(run.stdout.contains("block-type distance 0.89 ≥ 0.5"))
        #expect(run.stdout.contains("a representative encoder block: 'enc4_conv2'"))
        #expect(run.stdout.split(separator: "\n").filter { $0.contains("[ML") }.allSatisfy { $0.contains("[ML202]") },
                "no other rule fires on the example")
    }

    @Test func firstFindingIsAtTheBatchNormLine() throws {
        let run = try Modellint.run(["Examples/caffe/unet_resnext_encoder.prototxt", "--select", "ML202"])
        #expect(run.stdout.contains("Examples/caffe/unet_resnext_encoder.prototxt:139:1: warning: decoder BatchNorm 'dec3_bn1'"), "\(run.stdout)")
    }

    @Test(arguments: ["Examples/caffe/unet_plain.prototxt", "Examples/onnx/unet_plain.json"])
    func plainUNetIsClean(_ path: String) throws {
        let run = try Modellint.run([path, "--preview"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("[ML"), "\(run.stdout)")
    }
}
