import Foundation
import ModelLintTestSupport
import ModelLintIR
import Testing
@testable import ModelLintCaffe

/// The frontend's output on the real corpus, and its errors on broken files,
/// pinned by digest: a rewrite of the reader (for speed, say) must give the
/// very same graphs, positions and messages. `CorpusDigests.tsv` was written
/// by the reader before the byte-level rewrite; regenerate it only for a
/// change that is meant to alter what the frontend produces, with
/// `MODELLINT_WRITE_DIGESTS=1 swift test --filter CorpusDigestTests`.
/// `MODELLINT_DUMP_DIR=/some/folder` also writes each file's full dump there, to diff.
@Suite("The corpus reads as it always has", SharedMaterial.required)
struct CorpusDigestTests {
    static let digestFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/CorpusDigests.tsv")

    @Test func graphsAndErrorsMatchTheRecordedDigests() throws {
        var current: [(String, String)] = []
        // Full paths, so that solvers find their nets as they do for users; the dump leaves the corpus folder out.
        let corpusFolder = caffeCorpus.path + "/"
        for url in corpusFiles() {
            let bytes = Array(try Data(contentsOf: url))
            let dump = Self.dump(loading: SourceFile(path: url.path, bytes: bytes))
            current.append((String(url.path.dropFirst(corpusFolder.count)), dump.replacingOccurrences(of: corpusFolder, with: "")))
        }
        // Broken files: every cut of a few real nets, and every byte replaced by a troublesome one.
        for name in ["models__bvlc_alexnet__train_val.prototxt", "models__bvlc_googlenet__solver.prototxt"] {
            let url = try #require(corpusFiles().first { $0.lastPathComponent == name })
            let bytes = Array(try Data(contentsOf: url))
            var cuts = "", edits = ""
            for cut in stride(from: 0, to: bytes.count, by: 7) {
                cuts += Self.dump(loading: SourceFile(path: "cut.prototxt", bytes: Array(bytes[..<cut])))
            }
            let replacements = Array("}{\"'-:[#.e0\\".utf8)
            for position in stride(from: 0, to: bytes.count, by: 5) {
                var edited = bytes
                edited[position] = replacements[position % replacements.count]
                edits += Self.dump(loading: SourceFile(path: "edit.prototxt", bytes: edited))
            }
            current.append(("cuts of " + name, cuts))
            current.append(("edits of " + name, edits))
        }
        for (index, text) in Self.trickyInputs.enumerated() {
            for name in ["tricky\(index).prototxt", "tricky\(index)_template.prototxt"] {
                current.append((name, Self.dump(loading: SourceFile(path: name, text: text))))
            }
        }
        if let folder = ProcessInfo.processInfo.environment["MODELLINT_DUMP_DIR"] {
            for (name, dump) in current {
                let file = name.replacingOccurrences(of: "/", with: "__") + ".dump"
                try dump.write(toFile: folder + "/" + file, atomically: false, encoding: .utf8)
            }
        }
        let lines = current.map { "\($0.0)\t\(Self.fnv1a($0.1))" }
        if ProcessInfo.processInfo.environment["MODELLINT_WRITE_DIGESTS"] != nil {
            try (lines.joined(separator: "\n") + "\n").write(to: Self.digestFile, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: Self.digestFile, encoding: .utf8).split(separator: "\n").map(String.init)
        let changed = zip(lines, recorded).filter { $0 != $1 }.map { $0.0.split(separator: "\t")[0] }
        #expect(lines.count == recorded.count, "the corpus has \(lines.count) entries, the digests \(recorded.count)")
        #expect(changed.isEmpty, "\(changed.count) differ: \(changed.prefix(10).joined(separator: ", "))")
    }

    /// Syntax and values the corpus rarely or never shows, each once right and once wrong.
    static let trickyInputs: [String] = [
        #"layer { name: "a\tb\x41\101\u00e9" "-joined" type: 'Pooling' bottom: "x" top: "y" pooling_param { pool: AVE kernel_size: 0x3 stride: 017 pad: -0 } }"#,
        "layer: { name: 'c' type: \"Convolution\" bottom: 'x' top: 'c' convolution_param: < num_output: 1e1 kernel_size: [3, 3] stride_h: 2 stride_w: 1 > };",
        "layer { name: 'r' type: 'ReLU' bottom: 'x' top: 'x' relu_param { negative_slope: - # comment\n 1.5e-3f } }",
        "layer { name: 'p' type: 'Power' bottom: 'x' top: 'y' power_param { power: -inf scale: nan shift: -Infinity } }",
        "layer { name: 'e' type: 'ELU' bottom: 'x' top: 'y' elu_param { alpha: .5 } } layer { name: 'e' type: 'Exp' bottom: 'y' top: 'z' exp_param { base: 2. } }",
        "input: 'data' input_dim: 1 input_dim: [3, 224, 224] layer { name: 'd' type: 'Dropout' bottom: 'data' top: 'data' dropout_param { dropout_ratio: 5f } }",
        "layers { name: 'v1' type: POOLING bottom: 'x' top: 'y' pooling_param { pool: 1 kernel_size: 2 global_pooling: t } }",
        "layers { layer { name: 'v0' type: 'conv' num_output: 8 kernelsize: 3 stride: 2 biasterm: 0 } bottom: 'x' top: 'y' }",
        "layers { layer { name: 'v0p' type: 'pool' pool: MAX kernelsize: 3 } bottom: 'x' top: 'y' }",
        "layer { name: 'x' type: 'Convolution' bottom: 'a' top: 'b' convolution_param { num_output: cls3x kernel_size: three } }",
        "layer { name: 'x' type: 'Convolution' bottom: 'a' top: 'b' convolution_param { num_output: 1.5 } }",
        "layer { name: 'x' type: 'Pooling' bottom: 'a' top: 'b' pooling_param { pool: -1 } }",
        "layer { name: 'x' type: 'Pooling' bottom: 'a' top: 'b' pooling_param { pool: RANDOM } }",
        "layer { name: 'x' type: 'BatchNorm' bottom: 'a' top: 'b' batch_norm_param { use_global_stats: 2 } }",
        "layer { name: 'x' type: 'BatchNorm' bottom: 'a' top: 'b' batch_norm_param { use_global_stats { } } }",
        "layer { name: 'x' type: 'ReLU' bottom: 3 top: 'b' }",
        "layer { name: 'x' type: 'ReLU' bottom: 'a' top: { } }",
        "layer { name: 'x' type: 'ReLU' bottom: 'a' top: 'b' include { phase: TEST stage: 's' } exclude { not_stage: 'n' } }",
        "layer { name: 'x' type: 'ReLU' include { phase: VALIDATE } }",
        "layer { name: x type: 'ReLU' }",
        "layer { name: 'x' type: 'Eltwise' bottom: 'a' bottom: 'b' top: 'c' eltwise_param { coeff: 1 coeff: -1 } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { concat_dim: 0x7FFFFFFFFFFFFFFF } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { axis: 99999999999999999999 } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { axis: 0xFFFFFFFFFFFFFFFF } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { axis: 1e } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { axis: 1.2.3 } }",
        "layer { name: 'x' type: 'Concat' bottom: 'a' top: 'c' concat_param { axis: 08 } }",
        "layer { name: 'x' type: 'Scale' bottom: 'a' top: 'c' scale_param { bias_term: True } } state { phase: TRAIN stage: 'a' }",
        "net: 'nowhere.prototxt' base_lr: 0.01 lr_policy: 'multistep' stepvalue: [100, 200] gamma: 1e-1 solver_type: ADAM clip_gradients: -1",
        "train_net_param { layer { name: 'i' type: 'Input' top: 'x' input_param { shape { dim: [1, 3] } } } } base_lr: 1 max_iter: 0x10",
        "name: 'only' force_backward: true",
        "item { name: 'a' label: 1 }",
        "",
        "# only a comment",
        "layer { name: 'a\\q' }",
        "layer { name: 'a\\u12' }",
        "layer { name: 'a\\x' }",
        "layer { name: 'a\\",
        "layer { dim: [1, 2 }",
        "layer { dim: [1, ",
        "layer { name: - 'x' }",
        "layer < name: 'x' }",
        "layer { name 'x' }",
        "layer { name: 'x' } }",
        "layer { ; }",
        "layer { name: 'x' type: 'ReLU' }\u{01}",
    ]

    /// Everything the frontend returns or throws, in a stable order.
    static func dump(loading file: SourceFile) -> String {
        do {
            let result = try CaffeFrontend.load(file)
            var text = "sources \(result.sources.map(\.path))\n"
            for diagnostic in result.diagnostics { text += "diagnostic \(diagnostic)\n" }
            for graph in result.graphs { text += dump(graph) }
            return text
        } catch {
            return "error \(error)\n"
        }
    }

    static func dump(_ graph: Graph) -> String {
        var text = "graph \(graph.name) \(String(describing: graph.phase)) \(graph.stages) \(graph.inPlaceWritesAllowed)"
        text += " inputs \(graph.inputs) outputs \(graph.outputs) subgraphs \(graph.subgraphs.count)\n"
        if let training = graph.training {
            var sorted = training
            sorted.batchSize = [:]
            sorted.fieldLocations = [:]
            text += "training \(sorted) batch \(training.batchSize.map { "\($0)=\($1)" }.sorted())"
            text += " at \(training.fieldLocations.map { "\($0)=\(full($1))" }.sorted())\n"
        }
        for tensor in graph.tensors { text += "tensor \(tensor)\n" }
        for node in graph.nodes {
            text += "node \(node.id) \(node.name) \(describe(node.op)) \(node.sourceType) \(node.inputs) \(node.outputs) \(full(node.location))"
            text += " \(node.fieldLocations.map { "\($0)=\(full($1))" }.sorted())\n"
        }
        return text
    }

    /// The op as printed when the digests were recorded: fields added to the
    /// IR since (ONNX Runtime's fused activations, RMS normalization), which a
    /// Caffe net never sets, are left out while they hold their defaults.
    static func describe(_ op: Op) -> String {
        "\(op)".replacingOccurrences(of: ", addedInput: nil, activation: nil", with: "")
            .replacingOccurrences(of: ", activation: nil", with: "")
            .replacingOccurrences(of: ", centred: true", with: "")
    }

    static func full(_ location: ModelLintIR.SourceLocation) -> String {
        "\(location.file):\(location.line):\(location.column):\(String(describing: location.byteRange))"
    }

    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
