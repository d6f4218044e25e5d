import Foundation

/// One decoding function per ONNX message, following onnx.proto field by
/// field. Each message lists every field of its schema: the ones decoded
/// here, and as `.slowPath` the ones models rarely carry (training info,
/// sparse tensors, sharding, ...), which send the file to swift-protobuf
/// rather than be skipped as unknown. Member names not in the schema are
/// skipped, as swift-protobuf skips them with `ignoreUnknownFields`.
extension ONNXJSONFastDecoder {
    enum ModelField: Int {
        case irVersion, opsetImport, producerName, producerVersion, domain, modelVersion, docString, graph
        case metadataProps, functions, slowPath
    }

    static let modelFields = FieldNames<ModelField>([
        ("irVersion", "ir_version", .irVersion), ("opsetImport", "opset_import", .opsetImport),
        ("producerName", "producer_name", .producerName), ("producerVersion", "producer_version", .producerVersion),
        ("domain", "domain", .domain), ("modelVersion", "model_version", .modelVersion),
        ("docString", "doc_string", .docString), ("graph", "graph", .graph),
        ("metadataProps", "metadata_props", .metadataProps), ("functions", "functions", .functions),
        ("trainingInfo", "training_info", .slowPath), ("configuration", "configuration", .slowPath),
    ])

    /// The model, its main graph's nodes as records (`model.graph.node` is
    /// left empty), and the places of the main graph (nil when it has none).
    mutating func model() throws(JSONSyntaxError) -> (Onnx_ModelProto, [ONNXNodeRecord], ONNXGraphPlaces?) {
        var model = Onnx_ModelProto()
        var nodes: [ONNXNodeRecord] = []
        var places: ONNXGraphPlaces?
        var seen: UInt64 = 0
        guard try openObject() else { return (model, nodes, nil) }
        repeat {
            switch try field(of: Self.modelFields, seen: &seen) {
            case .irVersion: model.irVersion = try int64()
            case .opsetImport: model.opsetImport = try array { try $0.operatorSetID() }
            case .producerName: model.producerName = try string()
            case .producerVersion: model.producerVersion = try string()
            case .domain: model.domain = try string()
            case .modelVersion: model.modelVersion = try int64()
            case .docString: model.docString = try string()
            case .graph:
                let (graph, records, graphPlaces) = try graph(nodesAsRecords: true)
                model.graph = graph
                nodes = records
                places = graphPlaces
            case .metadataProps: model.metadataProps = try array { try $0.stringStringEntry() }
            case .functions: model.functions = try array { try $0.function() }
            case .slowPath: throw unsupported("a field left to swift-protobuf")
            case nil: try skipValue()
            }
        } while try nextMember()
        return (model, nodes, places)
    }

    enum OperatorSetIDField: Int { case domain, version }
    static let operatorSetIDFields = FieldNames<OperatorSetIDField>([
        ("domain", "domain", .domain), ("version", "version", .version),
    ])

    mutating func operatorSetID() throws(JSONSyntaxError) -> Onnx_OperatorSetIdProto {
        var entry = Onnx_OperatorSetIdProto()
        var seen: UInt64 = 0
        guard try openObject() else { return entry }
        repeat {
            switch try field(of: Self.operatorSetIDFields, seen: &seen) {
            case .domain: entry.domain = try string()
            case .version: entry.version = try int64()
            case nil: try skipValue()
            }
        } while try nextMember()
        return entry
    }

    enum StringStringEntryField: Int { case key, value }
    static let stringStringEntryFields = FieldNames<StringStringEntryField>([
        ("key", "key", .key), ("value", "value", .value),
    ])

    mutating func stringStringEntry() throws(JSONSyntaxError) -> Onnx_StringStringEntryProto {
        var entry = Onnx_StringStringEntryProto()
        var seen: UInt64 = 0
        guard try openObject() else { return entry }
        repeat {
            switch try field(of: Self.stringStringEntryFields, seen: &seen) {
            case .key: entry.key = try string()
            case .value: entry.value = try string()
            case nil: try skipValue()
            }
        } while try nextMember()
        return entry
    }

    enum GraphField: Int {
        case node, name, initializer, docString, input, output, valueInfo, metadataProps, slowPath
    }

