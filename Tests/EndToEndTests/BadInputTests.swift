import Foundation
import ModelLintTestSupport
import Testing

/// Malformed files: one clear error with file:line:col, exit 2, no crash,
/// the other files still linted, and no input file ever written.
@Suite("modellint on bad input")
struct BadInputTests {
    static let cases: [(name: String, bytes: [UInt8], line: Int, column: Int)] = [
        ("unclosed.prototxt", Array("name: \"n\"\nlayer {\n  name: \"a\"\n  type: \"ReLU\"\n".utf8), 2, 7),
        ("three.prototxt", Array("layer {\n  name: \"p\"\n  type: \"Pooling\"\n  pooling_param { kernel_size: three }\n}\n".utf8), 4, 32),
        ("truncated.prototxt", Array("layer {\n  name: \"p\"\n  type: \"Poo".utf8), 3, 9),
        ("garbage.prototxt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF], 1, 1),
        ("empty.prototxt", [], 1, 1),
        // Binary ONNX is mapped, not read, and an empty file cannot be mapped.
        ("empty.onnx", [], 1, 1),
    ]

    @Test func eachBadFileGetsOnePositionedError() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for bad in Self.cases {
            let path = folder.appendingPathComponent(bad.name)
            try Data(bad.bytes).write(to: path)
            let run = try Modellint.run([path.path, "Examples/caffe/faulty_pooling.prototxt"])
            #expect(run.status == 2, "\(bad.name)")
            let errors = run.stdout.split(separator: "\n").filter { $0.hasPrefix(path.path + ":") && $0.contains(": error: ") }
            #expect(errors.count == 1, "\(bad.name): \(run.stdout)")
            #expect(errors.first?.hasPrefix("\(path.path):\(bad.line):\(bad.column): error: ") == true,
                    "\(bad.name): \(errors)")
            #expect(run.stdout.contains("[ML201]"), "the other file is still linted")
            #expect(try Data(contentsOf: path) == Data(bad.bytes), "modellint never writes to an input")
        }
    }

    @Test(SharedMaterial.required) func labelMapIsSkippedWithANote() throws {
        let run = try Modellint.run([SharedMaterial.path("corpus/caffe/weiliu89__caffe/data__VOC0712__labelmap_voc.prototxt")])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains(": note: skipped: an SSD label map"))
    }

    @Test func solverWhoseNetIsMissingLeavesANote() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let solver = folder.appendingPathComponent("solver.prototxt")
        try "net: \"nowhere/train_val.prototxt\"\nbase_lr: 0.01\n".write(to: solver, atomically: true, encoding: .utf8)
        let run = try Modellint.run([solver.path])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("\(solver.path):1:1: note: net 'nowhere/train_val.prototxt' was not found"))
    }
}
