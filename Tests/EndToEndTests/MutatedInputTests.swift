import Foundation
import ModelLintTestSupport
import Testing

/// Real files, damaged the ways files get damaged (bit flips, truncation,
/// spans duplicated or deleted): modellint ends every run with 0, 1 or 2 —
/// never a crash, a hang or a signal — and never writes to its input.
@Suite("modellint on mutated real files")
struct MutatedInputTests {
    enum Mutation: CaseIterable { case flipBits, truncate, duplicateSpan, deleteSpan }

    static func mutate(_ bytes: [UInt8], _ mutation: Mutation, _ random: inout SeededRandom) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var out = bytes
        let at = Int.random(in: 0..<bytes.count, using: &random)
        let span = Int.random(in: 1...max(1, min(64, bytes.count - at)), using: &random)
        switch mutation {
        case .flipBits:
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let index = Int.random(in: 0..<out.count, using: &random)
                out[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            }
        case .truncate: out = Array(out[..<at])
        case .duplicateSpan: out.insert(contentsOf: bytes[at..<(at + span)], at: at)
        case .deleteSpan: out.removeSubrange(at..<(at + span))
        }
        return out
    }

    /// Small real models of each format the CLI reads.
    static let originals = [
        "Examples/caffe/faulty_pooling.prototxt", "Examples/caffe/lenet_train_test.prototxt",
        "Examples/caffe/resnet_blocks.prototxt", "Examples/onnx/rmsnorm_by_hand.json",
        "Examples/swift/transformer_block.swift", "Examples/swift/resnet50.swift",
    ] + (SharedMaterial.isAvailable ? ["corpus/onnx/models/resnet18.noweights.onnx", "corpus/onnx/models/transformer_encoder.onnx"] : [])

    @Test(arguments: originals)
    func everyMutationEndsWithAnExitCodeOfItsOwn(original: String) throws {
        // Examples are in the package; the rest is shared material.
        let source = original.hasPrefix("Examples/") ? Modellint.packageRoot.appendingPathComponent(original) : SharedMaterial.url(original)
        let bytes = Array(try Data(contentsOf: source))
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededRandom(seed: original.utf8.reduce(0x5EED) { $0 &* 31 &+ UInt64($1) })
        for round in 0..<24 {
            let mutation = Mutation.allCases[round % Mutation.allCases.count]
            let mutated = Self.mutate(bytes, mutation, &random)
            let file = folder.appendingPathComponent("\(round)-\(source.lastPathComponent)")
            try Data(mutated).write(to: file)
            let run = try Modellint.run([file.path, "--color", "never"])
            #expect([0, 1, 2].contains(run.status), "\(original) round \(round) (\(mutation)): exit \(run.status)\n\(run.stderr.suffix(600))")
            #expect(try Data(contentsOf: file) == Data(mutated), "modellint never writes to an input")
        }
    }
}
