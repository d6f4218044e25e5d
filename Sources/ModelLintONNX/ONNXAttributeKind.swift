/// An attribute's type as ONNX names it (`AttributeProto.AttributeType`, the
/// names the operator schemas use), and the value fields an attribute fills.
enum ONNXAttributeKind {
    /// nil for `UNDEFINED`: the type was not set.
    static func name(of type: Onnx_AttributeProto.AttributeType) -> String? {
        switch type {
        case .undefined: nil
        case .float: "FLOAT"
        case .int: "INT"
        case .string: "STRING"
        case .tensor: "TENSOR"
        case .graph: "GRAPH"
        case .sparseTensor: "SPARSE_TENSOR"
        case .typeProto: "TYPE_PROTO"
        case .floats: "FLOATS"
        case .ints: "INTS"
        case .strings: "STRINGS"
        case .tensors: "TENSORS"
        case .graphs: "GRAPHS"
        case .sparseTensors: "SPARSE_TENSORS"
        case .typeProtos: "TYPE_PROTOS"
        }
    }

    /// The types whose value fields hold something. A field at its default
    /// (0, empty) counts as unset: the JSON mapping and swift-protobuf's
    /// record cannot tell it from absent, and reading it so is never stricter
    /// than onnx.checker.
    static func valuesHeld<Attribute: ONNXAttributeFields>(by attribute: Attribute) -> [String] {
        var held: [String] = []
        if attribute.f != 0 { held.append("FLOAT") }
        if attribute.i != 0 { held.append("INT") }
        if !attribute.s.isEmpty { held.append("STRING") }
        if attribute.hasT { held.append("TENSOR") }
        if attribute.hasG { held.append("GRAPH") }
        if !attribute.floats.isEmpty { held.append("FLOATS") }
        if !attribute.ints.isEmpty { held.append("INTS") }
        if !attribute.strings.isEmpty { held.append("STRINGS") }
        if !attribute.graphs.isEmpty { held.append("GRAPHS") }
        return held
    }
}