    static let graphFields = FieldNames<GraphField>([
        ("node", "node", .node), ("name", "name", .name), ("initializer", "initializer", .initializer),
        ("docString", "doc_string", .docString), ("input", "input", .input), ("output", "output", .output),
        ("valueInfo", "value_info", .valueInfo), ("metadataProps", "metadata_props", .metadataProps),
        ("sparseInitializer", "sparse_initializer", .slowPath),
        ("quantizationAnnotation", "quantization_annotation", .slowPath),
    ])

    /// A graph, and where its nodes and the graphs inside them sit.
    mutating func graph() throws(JSONSyntaxError) -> (Onnx_GraphProto, ONNXGraphPlaces) {
        let (graph, _, places) = try graph(nodesAsRecords: false)
        return (graph, places)
    }

    /// A graph, its nodes as records when `nodesAsRecords` (and then not in
    /// the message), and where its nodes and the graphs inside them sit.
    mutating func graph(nodesAsRecords: Bool) throws(JSONSyntaxError) -> (Onnx_GraphProto, [ONNXNodeRecord], ONNXGraphPlaces) {
        var graph = Onnx_GraphProto()
        var records: [ONNXNodeRecord] = []
        var places = ONNXGraphPlaces()
        var seen: UInt64 = 0
        guard try openObject() else { return (graph, records, places) }
        repeat {
            switch try field(of: Self.graphFields, seen: &seen) {
            case .node:
                if nodesAsRecords {
                    records = try nodeRecords(places: &places)
                } else {
                    graph.node = try nodes(places: &places)
                }
            case .name: graph.name = try string()
            case .initializer: graph.initializer = try array { try $0.tensor() }
            case .docString: graph.docString = try string()
            case .input: graph.input = try array { try $0.valueInfo() }
            case .output: graph.output = try array { try $0.valueInfo() }
            case .valueInfo: graph.valueInfo = try array { try $0.valueInfo() }
            case .metadataProps: graph.metadataProps = try array { try $0.stringStringEntry() }
            case .slowPath: throw unsupported("a field left to swift-protobuf")
            case nil: try skipValue()
            }
        } while try nextMember()
        return (graph, records, places)
    }

    enum NodeField: Int {
        case input, output, name, opType, domain, overload, attribute, docString, metadataProps, slowPath
    }

    static let nodeFields = FieldNames<NodeField>([
        ("input", "input", .input), ("output", "output", .output), ("name", "name", .name),
        ("opType", "op_type", .opType), ("domain", "domain", .domain), ("overload", "overload", .overload),
        ("attribute", "attribute", .attribute), ("docString", "doc_string", .docString),
        ("metadataProps", "metadata_props", .metadataProps),
        ("deviceConfigurations", "device_configurations", .slowPath),
    ])

    /// The nodes of a graph or a function; their places go to `places`.
    mutating func nodes(places: inout ONNXGraphPlaces) throws(JSONSyntaxError) -> [Onnx_NodeProto] {
        var nodes: [Onnx_NodeProto] = []
        guard try openArray() else { return nodes }
        repeat {
            nodes.append(try node(index: nodes.count, graphPlaces: &places))
        } while try nextElement()
        return nodes
    }

