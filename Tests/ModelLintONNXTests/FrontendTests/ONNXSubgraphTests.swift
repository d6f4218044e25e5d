import Foundation
import ModelLintIR
import Testing
@testable import ModelLintONNX

/// The bodies of `Loop`, `Scan` and `If` keep a link to the node that owns
/// them and to the outer values they read by name.
@Suite("ONNX subgraphs and their owners")
struct ONNXSubgraphTests {
    static let loop = """
        {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
          "name": "outer",
          "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "4"}]}}}}],
          "initializer": [{"name": "M", "dataType": 7, "dims": [], "int64Data": ["3"]},
                          {"name": "w", "dataType": 1, "dims": ["2"], "floatData": [0.5, 2]}],
          "node": [{"name": "relu", "opType": "Relu", "input": ["x"], "output": ["r"]},
                   {"name": "loop", "opType": "Loop", "input": ["M", "", "r"], "output": ["y", "ys"],
                    "attribute": [{"name": "body", "type": "GRAPH", "g": {
                      "name": "body",
                      "input": [{"name": "i"}, {"name": "cond_in"}, {"name": "v_in"}],
                      "node": [{"name": "keep", "opType": "Identity", "input": ["cond_in"], "output": ["cond_out"]},
                               {"name": "scale", "opType": "Mul", "input": ["v_in", "w"], "output": ["v_out"]},
                               {"name": "clip", "opType": "Clip", "input": ["v_out", "lo", "hi"], "output": ["c"]}],
                      "output": [{"name": "cond_out"}, {"name": "v_out"}, {"name": "c"}, {"name": "nowhere"}]}}]},
                   {"name": "after", "opType": "Relu", "input": ["y"], "output": ["z"]}],
          "output": [{"name": "z"}]}}
        """

    @Test func aLoopBodyKnowsItsNodeParametersAndCaptures() throws {
        // `lo` and `hi` are defined nowhere: the body reads names the outer graph lacks.
        let graph = try #require(try loadONNX(json: Self.loop).graphs.first)
        let loop = try #require(graph.node(named: "loop"))
        #expect(loop.op == .controlFlow(.loop))
        let body = try #require(graph.subgraphs.first)
        let owner = try #require(body.owner)
        #expect(owner.node == loop.id && owner.attribute == "body" && owner.index == 0)
        #expect(owner.parameters.map { body.tensor($0).name } == ["i", "cond_in", "v_in"])
        #expect(owner.results.map { $0.map { body.tensor($0).name } } == ["cond_out", "v_out", "c", nil])
        // Every outer value defined before the node is visible, with its outer tensor;
        // the node's own outputs and later values are not.
        let captured = Dictionary(uniqueKeysWithValues: owner.captures.map { (body.tensor($0.inner).name, $0.outer) })
        #expect(Set(captured.keys) == ["x", "M", "w", "r"])
        #expect(captured["r"] == graph.node(named: "relu")?.outputs.first)
        // A captured constant keeps its type, shape and values in the body.
        let w = try #require(owner.captures.first { body.tensor($0.inner).name == "w" })
        #expect(body.tensor(w.inner).constantValues == [0.5, 2])
        #expect(body.tensor(w.inner).shape == Shape(known: [2]))
        #expect(body.tensor(body.owner!.captures.first { body.tensor($0.inner).name == "M" }!.inner).dtype == .int64)
        // Captures are declared in name order: the same file reads the same way every time.
        #expect(owner.captures.map { body.tensor($0.inner).name } == ["M", "r", "w", "x"])
        #expect(graph.owner == nil)
    }

    @Test func ifBranchesAndScanAttributes() throws {
        let model = """
            {"irVersion": "8", "opsetImport": [{"version": "16"}], "graph": {
              "name": "outer",
              "input": [{"name": "c", "type": {"tensorType": {"elemType": 9}}}, {"name": "s", "type": {"tensorType": {"elemType": 1}}}],
              "node": [{"name": "if", "opType": "If", "input": ["c"], "output": ["y"], "attribute": [
                          {"name": "then_branch", "type": "GRAPH", "g": {"name": "t", "node": [{"name": "a", "opType": "Identity", "input": ["s"], "output": ["ta"]}], "output": [{"name": "ta"}]}},
                          {"name": "else_branch", "type": "GRAPH", "g": {"name": "e", "node": [{"name": "b", "opType": "Neg", "input": ["s"], "output": ["eb"]}], "output": [{"name": "eb"}]}}]},
                       {"name": "scan", "opType": "Scan", "input": ["y", "s"], "output": ["z"], "attribute": [
                          {"name": "num_scan_inputs", "type": "INT", "i": "1"},
                          {"name": "scan_input_axes", "type": "INTS", "ints": ["1"]},
                          {"name": "body", "type": "GRAPH", "g": {"name": "sb", "input": [{"name": "st"}, {"name": "el"}], "node": [], "output": [{"name": "st"}]}}]}],
              "output": [{"name": "z"}]}}
            """
        let graph = try #require(try loadONNX(json: model).graphs.first)
        #expect(graph.subgraphs.map { $0.owner?.attribute } == ["then_branch", "else_branch", "body"])
        #expect(graph.subgraphs.map { $0.owner?.node } == [0, 0, 1])
        #expect(graph.node(named: "if")?.op == .controlFlow(.ifThenElse))
        #expect(graph.node(named: "scan")?.op == .controlFlow(.scan(ScanAttributes(scanInputs: 1, inputAxes: [1]))))
        // The scan body sees `y`, defined before it.
        let scanBody = graph.subgraphs[2]
        #expect(scanBody.owner?.captures.map { scanBody.tensor($0.inner).name } == ["c", "s", "y"])
    }

    @Test func recurrentAttributes() throws {
        func op(_ type: String, _ attributes: String) throws -> Op? {
            let model = """
                {"irVersion": "8", "opsetImport": [{"version": "14"}], "graph": {"name": "g",
                  "input": [{"name": "X", "type": {"tensorType": {"elemType": 1}}}],
                  "node": [{"name": "r", "opType": "\(type)", "input": ["X", "W", "R"], "output": ["Y"], "attribute": [\(attributes)]}],
                  "output": [{"name": "Y"}]}}
                """
            return try loadONNX(json: model).graphs.first?.node(named: "r")?.op
        }
        #expect(try op("LSTM", "") == .lstm(RecurrentAttributes(
            cell: .lstm, outputs: [.sequence, .lastHidden, .lastCell], initialHidden: 5, initialCell: 6, sequenceLengths: 4)))
        let relu = Data("Relu".utf8).base64EncodedString(), tanh = Data("tanh".utf8).base64EncodedString()
        #expect(try op("RNN", """
            {"name": "activations", "type": "STRINGS", "strings": ["\(relu)", "\(tanh)"]},
            {"name": "clip", "type": "FLOAT", "f": 2.5}, {"name": "layout", "type": "INT", "i": "1"}
            """) == .rnn(RecurrentAttributes(cell: .simple, outputs: [.sequence, .lastHidden], timeAxis: 1, initialHidden: 5,
                                             sequenceLengths: 4, activations: [.relu, .tanh], clip: 2.5)))
        guard case .rnn(let gru)? = try op("GRU", "") else { Issue.record("GRU is not .rnn"); return }
        #expect(gru.cell == .gru)
    }
}
