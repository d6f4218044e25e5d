import Foundation

/// What the graph reader reads of a node: its names, inputs, outputs and
/// attributes. Both the swift-protobuf message (`Onnx_NodeProto`, from
/// binary files, the JSON slow path, nested graphs and functions) and the
/// lighter record the JSON fast path builds for a main graph's nodes
/// (`ONNXNodeRecord`) have these fields under these names, so the reader is
/// generic over the two and neither is converted into the other.
protocol ONNXNodeFields {
    associatedtype Attribute: ONNXAttributeFields
    var input: [String] { get }
    var output: [String] { get }
    var name: String { get }
    var opType: String { get }
    var domain: String { get }
    var docString: String { get }
    /// Exporters' notes on the node (PyTorch's module path and stack trace).
    var metadataProps: [Onnx_StringStringEntryProto] { get }
    var attribute: [Attribute] { get }
}

/// What the graph reader reads of an attribute. Tensors and graphs stay
/// swift-protobuf messages in both forms: they are rare in attributes, and
/// a nested graph is read like any other graph.
protocol ONNXAttributeFields {
    var name: String { get }
    var type: Onnx_AttributeProto.AttributeType { get }
    /// Set in a function body for an attribute that takes the caller's value.
    var refAttrName: String { get }
    var f: Float { get }
    var i: Int64 { get }
    var s: Data { get }
    var ints: [Int64] { get }
    var floats: [Float] { get }
    var strings: [Data] { get }
    var hasT: Bool { get }
    var t: Onnx_TensorProto { get }
    var hasG: Bool { get }
    var g: Onnx_GraphProto { get }
    var graphs: [Onnx_GraphProto] { get }
}

extension Onnx_NodeProto: ONNXNodeFields {}
extension Onnx_AttributeProto: ONNXAttributeFields {}
