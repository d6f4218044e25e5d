import Foundation
import ModelLintTestSupport
import Testing

/// Graphviz's `dot` and Chromium are optional: tests that need them are
/// skipped, and say why, where they are missing (`.ci/run` installs both).
enum PictureTools {
    static let hasDot = ExternalValidator.shell("command -v dot") == 0
    static let hasChromium = ExternalValidator.shell("command -v chromium") == 0

    static var dotAvailable: Bool {
        if !hasDot { print("skipping: Graphviz's dot is not installed (apt-get install graphviz)") }
        return hasDot
    }

    static var chromiumAvailable: Bool {
        if !hasDot || !hasChromium { print("skipping: the HTML screenshot needs dot and chromium (apt-get install graphviz chromium)") }
        return hasDot && hasChromium
    }

    /// The examples `modellint graph` must draw: every model under Examples/ but the one that is broken on purpose.
    static var exampleModels: [String] {
        let root = Modellint.packageRoot.appendingPathComponent("Examples")
        var models: [String] = []
        for folder in ["caffe", "onnx", "swift"] {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
            for file in files.sorted() where file != "broken.prototxt" {
                models.append("Examples/\(folder)/\(file)")
            }
        }
        return models
    }

    static let decoderBatchNorms = ["dec3_bn1", "dec3_bn2", "dec2_bn1", "dec2_bn2", "dec1_bn1", "dec1_bn2", "dec0_bn1", "dec0_bn2"]
}

/// The line of DOT that declares the box with this element id.
private func box(_ dot: String, id: String) -> String? {
    dot.split(separator: "\n").map(String.init).first { $0.contains("id=\"\(id)\"") && $0.contains("label=") }
}

@Suite struct GraphCommandTests {
    @Test func drawsEveryExample() throws {
        let models = PictureTools.exampleModels
        #expect(models.count >= 15)
        for model in models {
            let run = try Modellint.run(["graph", model, "--preview"])
            #expect(run.status == 0, "\(model): \(run.stderr)")
            #expect(run.stdout.hasPrefix("digraph "), "\(model)")
            #expect(run.stdout.contains(" -> "), "\(model)")
        }
    }

    @Test(arguments: ["Examples/caffe/unet_resnext_encoder.prototxt", "Examples/swift/unet_resnext_encoder.swift",
                      "Examples/onnx/unet_resnext_encoder.json"])
    func drawsTheDecoderBatchNormFindingsInPlace(model: String) throws {
        let run = try Modellint.run(["graph", model, "--preview"])
        #expect(run.status == 0, "\(run.stderr)")
        for name in PictureTools.decoderBatchNorms where !model.hasSuffix(".json") {
            let line = try #require(box(run.stdout, id: "node-\(name)"), "\(name)")
            #expect(line.contains("ML202 warning"), "\(line)")
        }
        #expect(run.stdout.components(separatedBy: "ML202 warning").count - 1 == 8)
        // Stages are clusters, and intervals are on edges (after a ReLU, nothing is negative).
        #expect(run.stdout.contains("subgraph cluster_"))
        #expect(run.stdout.contains("label=\"[0, inf]"))
    }

    /// The picture is judged by the analysis options lint takes: here the
    /// fp16 overflow that `--precision float16` makes of a sum of squares.
    @Test func takesTheAnalysisOptionsOfLint() throws {
        let model = "Examples/onnx/rmsnorm_by_hand.json"
        let fp16 = try Modellint.run(["graph", model, "--precision", "float16", "--input-range", "x=-300:300"])
        #expect(fp16.status == 0 && fp16.stdout.contains("ML105"), "\(fp16.stdout) \(fp16.stderr)")
        let fp32 = try Modellint.run(["graph", model, "--input-range", "x=-300:300"])
        #expect(fp32.status == 0 && !fp32.stdout.contains("ML105"), "\(fp32.stdout)")
        let bad = try Modellint.run(["graph", model, "--weight-bound=-1"])
        #expect(bad.status == 64 || bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains("--weight-bound expects a finite number >= 0"), "\(bad.stderr)")
    }

    @Test func focusAndDepth() throws {
        let model = "Examples/caffe/unet_resnext_encoder.prototxt"
        let focused = try Modellint.run(["graph", model, "--preview", "--focus", "dec3_bn1", "--focus-depth", "2"])
        #expect(focused.status == 0)
        #expect(box(focused.stdout, id: "node-dec3_bn1") != nil)
        #expect(box(focused.stdout, id: "node-enc1_conv1") == nil)
        let typo = try Modellint.run(["graph", model, "--preview", "--focus", "dec3_bn9"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no node named 'dec3_bn9'") && typo.stderr.contains("did you mean 'dec3_bn1'?"))
        let stages = try Modellint.run(["graph", model, "--preview", "--depth", "0"])
        #expect(stages.status == 0)
        #expect(!stages.stdout.contains("subgraph"))
        let dec3 = try #require(box(stages.stdout, id: "group-dec3"))
        #expect(dec3.contains("ML202 warning ×2"))
    }

    @Test func writesDotFilesAndRefusesBadTargets() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("net.dot").path
        let run = try Modellint.run(["graph", "Examples/caffe/faulty_pooling.prototxt", "-o", file])
        #expect(run.status == 0 && run.stdout.isEmpty)
        let dot = try String(contentsOfFile: file, encoding: .utf8)
        #expect(dot.hasPrefix("digraph") && dot.contains("ML201 error"))
        let wrong = try Modellint.run(["graph", "Examples/caffe/faulty_pooling.prototxt", "-o", folder.appendingPathComponent("x.gif").path])
        #expect(wrong.status == 2 && wrong.stderr.contains(".dot, .svg or .png"))
        let broken = try Modellint.run(["graph", "Examples/caffe/broken.prototxt"])
        #expect(broken.status == 2 && broken.stdout.isEmpty && broken.stderr.contains("broken.prototxt:"))
    }

    @Test func withoutGraphvizDotIsStillWritten() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("net.svg").path
        let run = try Modellint.run(["graph", "Examples/caffe/faulty_pooling.prototxt", "-o", svg],
                                    environment: ["PATH": "/nonexistent", "MODELLINT_DOT": ""])
        #expect(run.status == 2)
        let written = folder.appendingPathComponent("net.dot").path
        #expect(run.stderr.contains("Graphviz's `dot` is not installed (apt-get install graphviz); wrote DOT to \(written)"))
        #expect(FileManager.default.fileExists(atPath: written) && !FileManager.default.fileExists(atPath: svg))
    }

