/// An attribute's type as ONNX names it (`AttributeProto.AttributeType`, the
/// names the operator schemas use), and the value fields an attribute fills.
enum ONNXAttributeKind {
    /// `AttributeProto.AttributeType`'s names, by raw value: what the JSON
    /// mapping writes and the operator schemas use.
    static let names = ["UNDEFINED", "FLOAT", "INT", "STRING", "TENSOR", "GRAPH", "FLOATS", "INTS", "STRINGS", "TENSORS",
                        "GRAPHS", "SPARSE_TENSOR", "SPARSE_TENSORS", "TYPE_PROTO", "TYPE_PROTOS"]

    /// nil for `UNDEFINED`: the type was not set.
    static func name(of type: Onnx_AttributeProto.AttributeType) -> String? {
        guard type != .undefined, names.indices.contains(type.rawValue) else { return nil }
        return names[type.rawValue]
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
