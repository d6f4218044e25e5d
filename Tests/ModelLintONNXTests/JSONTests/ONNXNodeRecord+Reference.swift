import Foundation
@testable import ModelLintONNX

// The records the fast path must build for the messages swift-protobuf
// decodes from the same text: the reference `ONNXJSONFastDecoderTests`
// compares the fast path's records with.
extension ONNXNodeRecord {
    init(_ node: Onnx_NodeProto) {
        self.init(input: node.input, output: node.output, name: node.name, opType: node.opType,
                  domain: node.domain, docString: node.docString, metadataProps: node.metadataProps,
                  attribute: node.attribute.map(ONNXAttributeRecord.init))
    }
}

extension ONNXAttributeRecord {
    init(_ attribute: Onnx_AttributeProto) {
        self.init(name: attribute.name, type: attribute.type, f: attribute.f, i: attribute.i, s: attribute.s,
                  ints: attribute.ints, floats: attribute.floats, strings: attribute.strings)
        var rare = Onnx_AttributeProto()
        if attribute.hasRefAttrName { rare.refAttrName = attribute.refAttrName }
        if attribute.hasDocString { rare.docString = attribute.docString }
        if attribute.hasT { rare.t = attribute.t }
        if attribute.hasG { rare.g = attribute.g }
        if attribute.hasTp { rare.tp = attribute.tp }
        rare.tensors = attribute.tensors
        rare.graphs = attribute.graphs
        rare.typeProtos = attribute.typeProtos
        if rare != Onnx_AttributeProto() { self.rare = rare }
    }
}
