import ModelLintIR

/// ML206: an operation that mixes floating-point element types, or a loss computed in half precision.
public struct DtypeMismatch: Rule {
    public static let description = RuleDescription(
        code: "ML206",
        name: "dtype-mismatch",
        summary: "An operation's floating-point data inputs have different element types, or a loss is fed from float16/bfloat16.",
        rationale: """
            ONNX requires the data inputs of an operation (Add, MatMul, Conv, Concat, Gemm, ...) to share \
            one element type: a runtime rejects the model, and a converter or framework that accepts it \
            inserts a silent conversion whose direction decides the result. Converted down, float32 values \
            above 65504 become inf in float16 (and small ones 0, so a later division or log gives inf or \
            NaN); bfloat16 keeps the range but only 8 bits of mantissa, so sums of many terms lose their \
            small addends. A loss computed in float16 overflows the same way: a sum over a batch above 65504 is \
            inf, an exp not shifted by the maximum overflows above 11.09, and the log of a probability that \
            underflowed to 0 is -inf; mixed-precision training keeps the loss in float32 for that reason. Only \
            data inputs are compared: a Cast's input, shape and index inputs (Reshape, Gather, Slice, Expand, \
            Tile, Pad's pads), Pow's exponent, Where's condition, LSTM sequence lengths, BatchNormalization's \
            statistics (opset 15 allows their own type), quantization scales and zero points and labels \
            legitimately have other types. Element types come from the file (inputs, initializers, \
            value_info) and from type inference through the graph.
            """,
        fix: "Insert a Cast so that every data input of the operation has one type (usually float32), and cast logits to float32 before the loss.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "mixed_add",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}, {"dimValue": "4"}]}}}},
                            {"name": "y", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}, {"dimValue": "4"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["4", "4"], "dataType": 16, "int32Data": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}],
                  "node": [{"name": "half", "opType": "Cast", "input": ["x"], "output": ["xh"], "attribute": [{"name": "to", "i": "10", "type": "INT"}]},
                           {"name": "add", "opType": "Add", "input": ["xh", "y"], "output": ["s"]},
                           {"name": "matmul", "opType": "MatMul", "input": ["y", "w"], "output": ["p"]}],
                  "output": [{"name": "s"}, {"name": "p"}]}}
                """, nodes: ["add", "matmul"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "fp16_loss",
                  "input": [{"name": "logits", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "8"}, {"dimValue": "10"}]}}}},
                            {"name": "labels", "type": {"tensorType": {"elemType": 7, "shape": {"dim": [{"dimValue": "8"}]}}}}],
                  "node": [{"name": "loss", "opType": "SoftmaxCrossEntropyLoss", "input": ["logits", "labels"], "output": ["l"]}],
                  "output": [{"name": "l"}]}}
                """, nodes: ["loss"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "one_type",
                  "input": [{"name": "logits", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "8"}, {"dimValue": "10"}]}}}},
                            {"name": "bias", "type": {"tensorType": {"elemType": 10, "shape": {"dim": [{"dimValue": "10"}]}}}},
                            {"name": "mask", "type": {"tensorType": {"elemType": 9, "shape": {"dim": [{"dimValue": "8"}, {"dimValue": "10"}]}}}},
                            {"name": "labels", "type": {"tensorType": {"elemType": 7, "shape": {"dim": [{"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "shape", "dims": ["2"], "dataType": 7, "int64Data": ["8", "10"]},
                                  {"name": "two", "dims": [], "dataType": 1, "floatData": [2.0]}],
                  "node": [{"name": "add", "opType": "Add", "input": ["logits", "bias"], "output": ["a"]},
                           {"name": "pick", "opType": "Where", "input": ["mask", "a", "logits"], "output": ["b"]},
                           {"name": "square", "opType": "Pow", "input": ["b", "two"], "output": ["c"]},
                           {"name": "reshape", "opType": "Reshape", "input": ["c", "shape"], "output": ["d"]},
                           {"name": "full", "opType": "Cast", "input": ["d"], "output": ["e"], "attribute": [{"name": "to", "i": "1", "type": "INT"}]},
                           {"name": "loss", "opType": "SoftmaxCrossEntropyLoss", "input": ["e", "labels"], "output": ["l"]}],
                  "output": [{"name": "l"}]}}
                """),
        ],
        absentFormats: [
            .prototxt: "a Caffe net computes in one type throughout (its Dtype template parameter, float32 in practice)",
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        for node in graph.nodes {
            if case .loss = node.op, let first = node.inputs.first {
                let type = graph.tensor(first).dtype
                if type == .float16 || type == .bfloat16 {
                    context.report("loss '\(node.name)' is computed in \(type.rawValue) from '\(graph.tensor(first).displayName)': cast it to float32 first",
                                   node: node, field: .input(0),
                                   evidence: [type == .float16
                                       ? "float16 holds at most 65504 and nothing below 6e-8: a loss summed over a batch overflows to inf, and a probability that underflows to 0 has log -inf"
                                       : "bfloat16 keeps 8 bits of mantissa: a loss summed over a batch loses the small terms, and its gradients with them"])
                    continue
                }
            }
            guard let positions = Self.dataInputs(of: node) else { continue }
            let typed = positions.compactMap { position -> (position: Int, tensor: Tensor)? in
                guard position < node.inputs.count else { return nil }
                let tensor = graph.tensor(node.inputs[position])
                // Absent optional inputs have no name.
                guard !tensor.name.isEmpty, tensor.dtype.isFloatingPoint else { return nil }
                return (position, tensor)
            }
            guard let reference = typed.first,
                  let odd = typed.first(where: { $0.tensor.dtype != reference.tensor.dtype }) else { continue }
            let types = typed.map { "'\($0.tensor.displayName)' \($0.tensor.dtype.rawValue)" }
            context.report("\(node.sourceType) '\(node.name)' mixes \(reference.tensor.dtype.rawValue) '\(reference.tensor.displayName)' with \(odd.tensor.dtype.rawValue) '\(odd.tensor.displayName)'",
                           node: node, field: .input(odd.position),
                           evidence: ["data inputs: " + types.joined(separator: ", ")])
        }
    }

    /// The positions of the inputs that must share the op's element type; nil
    /// for ops not checked (type conversions, control flow, ops whose inputs
    /// are mostly shapes and indices, unknown ops).
    static func dataInputs(of node: Node) -> [Int]? {
        let all = Array(node.inputs.indices)
        switch node.op {
        case .add, .sub, .mul, .div, .max, .min, .weightedSum, .average, .matMul, .concat, .predicate,
             .conv, .deconv, .fullyConnected, .prelu, .clip, .normalize:
            return all
        case .select: return [1, 2]
        // LSTM/GRU/RNN: X, W, R, B, sequence_lens (integers), initial states, peepholes.
        case .lstm, .rnn: return all.filter { $0 != 4 }
        case .scatter: return [0, 2]
        case .pad: return [0, 2]
        // Scores and the optional class weights; labels are integers.
        case .loss: return [0, 2]
        default: return nil
        }
    }
}
