import Foundation

/// Synthetic models for the benchmark (`modellint-bench`): nets of residual
/// blocks with batch normalization, two branches and a concatenation, at any
/// size, written as Caffe prototxt, ONNX JSON and binary ONNX; and a
/// ResNet-50-shaped ONNX model with real float weights (~100 MB).
///
/// Text is written directly and binary ONNX with a small protobuf writer, so
/// the benchmark needs neither Python nor the generated ONNX types.
public enum SyntheticNets {
    /// Channels and spatial size of the residual-block nets.
    static let channels = 8, half = 4, spatial = 8

    /// Nodes per residual block: Caffe splits BatchNorm into BatchNorm + Scale.
    public static let caffeNodesPerBlock = 11
    public static let onnxNodesPerBlock = 9

    // MARK: - Caffe prototxt

    /// A Caffe net of `blocks` residual blocks (11 layers each, most of them in place):
    /// two Convolution -> BatchNorm -> Scale -> ReLU branches, Concat, Eltwise with the block's input, ReLU.
    public static func caffePrototxt(blocks: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(blocks * 1100)
        out += Array("name: \"residual\"\ninput: \"data\"\ninput_shape { dim: 1 dim: \(channels) dim: \(spatial) dim: \(spatial) }\n".utf8)
        var previous = "data"
        for block in 0..<blocks {
            let b = "b\(block)"
            for (branch, kernel, pad) in [(1, 3, 1), (2, 1, 0)] {
                let top = "\(b)_c\(branch)"
                out += Array("""
                layer { name: "\(top)" type: "Convolution" bottom: "\(previous)" top: "\(top)" convolution_param { num_output: \(half) kernel_size: \(kernel) pad: \(pad) } }
                layer { name: "\(b)_bn\(branch)" type: "BatchNorm" bottom: "\(top)" top: "\(top)" }
                layer { name: "\(b)_sc\(branch)" type: "Scale" bottom: "\(top)" top: "\(top)" scale_param { bias_term: true } }
                layer { name: "\(b)_r\(branch)" type: "ReLU" bottom: "\(top)" top: "\(top)" }

                """.utf8)
            }
            out += Array("""
            layer { name: "\(b)_cat" type: "Concat" bottom: "\(b)_c1" bottom: "\(b)_c2" top: "\(b)_cat" }
            layer { name: "\(b)_add" type: "Eltwise" bottom: "\(b)_cat" bottom: "\(previous)" top: "\(b)_add" }
            layer { name: "\(b)_out" type: "ReLU" bottom: "\(b)_add" top: "\(b)_add" }

            """.utf8)
            previous = "\(b)_add"
        }
        return out
    }

    // MARK: - ONNX, format-neutral

    public enum Attribute {
        case int(Int), ints([Int]), float(Float)
    }

    public struct Node {
        public var op: String, name: String, inputs: [String], outputs: [String]
        public var attributes: [(String, Attribute)] = []
    }

    /// An initializer: `count` floats, written from a deterministic generator.
    public struct Initializer {
        public var name: String, dims: [Int]
        /// nil: pseudo-random in [-scale, scale); otherwise every value is this.
        public var constant: Float?
        public var scale: Float = 0.05
        public var count: Int { dims.reduce(1, *) }
    }

    public struct Net {
        public var name: String
        public var nodes: [Node] = []
        public var initializers: [Initializer] = []
        public var inputs: [(String, [Int])] = []
        public var outputs: [(String, [Int])] = []
        public var weightBytes: Int { initializers.reduce(0) { $0 + $1.count * 4 } }
    }