    @Test(.enabled(if: PictureTools.dotAvailable, "needs Graphviz's dot"))
    func rendersSVGAndPNG() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("unet.svg").path
        let run = try Modellint.run(["graph", "Examples/caffe/unet_resnext_encoder.prototxt", "--preview", "-o", svg])
        #expect(run.status == 0, "\(run.stderr)")
        // Graphviz writes `-` in ids as the character reference `&#45;`.
        let text = try String(contentsOfFile: svg, encoding: .utf8).replacingOccurrences(of: "&#45;", with: "-")
        #expect(text.contains("<svg") && text.contains("id=\"node-dec3_bn1\""))
        let png = folder.appendingPathComponent("unet.png").path
        #expect(try Modellint.run(["graph", "Examples/caffe/unet_resnext_encoder.prototxt", "-o", png]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
}

extension GraphCommandTests {
    /// dot's ranking fails on DenseNet's nested clusters ("trouble in
    /// init_rank"); modellint retries with its newer ranking.
    @Test(SharedMaterial.required, .enabled(if: PictureTools.dotAvailable, "needs Graphviz's dot"))
    func rendersDenseNet() throws {
        let model = SharedMaterial.path("corpus/caffe/shicai__DenseNet-Caffe/DenseNet_121.prototxt")
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("densenet.svg").path
        let run = try Modellint.run(["graph", model, "-o", svg])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
    }
}

@Suite struct HTMLFormatTests {
    func report(in folder: URL) throws -> (path: String, html: String) {
        let path = folder.appendingPathComponent("report.html").path
        let run = try Modellint.run(["--preview", "Examples/caffe/unet_resnext_encoder.prototxt", "Examples/caffe/faulty_pooling.prototxt",
                                     "--format", "html", "-o", path])
        #expect(run.status == 1, "\(run.stderr)")
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func onePageWithLinksAndNoNetwork() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = try report(in: folder).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("href=\"#f1-node-dec3_bn1\""))
        #expect(html.contains("href=\"#f2-node-pool1\""))
        // No reference outside the page: the only URLs are the SVG namespaces.
        let pieces = html.components(separatedBy: "http")
        for (index, before) in pieces.dropLast().enumerated() {
            let lead = String(before.suffix(16))
            #expect(lead.contains("xmlns"), "a URL outside an xmlns: http\(pieces[index + 1].prefix(60))")
        }
        #expect(!html.contains("<script"))
        if PictureTools.hasDot {
            #expect(html.replacingOccurrences(of: "&#45;", with: "-").contains("id=\"f1-node-dec3_bn1\""))
            #expect(html.contains("<svg"))
        } else {
            #expect(html.contains("needs Graphviz"))
        }
    }

    @Test func withoutGraphvizThePageStillListsTheFindings() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.html").path
        let run = try Modellint.run(["Examples/caffe/faulty_pooling.prototxt", "--format", "html", "-o", path],
                                    environment: ["PATH": "/nonexistent", "MODELLINT_DOT": ""])
        #expect(run.status == 1)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("href=\"#f1-node-pool1\"") && html.contains("[ML201 pool-stride-exceeds-kernel]"))
        #expect(html.contains("needs Graphviz") && html.contains("apt-get install graphviz") && !html.contains("<svg"))
    }

    /// The page opens in headless Chromium: its screenshot is far from blank.
    @Test(.enabled(if: PictureTools.chromiumAvailable, "needs dot and chromium"))
    func chromiumDrawsThePage() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try report(in: folder).path
        let blank = folder.appendingPathComponent("blank.html").path
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        func screenshot(_ html: String, _ name: String) throws -> Int {
            let out = folder.appendingPathComponent(name).path
            let status = ExternalValidator.shell("HOME=\(folder.path) timeout 120 chromium --headless --no-sandbox --disable-gpu "
                                                 + "--user-data-dir=\(folder.path)/chrome-\(name) --screenshot=\(out) "
                                                 + "--window-size=1200,900 file://\(html)")
            #expect(status == 0, "chromium exit \(status)")
            let data = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            return data.count
        }
        let empty = try screenshot(blank, "blank.png")
        let drawn = try screenshot(page, "page.png")
        #expect(drawn > 20_000 && drawn > 4 * empty, "screenshot \(drawn) bytes, a blank page \(empty)")
    }
}
