import Foundation

/// A node of an ONNX graph as plain Swift values: what the JSON fast path
/// decodes a main graph's nodes into. A swift-protobuf message per node and
/// per attribute cost most of the reader's time on node-heavy models (the
/// copy-on-write of each attribute's shared default storage, exclusivity
/// checks on the class storage, freeing the message tree); a record is
/// built in place and freed as a few arrays.
///
/// It keeps what the graph reader reads (`ONNXNodeFields`); a node's
/// `overload`, which modellint does not use, is checked and dropped.
struct ONNXNodeRecord: ONNXNodeFields, Equatable {
    var input: [String] = []
    var output: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var docString = ""
    var metadataProps: [Onnx_StringStringEntryProto] = []
    var attribute: [ONNXAttributeRecord] = []
}

/// An attribute as plain values. The scalar and list values every model
/// carries are fields of their own; the rare rest (tensors, graphs, types,
/// `ref_attr_name`, `doc_string`) lives in a swift-protobuf message, made
/// only for an attribute that has some.
struct ONNXAttributeRecord: ONNXAttributeFields, Equatable {
    var name = ""
    var type: Onnx_AttributeProto.AttributeType = .undefined
    var f: Float = 0
    var i: Int64 = 0
    var s = Data()
    var ints: [Int64] = []
    var floats: [Float] = []
    var strings: [Data] = []
    /// The attribute's other fields, nil when it has none.
    var rare: Onnx_AttributeProto?

    var refAttrName: String { rare?.refAttrName ?? "" }
    var hasT: Bool { rare?.hasT ?? false }
    var t: Onnx_TensorProto { rare?.t ?? Onnx_TensorProto() }
    var hasG: Bool { rare?.hasG ?? false }
    var g: Onnx_GraphProto { rare?.g ?? Onnx_GraphProto() }
    var graphs: [Onnx_GraphProto] { rare?.graphs ?? [] }
}
