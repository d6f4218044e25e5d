import Foundation
import ModelLintTestSupport
import Testing

/// A model from a pull request must not make modellint read files outside
/// its place, nor carry anything of them into a report that leaves the
/// machine. Each attack plants a canary (floats, or a net with a telling
/// name) outside the model's folder or repository, lints the model in every
/// output format, and checks that the refusal is reported and nothing of the
/// canary is.
@Suite("modellint never reads files outside a model's place")
struct OutsideReferenceTests {
    /// Four floats no model holds by chance; their printed forms are what a
    /// report would show.
    static let canary: [Float] = [31337.25, -27182.5, 31337.25, -27182.5]
    static let canaryTexts = ["31337", "3.1337", "27182", "2.7182"]

    static func canaryBytes() -> Data {
        Data(canary.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) })
    }

    /// Every way modellint shows a model: text with proofs, each report
    /// format, the interval dump and the picture. Returns what each printed
    /// (and wrote), by name.
    static func everyOutput(of model: String, extra: [String] = []) throws -> [(name: String, run: Modellint.Run, text: String)] {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [(String, Modellint.Run, String)] = []
        let plain = try Modellint.run([model, "--show-proofs", "--no-color"] + extra)
        outputs.append(("text --show-proofs", plain, plain.stdout + plain.stderr))
        for format in ["json", "sarif", "junit", "html", "github"] {
            let file = folder.appendingPathComponent("report.\(format)").path
            let run = try Modellint.run([model, "--show-proofs", "--format", format, "-o", file] + extra)
            let written = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            outputs.append((format, run, run.stdout + run.stderr + written))
        }
        let dump = try Modellint.run(["--dump-intervals", model] + extra)
        outputs.append(("--dump-intervals", dump, dump.stdout + dump.stderr))
        let picture = try Modellint.run(["graph", model])
        outputs.append(("graph", picture, picture.stdout + picture.stderr))
        return outputs
    }

    static func expectNoCanary(_ outputs: [(name: String, run: Modellint.Run, text: String)], texts: [String], case name: String) {
        for output in outputs {
            for canary in texts {
                #expect(!output.text.lowercased().contains(canary.lowercased()),
                        "\(name), \(output.name): the report shows '\(canary)' from the outside file: \(output.text.prefix(600))")
            }
        }
    }

    // MARK: - ONNX external data

    /// A model folder with the canary outside it and the links the attacks go through.
    struct ONNXPlace {
        let root: URL
        var model: URL { root.appendingPathComponent("model") }

        init() throws {
            root = try Modellint.temporaryFolder()
            let files = FileManager.default
            for folder in ["outside", "a/b", "model/sub"] {
                try files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try OutsideReferenceTests.canaryBytes().write(to: root.appendingPathComponent("outside/canary.bin"))
            try OutsideReferenceTests.canaryBytes().write(to: root.appendingPathComponent("a/canary.bin"))
            // A link next to the model, to a file outside.
            try files.createSymbolicLink(atPath: model.appendingPathComponent("link.bin").path, withDestinationPath: "../outside/canary.bin")
            // A linked folder whose `..` is outside, though `linkdir/..` reads as the model's folder.
            try files.createSymbolicLink(atPath: model.appendingPathComponent("linkdir").path, withDestinationPath: root.appendingPathComponent("a/b").path)
            // A link to nothing outside: refused as one to something would be.
            try files.createSymbolicLink(atPath: model.appendingPathComponent("dead.bin").path, withDestinationPath: "../outside/none.bin")
            // A link in an intermediate folder.
            try files.createSymbolicLink(atPath: model.appendingPathComponent("sub/inter").path, withDestinationPath: root.appendingPathComponent("outside").path)
            // What a model may read: its own folder, a link inside it.
            try Data([0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40]).write(to: model.appendingPathComponent("weights.bin"))
            try OutsideReferenceTests.canaryBytes().write(to: model.appendingPathComponent("sub/canary_inside.bin"))
            try files.createSymbolicLink(atPath: model.appendingPathComponent("weights_link.bin").path, withDestinationPath: "sub/../weights.bin")
        }

        /// The external-data locations of the attacks, and why each is refused.
        var attacks: [(location: String, reason: String)] {
            [
                ("../outside/canary.bin", "leads out of the model's folder with '..'"),
                ("sub/../../outside/canary.bin", "leads out of the model's folder with '..'"),
                ("link.bin", "leads out of the model's folder through the symbolic link 'link.bin'"),
                // Whether anything is there outside makes no difference to the answer.
                ("../outside/none.bin", "leads out of the model's folder with '..'"),
                ("dead.bin", "leads out of the model's folder through the symbolic link 'dead.bin'"),
                ("linkdir/../canary.bin", "leads out of the model's folder through the symbolic link 'linkdir'"),
                ("sub/inter/canary.bin", "leads out of the model's folder through the symbolic link 'sub/inter'"),
                (root.appendingPathComponent("outside/canary.bin").path, "is an absolute path, where only paths relative to the model's folder are read"),
            ]
        }

        /// The model, in binary or as ONNX JSON, with `w` at `location`.
        func writeModel(named name: String, location: String, json: Bool) throws -> String {
            let path = model.appendingPathComponent(name + (json ? ".json" : ".onnx")).path
            if json {
                try OutsideReferenceTests.jsonModel(location: location).write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                try Data(WireBytes.externalDataModel(location: location)).write(to: URL(fileURLWithPath: path))
            }
            return path
        }
    }

    static func jsonModel(location: String) -> String {
        let quoted = String(data: try! JSONSerialization.data(withJSONObject: [location], options: [.withoutEscapingSlashes]), encoding: .utf8)!
            .dropFirst().dropLast()
        let fourFloats = #"{"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}"#
        return """
            {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "g",
              "node": [{"name": "add", "opType": "Add", "input": ["x", "w"], "output": ["y"]}],
              "initializer": [{"name": "w", "dims": ["4"], "dataType": 1, "dataLocation": "EXTERNAL",
                "externalData": [{"key": "location", "value": \(quoted)}, {"key": "offset", "value": "0"}, {"key": "length", "value": "16"}]}],
              "input": [{"name": "x", "type": \(fourFloats)}], "output": [{"name": "y", "type": \(fourFloats)}]}}
            """
    }

    @Test(arguments: [false, true])
    func externalDataOutsideTheModelFolderIsAnErrorAndNeverRead(json: Bool) throws {
        let place = try ONNXPlace()
        defer { try? FileManager.default.removeItem(at: place.root) }
        for (index, attack) in place.attacks.enumerated() {
            let model = try place.writeModel(named: "attack\(index)", location: attack.location, json: json)
            let outputs = try Self.everyOutput(of: model, extra: ["--input-range", "x=0:1"])
            Self.expectNoCanary(outputs, texts: Self.canaryTexts, case: attack.location)
            let text = outputs[0]
            #expect(text.run.status == 2, "\(attack.location): \(text.text)")
            #expect(text.text.contains("error: initializer 'w' keeps its data in '\(attack.location)', which is not read: the path \(attack.reason)"),
                    "\(attack.location): \(text.text)")
            if json {
                // At the place the model names the file.
                #expect(text.text.contains("\(model):4:"), "\(attack.location): \(text.text)")
            }
            for output in outputs where output.name != "text --show-proofs" {
                #expect(output.run.status == 2, "\(attack.location), \(output.name): exit \(output.run.status)")
            }
            #expect(FileManager.default.fileExists(atPath: place.root.appendingPathComponent("outside/canary.bin").path))
        }
    }

    @Test(arguments: [false, true])
    func externalDataInsideTheModelFolderIsRead(json: Bool) throws {
        let place = try ONNXPlace()
        defer { try? FileManager.default.removeItem(at: place.root) }
        for location in ["weights.bin", "sub/../weights.bin", "./weights.bin", "weights_link.bin"] {
            let model = try place.writeModel(named: "good", location: location, json: json)
            let dump = try Modellint.run(["--dump-intervals", "--input-range", "x=0:1", model])
            #expect(dump.status == 0, "\(location): \(dump.stdout)")
            #expect(dump.stdout.contains(#""w": {"lo": 1, "hi": 4, "nan": false}"#), "\(location): \(dump.stdout)")
            let lint = try Modellint.run([model, "--input-range", "x=0:1", "--no-color"])
            #expect(lint.status == 0, "\(location): \(lint.stdout)")
        }
        // The canary is found by these checks when a model may read it: they can fail.
        let model = try place.writeModel(named: "inside", location: "sub/canary_inside.bin", json: json)
        let dump = try Modellint.run(["--dump-intervals", model])
        #expect(dump.stdout.contains("31337.25") && dump.stdout.contains("-27182.5"), "\(dump.stdout)")
    }

    @Test func aMissingFileInsideTheFolderIsStillANote() throws {
        let place = try ONNXPlace()
        defer { try? FileManager.default.removeItem(at: place.root) }
        let model = try place.writeModel(named: "missing", location: "sub/nothing_here.bin", json: true)
        let run = try Modellint.run([model, "--no-color"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("note: initializer 'w' keeps its data in 'sub/nothing_here.bin', which is not next to the model"), "\(run.stdout)")
    }

    // MARK: - A Caffe solver's nets

    /// A repository with a solver, and outside it a net with telling names
    /// and a file that is no net.
    struct CaffePlace {
        let root: URL
        var repository: URL { root.appendingPathComponent("repo") }
        var solvers: URL { repository.appendingPathComponent("solvers") }
        static let telltale = "canarylayer"

        init() throws {
            root = try Modellint.temporaryFolder()
            let files = FileManager.default
            for folder in ["repo/.git", "repo/solvers", "repo/sub", "a/b"] {
                try files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try """
                input: "data" input_shape { dim: 1 dim: 3 dim: 10 dim: 10 }
                layer { name: "\(Self.telltale)" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 5 } }
                """.write(to: root.appendingPathComponent("secret_net.prototxt"), atomically: true, encoding: .utf8)
            try "\(Self.telltale) *** {\n".write(to: root.appendingPathComponent("secret_text.prototxt"), atomically: true, encoding: .utf8)
            try files.createSymbolicLink(atPath: solvers.appendingPathComponent("link.prototxt").path, withDestinationPath: "../../secret_net.prototxt")
            try files.createSymbolicLink(atPath: solvers.appendingPathComponent("linkdir").path, withDestinationPath: root.appendingPathComponent("a/b").path)
            try files.createSymbolicLink(atPath: repository.appendingPathComponent("sub/inter").path, withDestinationPath: root.path)
        }

        /// The solver's `net:` paths of the attacks, and why each is not read.
        func attacks(of file: String) -> [(net: String, reason: String)] {
            [
                ("../../\(file)", "leads out of the repository that holds the solver with '..'"),
                ("solvers/../../\(file)", "leads out of the repository that holds the solver with '..'"),
                ("link.prototxt", "leads out of the repository that holds the solver through the symbolic link 'solvers/link.prototxt'"),
                ("linkdir/../../\(file)", "leads out of the repository that holds the solver through the symbolic link 'solvers/linkdir'"),
                ("sub/inter/\(file)", "leads out of the repository that holds the solver through the symbolic link 'sub/inter'"),
                (root.appendingPathComponent(file).path, "is an absolute path, where only paths relative to the repository that holds the solver are read"),
            ]
        }

        /// A solver whose own settings have a finding (a high fixed rate), naming `net`.
        func writeSolver(named name: String, net: String) throws -> String {
            let path = solvers.appendingPathComponent(name).path
            try "net: \"\(net)\"\nbase_lr: 0.5\nlr_policy: \"fixed\"\nmax_iter: 1000\n".write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    @Test func solverNetsOutsideTheRepositoryAreANoteAndNeverRead() throws {
        let place = try CaffePlace()
        defer { try? FileManager.default.removeItem(at: place.root) }
        let attacks = place.attacks(of: "secret_net.prototxt") + place.attacks(of: "secret_text.prototxt")
        for (index, attack) in attacks.enumerated() {
            let solver = try place.writeSolver(named: "solver\(index).prototxt", net: attack.net)
            let outputs = try Self.everyOutput(of: solver)
            Self.expectNoCanary(outputs, texts: [CaffePlace.telltale, "***"], case: attack.net)
            let text = outputs[0]
            #expect(text.text.contains("\(solver):1:1: note: net '\(attack.net)' is not read: the path \(attack.reason); only the solver's settings were checked"),
                    "\(attack.net): \(text.text)")
            // The solver's own settings are still checked.
            #expect(text.run.status == 1 && text.text.contains("[ML301]"), "\(attack.net): \(text.text)")
        }
    }

    @Test func aNetThatDoesNotParseIsReportedWithoutItsContent() throws {
        let place = try CaffePlace()
        defer { try? FileManager.default.removeItem(at: place.root) }
        try "layer { name: \"\(CaffePlace.telltale)\" type: *** }\n"
            .write(to: place.repository.appendingPathComponent("broken.prototxt"), atomically: true, encoding: .utf8)
        let solver = try place.writeSolver(named: "solver.prototxt", net: "broken.prototxt")
        let outputs = try Self.everyOutput(of: solver)
        Self.expectNoCanary(outputs, texts: [CaffePlace.telltale, "***"], case: "broken.prototxt")
        let text = outputs[0]
        #expect(text.run.status == 2, "\(text.text)")
        #expect(text.text.contains("\(solver):1:1: error: net 'broken.prototxt' is not a readable Caffe net (the problem is at its line 1, column "),
                "\(text.text)")
        #expect(text.text.contains("[ML301]"), "the solver's settings are still checked: \(text.text)")
    }

    /// Without a repository, the nets lie in the solver's folder (or the
    /// current one); `--base-dir` widens or narrows that.
    @Test func baseDirBoundsTheSolversNets() throws {
        let root = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let project = root.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("examples/mnist"), withIntermediateDirectories: true)
        try """
            input: "data" input_shape { dim: 1 dim: 3 dim: 10 dim: 10 }
            layer { name: "pool" type: "Pooling" bottom: "data" top: "p" pooling_param { pool: AVE kernel_size: 3 stride: 5 } }
            """.write(to: project.appendingPathComponent("examples/mnist/net.prototxt"), atomically: true, encoding: .utf8)
        let solver = project.appendingPathComponent("examples/mnist/solver.prototxt").path
        try "net: \"examples/mnist/net.prototxt\"\nbase_lr: 0.01\nlr_policy: \"step\"\nstepsize: 100\ngamma: 0.1\n"
            .write(toFile: solver, atomically: true, encoding: .utf8)

        let alone = try Modellint.run([solver, "--no-color"])
        #expect(alone.stdout.contains("note: net 'examples/mnist/net.prototxt' was not found next to the solver or in the folders above it, up to the solver's folder"),
                "\(alone.stdout)")
        #expect(!alone.stdout.contains("[ML201]"))

        let based = try Modellint.run([solver, "--no-color", "--base-dir", project.path])
        #expect(based.status == 1 && based.stdout.contains("[ML201]"), "\(based.stdout)")

        try FileManager.default.createDirectory(at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let repository = try Modellint.run([solver, "--no-color"])
        #expect(repository.status == 1 && repository.stdout.contains("[ML201]"), "\(repository.stdout)")
        let narrowed = try Modellint.run([solver, "--no-color", "--base-dir", project.appendingPathComponent("examples/mnist").path])
        #expect(!narrowed.stdout.contains("[ML201]") && narrowed.stdout.contains("up to the --base-dir folder"), "\(narrowed.stdout)")
    }
}
