import Foundation
import Testing

/// `--write-baseline` and `--baseline` as a user adopting modellint on an old model zoo meets them.
@Suite("modellint --baseline")
struct BaselineCommandTests {
    static let example = "Examples/caffe/faulty_pooling.prototxt"

    @Test func writeThenUseABaselineAcrossLineShifts() throws {
        let root = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try String(contentsOf: Modellint.packageRoot.appendingPathComponent(Self.example), encoding: .utf8)
        let model = root.appendingPathComponent("zoo/net.prototxt")
        try FileManager.default.createDirectory(at: model.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: model, atomically: true, encoding: .utf8)
        let baseline = root.appendingPathComponent("modellint-baseline.json").path

        let written = try Modellint.run([root.path + "/zoo", "--write-baseline", baseline])
        #expect(written.status == 0, "writing a baseline does not fail the run: \(written.stdout)")
        #expect(written.stderr.contains("wrote 1 finding to the baseline"), "\(written.stderr)")
        let json = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(json.contains("\"path\" : \"zoo/net.prototxt\"") && json.contains("\"node\" : \"pool1\"")
                && json.contains("\"count\" : 1") && !json.contains("29"), "no line number: \(json)")

        try ("# two lines\n# above\n" + text).write(to: model, atomically: true, encoding: .utf8)
        let shifted = try Modellint.run([root.path + "/zoo", "--baseline", baseline])
        #expect(shifted.status == 0, "\(shifted.stdout)")
        #expect(shifted.stdout.contains("1 finding is in the baseline and not reported"), "\(shifted.stdout)")

        // A new hazard still fails, and only it is reported.
        try text.replacingOccurrences(of: "stride: 5", with: "stride: 5\n  }\n}\nlayer {\n  name: \"pool9\"\n  type: \"Pooling\"\n  bottom: \"conv1\"\n  top: \"pool9\"\n  pooling_param {\n    pool: AVE\n    kernel_size: 2\n    stride: 8")
            .write(to: model, atomically: true, encoding: .utf8)
        let grown = try Modellint.run([root.path + "/zoo", "--baseline", baseline])
        #expect(grown.status == 1, "\(grown.stdout)")
        #expect(grown.stdout.contains("in layer 'pool9'") && !grown.stdout.contains("in layer 'pool1'"), "\(grown.stdout)")
    }

    @Test func aMissingOrCorruptBaselineExitsTwo() throws {
        let root = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try Modellint.run([Self.example, "--baseline", root.path + "/none.json"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"), "\(missing.stderr)")
        let corrupt = root.appendingPathComponent("b.json")
        try "[1, 2".write(to: corrupt, atomically: true, encoding: .utf8)
        let bad = try Modellint.run([Self.example, "--baseline", corrupt.path])
        #expect(bad.status == 2 && bad.stderr.contains("not a modellint baseline"), "\(bad.stderr)")
        let both = try Modellint.run([Self.example, "--baseline", corrupt.path, "--write-baseline", corrupt.path])
        #expect(both.status == 2 && both.stderr.contains("exclude each other"), "\(both.stderr)")
    }
}
