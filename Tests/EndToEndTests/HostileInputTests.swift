import Foundation
import ModelLintTestSupport
import Testing

/// Pathological input, as a CI job might meet it in anyone's repository:
/// each limit turns into one clear error at file:line:col and exit 2, fast,
/// with the other files still linted and no input ever written.
@Suite("modellint on hostile input")
struct HostileInputTests {
    /// One pathological file, and the error it must get.
    struct Case {
        var name: String
        var bytes: [UInt8]
        var line: Int
        var column: Int
        var message: String
    }

    static let depth = 200_000

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// Runs each case next to a file with a known finding and checks the one
    /// error, the exit status, that the other file was linted and that the
    /// case's file is unchanged.
    static func expectRefused(_ cases: [Case]) throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for bad in cases {
            let path = folder.appendingPathComponent(bad.name)
            try Data(bad.bytes).write(to: path)
            let run = try Modellint.run([path.path, "Examples/caffe/faulty_pooling.prototxt", "--no-color"])
            #expect(run.status == 2, "\(bad.name): \(run.stdout.prefix(2000))")
            let errors = run.stdout.split(separator: "\n").filter { $0.hasPrefix(path.path + ":") && $0.contains(": error: ") }
            #expect(errors.count == 1, "\(bad.name): \(errors.map { $0.prefix(300) })")
            // Binary files have no lines: their errors name the file alone (and a byte in the message).
            let place = bad.line == 0 ? path.path : "\(path.path):\(bad.line):\(bad.column)"
            let expected = "\(place): error: \(bad.message)"
            #expect(errors.first?.hasPrefix(expected) == true, "\(bad.name): \(errors.first?.prefix(400) ?? "no error")")
            #expect(run.stdout.contains("[ML201]"), "\(bad.name): the other file is still linted")
            // A quoted line is cut around the column, so a one-line file of megabytes prints kilobytes.
            #expect(run.stdout.utf8.count < 8_000, "\(bad.name): \(run.stdout.utf8.count) bytes of output")
            #expect(try Data(contentsOf: path) == Data(bad.bytes), "\(bad.name): modellint never writes to an input")
        }
    }

    // MARK: - Nesting

    @Test func twoHundredThousandLevelsOfNestingAreRefusedByEveryReader() throws {
        let n = Self.depth
        let deepGraph = String(repeating: "{\"graph\":", count: n) + "{}" + String(repeating: "}", count: n)
        try Self.expectRefused([
            Case(name: "braces.prototxt", bytes: Self.text("layer " + String(repeating: "{ a ", count: n) + String(repeating: "}", count: n)),
                 line: 1, column: 407, message: "messages nested deeper than 100 levels"),
            Case(name: "angles.prototxt", bytes: Self.text("layer " + String(repeating: "< a ", count: n) + String(repeating: ">", count: n)),
                 line: 1, column: 407, message: "messages nested deeper than 100 levels"),
            Case(name: "arrays.json", bytes: Self.text(String(repeating: "[", count: n) + String(repeating: "]", count: n)),
                 line: 1, column: 513, message: "arrays and objects are nested more than 512 levels deep"),
            Case(name: "objects.json", bytes: Self.text(deepGraph),
                 line: 1, column: 4609, message: "arrays and objects are nested more than 512 levels deep"),
            Case(name: "Parens.swift", bytes: Self.text("import ModelLintDSL\nlet x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + "\n"),
                 line: 2, column: 265, message: "brackets nested more than 256 levels deep"),
            Case(name: "Arrays.swift", bytes: Self.text("import ModelLintDSL\nlet x = " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n"),
                 line: 2, column: 265, message: "brackets nested more than 256 levels deep"),
            Case(name: "Closures.swift", bytes: Self.text("import ModelLintDSL\nlet x = " + String(repeating: "{", count: n) + String(repeating: "}", count: n) + "\n"),
                 line: 2, column: 265, message: "brackets nested more than 256 levels deep"),
            Case(name: "nested.json", bytes: Self.text("{\"graph\": " + String(repeating: "{\"node\": [{\"opType\": \"If\", \"attribute\": [{\"name\": \"then_branch\", \"g\": ", count: 40)
                                                        + "{}" + String(repeating: "}]}]}", count: 40) + "}"),
                 line: 1, column: 2261, message: "graphs nested more than 32 deep in node attributes, deeper than modellint reads"),
            Case(name: "nested.onnx", bytes: WireBytes.deeplyNestedModel(depth: n / 3),
                 line: 0, column: 0, message: "not a readable ONNX model: graphs nested more than 64 deep"),
        ])
    }

    /// Brackets inside comments and string literals are not nesting.
    @Test func bracketsInSwiftCommentsAndStringsDoNotCount() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let brackets = String(repeating: "(", count: 1000)
        let model = """
            import ModelLintDSL
            // \(brackets)
            /* \(brackets) /* nested */ \(brackets) */
            let note = "\(brackets)"
            let raw = #"\(brackets)"#
            let block = \"\"\"
                \(brackets)
                \"\"\"
            let model = Model("m") {
                Input("x", shape: [1, 3, 8, 8])
                ReLU("r")
            }

            """
        let path = folder.appendingPathComponent("Model.swift")
        try model.write(to: path, atomically: true, encoding: .utf8)
        let run = try Modellint.run([path.path])
        #expect(run.status == 0, "\(run.stdout)")
    }

    @Test func aDeeplyNestedConfigurationIsAnErrorAndItsModelIsNotLinted() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ("rules: " + String(repeating: "[", count: Self.depth) + String(repeating: "]", count: Self.depth) + "\n")
            .write(to: folder.appendingPathComponent(".modellint.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Modellint.packageRoot.path + "/Examples/caffe/faulty_pooling.prototxt",
                                         toPath: folder.path + "/net.prototxt")
        let run = try Modellint.run([folder.path + "/net.prototxt"])
        #expect(run.status == 2)
        #expect(run.stdout.contains(".modellint.yml:1:9: error: invalid YAML"), "\(run.stdout.prefix(500))")
    }

    /// Swift whose evaluation would not end, or would recurse without bound:
    /// the static evaluator's limits stop it at its place, within seconds.
    @Test func swiftThatWouldRunForeverIsRefusedAtItsPlace() throws {
        let chain = (0..<3000).map { "let a\($0) = a\($0 + 1) + 1\n" }.joined() + "let a3000 = 1\n"
        try Self.expectRefused([
            Case(name: "Endless.swift", bytes: Self.text("import ModelLintDSL\nlet m = Model(\"m\") {\n    Input(\"x\", shape: [1])\n    while true { ReLU(\"r\") }\n}\n"),
                 line: 4, column: 18, message: "the model declares more than 100000 layers"),
            Case(name: "Steps.swift", bytes: Self.text("import ModelLintDSL\nlet m = Model(\"m\") {\n    Input(\"x\", shape: [1])\n    for i in 0..<1_000_000 { for j in 0..<1_000_000 { _ = i + j } }\n}\n"),
                 line: 4, column: 55, message: "the model takes more than 500000 steps to evaluate statically"),
            Case(name: "Recursion.swift", bytes: Self.text("import ModelLintDSL\nfunc f(_ n: Int) -> [Layer] { f(n + 1) }\nlet m = Model(\"m\") {\n    Input(\"x\", shape: [1])\n    f(0)\n}\n"),
                 line: 2, column: 31, message: "calls nest more than 48 deep"),
            Case(name: "Chain.swift", bytes: Self.text("import ModelLintDSL\n" + chain + "let m = Model(\"m\") {\n    Input(\"x\", shape: [1])\n    Dense(\"d\", outputs: a0)\n}\n"),
                 line: 350, column: 12, message: "the model's code nests more than 700 expressions, statements and calls deep"),
        ])
    }

    // MARK: - Sizes and lengths

    /// Sparse files: no disk is used, and modellint refuses them by their size before reading a byte.
    @Test func filesLargerThanTheLimitAreRefusedUnread() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sizes: [(String, UInt64, String)] = [
            ("huge.prototxt", 3 << 30, "the file is 3 GiB, larger than the 2 GiB modellint reads for Caffe prototxt files"),
            ("huge.json", 3 << 30, "the file is 3 GiB, larger than the 2 GiB modellint reads for ONNX JSON files"),
            ("huge.onnx", 3 << 30, "the file is 3 GiB, larger than the 2 GiB modellint reads for ONNX models"),
            ("Huge.swift", 17 << 20, "the file is 17 MiB, larger than the 16 MiB modellint reads for Swift DSL files"),
        ]
        for (name, size, message) in sizes {
            let path = folder.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: size)
            try handle.close()
            let run = try Modellint.run([path, "Examples/caffe/faulty_pooling.prototxt"])
            #expect(run.status == 2)
            #expect(run.stdout.contains("\(path):1:1: error: \(message)"), "\(run.stdout)")
            #expect(run.stdout.contains("[ML201]"))
        }
    }

    @Test func overlongNamesAreRefusedInEveryFormat() throws {
        let long = String(repeating: "n", count: 5000)
        let message = "a node name of 5,000 bytes ('nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…'); modellint reads names of at most 4,096 bytes"
        try Self.expectRefused([
            Case(name: "long.prototxt", bytes: Self.text("input: \"data\"\nlayer {\n  name: \"\(long)\"\n  type: \"ReLU\"\n  bottom: \"data\"\n  top: \"r\"\n}\n"),
                 line: 2, column: 1, message: message),
            Case(name: "long.json", bytes: Self.text("{\"graph\": {\"node\": [\n{\"name\": \"\(long)\", \"opType\": \"Relu\", \"input\": [\"x\"], \"output\": [\"y\"]}],\n\"input\": [{\"name\": \"x\"}]}}"),
                 line: 2, column: 1, message: message),
            Case(name: "long.onnx", bytes: WireBytes.model(nodes: [(long, "Relu", ["x"], ["y"])], inputs: ["x"]),
                 line: 0, column: 0, message: message),
            Case(name: "Long.swift", bytes: Self.text("import ModelLintDSL\nlet m = Model(\"m\") {\n    Input(\"x\", shape: [1, 4])\n    ReLU(\"\(long)\")\n}\n"),
                 line: 4, column: 5, message: message),
            Case(name: "tensor.json", bytes: Self.text("{\"graph\": {\"node\": [\n{\"name\": \"r\", \"opType\": \"Relu\", \"input\": [\"x\"], \"output\": [\"\(long)\"]}],\n\"input\": [{\"name\": \"x\"}]}}"),
                 line: 2, column: 1, message: "a tensor name of 5,000 bytes"),
        ])
    }

    // MARK: - Graphs that are not graphs

    @Test func onnxCyclesAndRecursiveFunctionsAreRefused() throws {
        func model(_ nodes: String, functions: String = "") -> [UInt8] {
            Self.text("{\"irVersion\": \"8\", \"opsetImport\": [{\"version\": \"13\"}, {\"domain\": \"my\", \"version\": \"1\"}],\(functions)\n\"graph\": {\"node\": [\n\(nodes)],\n\"input\": [{\"name\": \"x\"}], \"output\": [{\"name\": \"y\"}]}}")
        }
        let function = { (name: String, calls: String) in
            "{\"name\": \"\(name)\", \"domain\": \"my\", \"input\": [\"a\"], \"output\": [\"b\"], \"opsetImport\": [{\"version\": \"13\"}, {\"domain\": \"my\", \"version\": \"1\"}], \"node\": [{\"opType\": \"\(calls)\", \"domain\": \"my\", \"input\": [\"a\"], \"output\": [\"t\"]}, {\"opType\": \"\(calls)\", \"domain\": \"my\", \"input\": [\"t\"], \"output\": [\"b\"]}]}"
        }
        // Each of 17 functions calls the next twice: 131,072 calls of the last.
        let fanOut = (0..<17).map { function("F\($0)", "F\($0 + 1)") }
            + ["{\"name\": \"F17\", \"domain\": \"my\", \"input\": [\"a\"], \"output\": [\"b\"], \"node\": [{\"opType\": \"Relu\", \"input\": [\"a\"], \"output\": [\"b\"]}]}"]
        let call = { (op: String) in "{\"name\": \"call\", \"opType\": \"\(op)\", \"domain\": \"my\", \"input\": [\"x\"], \"output\": [\"y\"]}" }
        try Self.expectRefused([
            Case(name: "cycle.json", bytes: model("{\"name\": \"a\", \"opType\": \"Relu\", \"input\": [\"y\"], \"output\": [\"x1\"]},\n{\"name\": \"b\", \"opType\": \"Relu\", \"input\": [\"x1\"], \"output\": [\"y\"]}"),
                 line: 3, column: 1, message: "the nodes form a cycle, each reading an output of the next: 'a' → 'b' → 'a'; an ONNX graph is acyclic"),
            Case(name: "self.json", bytes: model("{\"name\": \"c\", \"opType\": \"Relu\", \"input\": [\"y\"], \"output\": [\"y\"]}"),
                 line: 3, column: 1, message: "the nodes form a cycle, each reading an output of the next: 'c' → 'c'"),
            Case(name: "cycle.onnx", bytes: WireBytes.model(nodes: [("a", "Relu", ["y"], ["x1"]), ("b", "Relu", ["x1"], ["y"])], inputs: ["x"]),
                 line: 0, column: 0, message: "the nodes form a cycle, each reading an output of the next: 'a' → 'b' → 'a'"),
            Case(name: "recursive.json", bytes: model(call("F"), functions: "\n\"functions\": [\(function("F", "F"))],"),
                 line: 1, column: 1, message: "function 'F' calls itself ('F' calls 'F'); ONNX functions are not recursive"),
            Case(name: "fanout.json", bytes: model(call("F0"), functions: "\n\"functions\": [\(fanOut.joined(separator: ",\n"))],"),
                 line: 1, column: 1, message: "the model has more than 100,000 subgraphs and function calls, the most modellint analyses"),
        ])
    }

    /// Nodes out of order are read in the order their inputs need, as
    /// onnxruntime runs them, with a note: the hazard behind them is still found.
    @Test func unsortedOnnxNodesAreReadInDependencyOrder() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("unsorted.json")
        try """
            {"irVersion": "7", "opsetImport": [{"version": "13"}], "graph": {"node": [
            {"name": "log", "opType": "Log", "input": ["r"], "output": ["y"]},
            {"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]}],
            "input": [{"name": "x"}], "output": [{"name": "y"}]}}
            """.write(to: path, atomically: true, encoding: .utf8)
        let run = try Modellint.run([path.path, "--no-color"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.contains("\(path.path):2:1: warning: the argument of log 'log' may be zero"), "\(run.stdout)")
        #expect(run.stdout.contains("note: computed by 'relu' (Relu)"))
        #expect(run.stdout.contains("\(path.path):2:1: note: the nodes are not in topological order, as ONNX requires"))
        #expect(!run.stdout.contains("ML001"), "no node reads a value nobody writes")
    }

    @Test func aSolverWhoseNetIsItselfAFolderOrASolverIsAnError() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nets.prototxt"), withIntermediateDirectories: true)
        try "net: \"solver.prototxt\"\nbase_lr: 0.01\n".write(to: folder.appendingPathComponent("other_solver.prototxt"), atomically: true, encoding: .utf8)
        let cases = [
            ("solver.prototxt", "net: \"solver.prototxt\"\nbase_lr: 0.01\n", "net 'solver.prototxt' is the solver itself"),
            ("folder_solver.prototxt", "base_lr: 0.01\ntrain_net: \"nets.prototxt\"\n", "net 'nets.prototxt' cannot be read: a folder, where a file was expected"),
            ("pair_solver.prototxt", "base_lr: 0.01\nnet: \"other_solver.prototxt\"\n", "net 'other_solver.prototxt' is a solver, not a net"),
        ]
        for (name, text, message) in cases {
            let path = folder.appendingPathComponent(name)
            try text.write(to: path, atomically: true, encoding: .utf8)
            let run = try Modellint.run([path.path, "--no-color"])
            #expect(run.status == 2, "\(run.stdout)")
            let line = text.hasPrefix("net") ? 1 : 2
            #expect(run.stdout.contains("\(path.path):\(line):1: error: \(message)"), "\(run.stdout)")
        }
    }

    // MARK: - Files that are not files

    @Test func linkLoopsPipesAndDanglingLinksAreErrorsNotHangs() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder.path + "/a.prototxt", withDestinationPath: "b.prototxt")
        try manager.createSymbolicLink(atPath: folder.path + "/b.prototxt", withDestinationPath: "a.prototxt")
        try manager.createSymbolicLink(atPath: folder.path + "/dangling.prototxt", withDestinationPath: "nowhere.prototxt")
        #expect(mkfifo(folder.path + "/pipe.prototxt", 0o600) == 0)
        let run = try Modellint.run([folder.path + "/a.prototxt", folder.path + "/dangling.prototxt",
                                     folder.path + "/pipe.prototxt", "Examples/caffe/faulty_pooling.prototxt"])
        #expect(run.status == 2)
        #expect(run.stdout.contains("\(folder.path)/a.prototxt:1:1: error: a loop of symbolic links"), "\(run.stdout)")
        #expect(run.stdout.contains("\(folder.path)/dangling.prototxt:1:1: error: a symbolic link to nothing"))
        #expect(run.stdout.contains("\(folder.path)/pipe.prototxt:1:1: error: not a regular file (a named pipe); modellint reads only regular files"))
        #expect(run.stdout.contains("[ML201]"))
    }

    /// Links back up the tree are not followed, so each model is linted once.
    @Test func aFolderWalkThroughLinkLoopsEnds() throws {
        let folder = try Modellint.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder.path + "/models/sub", withIntermediateDirectories: true)
        try manager.copyItem(atPath: Modellint.packageRoot.path + "/Examples/caffe/faulty_pooling.prototxt",
                             toPath: folder.path + "/models/sub/net.prototxt")
        try manager.createSymbolicLink(atPath: folder.path + "/models/sub/up", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: folder.path + "/models/self", withDestinationPath: "../models")
        let run = try Modellint.run([folder.path + "/models"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stdout.components(separatedBy: "[ML201]").count == 2, "one finding, from one file: \(run.stdout)")
    }

    // MARK: - Bytes that are not text

    @Test func invalidUTF8AndNULBytesAreErrorsAtTheirByte() throws {
        let relu = Self.text("layer { name: \"r\" type: \"ReLU\" bottom: \"d\" top: \"d\" }\n")
        try Self.expectRefused([
            Case(name: "utf8.prototxt", bytes: Self.text("name: \"n") + [0xFF, 0xFE] + Self.text("\"\n") + relu,
                 line: 1, column: 9, message: "invalid UTF-8 (byte 0xFF); text models are UTF-8"),
            Case(name: "overlong.prototxt", bytes: Self.text("name: \"") + [0xC0, 0xAF] + Self.text("\"\n") + relu,
                 line: 1, column: 8, message: "invalid UTF-8 (byte 0xC0)"),
            Case(name: "surrogate.prototxt", bytes: Self.text("# ") + [0xED, 0xA0, 0x80] + Self.text("\n") + relu,
                 line: 1, column: 3, message: "invalid UTF-8 (byte 0xED)"),
            Case(name: "nul.prototxt", bytes: Self.text("name: \"n") + [0] + Self.text("x\"\n") + relu,
                 line: 1, column: 9, message: "a NUL byte; a text model holds none"),
            Case(name: "utf8.json", bytes: Self.text("{\"graph\": {\"name\": \"g") + [0xFF] + Self.text("\"}}"),
                 line: 1, column: 22, message: "invalid UTF-8 in a string (byte 0xFF)"),
            Case(name: "nul.json", bytes: Self.text("{\"graph\": {}}") + [0],
                 line: 1, column: 14, message: "unexpected control character U+0000"),
            Case(name: "Utf8.swift", bytes: Self.text("import ModelLintDSL\nlet m = Model(\"m") + [0xFF] + Self.text("\") { Input(\"x\", shape: [1]) }\n"),
                 line: 2, column: 17, message: "invalid UTF-8 (byte 0xFF); text models are UTF-8"),
            Case(name: "Nul.swift", bytes: Self.text("import ModelLintDSL") + [0] + Self.text("\nlet m = Model(\"m\") { Input(\"x\", shape: [1]) }\n"),
                 line: 1, column: 20, message: "a NUL byte; a text model holds none"),
        ])
    }
}

