import Foundation

/// The nodes of a model's main graph, decoded into `ONNXNodeRecord`s rather
/// than swift-protobuf messages: the same members, checked the same way, as
/// `node` in ONNXJSONFastDecoder+Messages.swift, which still decodes the
/// nodes of nested graphs and functions (rare, and read through
/// `Onnx_GraphProto`). Attributes are decoded here for both: `attribute`
/// turns a record into the message. A test checks that the records and the
/// messages are those swift-protobuf decodes.
extension ONNXJSONFastDecoder {
    /// The main graph's nodes; their places go to `places`.
    mutating func nodeRecords(places: inout ONNXGraphPlaces) throws(JSONSyntaxError) -> [ONNXNodeRecord] {
        var nodes: [ONNXNodeRecord] = []
        guard try openArray() else { return nodes }
        repeat {
            nodes.append(try nodeRecord(index: nodes.count, graphPlaces: &places))
        } while try nextElement()
        return nodes
    }

    /// Node `index` of the main graph; its place, and those of the graphs
    /// its attributes hold, are added to `graphPlaces`.
    mutating func nodeRecord(index: Int, graphPlaces: inout ONNXGraphPlaces) throws(JSONSyntaxError) -> ONNXNodeRecord {
        // The fields are gathered in locals and the record made once at the
        // end: filling a record variable made the optimizer copy it.
        var input: [String] = [], output: [String] = [], attributes: [ONNXAttributeRecord] = []
        var name = "", opType = "", domain = "", docString = ""
        var metadataProps: [Onnx_StringStringEntryProto] = []
        _ = try peek()
        var place = ONNXGraphPlaces.NodePlace(range: scanner.pos..<scanner.pos)
        let firstAttribute = graphPlaces.attributes.count
        var seen: UInt64 = 0
        if try openObject() {
            repeat {
                switch try field(of: Self.nodeFields, seen: &seen) {
                case .input: (input, place.inputs) = try strings(places: &graphPlaces)
                case .output: (output, place.outputs) = try strings(places: &graphPlaces)
                case .name: name = try string()
                case .opType: opType = try sharedString()
                case .domain: domain = try sharedString()
                case .overload: _ = try string()
                case .attribute:
                    guard try openArray() else { break }
                    repeat {
                        let (attribute, written, range, bodies) = try attributeRecord()
                        // As in `node`: unnamed attributes have no place, a repeated name keeps its first.
                        if written & Self.bit(.name) != 0 {
                            graphPlaces.addAttribute(attribute.name, range, nodeAttributesFrom: firstAttribute)
                            for (key, body) in bodies {
                                graphPlaces.subgraphs[ONNXGraphPlaces.SubgraphKey(
                                    node: index, attribute: attribute.name, index: key)] = body
                            }
                        }
                        attributes.append(attribute)
                    } while try nextElement()
                case .docString: docString = try string()
                case .metadataProps: metadataProps = try array { try $0.stringStringEntry() }
                case .slowPath: throw unsupported("a field left to swift-protobuf")
                case nil: try skipValue()
                }
            } while try nextMember()
        }
        place.range = place.range.lowerBound..<scanner.pos
        place.attributes = firstAttribute..<graphPlaces.attributes.count
        graphPlaces.nodes.append(place)
        return ONNXNodeRecord(input: input, output: output, name: name, opType: opType, domain: domain,
                              docString: docString, metadataProps: metadataProps, attribute: attributes)
    }

    /// The attribute fields an `ONNXAttributeRecord` keeps in its `rare` message, as bits of `seen`.
    static let rareAttributeFields: UInt64 = [AttributeField.refAttrName, .docString, .t, .g, .tp, .tensors, .graphs, .typeProtos]
        .reduce(0) { $0 | bit($1) }

    /// The bit of `field` in the `seen` and `written` masks.
    static func bit(_ field: AttributeField) -> UInt64 { 1 << UInt64(field.rawValue) }

    /// An attribute, which of its fields the text writes (bits of
    /// `AttributeField`), the bytes it spans, and the places of the graphs it
    /// holds: `g` under index 0 and `graphs` by position, as
    /// `ONNXGraphPlaces` numbers them.
    mutating func attributeRecord() throws(JSONSyntaxError)
        -> (ONNXAttributeRecord, written: UInt64, Range<Int>, [(Int, ONNXGraphPlaces)]) {
        var attribute = ONNXAttributeRecord()
        var rare = Onnx_AttributeProto()
        var bodies: [(Int, ONNXGraphPlaces)] = []
        _ = try peek()
        let start = scanner.pos
        var seen: UInt64 = 0
        if try openObject() {
            repeat {
                switch try field(of: Self.attributeFields, seen: &seen) {
                case .name: attribute.name = try string()
                case .type: attribute.type = try enumValue(Self.attributeTypeNames)
                case .f: attribute.f = try float()
                case .i: attribute.i = try int64()
                case .s: attribute.s = try bytes()
                case .floats: attribute.floats = try array { try $0.float() }
                case .ints: attribute.ints = try int64s()
                case .strings: attribute.strings = try array { try $0.bytes() }
                case .refAttrName: rare.refAttrName = try string()
                case .docString: rare.docString = try string()
                case .t: rare.t = try tensor()
                case .g:
                    let (graph, places) = try graph()
                    rare.g = graph
                    bodies.append((0, places))
                case .tp: rare.tp = try type()
                case .tensors: rare.tensors = try array { try $0.tensor() }
                case .graphs:
                    var position = 0
                    rare.graphs = try array { decoder in
                        let (graph, places) = try decoder.graph()
                        bodies.append((position, places))
                        position += 1
                        return graph
                    }
                case .typeProtos: rare.typeProtos = try array { try $0.type() }
                case .slowPath: throw unsupported("a field left to swift-protobuf")
                case nil: try skipValue()
                }
            } while try nextMember()
        }
        // Most attributes have none of the rare fields: no message is kept for them.
        if seen & Self.rareAttributeFields != 0, rare != Onnx_AttributeProto() { attribute.rare = rare }
        return (attribute, seen, start..<scanner.pos, bodies)
    }

    /// An attribute as a swift-protobuf message, for the nodes of nested
    /// graphs and functions: its record, with the fields the text writes set
    /// and no other, so the message has the presence swift-protobuf's own
    /// decoder gives it.
    mutating func attribute() throws(JSONSyntaxError) -> (Onnx_AttributeProto, Range<Int>, [(Int, ONNXGraphPlaces)]) {
        let (record, written, range, bodies) = try attributeRecord()
        var message = record.rare ?? Onnx_AttributeProto()
        if written & Self.bit(.name) != 0 { message.name = record.name }
        if written & Self.bit(.type) != 0 { message.type = record.type }
        if written & Self.bit(.f) != 0 { message.f = record.f }
        if written & Self.bit(.i) != 0 { message.i = record.i }
        if written & Self.bit(.s) != 0 { message.s = record.s }
        message.floats = record.floats
        message.ints = record.ints
        message.strings = record.strings
        return (message, range, bodies)
    }
}