    /// Node `index` of a graph; its place, and those of the graphs its
    /// attributes hold, are added to `graphPlaces`.
    mutating func node(index: Int, graphPlaces: inout ONNXGraphPlaces) throws(JSONSyntaxError) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        _ = try peek()
        var place = ONNXGraphPlaces.NodePlace(range: scanner.pos..<scanner.pos)
        let firstAttribute = graphPlaces.attributes.count
        var seen: UInt64 = 0
        if try openObject() {
            repeat {
                switch try field(of: Self.nodeFields, seen: &seen) {
                case .input: (node.input, place.inputs) = try strings(places: &graphPlaces)
                case .output: (node.output, place.outputs) = try strings(places: &graphPlaces)
                case .name: node.name = try string()
                case .opType: node.opType = try string()
                case .domain: node.domain = try string()
                case .overload: node.overload = try string()
                case .attribute:
                    // A loop rather than `array`: a closure capturing the
                    // places would check exclusive access at every use.
                    guard try openArray() else { break }
                    repeat {
                        let (attribute, range, bodies) = try attribute()
                        node.attribute.append(attribute)
                        // Like the layout pass: unnamed attributes have no place, a repeated name keeps its first.
                        if attribute.hasName {
                            graphPlaces.addAttribute(attribute.name, range, nodeAttributesFrom: firstAttribute)
                            for (key, body) in bodies {
                                graphPlaces.subgraphs[ONNXGraphPlaces.SubgraphKey(
                                    node: index, attribute: attribute.name, index: key)] = body
                            }
                        }
                    } while try nextElement()
                case .docString: node.docString = try string()
                case .metadataProps: node.metadataProps = try array { try $0.stringStringEntry() }
                case .slowPath: throw unsupported("a field left to swift-protobuf")
                case nil: try skipValue()
                }
            } while try nextMember()
        }
        place.range = place.range.lowerBound..<scanner.pos
        place.attributes = firstAttribute..<graphPlaces.attributes.count
        graphPlaces.nodes.append(place)
        return node
    }

    enum AttributeField: Int {
        case name, refAttrName, docString, type, f, i, s, t, g, tp, floats, ints, strings, tensors, graphs, typeProtos
        case slowPath
    }

    static let attributeFields = FieldNames<AttributeField>([
        ("name", "name", .name), ("refAttrName", "ref_attr_name", .refAttrName), ("docString", "doc_string", .docString),
        ("type", "type", .type), ("f", "f", .f), ("i", "i", .i), ("s", "s", .s), ("t", "t", .t), ("g", "g", .g),
        ("tp", "tp", .tp), ("floats", "floats", .floats), ("ints", "ints", .ints), ("strings", "strings", .strings),
        ("tensors", "tensors", .tensors), ("graphs", "graphs", .graphs), ("typeProtos", "type_protos", .typeProtos),
        ("sparseTensor", "sparse_tensor", .slowPath), ("sparseTensors", "sparse_tensors", .slowPath),
    ])

    /// Enum names are looked up as member names are, from the bytes.
    static let attributeTypeNames: FieldNames<Onnx_AttributeProto.AttributeType> = {
        FieldNames(ONNXAttributeKind.names.enumerated().map { ($1, $1, .init(rawValue: $0)!) })
    }()

    enum TensorField: Int {
        case dims, dataType, floatData, int32Data, stringData, int64Data, name, docString, rawData, externalData
        case dataLocation, doubleData, uint64Data, metadataProps, slowPath
    }

    static let tensorFields = FieldNames<TensorField>([
        ("dims", "dims", .dims), ("dataType", "data_type", .dataType), ("floatData", "float_data", .floatData),
        ("int32Data", "int32_data", .int32Data), ("stringData", "string_data", .stringData),
        ("int64Data", "int64_data", .int64Data), ("name", "name", .name), ("docString", "doc_string", .docString),
        ("rawData", "raw_data", .rawData), ("externalData", "external_data", .externalData),
        ("dataLocation", "data_location", .dataLocation), ("doubleData", "double_data", .doubleData),
        ("uint64Data", "uint64_data", .uint64Data), ("metadataProps", "metadata_props", .metadataProps),
        ("segment", "segment", .slowPath),
    ])

    static let dataLocations = FieldNames<Onnx_TensorProto.DataLocation>([
        ("DEFAULT", "DEFAULT", .default), ("EXTERNAL", "EXTERNAL", .external),
    ])

    mutating func tensor() throws(JSONSyntaxError) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        var seen: UInt64 = 0
        guard try openObject() else { return tensor }
        repeat {
            switch try field(of: Self.tensorFields, seen: &seen) {
            case .dims: tensor.dims = try array { try $0.int64() }
            case .dataType: tensor.dataType = try int32()
            case .floatData: tensor.floatData = try array { try $0.float() }
            case .int32Data: tensor.int32Data = try array { try $0.int32() }
            case .stringData: tensor.stringData = try array { try $0.bytes() }
            case .int64Data: tensor.int64Data = try array { try $0.int64() }
            case .name: tensor.name = try string()
            case .docString: tensor.docString = try string()
            case .rawData: tensor.rawData = try bytes()
            case .externalData: tensor.externalData = try array { try $0.stringStringEntry() }
            case .dataLocation: tensor.dataLocation = try enumValue(Self.dataLocations)
            case .doubleData: tensor.doubleData = try array { try $0.double() }
            case .uint64Data: tensor.uint64Data = try array { try $0.uint64() }
            case .metadataProps: tensor.metadataProps = try array { try $0.stringStringEntry() }
            case .slowPath: throw unsupported("a field left to swift-protobuf")
            case nil: try skipValue()
            }
        } while try nextMember()
        return tensor
    }

    enum ValueInfoField: Int { case name, type, docString, metadataProps }
    static let valueInfoFields = FieldNames<ValueInfoField>([
        ("name", "name", .name), ("type", "type", .type), ("docString", "doc_string", .docString),
        ("metadataProps", "metadata_props", .metadataProps),
    ])

    mutating func valueInfo() throws(JSONSyntaxError) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        var seen: UInt64 = 0
        guard try openObject() else { return info }
        repeat {
            switch try field(of: Self.valueInfoFields, seen: &seen) {
            case .name: info.name = try string()
            case .type: info.type = try type()
            case .docString: info.docString = try string()
            case .metadataProps: info.metadataProps = try array { try $0.stringStringEntry() }
            case nil: try skipValue()
            }
        } while try nextMember()
        return info
    }

    /// The members of `TypeProto` and of its kinds (which share `elemType`
    /// and `shape`); a kind is a oneof, so a second one goes to the slow path.
    enum TypeField: Int {
        case tensorType, sequenceType, mapType, optionalType, sparseTensorType, denotation
        case elemType, shape, keyType, valueType, slowPath
    }

    static let typeFields = FieldNames<TypeField>([
        ("tensorType", "tensor_type", .tensorType), ("sequenceType", "sequence_type", .sequenceType),
        ("mapType", "map_type", .mapType), ("optionalType", "optional_type", .optionalType),
        ("sparseTensorType", "sparse_tensor_type", .sparseTensorType), ("denotation", "denotation", .denotation),
        ("opaqueType", "opaque_type", .slowPath),
    ])

    mutating func type() throws(JSONSyntaxError) -> Onnx_TypeProto {
        var type = Onnx_TypeProto()
        var seen: UInt64 = 0
        guard try openObject() else { return type }
        repeat {
            let field = try field(of: Self.typeFields, seen: &seen)
            if field != nil, field != .denotation, type.value != nil { throw unsupported("two kinds of one type") }
            switch field {
            case .tensorType:
                var tensor = Onnx_TypeProto.Tensor()
                let (elemType, shape) = try elementAndShape()
                if let elemType { tensor.elemType = elemType }
                if let shape { tensor.shape = shape }
                type.tensorType = tensor
            case .sparseTensorType:
                var tensor = Onnx_TypeProto.SparseTensor()
                let (elemType, shape) = try elementAndShape()
                if let elemType { tensor.elemType = elemType }
                if let shape { tensor.shape = shape }
                type.sparseTensorType = tensor
            case .sequenceType:
                var sequence = Onnx_TypeProto.Sequence()
                if let element = try elementType() { sequence.elemType = element }
                type.sequenceType = sequence
            case .optionalType:
                var optional = Onnx_TypeProto.Optional()
                if let element = try elementType() { optional.elemType = element }
                type.optionalType = optional
            case .mapType: type.mapType = try mapType()
            case .denotation: type.denotation = try string()
            case .slowPath, .elemType, .shape, .keyType, .valueType: throw unsupported("a field left to swift-protobuf")
            case nil: try skipValue()
            }
        } while try nextMember()
        return type
    }

    static let tensorTypeFields = FieldNames<TypeField>([
        ("elemType", "elem_type", .elemType), ("shape", "shape", .shape),
    ])

    /// The members of `TypeProto.Tensor` and `TypeProto.SparseTensor`, nil
    /// when absent: proto2 fields keep presence, so only those written are set.
    mutating func elementAndShape() throws(JSONSyntaxError) -> (Int32?, Onnx_TensorShapeProto?) {
        var elemType: Int32?
        var shape: Onnx_TensorShapeProto?
        var seen: UInt64 = 0
        guard try openObject() else { return (nil, nil) }
        repeat {
            switch try field(of: Self.tensorTypeFields, seen: &seen) {
            case .elemType: elemType = try int32()
            case .shape: shape = try tensorShape()
            case nil: try skipValue()
            default: throw unsupported("a field left to swift-protobuf")
            }
        } while try nextMember()
        return (elemType, shape)
    }

    static let elementTypeFields = FieldNames<TypeField>([("elemType", "elem_type", .elemType)])

    /// The element type of `TypeProto.Sequence` and `TypeProto.Optional`.
    mutating func elementType() throws(JSONSyntaxError) -> Onnx_TypeProto? {
        var element: Onnx_TypeProto?
        var seen: UInt64 = 0
        guard try openObject() else { return nil }
        repeat {
            switch try field(of: Self.elementTypeFields, seen: &seen) {
            case .elemType: element = try type()
            case nil: try skipValue()
            default: throw unsupported("a field left to swift-protobuf")
            }
        } while try nextMember()
        return element
    }

    static let mapTypeFields = FieldNames<TypeField>([
        ("keyType", "key_type", .keyType), ("valueType", "value_type", .valueType),
    ])

    mutating func mapType() throws(JSONSyntaxError) -> Onnx_TypeProto.Map {
        var map = Onnx_TypeProto.Map()
        var seen: UInt64 = 0
        guard try openObject() else { return map }
        repeat {
            switch try field(of: Self.mapTypeFields, seen: &seen) {
            case .keyType: map.keyType = try int32()
            case .valueType: map.valueType = try type()
            case nil: try skipValue()
            default: throw unsupported("a field left to swift-protobuf")
            }
        } while try nextMember()
        return map
    }

    enum ShapeField: Int { case dim, dimValue, dimParam, denotation }
    static let shapeFields = FieldNames<ShapeField>([("dim", "dim", .dim)])
    static let dimensionFields = FieldNames<ShapeField>([
        ("dimValue", "dim_value", .dimValue), ("dimParam", "dim_param", .dimParam), ("denotation", "denotation", .denotation),
    ])

    mutating func tensorShape() throws(JSONSyntaxError) -> Onnx_TensorShapeProto {
        var shape = Onnx_TensorShapeProto()
        var seen: UInt64 = 0
        guard try openObject() else { return shape }
        repeat {
            switch try field(of: Self.shapeFields, seen: &seen) {
            case .dim: shape.dim = try array { try $0.dimension() }
            case nil: try skipValue()
            default: throw unsupported("a field left to swift-protobuf")
            }
        } while try nextMember()
        return shape
    }

    mutating func dimension() throws(JSONSyntaxError) -> Onnx_TensorShapeProto.Dimension {
        var dimension = Onnx_TensorShapeProto.Dimension()
        var seen: UInt64 = 0
        guard try openObject() else { return dimension }
        repeat {
            let field = try field(of: Self.dimensionFields, seen: &seen)
            if field == .dimValue || field == .dimParam, dimension.value != nil { throw unsupported("two values of one dimension") }
            switch field {
            case .dimValue: dimension.dimValue = try int64()
            case .dimParam: dimension.dimParam = try string()
            case .denotation: dimension.denotation = try string()
            case nil: try skipValue()
            default: throw unsupported("a field left to swift-protobuf")
            }
        } while try nextMember()
        return dimension
    }

    enum FunctionField: Int {
        case name, input, output, attribute, attributeProto, node, docString, opsetImport, domain, overload
        case valueInfo, metadataProps
    }

    static let functionFields = FieldNames<FunctionField>([
        ("name", "name", .name), ("input", "input", .input), ("output", "output", .output),
        ("attribute", "attribute", .attribute), ("attributeProto", "attribute_proto", .attributeProto),
        ("node", "node", .node), ("docString", "doc_string", .docString), ("opsetImport", "opset_import", .opsetImport),
        ("domain", "domain", .domain), ("overload", "overload", .overload), ("valueInfo", "value_info", .valueInfo),
        ("metadataProps", "metadata_props", .metadataProps),
    ])

    /// A model-local function. Its nodes get no places: JSON functions are
    /// read without positions, as on the slow path.
    mutating func function() throws(JSONSyntaxError) -> Onnx_FunctionProto {
        var function = Onnx_FunctionProto()
        var seen: UInt64 = 0
        guard try openObject() else { return function }
        repeat {
            switch try field(of: Self.functionFields, seen: &seen) {
            case .name: function.name = try string()
            case .input: function.input = try array { try $0.string() }
            case .output: function.output = try array { try $0.string() }
            case .attribute: function.attribute = try array { try $0.string() }
            case .attributeProto: function.attributeProto = try array { try $0.attribute().0 }
            case .node:
                var places = ONNXGraphPlaces()
                function.node = try nodes(places: &places)
            case .docString: function.docString = try string()
            case .opsetImport: function.opsetImport = try array { try $0.operatorSetID() }
            case .domain: function.domain = try string()
            case .overload: function.overload = try string()
            case .valueInfo: function.valueInfo = try array { try $0.valueInfo() }
            case .metadataProps: function.metadataProps = try array { try $0.stringStringEntry() }
            case nil: try skipValue()
            }
        } while try nextMember()
        return function
    }
}
