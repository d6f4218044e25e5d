import Foundation
import ModelLintIR
import ModelLintReporters
import ModelLintRules
import Testing
@testable import ModelLint

/// Issue 9: hostile dimension values never crash modellint. Every value of
/// `extremes` goes into input dims and into every integer attribute of the
/// common ops of each frontend, through the whole pipeline (reader, shape
/// inference, intervals, every rule, every reporter, the graph picture). A
/// trap anywhere kills the test process, so finishing is the main assertion;
/// negative input dims must also get a positioned ML005.
@Suite("Extreme dimension values")
struct ExtremeDimensionTests {
    static let extremes: [Int64] = [0, -1, -5, 1, 2_147_483_647, 2_147_483_648, 4_294_967_297, 9_007_199_254_740_993, .max, .min]

    // MARK: - Caffe

    /// One layer reading `data`, with placeholders A...F for integer fields.
    static let caffeLayers: [String: String] = [
        "conv": #"layer { name: "L" type: "Convolution" bottom: "data" top: "L" convolution_param { num_output: A kernel_size: B stride: C pad: D dilation: E group: F } }"#,
        "convhw": #"layer { name: "L" type: "Convolution" bottom: "data" top: "L" convolution_param { num_output: A kernel_h: B kernel_w: C stride_h: D stride_w: E pad_h: F pad_w: A } }"#,
        "deconv": #"layer { name: "L" type: "Deconvolution" bottom: "data" top: "L" convolution_param { num_output: A kernel_size: B stride: C pad: D dilation: E group: F } }"#,
        "avepool": #"layer { name: "L" type: "Pooling" bottom: "data" top: "L" pooling_param { pool: AVE kernel_size: B stride: C pad: D } }"#,
        "maxpool": #"layer { name: "L" type: "Pooling" bottom: "data" top: "L" pooling_param { pool: MAX kernel_h: B kernel_w: C stride_h: D stride_w: E pad_h: F pad_w: A } }"#,
        "ip": #"layer { name: "L" type: "InnerProduct" bottom: "data" top: "L" inner_product_param { num_output: A axis: B } }"#,
        "embed": #"layer { name: "L" type: "Embed" bottom: "data" top: "L" embed_param { num_output: A input_dim: B } }"#,
        "reshape": #"layer { name: "L" type: "Reshape" bottom: "data" top: "L" reshape_param { shape { dim: A dim: B dim: C } axis: D num_axes: E } }"#,
        "flatten": #"layer { name: "L" type: "Flatten" bottom: "data" top: "L" flatten_param { axis: A end_axis: B } }"#,
        "concat": #"layer { name: "L" type: "Concat" bottom: "data" bottom: "data" top: "L" concat_param { axis: A } }"#,
        "slice": #"layer { name: "L" type: "Slice" bottom: "data" top: "L" top: "L2" top: "L3" slice_param { slice_dim: A slice_point: B slice_point: C } }"#,
        "crop": #"layer { name: "L" type: "Crop" bottom: "data" bottom: "data" top: "L" crop_param { axis: A offset: B } }"#,
        "reduction": #"layer { name: "L" type: "Reduction" bottom: "data" top: "L" reduction_param { operation: MEAN axis: A } }"#,
        "tile": #"layer { name: "L" type: "Tile" bottom: "data" top: "L" tile_param { axis: A tiles: B } }"#,
        "permute": #"layer { name: "L" type: "Permute" bottom: "data" top: "L" permute_param { order: A order: B } }"#,
        "softmax": #"layer { name: "L" type: "Softmax" bottom: "data" top: "L" softmax_param { axis: A } }"#,
        "argmax": #"layer { name: "L" type: "ArgMax" bottom: "data" top: "L" argmax_param { top_k: A axis: B } }"#,
        "lstm": #"layer { name: "L" type: "LSTM" bottom: "data" bottom: "data" top: "L" recurrent_param { num_output: A } }"#,
        "rnn": #"layer { name: "L" type: "RNN" bottom: "data" bottom: "data" top: "L" recurrent_param { num_output: A expose_hidden: true } }"#,
        "batchnorm": """
            layer { name: "L" type: "BatchNorm" bottom: "data" top: "L" batch_norm_param { moving_average_fraction: A } }
            layer { name: "S" type: "Scale" bottom: "L" top: "S" scale_param { axis: B num_axes: C bias_term: true } }
            """,
        "lrn": #"layer { name: "L" type: "LRN" bottom: "data" top: "L" lrn_param { local_size: A } }"#,
        "spp": #"layer { name: "L" type: "SPP" bottom: "data" top: "L" spp_param { pyramid_height: A } }"#,
        "im2col": #"layer { name: "L" type: "Im2col" bottom: "data" top: "L" convolution_param { kernel_size: B stride: C pad: D } }"#,
        "accuracy": #"layer { name: "L" type: "Accuracy" bottom: "data" bottom: "data" top: "L" accuracy_param { top_k: A axis: B } }"#,
        "dummydata": """
            layer { name: "d" type: "DummyData" top: "x" dummy_data_param { shape { dim: A dim: B dim: C dim: D } } }
            layer { name: "L" type: "Convolution" bottom: "x" top: "L" convolution_param { num_output: 2 kernel_size: 3 } }
            """,
        "memorydata": """
            layer { name: "d" type: "MemoryData" top: "x" top: "y" memory_data_param { batch_size: A channels: B height: C width: D } }
            layer { name: "L" type: "Pooling" bottom: "x" top: "L" pooling_param { kernel_size: 3 stride: 2 } }
            """,
        "imagedata": """
            layer { name: "d" type: "ImageData" top: "x" top: "y" transform_param { crop_size: A } image_data_param { batch_size: B new_height: C new_width: D } }
            layer { name: "L" type: "InnerProduct" bottom: "x" top: "L" inner_product_param { num_output: 3 } }
            """,
    ]

