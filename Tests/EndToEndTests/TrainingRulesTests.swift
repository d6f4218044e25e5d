import Foundation
import Testing

/// ML301–ML303 as a user meets them: a solver linted with the net it trains,
/// findings at the solver's lines with notes in the net's file, thresholds
/// from `.modellint.yml` and `--threshold`.
@Suite("Solver rules end to end")
struct TrainingRulesTests {
    /// A folder holding `files` (name -> text).
    static func project(_ files: [String: String]) throws -> URL {
        let root = try Modellint.temporaryFolder()
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let lstmNet = """
        name: "lm"
        input: "x"
        input_shape { dim: 20 dim: 8 dim: 32 }
        input: "cont"
        input_shape { dim: 20 dim: 8 }
        layer { name: "pool" type: "Pooling" bottom: "x" top: "p"
          pooling_param { pool: MAX kernel_size: 1 stride: 2 } }
        layer { name: "lstm1" type: "LSTM" bottom: "x" bottom: "cont" top: "h"
          recurrent_param { num_output: 64 } }
        """

    static let solver = """
        net: "nets/lm.prototxt"
        base_lr: 0.1
        lr_policy: "fixed"
        momentum: 0.9
        max_iter: 1000
        """

    /// Findings about the schedule are at the solver's lines, with notes in
    /// the net's file; a net linted directly and through its solver is reported once.
    @Test func solverFindingsPointAtTheSolverWithNotesInTheNet() throws {
        let root = try Self.project(["nets/lm.prototxt": Self.lstmNet, "solver.prototxt": Self.solver])
        defer { try? FileManager.default.removeItem(at: root) }
        let solver = root.path + "/solver.prototxt", net = root.path + "/nets/lm.prototxt"
        let run = try Modellint.run([root.path, "--no-config", "--select", "ML201,ML3"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\(solver):2:1: warning: base_lr 0.1 is high for SGD and never decays (the rate stays at base_lr) [ML301]"), "\(run.stdout)")
        #expect(run.stdout.contains("\(solver):3:1: note: lr_policy \"fixed\": the rate stays at base_lr"), "\(run.stdout)")
        #expect(run.stdout.contains("\(solver):2:1: warning: the recurrent layer 'lstm1' of 'lm' is trained without gradient clipping (no clip_gradients) [ML302]"), "\(run.stdout)")
        #expect(run.stdout.contains("\(net):8:1: note: 'lstm1' (LSTM) is recurrent and clips nothing itself"), "\(run.stdout)")
        // A finding about the solver's settings names no layer and no TRAIN/TEST variants.
        #expect(!run.stdout.contains("found only in the TRAIN graph") && !run.stdout.contains("note: in layer 'lstm1'"), "\(run.stdout)")
        // The net's own finding, seen directly and through the solver, once.
        let pool = run.stdout.components(separatedBy: "\n").filter { $0.contains("[ML201]") }
        #expect(pool.count == 1 && pool[0].hasPrefix("\(net):7:"), "\(run.stdout)")

        // Linted alone, the net has no solver: nothing about training.
        let alone = try Modellint.run([net, "--no-config", "--select", "ML3"])
        #expect(alone.status == 0, "\(alone.stdout)")

        // clip_gradients silences ML302.
        try (Self.solver + "\nclip_gradients: 10\n").write(toFile: solver, atomically: true, encoding: .utf8)
        let clipped = try Modellint.run([solver, "--no-config", "--select", "ML302"])
        #expect(clipped.status == 0, "\(clipped.stdout)")
    }

    @Test func thresholdsComeFromTheConfigAndTheCommandLine() throws {
        let root = try Self.project([
            "a/solver.prototxt": "base_lr: 0.03\nlr_policy: \"fixed\"\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let solver = root.path + "/a/solver.prototxt"
        let plain = try Modellint.run([solver, "--select", "ML301"])
        #expect(plain.status == 0, "0.03 is below the default 0.05: \(plain.stdout)")

        try "thresholds:\n  high-lr-sgd: 0.02\n".write(toFile: root.path + "/a/.modellint.yml", atomically: true, encoding: .utf8)
        let configured = try Modellint.run([solver, "--select", "ML301"])
        #expect(configured.status == 1)
        #expect(configured.stdout.contains("\(solver):1:1: warning: base_lr 0.03 is high for SGD and never decays"), "\(configured.stdout)")
        #expect(configured.stdout.contains("SGD counts base_lr >= 0.02 as high (high-lr-sgd: 0.02)"), "\(configured.stdout)")

        let overridden = try Modellint.run([solver, "--select", "ML301", "--threshold", "high-lr-sgd=0.04"])
        #expect(overridden.status == 0, "the command line wins: \(overridden.stdout)")

        let unknownOption = try Modellint.run([solver, "--threshold", "high-lr=0.04"])
        #expect(unknownOption.status != 0 && unknownOption.stderr.contains("unknown threshold 'high-lr'"), "\(unknownOption.stderr)")

        try "thresholds:\n  high-lr-sdg: 0.02\n".write(toFile: root.path + "/a/.modellint.yml", atomically: true, encoding: .utf8)
        let misspelt = try Modellint.run([solver])
        #expect(misspelt.status == 2)
        #expect(misspelt.stdout.contains(".modellint.yml:2:3: error: thresholds: unknown threshold 'high-lr-sdg'; did you mean 'high-lr-sgd'?"),
                "\(misspelt.stdout)")
    }

    /// 20 inner products and no normalization: the SGD threshold is halved,
    /// with a note at the first weighted layer; a BatchNorm restores it.
    @Test func aDeepNetWithoutNormalizationLowersTheThreshold() throws {
        var layers = ""
        var bottom = "data"
        for index in 1...20 {
            layers += "layer { name: \"fc\(index)\" type: \"InnerProduct\" bottom: \"\(bottom)\" top: \"fc\(index)\" inner_product_param { num_output: 16 } }\n"
            bottom = "fc\(index)"
        }
        let net = "name: \"deep\"\ninput: \"data\"\ninput_shape { dim: 4 dim: 16 }\n" + layers
        let normalized = net + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"fc20\" top: \"bn\" }\n"
        let solver = "net: \"NET\"\nbase_lr: 0.03\nlr_policy: \"step\"\ngamma: 1\nstepsize: 100\n"
        let root = try Self.project([
            "deep.prototxt": net, "normalized.prototxt": normalized,
            "deep_solver.prototxt": solver.replacingOccurrences(of: "NET", with: "deep.prototxt"),
            "normalized_solver.prototxt": solver.replacingOccurrences(of: "NET", with: "normalized.prototxt"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let deep = try Modellint.run([root.path + "/deep_solver.prototxt", "--no-config", "--select", "ML301"])
        #expect(deep.status == 1)
        #expect(deep.stdout.contains("\(root.path)/deep_solver.prototxt:2:1: warning: base_lr 0.03 is high for SGD and never decays (gamma 1 leaves the rate at base_lr) [ML301]"),
                "\(deep.stdout)")
        #expect(deep.stdout.contains("\(root.path)/deep.prototxt:4:1: note: the net has 20 weighted layers from 'fc1' on and no normalization layer, so the threshold is lowered"),
                "\(deep.stdout)")
        #expect(deep.stdout.contains("times deep-net-lr-factor 0.5 for a deep net"), "\(deep.stdout)")
        let normal = try Modellint.run([root.path + "/normalized_solver.prototxt", "--no-config", "--select", "ML301"])
        #expect(normal.status == 0, "\(normal.stdout)")
        let shallower = try Modellint.run([root.path + "/deep_solver.prototxt", "--no-config", "--select", "ML301",
                                           "--threshold", "deep-net-layers=21"])
        #expect(shallower.status == 0, "\(shallower.stdout)")
    }
}
