/// What the wire scanner needs to know of `onnx.proto` (1.23, proto2): for
/// each message, which field numbers hold sub-messages (to descend into),
/// strings (which swift-protobuf refuses unless valid UTF-8), and packed
/// numbers (whose length must be a whole number of elements). Nothing else:
/// values are not decoded here, and fields absent from the table are unknown
/// fields, which parsers skip.
///
/// Checking exactly what swift-protobuf checks means the scanner refuses a
/// file where the decoder would, and can say where.
enum ONNXWireSchema {
    enum Message: Sendable {
        case model, graph, node, attribute, valueInfo, tensor, tensorSegment, sparseTensor
        case type, typeTensor, typeSequence, typeMap, typeOptional, typeSparseTensor, typeOpaque
        case tensorShape, dimension, operatorSetID, stringStringEntry, tensorAnnotation, trainingInfo, function
        case deviceConfiguration, nodeDeviceConfiguration, shardingSpec, intIntListEntry, shardedDim, simpleShardedDim

        var name: String {
            switch self {
            case .model: "ModelProto"
            case .graph: "GraphProto"
            case .node: "NodeProto"
            case .attribute: "AttributeProto"
            case .valueInfo: "ValueInfoProto"
            case .tensor: "TensorProto"
            case .tensorSegment: "TensorProto.Segment"
            case .sparseTensor: "SparseTensorProto"
            case .type: "TypeProto"
            case .typeTensor: "TypeProto.Tensor"
            case .typeSequence: "TypeProto.Sequence"
            case .typeMap: "TypeProto.Map"
            case .typeOptional: "TypeProto.Optional"
            case .typeSparseTensor: "TypeProto.SparseTensor"
            case .typeOpaque: "TypeProto.Opaque"
            case .tensorShape: "TensorShapeProto"
            case .dimension: "TensorShapeProto.Dimension"
            case .operatorSetID: "OperatorSetIdProto"
            case .stringStringEntry: "StringStringEntryProto"
            case .tensorAnnotation: "TensorAnnotation"
            case .trainingInfo: "TrainingInfoProto"
            case .function: "FunctionProto"
            case .deviceConfiguration: "DeviceConfigurationProto"
            case .nodeDeviceConfiguration: "NodeDeviceConfigurationProto"
            case .shardingSpec: "ShardingSpecProto"
            case .intIntListEntry: "IntIntListEntryProto"
            case .shardedDim: "ShardedDimProto"
            case .simpleShardedDim: "SimpleShardedDimProto"
            }
        }
    }

    /// How a field is encoded, as far as checking it goes.
    enum Kind: Equatable, Sendable {
        /// A number or enum, singular or repeated but not packed: the wire
        /// scan has already checked all there is.
        case scalar
        case string
        /// Bytes, including weights (`raw_data`): skipped by length, never read.
        case bytes
        case message(Message)
        /// Repeated varint numbers: one varint each, or packed in one field.
        case varints
        /// Repeated float / double: 4 or 8 bytes each, or packed.
        case fixed32s, fixed64s
    }