    /// Layers after the one under test, so that whatever shape it produced flows on.
    static let caffeTail = """
        layer { name: "t1" type: "Convolution" bottom: "L" top: "t1" convolution_param { num_output: 4 kernel_size: 3 stride: 2 } }
        layer { name: "t2" type: "Pooling" bottom: "t1" top: "t2" pooling_param { pool: AVE kernel_size: 2 stride: 3 } }
        layer { name: "t3" type: "InnerProduct" bottom: "t2" top: "t3" inner_product_param { num_output: 5 } }
        layer { name: "t4" type: "Softmax" bottom: "t3" top: "t4" }
        layer { name: "t5" type: "Log" bottom: "t4" top: "t5" }
        """

    static func caffeLayer(_ template: String, _ values: [String: Int64]) -> String {
        var text = template
        for key in ["A", "B", "C", "D", "E", "F"] {
            text = text.replacingOccurrences(of: ": \(key) ", with: ": \(values[key] ?? 2) ")
        }
        return text
    }

    /// For one value: input dims holding it (one axis, then all), and every
    /// layer with all its integer fields set to it and with each field in turn.
    static func caffeFiles(_ v: Int64) -> [String: String] {
        var files: [String: String] = [:]
        let normal: [Int64] = [2, 3, 8, 8]
        func input(_ dims: [Int64]) -> String {
            "input: \"data\"\ninput_shape { " + dims.map { "dim: \($0)" }.joined(separator: " ") + " }\n"
        }
        for axis in 0...4 {
            var dims = normal
            if axis < 4 { dims[axis] = v } else { dims = [v, v, v, v] }
            for name in ["conv", "deconv", "avepool", "ip", "concat", "lstm", "batchnorm"] {
                files["dims\(axis)_\(name).prototxt"] = input(dims) + caffeLayer(caffeLayers[name]!, [:]) + "\n" + caffeTail
            }
        }
        for (name, template) in caffeLayers {
            let all = Dictionary(uniqueKeysWithValues: ["A", "B", "C", "D", "E", "F"].map { ($0, v) })
            files["all_\(name).prototxt"] = input(normal) + caffeLayer(template, all) + "\n" + caffeTail
            for key in ["A", "B", "C", "D", "E", "F"] where template.contains(": \(key) ") {
                files["\(key)_\(name).prototxt"] = input(normal) + caffeLayer(template, [key: v]) + "\n" + caffeTail
            }
        }
        // The V1 `input_dim` spelling, an Input layer, and a solver whose integers are all v.
        files["v1.prototxt"] = "input: \"data\"\ninput_dim: \(v)\ninput_dim: 3\ninput_dim: \(v)\ninput_dim: 8\n"
            + "layers { name: \"L\" type: CONVOLUTION bottom: \"data\" top: \"L\" convolution_param { num_output: \(v) kernel_size: \(v) stride: \(v) } }\n"
            + caffeTail
        files["inputlayer.prototxt"] = "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: \(v) dim: \(v) dim: \(v) dim: \(v) } } }\n"
            + caffeLayer(caffeLayers["conv"]!, Dictionary(uniqueKeysWithValues: ["A", "B", "C", "D", "E", "F"].map { ($0, v) })) + "\n" + caffeTail
        files["solver.prototxt"] = """
            net: "inputlayer.prototxt"
            base_lr: 0.01
            lr_policy: "multistep"
            stepvalue: \(v)
            stepvalue: 5
            stepsize: \(v)
            gamma: 0.1
            max_iter: \(v)
            iter_size: \(v)
            test_iter: \(v)
            test_interval: \(v)
            average_loss: \(v)
            clip_gradients: \(v)
            """
        return files
    }