    /// The ONNX residual-block net (9 nodes a block); the blocks share one
    /// set of small initializers, so the file grows with the graph, not with weights.
    public static func onnxResidual(blocks: Int) -> Net {
        var net = Net(name: "residual")
        let shape = [1, channels, spatial, spatial]
        net.inputs = [("data", shape)]
        net.initializers = [
            Initializer(name: "w3", dims: [half, channels, 3, 3]),
            Initializer(name: "w1", dims: [half, channels, 1, 1]),
            Initializer(name: "bn_scale", dims: [half], constant: 1),
            Initializer(name: "bn_bias", dims: [half], constant: 0),
            Initializer(name: "bn_mean", dims: [half], constant: 0),
            Initializer(name: "bn_var", dims: [half], constant: 1),
        ]
        net.nodes.reserveCapacity(blocks * onnxNodesPerBlock)
        var previous = "data"
        for block in 0..<blocks {
            let b = "b\(block)"
            for (branch, weight, kernel, pad) in [(1, "w3", 3, 1), (2, "w1", 1, 0)] {
                net.nodes.append(Node(op: "Conv", name: "\(b)_c\(branch)", inputs: [previous, weight], outputs: ["\(b)_c\(branch)"],
                                      attributes: [("kernel_shape", .ints([kernel, kernel])), ("pads", .ints([pad, pad, pad, pad]))]))
                net.nodes.append(Node(op: "BatchNormalization", name: "\(b)_bn\(branch)",
                                      inputs: ["\(b)_c\(branch)", "bn_scale", "bn_bias", "bn_mean", "bn_var"],
                                      outputs: ["\(b)_bn\(branch)"], attributes: [("epsilon", .float(1e-5))]))
                net.nodes.append(Node(op: "Relu", name: "\(b)_r\(branch)", inputs: ["\(b)_bn\(branch)"], outputs: ["\(b)_r\(branch)"]))
            }
            net.nodes.append(Node(op: "Concat", name: "\(b)_cat", inputs: ["\(b)_r1", "\(b)_r2"], outputs: ["\(b)_cat"],
                                  attributes: [("axis", .int(1))]))
            net.nodes.append(Node(op: "Add", name: "\(b)_add", inputs: ["\(b)_cat", previous], outputs: ["\(b)_add"]))
            net.nodes.append(Node(op: "Relu", name: "\(b)_out", inputs: ["\(b)_add"], outputs: ["\(b)_out"]))
            previous = "\(b)_out"
        }
        net.outputs = [(previous, shape)]
        return net
    }

    /// ResNet-50's layout (stem, bottleneck stages of 3, 4, 6 and 3 blocks,
    /// global pooling, a 1000-way Gemm) with its own random float weights:
    /// 25.5 million parameters, about 102 MB.
    public static func resnet50() -> Net {
        var net = Net(name: "resnet50_synthetic")
        net.inputs = [("input", [1, 3, 224, 224])]
        var counter = 0
        func conv(_ x: String, _ cin: Int, _ cout: Int, _ k: Int, _ stride: Int, relu: Bool) -> String {
            counter += 1
            let n = "conv\(counter)"
            net.initializers.append(Initializer(name: "\(n).w", dims: [cout, cin, k, k], scale: 1 / Float(cin * k * k).squareRoot()))
            for (p, c) in [("scale", Float(1)), ("bias", 0), ("mean", 0), ("var", 1)] {
                net.initializers.append(Initializer(name: "\(n).bn_\(p)", dims: [cout], constant: c))
            }
            let p = k / 2
            net.nodes.append(Node(op: "Conv", name: n, inputs: [x, "\(n).w"], outputs: ["\(n).y"],
                                  attributes: [("kernel_shape", .ints([k, k])), ("strides", .ints([stride, stride])),
                                               ("pads", .ints([p, p, p, p]))]))
            net.nodes.append(Node(op: "BatchNormalization", name: "\(n).bn",
                                  inputs: ["\(n).y", "\(n).bn_scale", "\(n).bn_bias", "\(n).bn_mean", "\(n).bn_var"],
                                  outputs: ["\(n).bn_y"], attributes: [("epsilon", .float(1e-5))]))
            guard relu else { return "\(n).bn_y" }
            net.nodes.append(Node(op: "Relu", name: "\(n).relu", inputs: ["\(n).bn_y"], outputs: ["\(n).r"]))
            return "\(n).r"
        }
        var x = conv("input", 3, 64, 7, 2, relu: true)
        net.nodes.append(Node(op: "MaxPool", name: "maxpool", inputs: [x], outputs: ["pool"],
                              attributes: [("kernel_shape", .ints([3, 3])), ("strides", .ints([2, 2])), ("pads", .ints([1, 1, 1, 1]))]))
        x = "pool"
        var cin = 64
        for (stage, (blocks, width)) in [(3, 64), (4, 128), (6, 256), (3, 512)].enumerated() {
            for block in 0..<blocks {
                let stride = block == 0 && stage > 0 ? 2 : 1
                let a = conv(x, cin, width, 1, 1, relu: true)
                let b = conv(a, width, width, 3, stride, relu: true)
                let c = conv(b, width, width * 4, 1, 1, relu: false)
                let shortcut = block == 0 ? conv(x, cin, width * 4, 1, stride, relu: false) : x
                counter += 1
                net.nodes.append(Node(op: "Add", name: "add\(counter)", inputs: [c, shortcut], outputs: ["add\(counter)"]))
                net.nodes.append(Node(op: "Relu", name: "out\(counter)", inputs: ["add\(counter)"], outputs: ["out\(counter)"]))
                x = "out\(counter)"
                cin = width * 4
            }
        }
        net.nodes.append(Node(op: "GlobalAveragePool", name: "gap", inputs: [x], outputs: ["gap"]))
        net.nodes.append(Node(op: "Flatten", name: "flatten", inputs: ["gap"], outputs: ["flat"], attributes: [("axis", .int(1))]))
        net.initializers.append(Initializer(name: "fc.w", dims: [1000, 2048], scale: 1 / Float(2048).squareRoot()))
        net.initializers.append(Initializer(name: "fc.b", dims: [1000], constant: 0))
        net.nodes.append(Node(op: "Gemm", name: "fc", inputs: ["flat", "fc.w", "fc.b"], outputs: ["logits"],
                              attributes: [("transB", .int(1))]))
        net.outputs = [("logits", [1, 1000])]
        return net
    }