extension WireBytes {
    /// A model of `nodes`, each `(name, op, inputs, outputs)`, with graph inputs `inputs`.
    static func model(nodes: [(name: String, op: String, inputs: [String], outputs: [String])], inputs: [String]) -> [UInt8] {
        var graph = nodes.flatMap { field(1, node($0.name, $0.op, inputs: $0.inputs, outputs: $0.outputs)) } + field(2, "g")
        for input in inputs { graph += field(11, field(1, input)) }
        return model(graph: graph)
    }

    /// Like `nestedModel`, for depths in the tens of thousands: each level is
    /// all prefix (the nested graph is its last field), so the levels' lengths
    /// are worked out inside out and written outside in, in linear time.
    static func deeplyNestedModel(depth: Int) -> [UInt8] {
        let opType = field(4, "If"), name = field(1, "body")
        var prefixes: [[UInt8]] = []
        var inner = 0
        for _ in 0..<depth {
            let attributeSize = name.count + 1 + varint(UInt64(inner)).count + inner
            let nodeSize = opType.count + 1 + varint(UInt64(attributeSize)).count + attributeSize
            // GraphProto.node { op_type, attribute { name, g { ... } } }
            let prefix = varint(1 << 3 | 2) + varint(UInt64(nodeSize)) + opType + varint(5 << 3 | 2) + varint(UInt64(attributeSize))
                + name + varint(6 << 3 | 2) + varint(UInt64(inner))
            prefixes.append(prefix)
            inner += prefix.count
        }
        return field(1, varint: 8) + varint(7 << 3 | 2) + varint(UInt64(inner)) + prefixes.reversed().flatMap { $0 }
    }
}
