import Foundation
import ModelLintDSL
import ModelLintIR
import ModelLintSwiftDSL
import Testing

/// The two halves of the DSL agree: for every `Examples/swift/*.swift`, the IR
/// that running the compiled model builds equals the IR the static frontend
/// reads from the file without compiling it.
///
/// Compared: every node (name, op with its attributes, the frontend type,
/// inputs and outputs by tensor name and version, line and column), every
/// tensor (name, version, producer, shape, dtype, declared range), graph
/// inputs and outputs, and the training settings. Not compared, because only
/// the static half can know them: where each argument is written (field
/// locations, which make a finding point at `stride:` rather than at the
/// call) and the byte ranges of calls.
@Suite("DSL: compiled and static IR are equal")
struct DSLRoundTripTests {
    /// A graph as text, one line per fact, with file paths cut to their last component.
    static func canonical(_ graph: Graph) -> [String] {
        func place(_ location: ModelLintIR.SourceLocation) -> String {
            "\(location.file.split(separator: "/").last ?? ""):\(location.line):\(location.column)"
        }
        func tensor(_ id: TensorID) -> String { graph.tensors[id].displayName }
        var lines = ["graph \(graph.name)", "inputs \(graph.inputs.map(tensor))", "outputs \(graph.outputs.map(tensor))"]
        for node in graph.nodes {
            lines.append("node \(node.id) \(node.name) \(node.sourceType) \(node.op) in \(node.inputs.map(tensor)) out \(node.outputs.map(tensor)) at \(place(node.location))")
        }
        for t in graph.tensors {
            lines.append("tensor \(t.id) \(t.displayName) producer \(t.producer.map(String.init) ?? "-") shape \(t.shape.map(\.description) ?? "?") \(t.dtype) range \(t.declaredRange.map { "\($0)" } ?? "-")")
        }
        if var training = graph.training {
            training.fieldLocations = [:]
            training.sourcePath = training.sourcePath.map { String($0.split(separator: "/").last ?? "") }
            lines.append("training \(training)")
        }
        return lines
    }

    @Test(arguments: exampleModels.keys.sorted())
    func staticIREqualsCompiledIR(file: String) throws {
        let path = ExamplePairTests.examples.appendingPathComponent("swift/\(file)").path
        let source = SourceFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let result = try SwiftDSLFrontend.load(source)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let model = try #require(exampleModels[file])
        let compiled = Self.canonical(model.graph)
        let read = Self.canonical(try #require(result.graphs.first))
        #expect(result.graphs.count == 1)
        #expect(compiled.count > 10, "a real model: \(compiled)")
        for (index, (a, b)) in zip(compiled, read).enumerated() where a != b {
            Issue.record("line \(index) differs:\n compiled: \(a)\n static:   \(b)")
            break
        }
        #expect(compiled.count == read.count)
    }

    /// The comparison itself can fail: a model changed in one argument is not equal.
    @Test func aChangedArgumentMakesTheIRDiffer() throws {
        let model = try #require(exampleModels["resnet_blocks.swift"])
        var changed = model
        let index = try #require(changed.layers.firstIndex { $0.kind == "MaxPool" })
        changed.layers[index].arguments["stride"] = .int(2)
        #expect(Self.canonical(model.graph) != Self.canonical(changed.graph))
    }
}