    // MARK: - ONNX JSON

    struct ONNXNode {
        var op: String
        var inputs: [String]
        var outputs: [String]
        var attributes: [String] = []
    }

    static func ints(_ name: String, _ values: [Int64]) -> String {
        #"{"name": "\#(name)", "ints": [\#(values.map { "\"\($0)\"" }.joined(separator: ", "))], "type": "INTS"}"#
    }

    static func int(_ name: String, _ value: Int64) -> String {
        #"{"name": "\#(name)", "i": "\#(value)", "type": "INT"}"#
    }

    static func int64Tensor(_ name: String, _ values: [Int64], scalar: Bool = false) -> String {
        let dims = scalar ? "" : #""dims": ["\#(values.count)"], "#
        return #"{"name": "\#(name)", \#(dims)"dataType": 7, "int64Data": [\#(values.map { "\"\($0)\"" }.joined(separator: ", "))]}"#
    }

    /// A float tensor whose dims may promise any count: `values` is what it stores.
    static func floatTensor(_ name: String, dims: [Int64], values: [Double]) -> String {
        #"{"name": "\#(name)", "dims": [\#(dims.map { "\"\($0)\"" }.joined(separator: ", "))], "dataType": 1, "floatData": [\#(values.map { "\($0)" }.joined(separator: ", "))]}"#
    }