    /// The field's name and kind, or nil for a field number the schema lacks.
    static func field(_ number: Int, of message: Message) -> (name: String, kind: Kind)? {
        switch message {
        case .model:
            switch number {
            case 1: ("ir_version", .scalar)
            case 2: ("producer_name", .string)
            case 3: ("producer_version", .string)
            case 4: ("domain", .string)
            case 5: ("model_version", .scalar)
            case 6: ("doc_string", .string)
            case 7: ("graph", .message(.graph))
            case 8: ("opset_import", .message(.operatorSetID))
            case 14: ("metadata_props", .message(.stringStringEntry))
            case 20: ("training_info", .message(.trainingInfo))
            case 25: ("functions", .message(.function))
            case 26: ("configuration", .message(.deviceConfiguration))
            default: nil
            }
        case .graph:
            switch number {
            case 1: ("node", .message(.node))
            case 2: ("name", .string)
            case 5: ("initializer", .message(.tensor))
            case 10: ("doc_string", .string)
            case 11: ("input", .message(.valueInfo))
            case 12: ("output", .message(.valueInfo))
            case 13: ("value_info", .message(.valueInfo))
            case 14: ("quantization_annotation", .message(.tensorAnnotation))
            case 15: ("sparse_initializer", .message(.sparseTensor))
            case 16: ("metadata_props", .message(.stringStringEntry))
            default: nil
            }
        case .node:
            switch number {
            case 1: ("input", .string)
            case 2: ("output", .string)
            case 3: ("name", .string)
            case 4: ("op_type", .string)
            case 5: ("attribute", .message(.attribute))
            case 6: ("doc_string", .string)
            case 7: ("domain", .string)
            case 8: ("overload", .string)
            case 9: ("metadata_props", .message(.stringStringEntry))
            case 10: ("device_configurations", .message(.nodeDeviceConfiguration))
            default: nil
            }
        case .attribute:
            switch number {
            case 1: ("name", .string)
            case 2: ("f", .scalar)
            case 3: ("i", .scalar)
            case 4: ("s", .bytes)
            case 5: ("t", .message(.tensor))
            case 6: ("g", .message(.graph))
            case 7: ("floats", .fixed32s)
            case 8: ("ints", .varints)
            case 9: ("strings", .bytes)
            case 10: ("tensors", .message(.tensor))
            case 11: ("graphs", .message(.graph))
            case 13: ("doc_string", .string)
            case 14: ("tp", .message(.type))
            case 15: ("type_protos", .message(.type))
            case 20: ("type", .scalar)
            case 21: ("ref_attr_name", .string)
            case 22: ("sparse_tensor", .message(.sparseTensor))
            case 23: ("sparse_tensors", .message(.sparseTensor))
            default: nil
            }
        case .valueInfo:
            switch number {
            case 1: ("name", .string)
            case 2: ("type", .message(.type))
            case 3: ("doc_string", .string)
            case 4: ("metadata_props", .message(.stringStringEntry))
            default: nil
            }
        case .tensor:
            switch number {
            case 1: ("dims", .varints)
            case 2: ("data_type", .scalar)
            case 3: ("segment", .message(.tensorSegment))
            case 4: ("float_data", .fixed32s)
            case 5: ("int32_data", .varints)
            case 6: ("string_data", .bytes)
            case 7: ("int64_data", .varints)
            case 8: ("name", .string)
            case 9: ("raw_data", .bytes)
            case 10: ("double_data", .fixed64s)
            case 11: ("uint64_data", .varints)
            case 12: ("doc_string", .string)
            case 13: ("external_data", .message(.stringStringEntry))
            case 14: ("data_location", .scalar)
            case 16: ("metadata_props", .message(.stringStringEntry))
            default: nil
            }
        case .tensorSegment:
            switch number {
            case 1: ("begin", .scalar)
            case 2: ("end", .scalar)
            default: nil
            }
        case .sparseTensor:
            switch number {
            case 1: ("values", .message(.tensor))
            case 2: ("indices", .message(.tensor))
            case 3: ("dims", .varints)
            default: nil
            }
        case .type:
            switch number {
            case 1: ("tensor_type", .message(.typeTensor))
            case 4: ("sequence_type", .message(.typeSequence))
            case 5: ("map_type", .message(.typeMap))
            case 6: ("denotation", .string)
            case 7: ("opaque_type", .message(.typeOpaque))
            case 8: ("sparse_tensor_type", .message(.typeSparseTensor))
            case 9: ("optional_type", .message(.typeOptional))
            default: nil
            }
        case .typeTensor, .typeSparseTensor:
            switch number {
            case 1: ("elem_type", .scalar)
            case 2: ("shape", .message(.tensorShape))
            default: nil
            }
        case .typeSequence, .typeOptional:
            number == 1 ? ("elem_type", .message(.type)) : nil
        case .typeMap:
            switch number {
            case 1: ("key_type", .scalar)
            case 2: ("value_type", .message(.type))
            default: nil
            }
        case .typeOpaque:
            switch number {
            case 1: ("domain", .string)
            case 2: ("name", .string)
            default: nil
            }
        case .tensorShape:
            number == 1 ? ("dim", .message(.dimension)) : nil
        case .dimension:
            switch number {
            case 1: ("dim_value", .scalar)
            case 2: ("dim_param", .string)
            case 3: ("denotation", .string)
            default: nil
            }
        case .operatorSetID:
            switch number {
            case 1: ("domain", .string)
            case 2: ("version", .scalar)
            default: nil
            }
        case .stringStringEntry:
            switch number {
            case 1: ("key", .string)
            case 2: ("value", .string)
            default: nil
            }
        case .tensorAnnotation:
            switch number {
            case 1: ("tensor_name", .string)
            case 2: ("quant_parameter_tensor_names", .message(.stringStringEntry))
            default: nil
            }
        case .trainingInfo:
            switch number {
            case 1: ("initialization", .message(.graph))
            case 2: ("algorithm", .message(.graph))
            case 3: ("initialization_binding", .message(.stringStringEntry))
            case 4: ("update_binding", .message(.stringStringEntry))
            default: nil
            }
        case .function:
            switch number {
            case 1: ("name", .string)
            case 4: ("input", .string)
            case 5: ("output", .string)
            case 6: ("attribute", .string)
            case 7: ("node", .message(.node))
            case 8: ("doc_string", .string)
            case 9: ("opset_import", .message(.operatorSetID))
            case 10: ("domain", .string)
            case 11: ("attribute_proto", .message(.attribute))
            case 12: ("value_info", .message(.valueInfo))
            case 13: ("overload", .string)
            case 14: ("metadata_props", .message(.stringStringEntry))
            default: nil
            }
        case .deviceConfiguration:
            switch number {
            case 1: ("name", .string)
            case 2: ("num_devices", .scalar)
            case 3: ("device", .string)
            default: nil
            }
        case .nodeDeviceConfiguration:
            switch number {
            case 1: ("configuration_id", .string)
            case 2: ("sharding_spec", .message(.shardingSpec))
            case 3: ("pipeline_stage", .scalar)
            default: nil
            }
        case .shardingSpec:
            switch number {
            case 1: ("tensor_name", .string)
            case 2: ("device", .varints)
            case 3: ("index_to_device_group_map", .message(.intIntListEntry))
            case 4: ("sharded_dim", .message(.shardedDim))
            default: nil
            }
        case .intIntListEntry:
            switch number {
            case 1: ("key", .scalar)
            case 2: ("value", .varints)
            default: nil
            }
        case .shardedDim:
            switch number {
            case 1: ("axis", .scalar)
            case 2: ("simple_sharding", .message(.simpleShardedDim))
            default: nil
            }
        case .simpleShardedDim:
            switch number {
            case 1: ("dim_value", .scalar)
            case 2: ("dim_param", .string)
            case 3: ("num_shards", .scalar)
            default: nil
            }
        }
    }
}