    /// The initializer's values as little-endian float32 bytes.
    static func rawData(_ initializer: Initializer, seed: Int) -> [UInt8] {
        let count = initializer.count
        return [UInt8](unsafeUninitializedCapacity: count * 4) { buffer, written in
            var state = UInt64(truncatingIfNeeded: seed &* 2_654_435_761 &+ 12345) | 1
            buffer.withMemoryRebound(to: UInt32.self) { words in
                for index in 0..<count {
                    let value: Float
                    if let constant = initializer.constant {
                        value = constant
                    } else {
                        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                        let unit = Float(state >> 40) / Float(1 << 24)
                        value = (unit * 2 - 1) * initializer.scale
                    }
                    words[index] = value.bitPattern.littleEndian
                }
            }
            written = count * 4
        }
    }

    // MARK: - Binary ONNX

    /// The net as a binary ONNX `ModelProto` (IR version 8, opset 13).
    public static func onnxBinary(_ net: Net) -> [UInt8] {
        var graph = ProtoWriter()
        for node in net.nodes {
            var n = ProtoWriter()
            for input in node.inputs { n.string(1, input) }
            for output in node.outputs { n.string(2, output) }
            n.string(3, node.name)
            n.string(4, node.op)
            for (name, value) in node.attributes {
                var a = ProtoWriter()
                a.string(1, name)
                switch value {
                case .float(let f): a.fixed32(2, f.bitPattern); a.varint(20, 1)
                case .int(let i): a.varint(3, UInt64(bitPattern: Int64(i))); a.varint(20, 2)
                case .ints(let values): for v in values { a.varint(8, UInt64(bitPattern: Int64(v))) }; a.varint(20, 7)
                }
                n.message(5, a)
            }
            graph.message(1, n)
        }
        graph.string(2, net.name)
        for (index, initializer) in net.initializers.enumerated() {
            var t = ProtoWriter()
            for d in initializer.dims { t.varint(1, UInt64(d)) }
            t.varint(2, 1)
            t.string(8, initializer.name)
            t.bytes(9, rawData(initializer, seed: index))
            graph.message(5, t)
        }
        for (field, values) in [(11, net.inputs), (12, net.outputs)] {
            for (name, dims) in values { graph.message(field, valueInfo(name, dims)) }
        }
        var model = ProtoWriter()
        model.varint(1, 8)
        model.string(2, "modellint-bench")
        model.message(7, graph)
        var opset = ProtoWriter()
        opset.string(1, "")
        opset.varint(2, 13)
        model.message(8, opset)
        return model.bytes
    }

