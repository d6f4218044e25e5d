/// Encodes protobuf fields by hand, for ONNX inputs no serializer would
/// write (cycles, overlong names, deep nesting, damaged framing). Shared by
/// the wire-format tests and the end-to-end tests of hostile input.
public enum WireBytes {
    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// A length-delimited field: a message, a string, bytes.
    public static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number) << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    public static func field(_ number: Int, _ text: String) -> [UInt8] {
        field(number, Array(text.utf8))
    }

    public static func field(_ number: Int, varint value: UInt64) -> [UInt8] {
        varint(UInt64(number) << 3) + varint(value)
    }

    /// NodeProto with a name, an op type and any further fields.
    public static func node(_ name: String, _ opType: String, _ more: [UInt8] = []) -> [UInt8] {
        field(3, name) + field(4, opType) + more
    }

    /// NodeProto reading `inputs` and writing `outputs`.
    public static func node(_ name: String, _ opType: String, inputs: [String], outputs: [String]) -> [UInt8] {
        inputs.flatMap { field(1, $0) } + outputs.flatMap { field(2, $0) } + node(name, opType)
    }

    /// AttributeProto holding one graph as `g`.
    public static func graphAttribute(_ name: String, _ graph: [UInt8]) -> [UInt8] {
        field(1, name) + field(6, graph) + field(20, varint: 5)
    }

    /// ModelProto around a GraphProto's fields.
    public static func model(graph: [UInt8]) -> [UInt8] {
        field(1, varint: 8) + field(7, graph) + field(8, field(2, varint: 17))
    }

    /// A model whose graph is nested `depth` graphs deep: each level one
    /// node with a `body` attribute holding the next.
    public static func nestedModel(depth: Int) -> [UInt8] {
        var graph = field(1, node("leaf", "Relu"))
        for level in stride(from: depth - 1, to: 0, by: -1) {
            graph = field(1, node("n\(level)", "Loop", field(5, graphAttribute("body", graph))))
        }
        return model(graph: graph)
    }
}

extension WireBytes {
    /// A model `y = x + w` (opset 17, four floats each) whose initializer
    /// `w` keeps its data in the file `location` names, 16 bytes from offset 0.
    public static func externalDataModel(location: String) -> [UInt8] {
        let entries = [("location", location), ("offset", "0"), ("length", "16")]
            .flatMap { key, value in field(13, field(1, key) + field(2, value)) }
        let weights = field(1, varint: 4) + field(2, varint: 1) + field(8, "w") + entries + field(14, varint: 1)
        let fourFloats = field(2, field(1, field(1, varint: 1) + field(2, field(1, field(1, varint: 4)))))
        let graph = field(1, node("add", "Add", inputs: ["x", "w"], outputs: ["y"])) + field(2, "g")
            + field(5, weights) + field(11, field(1, "x") + fourFloats) + field(12, field(1, "y") + fourFloats)
        return model(graph: graph)
    }
}
