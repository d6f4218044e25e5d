import ModelLintIR

/// ML006: a node its operator's schema rejects.
public struct OperatorSchemaMismatch: Rule {
    public static let description = RuleDescription(
        code: "ML006",
        name: "operator-schema-mismatch",
        summary: "A node or layer does not match its schema: an ONNX node with too few or too many inputs or outputs, an attribute its operator does not have at the model's opset or of another type than its schema says, a required attribute missing, or a kernel_shape, strides, dilations or pads of the wrong rank; a Caffe field or enum value caffe.proto does not have, a layer without the parameters its setup CHECKs, or (a warning) a parameter block meant for another layer type.",
        rationale: """
            onnx.checker and onnxruntime refuse such a model when they load it; an attribute with a \
            misspelt name is worse when a runtime ignores it: `kernel_shap` leaves the kernel to be \
            inferred and `pads` misspelt silently removes the padding, so the model computes \
            something else than it says.
            """,
        fix: "Correct the node as the operator's schema says (onnx.ai's operator documentation for the model's opset).",
        defaultSeverity: .error,
        examples: [
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "misspelt",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "8"}, {"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["4", "3", "3", "3"], "dataType": 1, "rawData": ""}],
                  "node": [{"name": "conv", "opType": "Conv", "input": ["x", "w"], "output": ["y"],
                            "attribute": [{"name": "kernel_shap", "ints": ["3", "3"], "type": "INTS"}]},
                           {"name": "relu", "opType": "Relu", "input": ["y", "x"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """, nodes: ["conv", "relu"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "as_specified",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "8"}, {"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "w", "dims": ["4", "3", "3", "3"], "dataType": 1, "rawData": ""}],
                  "node": [{"name": "conv", "opType": "Conv", "input": ["x", "w", ""], "output": ["y"],
                            "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}]},
                           {"name": "relu", "opType": "Relu", "input": ["y"], "output": ["z"]},
                           {"name": "concat", "opType": "Concat", "input": ["z", "z"], "output": ["c"],
                            "attribute": [{"name": "axis", "i": "1", "type": "INT"}]}],
                  "output": [{"name": "c"}]}}
                """),
            .triggering(.prototxt, """
                name: "typo"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"  # expect: ML006 (no kernel size, then)
                  convolution_param { num_output: 4 kernel_sizee: 3 } }  # expect: ML006
                layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"  # expect: ML006
                  pooling_param { pool: MAX stride: 2 } }
                layer { name: "relu" type: "ReLU" bottom: "pool" top: "pool"
                  convolution_param { num_output: 8 } }  # expect: ML006 (a warning: the block does nothing here)
                """),
            .nonTriggering(.prototxt, """
                name: "as_specified"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 4 kernel_size: 3 } }
                layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
                  pooling_param { pool: MAX global_pooling: true } }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "kernel_rank",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "8"}, {"dimValue": "8"}]}}}}],
                  "node": [{"name": "pool", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2", "2"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["pool"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "attribute_types",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "4"}]}}}}],
                  "node": [{"name": "softmax", "opType": "Softmax", "input": ["x"], "output": ["y"],
                            "attribute": [{"name": "axis", "f": 1, "type": "FLOAT"}]},
                           {"name": "flatten", "opType": "Flatten", "input": ["y"], "output": ["z"],
                            "attribute": [{"name": "axis", "i": "1"}]},
                           {"name": "elu", "opType": "Elu", "input": ["z"], "output": ["e"],
                            "attribute": [{"name": "alpha", "i": "1", "type": "FLOAT"}]}],
                  "output": [{"name": "e"}]}}
                """, nodes: ["softmax", "flatten", "elu"]),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {"name": "no_axis",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}]}}}}],
                  "node": [{"name": "concat", "opType": "Concat", "input": ["x", "x"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["concat"]),
        ],
        absentFormats: [
            .swift: "The DSL's layers are Swift calls: the compiler checks their arguments.",
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        context.reportSchemaViolations(.operatorUse)
        checkSpatialAttributes(&context)
    }

    /// ONNX's windowed operators: `kernel_shape`, `strides` and `dilations`
    /// give one value per spatial axis of the input (its rank less 2), and
    /// `pads` two. Judged where shape inference knows the input's rank, as
    /// onnx.checker's does ("Attribute kernel_shape has incorrect size").
    private func checkSpatialAttributes(_ context: inout RuleContext) {
        for node in context.graph.nodes where Self.windowedONNXOperators.contains(node.sourceType) {
            guard let input = node.inputs.first, let rank = context.graph.tensor(input).shape?.dims.count, rank >= 3 else { continue }
            let attributes: [(String, [Int], Int)]
            switch node.op {
            case .conv(let conv), .deconv(let conv):
                attributes = [("kernel_shape", conv.kernel, 1), ("strides", conv.strides, 1), ("dilations", conv.dilations, 1),
                              ("pads", conv.padsBegin + conv.padsEnd, 2)]
            case .pool(let pool) where !pool.isGlobal:
                attributes = [("kernel_shape", pool.kernel, 1), ("strides", pool.strides, 1), ("dilations", pool.dilations, 1),
                              ("pads", pool.padsBegin + pool.padsEnd, 2)]
            default:
                continue
            }
            for (name, values, perAxis) in attributes where !values.isEmpty && values.count != perAxis * (rank - 2) {
                context.report("\(node.sourceType)'s \(name) has \(values.count) value\(values.count == 1 ? "" : "s"), and its input has "
                               + "\(rank - 2) spatial ax\(rank == 3 ? "is" : "es") (rank \(rank)): it needs \(perAxis * (rank - 2))",
                               node: node, field: .attribute(name), severity: .error,
                               fix: "Give \(name) one value per spatial axis\(perAxis == 2 ? ", begins then ends" : "").")
            }
        }
    }

    static let windowedONNXOperators: Set<String> = ["Conv", "ConvTranspose", "AveragePool", "MaxPool", "LpPool", "ConvInteger"]
}