    private static func valueInfo(_ name: String, _ dims: [Int]) -> ProtoWriter {
        var shape = ProtoWriter()
        for d in dims {
            var dim = ProtoWriter()
            dim.varint(1, UInt64(d))
            shape.message(1, dim)
        }
        var tensor = ProtoWriter()
        tensor.varint(1, 1)
        tensor.message(2, shape)
        var type = ProtoWriter()
        type.message(1, tensor)
        var info = ProtoWriter()
        info.string(1, name)
        info.message(2, type)
        return info
    }

    // MARK: - ONNX JSON

    /// The net in the protobuf JSON mapping of `ModelProto` (what `onnx` writes with `MessageToJson`).
    public static func onnxJSON(_ net: Net) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(net.nodes.count * 200 + net.weightBytes * 2)
        func put(_ s: String) { out.append(contentsOf: s.utf8) }
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        put("{\n  \"irVersion\": \"8\",\n  \"producerName\": \"modellint-bench\",\n  \"graph\": {\n    \"node\": [")
        for (index, node) in net.nodes.enumerated() {
            put(index == 0 ? "\n" : ",\n")
            put("      {\"input\": \(list(node.inputs)), \"output\": \(list(node.outputs)), \"name\": \"\(node.name)\", \"opType\": \"\(node.op)\"")
            if !node.attributes.isEmpty {
                let attributes = node.attributes.map { name, value in
                    switch value {
                    case .float(let f): "{\"name\": \"\(name)\", \"f\": \(f), \"type\": \"FLOAT\"}"
                    case .int(let i): "{\"name\": \"\(name)\", \"i\": \"\(i)\", \"type\": \"INT\"}"
                    case .ints(let v): "{\"name\": \"\(name)\", \"ints\": \(list(v.map(String.init))), \"type\": \"INTS\"}"
                    }
                }
                put(", \"attribute\": [" + attributes.joined(separator: ", ") + "]")
            }
            put("}")
        }
        put("\n    ],\n    \"name\": \"\(net.name)\",\n    \"initializer\": [")
        for (index, initializer) in net.initializers.enumerated() {
            put(index == 0 ? "\n" : ",\n")
            let data = Data(rawData(initializer, seed: index)).base64EncodedString()
            put("      {\"dims\": \(list(initializer.dims.map(String.init))), \"dataType\": 1, \"name\": \"\(initializer.name)\", \"rawData\": \"\(data)\"}")
        }
        put("\n    ]")
        for (key, values) in [("input", net.inputs), ("output", net.outputs)] {
            put(",\n    \"\(key)\": [")
            put(values.map { name, dims in
                let d = dims.map { "{\"dimValue\": \"\($0)\"}" }.joined(separator: ", ")
                return "{\"name\": \"\(name)\", \"type\": {\"tensorType\": {\"elemType\": 1, \"shape\": {\"dim\": [\(d)]}}}}"
            }.joined(separator: ", "))
            put("]")
        }
        put("\n  },\n  \"opsetImport\": [{\"domain\": \"\", \"version\": \"13\"}]\n}\n")
        return out
    }
}

/// Protobuf wire format, only what `onnxBinary` writes: varints, fixed32,
/// length-delimited strings, bytes and nested messages.
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func rawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func tag(_ field: Int, _ wireType: UInt64) { rawVarint(UInt64(field) << 3 | wireType) }
    mutating func varint(_ field: Int, _ value: UInt64) { tag(field, 0); rawVarint(value) }

    mutating func fixed32(_ field: Int, _ value: UInt32) {
        tag(field, 5)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        rawVarint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }
    mutating func message(_ field: Int, _ value: ProtoWriter) { bytes(field, value.bytes) }
}