    static func onnxModel(_ nodes: [ONNXNode], initializers: [String], input: [Int64], opset: Int = 17) -> String {
        let tail = [ONNXNode(op: "Relu", inputs: ["t"], outputs: ["u"]), ONNXNode(op: "Softmax", inputs: ["u"], outputs: ["v"]),
                    ONNXNode(op: "Log", inputs: ["v"], outputs: ["y"])]
        let nodeText = (nodes + tail).enumerated().map { index, node in
            #"{"name": "n\#(index)", "opType": "\#(node.op)", "input": [\#(node.inputs.map { "\"\($0)\"" }.joined(separator: ", "))], "#
                + #""output": [\#(node.outputs.map { "\"\($0)\"" }.joined(separator: ", "))], "attribute": [\#(node.attributes.joined(separator: ", "))]}"#
        }.joined(separator: ",\n    ")
        let dims = input.map { #"{"dimValue": "\#($0)"}"# }.joined(separator: ", ")
        return """
            {"irVersion": "8", "opsetImport": [{"version": "\(opset)"}], "graph": {"name": "extreme",
              "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [\(dims)]}}}}],
              "initializer": [\(initializers.joined(separator: ", "))],
              "node": [\(nodeText)],
              "output": [{"name": "y"}]}}
            """
    }

    static func body(_ nodes: String, inputs: [String], outputs: [String]) -> String {
        let declared = inputs.map { #"{"name": "\#($0)"}"# }.joined(separator: ", ")
        let produced = outputs.map { #"{"name": "\#($0)"}"# }.joined(separator: ", ")
        return #"{"name": "body", "g": {"name": "b", "node": [\#(nodes)], "input": [\#(declared)], "output": [\#(produced)]}, "type": "GRAPH"}"#
    }

    static func onnxFiles(_ v: Int64) -> [String: String] {
        let weight = floatTensor("W", dims: [4, 3, 3, 3], values: Array(repeating: 0.1, count: 108))
        let pair: [Int64] = [v, v], pads: [Int64] = [v, v, v, v]
        let normal: [Int64] = [2, 3, 8, 8]
        var files: [String: String] = [:]
        for axis in 0...4 {
            var dims = normal
            if axis < 4 { dims[axis] = v } else { dims = [v, v, v, v] }
            files["dims\(axis).json"] = onnxModel([
                ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["a"], attributes: [ints("kernel_shape", [3, 3]), ints("strides", [2, 2])]),
                ONNXNode(op: "AveragePool", inputs: ["a"], outputs: ["b"], attributes: [ints("kernel_shape", [2, 2]), ints("strides", [3, 3])]),
                ONNXNode(op: "Flatten", inputs: ["b"], outputs: ["c"]),
                ONNXNode(op: "Gemm", inputs: ["c", "G"], outputs: ["t"], attributes: [int("transB", 1)]),
            ], initializers: [weight, floatTensor("G", dims: [5, 4], values: Array(repeating: 0.1, count: 20))], input: dims)
        }
        let single: [(String, ONNXNode, [String])] = [
            ("conv_kernel", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"], attributes: [ints("kernel_shape", pair)]), [weight]),
            ("conv_strides", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"], attributes: [ints("kernel_shape", [3, 3]), ints("strides", pair)]), [weight]),
            ("conv_pads", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"], attributes: [ints("pads", pads)]), [weight]),
            ("conv_dilations", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"], attributes: [ints("dilations", pair)]), [weight]),
            ("conv_group", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"], attributes: [int("group", v)]), [weight]),
            ("conv_same", ONNXNode(op: "Conv", inputs: ["x", "W"], outputs: ["t"],
                                   attributes: [ints("kernel_shape", pair), ints("strides", pair), #"{"name": "auto_pad", "s": "U0FNRV9VUFBFUg==", "type": "STRING"}"#]), [weight]),
            ("convtranspose", ONNXNode(op: "ConvTranspose", inputs: ["x", "W"], outputs: ["t"],
                                       attributes: [ints("kernel_shape", pair), ints("strides", pair), ints("pads", pads), ints("output_padding", pair),
                                                    ints("dilations", pair), int("group", v), ints("output_shape", pair)]), [weight]),
            ("maxpool", ONNXNode(op: "MaxPool", inputs: ["x"], outputs: ["t"],
                                 attributes: [ints("kernel_shape", pair), ints("strides", pair), ints("pads", pads), ints("dilations", pair), int("ceil_mode", v)]), []),
            ("averagepool", ONNXNode(op: "AveragePool", inputs: ["x"], outputs: ["t"],
                                     attributes: [ints("kernel_shape", pair), ints("strides", pair), ints("pads", pads), int("count_include_pad", v)]), []),
            ("averagepool_same", ONNXNode(op: "AveragePool", inputs: ["x"], outputs: ["t"],
                                          attributes: [ints("kernel_shape", pair), ints("strides", pair), #"{"name": "auto_pad", "s": "U0FNRV9MT1dFUg==", "type": "STRING"}"#]), []),
            ("flatten", ONNXNode(op: "Flatten", inputs: ["x"], outputs: ["t"], attributes: [int("axis", v)]), []),
            ("concat", ONNXNode(op: "Concat", inputs: ["x", "x"], outputs: ["t"], attributes: [int("axis", v)]), []),
            ("softmax", ONNXNode(op: "Softmax", inputs: ["x"], outputs: ["t"], attributes: [int("axis", v)]), []),
            ("split", ONNXNode(op: "Split", inputs: ["x", "S"], outputs: ["t", "t2"], attributes: [int("axis", v)]), [int64Tensor("S", [v, 1])]),
            ("squeeze", ONNXNode(op: "Squeeze", inputs: ["x", "A"], outputs: ["t"]), [int64Tensor("A", [v])]),
            ("unsqueeze", ONNXNode(op: "Unsqueeze", inputs: ["x", "A"], outputs: ["t"]), [int64Tensor("A", [v])]),
            ("transpose", ONNXNode(op: "Transpose", inputs: ["x"], outputs: ["t"], attributes: [ints("perm", [v, 0, 1, 2])]), []),
            ("reshape", ONNXNode(op: "Reshape", inputs: ["x", "S"], outputs: ["t"]), [int64Tensor("S", [v, -1])]),
            ("reshape_all", ONNXNode(op: "Reshape", inputs: ["x", "S"], outputs: ["t"]), [int64Tensor("S", [v, v, 0, 1])]),
            ("slice", ONNXNode(op: "Slice", inputs: ["x", "A", "B", "C", "D"], outputs: ["t"]),
             [int64Tensor("A", [v]), int64Tensor("B", [v]), int64Tensor("C", [v]), int64Tensor("D", [v])]),
            ("pad", ONNXNode(op: "Pad", inputs: ["x", "P"], outputs: ["t"]), [int64Tensor("P", Array(repeating: v, count: 8))]),
            ("tile", ONNXNode(op: "Tile", inputs: ["x", "R"], outputs: ["t"]), [int64Tensor("R", [v, v, v, v])]),
            ("expand", ONNXNode(op: "Expand", inputs: ["x", "R"], outputs: ["t"]), [int64Tensor("R", [v, 3, 8, 8])]),
            ("gather", ONNXNode(op: "Gather", inputs: ["x", "I"], outputs: ["t"], attributes: [int("axis", v)]), [int64Tensor("I", [v])]),
            ("reducesum", ONNXNode(op: "ReduceSum", inputs: ["x", "A"], outputs: ["t"], attributes: [int("keepdims", v)]), [int64Tensor("A", [v])]),
            ("reducemean", ONNXNode(op: "ReduceMean", inputs: ["x"], outputs: ["t"], attributes: [ints("axes", [v])]), []),
            ("resize", ONNXNode(op: "Resize", inputs: ["x", "", "", "Z"], outputs: ["t"]), [int64Tensor("Z", [v, v, v, v])]),
            ("topk", ONNXNode(op: "TopK", inputs: ["x", "K"], outputs: ["t", "i"], attributes: [int("axis", v)]), [int64Tensor("K", [v])]),
            ("argmax", ONNXNode(op: "ArgMax", inputs: ["x"], outputs: ["t"], attributes: [int("axis", v), int("keepdims", v)]), []),
            ("groupnorm", ONNXNode(op: "GroupNormalization", inputs: ["x", "Sc", "Bi"], outputs: ["t"], attributes: [int("num_groups", v)]),
             [floatTensor("Sc", dims: [3], values: [1, 1, 1]), floatTensor("Bi", dims: [3], values: [0, 0, 0])]),
            ("layernorm", ONNXNode(op: "LayerNormalization", inputs: ["x", "Sc", "Bi"], outputs: ["t"], attributes: [int("axis", v)]),
             [floatTensor("Sc", dims: [8], values: Array(repeating: 1, count: 8)), floatTensor("Bi", dims: [8], values: Array(repeating: 0, count: 8))]),
            ("lrn", ONNXNode(op: "LRN", inputs: ["x"], outputs: ["t"], attributes: [int("size", v)]), []),
            ("cast", ONNXNode(op: "Cast", inputs: ["x"], outputs: ["t"], attributes: [int("to", v)]), []),
            ("lstm", ONNXNode(op: "LSTM", inputs: ["x", "Wl", "Rl"], outputs: ["t"], attributes: [int("hidden_size", v), int("layout", v)]),
             [floatTensor("Wl", dims: [1, 4, 8], values: Array(repeating: 0.5, count: 32)), floatTensor("Rl", dims: [1, 4, 1], values: [0.5, 0.5, 0.5, 0.5])]),
            // Weights whose dims promise far more (or fewer) values than they store.
            ("matmul_weights", ONNXNode(op: "MatMul", inputs: ["x", "M"], outputs: ["t"]), [floatTensor("M", dims: [8, v], values: Array(repeating: 0.5, count: 16))]),
            ("gemm_weights", ONNXNode(op: "Gemm", inputs: ["x", "M"], outputs: ["t"], attributes: [int("transA", v), int("transB", v)]),
             [floatTensor("M", dims: [v, 192], values: [0.5, 0.5])]),
            ("conv_weights", ONNXNode(op: "Conv", inputs: ["x", "M"], outputs: ["t"]), [floatTensor("M", dims: [v, v, v, v], values: [0.5, 0.5])]),
            ("convtranspose_weights", ONNXNode(op: "ConvTranspose", inputs: ["x", "M"], outputs: ["t"], attributes: [ints("strides", [2, 2])]),
             [floatTensor("M", dims: [3, v, 3, 3], values: Array(repeating: 0.5, count: 27))]),
            ("batchnorm", ONNXNode(op: "BatchNormalization", inputs: ["x", "Sc", "Bi", "Me", "Va"], outputs: ["t"]),
             ["Sc", "Bi", "Me", "Va"].map { floatTensor($0, dims: [v], values: [1, 1, 1]) }),
            ("add_constant", ONNXNode(op: "Add", inputs: ["x", "M"], outputs: ["t"]), [floatTensor("M", dims: [v, v, v, v], values: [1, 2])]),
        ]
        for (name, node, initializers) in single {
            files["\(name).json"] = onnxModel([node], initializers: initializers, input: normal)
            files["\(name)_dims.json"] = onnxModel([node], initializers: initializers, input: [v, 3, v, 8])
        }
        // Nodes whose inputs are computed from constants holding v.
        files["range.json"] = onnxModel([
            ONNXNode(op: "Range", inputs: ["A", "B", "C"], outputs: ["r"]), ONNXNode(op: "Add", inputs: ["x", "r"], outputs: ["t"]),
        ], initializers: [int64Tensor("A", [v], scalar: true), int64Tensor("B", [v], scalar: true), int64Tensor("C", [v], scalar: true)], input: normal)
        for (name, shape) in [("constantofshape", [v, v]), ("constantofshape1", [v])] {
            files["\(name).json"] = onnxModel([
                ONNXNode(op: "ConstantOfShape", inputs: ["S"], outputs: ["r"]), ONNXNode(op: "Add", inputs: ["x", "r"], outputs: ["t"]),
            ], initializers: [int64Tensor("S", shape)], input: normal)
        }
        files["shape_size.json"] = onnxModel([
            ONNXNode(op: "Size", inputs: ["x"], outputs: ["s"]), ONNXNode(op: "Shape", inputs: ["x"], outputs: ["h"], attributes: [int("start", v), int("end", v)]),
            ONNXNode(op: "Cast", inputs: ["s"], outputs: ["c"], attributes: [int("to", 1)]), ONNXNode(op: "Add", inputs: ["x", "c"], outputs: ["t"]),
        ], initializers: [], input: [v, v, 8, 8])
        files["loop.json"] = onnxModel([
            ONNXNode(op: "Loop", inputs: ["M", "", "x"], outputs: ["t"], attributes: [
                body(#"{"opType": "Identity", "input": ["c"], "output": ["co"]}, {"opType": "Relu", "input": ["s"], "output": ["so"]}"#,
                     inputs: ["i", "c", "s"], outputs: ["co", "so"]),
            ]),
        ], initializers: [int64Tensor("M", [v], scalar: true)], input: normal)
        for opset in [8, 17] {
            files["scan\(opset).json"] = onnxModel([
                ONNXNode(op: "Scan", inputs: ["x"], outputs: ["t"], attributes: [
                    int("num_scan_inputs", v), ints("scan_input_axes", [v]),
                    body(#"{"opType": "Identity", "input": ["si"], "output": ["so"]}"#, inputs: ["si"], outputs: ["so"]),
                ]),
            ], initializers: [], input: [v, 3, 8, 8], opset: opset)
        }
        return files
    }

    // MARK: - Swift DSL

    static func swiftFiles(_ v: Int64) -> [String: String] {
        // Int64.min has no literal: `-9223372036854775807 - 1`, and its negation overflows.
        let literal = v == .min ? "(-9223372036854775807 - 1)" : "(\(v))"
        return ["Extreme.swift": """
            import ModelLintDSL

            let model = Model("extreme") {
                Input("data", shape: [\(literal), 3, \(literal), 8])
                Conv("c", from: "data", outputs: \(literal), kernel: \(literal), stride: \(literal), pad: \(literal), dilation: \(literal), group: \(literal))
                MaxPool("p", kernel: \(literal), stride: \(literal), pad: \(literal))
                AvgPool("a", kernel: 3, stride: \(literal))
                Dense("d", outputs: \(literal))
                Softmax("s", axis: \(literal))
                Log("l")
            }

            let negated = Model("negated") {
                Input("data", shape: [-\(literal), 3, 8, 8])
                Conv("c", from: "data", outputs: 2 * \(literal), kernel: \(literal) + 1, stride: \(literal) - 1)
            }
            """]
    }

    // MARK: - Running

    private static func folder(with files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modellint-extreme-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// Lints every file and writes the report in every format, and draws each graph.
    private static func lintEverything(_ files: [String: String]) throws -> (LintReport, URL) {
        let root = try folder(with: files)
        var linter = Linter(rules: RuleRegistry.all, configuration: .none)
        linter.keepsGraphs = true
        linter.showProofs = true
        let report = linter.lint(paths: [root.path])
        let descriptions = RuleRegistry.descriptions
        let reporters: [any Reporter] = [TextReporter(useColor: false), JSONReporter(), SARIFReporter(rules: descriptions),
                                         JUnitReporter(rules: descriptions), GitHubReporter()]
        for reporter in reporters { #expect(!reporter.render(report).isEmpty) }
        for (_, graph) in report.graphs { _ = try? GraphDOT.render(graph, findings: report.findings, proofs: report.proofs) }
        return (report, root)
    }

    @Test(arguments: extremes)
    func caffeNetsWithExtremeValues(_ v: Int64) throws {
        let files = Self.caffeFiles(v)
        let (report, root) = try Self.lintEverything(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(report.filesLinted == files.count)
        if v < 0 {
            // A negative input dim is named, at a line of the file, whatever the layers do with it.
            for axis in 0...4 {
                let path = root.appendingPathComponent("dims\(axis)_conv.prototxt").path
                let negative = report.findings.filter { $0.ruleCode == "ML005" && $0.location.file.hasSuffix(path) }
                #expect(!negative.isEmpty, "no ML005 for dims\(axis)_conv.prototxt with \(v)")
                #expect(negative.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
            }
        }
    }

    @Test(arguments: extremes)
    func onnxModelsWithExtremeValues(_ v: Int64) throws {
        let files = Self.onnxFiles(v)
        let (report, root) = try Self.lintEverything(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(report.filesLinted == files.count)
        if v == -1 {
            // Paddle's and TF's spelling of a dynamic dimension: read as one, with a note, never ML005.
            for axis in 0...4 {
                let path = root.appendingPathComponent("dims\(axis).json").path
                #expect(!report.findings.contains { $0.ruleCode == "ML005" && $0.location.file.hasSuffix(path) })
            }
        } else if v < 0 {
            for axis in 0...4 {
                let path = root.appendingPathComponent("dims\(axis).json").path
                let negative = report.findings.filter { $0.ruleCode == "ML005" && $0.location.file.hasSuffix(path) }
                #expect(!negative.isEmpty, "no ML005 for dims\(axis).json with \(v)")
                #expect(negative.allSatisfy { $0.location.line >= 1 })
            }
        }
        // Weights whose dims promise another count than they store are named (ML004), overflowing dims included.
        if v > 2 {
            let path = root.appendingPathComponent("add_constant.json").path
            #expect(report.findings.contains { $0.ruleCode == "ML004" && $0.location.file.hasSuffix(path) })
        }
    }

    @Test(arguments: extremes)
    func swiftModelsWithExtremeValues(_ v: Int64) throws {
        let files = Self.swiftFiles(v)
        let (report, root) = try Self.lintEverything(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(report.filesLinted == files.count)
        if v < 0 {
            #expect(report.findings.contains { $0.ruleCode == "ML005" && $0.location.line == 5 })
        }
    }

    @Test func checkedArithmeticNeverTraps() {
        let edges: [Int] = [0, 1, -1, 2, -2, .max, .min, .max - 1, .min + 1, 1 << 32, -(1 << 32)]
        for a in edges {
            #expect(Checked.negate(a) == (a == .min ? nil : -a))
            for b in edges {
                _ = Checked.add(a, b)
                _ = Checked.subtract(a, b)
                _ = Checked.multiply(a, b)
                _ = Checked.floorDivide(a, b)
                _ = Checked.ceilDivide(a, b)
                #expect(Checked.divide(a, b) == (b == 0 || (a == .min && b == -1) ? nil : a / b))
                #expect(Checked.remainder(a, b) == (b == 0 || (a == .min && b == -1) ? nil : a % b))
            }
        }
        #expect(Checked.product([Int.max, 2]) == nil)
        #expect(Checked.count([3, -1]) == nil)
        #expect(Checked.count([3, 0, .max]) == 0)
        #expect(Checked.count([Int.max, 2]) == nil)
        for value in [Double.nan, .infinity, -.infinity, 9.3e18, -9.3e18, 1e300] {
            #expect(Checked.rounded(value) == nil)
            #expect(Checked.integer(value) == nil)
        }
        #expect(Checked.rounded(-9.223372036854775808e18) == .min)
        #expect(Checked.rounded(2.5) == 3)
    }
}
