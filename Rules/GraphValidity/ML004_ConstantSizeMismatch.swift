import ModelLintIR

/// ML004: a constant tensor stores a different number of values than its dims promise.
public struct ConstantSizeMismatch: Rule {
    public static let description = RuleDescription(
        code: "ML004",
        name: "constant-size-mismatch",
        summary: "A constant tensor (an ONNX initializer) stores more or fewer values than its dims promise.",
        rationale: """
            Runtimes read the dims and index into the data: too few values and they read past the \
            end of the buffer (garbage, or a crash), too many and the weights are shifted against \
            what the exporter meant. Either way every value computed from them is wrong. A tensor \
            with dims but no data at all (weights stripped to keep a file small) is not reported: \
            its values are unknown, not inconsistent.
            """,
        fix: "Re-export the model, or correct the tensor's dims to match its data.",
        defaultSeverity: .error,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "short",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}, {"dimValue": "3"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["3", "2"], "dataType": 1, "floatData": [1, 2, 3, 4]}],
                  "node": [{"name": "matmul", "opType": "MatMul", "input": ["x", "w"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["matmul"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "stripped",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}, {"dimValue": "3"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["3", "2"], "dataType": 1},
                                  {"name": "b", "dims": ["2"], "dataType": 1, "rawData": "AACAPwAAAEA="}],
                  "node": [{"name": "matmul", "opType": "MatMul", "input": ["x", "w"], "output": ["y"]},
                           {"name": "add", "opType": "Add", "input": ["y", "b"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        for tensor in graph.tensors {
            guard let constant = tensor.constant, let stored = constant.storedCount, stored != constant.elementCount,
                  let reader = graph.nodes.first(where: { $0.inputs.contains(tensor.id) }) else { continue }
            let index = reader.inputs.firstIndex(of: tensor.id) ?? 0
            let dims = tensor.shape.map(\.description) ?? "?"
            // The frontend saturates a count that overflows (dims of 2^62 and 4) at Int.max.
            let promised = constant.elementCount == Int.max ? "more values than fit a 64-bit count" : "\(constant.elementCount) values"
            context.report("'\(reader.name)' reads '\(tensor.name)', whose dims \(dims) promise \(promised) but which stores \(stored)",
                           node: reader, field: .input(index))
        }
    }
}
