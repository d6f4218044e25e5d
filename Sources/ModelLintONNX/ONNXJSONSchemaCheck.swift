/// Finds where an ONNX JSON model breaks the protobuf JSON mapping, so that a
/// type error gets a line and column. swift-protobuf rejects such a file but
/// does not say where; this walks the positioned tree against the part of the
/// ONNX schema that models use and reports the first value of the wrong kind.
enum ONNXJSONSchemaCheck {
    /// What a field holds in the protobuf JSON mapping.
    indirect enum Kind: Sendable {
        case string, bytes, int64, number, bool, enumeration
        case message(String)
        case repeated(Kind)

        var description: String {
            switch self {
            case .string: return "a string"
            case .bytes: return "a base64 string"
            case .int64: return "an integer (a number or a string of digits)"
            case .number: return "a number"
            case .bool: return "true or false"
            case .enumeration: return "an enum name or number"
            case .message(let name): return "an object (\(name))"
            case .repeated(let element): return "an array of \(element.description)"
            }
        }
    }

    /// Fields by message, under their lowerCamelCase JSON names; snake_case
    /// spellings are matched by converting them.
    static let schema: [String: [String: Kind]] = [
        "ModelProto": [
            "irVersion": .int64, "opsetImport": .repeated(.message("OperatorSetIdProto")), "producerName": .string,
            "producerVersion": .string, "domain": .string, "modelVersion": .int64, "docString": .string,
            "graph": .message("GraphProto"), "metadataProps": .repeated(.message("StringStringEntryProto")),
            "functions": .repeated(.message("FunctionProto")),
        ],
        "OperatorSetIdProto": ["domain": .string, "version": .int64],
        "StringStringEntryProto": ["key": .string, "value": .string],
        "GraphProto": [
            "node": .repeated(.message("NodeProto")), "name": .string, "initializer": .repeated(.message("TensorProto")),
            "docString": .string, "input": .repeated(.message("ValueInfoProto")),
            "output": .repeated(.message("ValueInfoProto")), "valueInfo": .repeated(.message("ValueInfoProto")),
        ],
        "FunctionProto": [
            "name": .string, "input": .repeated(.string), "output": .repeated(.string), "attribute": .repeated(.string),
            "node": .repeated(.message("NodeProto")), "domain": .string, "opsetImport": .repeated(.message("OperatorSetIdProto")),
        ],
        "NodeProto": [
            "input": .repeated(.string), "output": .repeated(.string), "name": .string, "opType": .string,
            "domain": .string, "attribute": .repeated(.message("AttributeProto")), "docString": .string,
        ],
        "AttributeProto": [
            "name": .string, "type": .enumeration, "f": .number, "i": .int64, "s": .bytes, "t": .message("TensorProto"),
            "g": .message("GraphProto"), "floats": .repeated(.number), "ints": .repeated(.int64),
            "strings": .repeated(.bytes), "tensors": .repeated(.message("TensorProto")),
            "graphs": .repeated(.message("GraphProto")), "docString": .string, "refAttrName": .string,
        ],
        "TensorProto": [
            "dims": .repeated(.int64), "dataType": .int64, "floatData": .repeated(.number),
            "int32Data": .repeated(.int64), "stringData": .repeated(.bytes), "int64Data": .repeated(.int64),
            "name": .string, "docString": .string, "rawData": .bytes,
            "externalData": .repeated(.message("StringStringEntryProto")), "dataLocation": .enumeration,
            "doubleData": .repeated(.number), "uint64Data": .repeated(.int64),
        ],
        "ValueInfoProto": ["name": .string, "type": .message("TypeProto"), "docString": .string],
        "TypeProto": ["tensorType": .message("TypeProto.Tensor"), "denotation": .string],
        "TypeProto.Tensor": ["elemType": .int64, "shape": .message("TensorShapeProto")],
        "TensorShapeProto": ["dim": .repeated(.message("TensorShapeProto.Dimension"))],
        "TensorShapeProto.Dimension": ["dimValue": .int64, "dimParam": .string, "denotation": .string],
    ]

    /// A message and a byte offset for swift-protobuf's `error` on this document.
    static func explain(_ error: Error, root: JSONNode, bytes: [UInt8]) -> (String, Int) {
        if let (message, offset) = firstMismatch(root, kind: .message("ModelProto"), field: "the model", bytes: bytes) {
            return (message, offset)
        }
        return ("not a valid ONNX model: \(error)", root.range.lowerBound)
    }

    private static func firstMismatch(_ node: JSONNode, kind: Kind, field: String, bytes: [UInt8]) -> (String, Int)? {
        if node.isNull { return nil }
        let wrong = ("'\(field)' must be \(kind.description)", node.range.lowerBound)
        switch kind {
        case .string, .enumeration:
            if case .string = node.value { return nil }
            if case .enumeration = kind, case .number = node.value { return nil }
            return wrong
        case .bytes:
            guard let text = node.string(in: bytes) else { return wrong }
            let base64 = text.utf8.allSatisfy { byte in
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2B || byte == 0x2F || byte == 0x3D || byte == 0x2D || byte == 0x5F
            }
            return base64 ? nil : ("'\(field)' must be base64, as protobuf JSON writes bytes", node.range.lowerBound)
        case .int64:
            if let literal = node.numberText(in: bytes) {
                guard let value = Double(literal), value == value.rounded() else {
                    return ("'\(field)' must be an integer, found \(literal)", node.range.lowerBound)
                }
                return nil
            }
            if let text = node.string(in: bytes) {
                let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
                return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? nil
                    : ("'\(field)' must be an integer, found \"\(text)\"", node.range.lowerBound)
            }
            return wrong
        case .number:
            if case .number = node.value { return nil }
            if let text = node.string(in: bytes), ["NaN", "Infinity", "-Infinity"].contains(text) || Double(text) != nil { return nil }
            return wrong
        case .bool:
            if case .bool = node.value { return nil }
            return wrong
        case .repeated(let element):
            guard let elements = node.elements else { return wrong }
            for (index, item) in elements.enumerated() {
                if let mismatch = firstMismatch(item, kind: element, field: "\(field)[\(index)]", bytes: bytes) {
                    return mismatch
                }
            }
            return nil
        case .message(let name):
            guard let members = node.members else { return wrong }
            let fields = schema[name] ?? [:]
            for member in members {
                guard let memberKind = fields[camelCase(member.key)] else { continue }
                if let mismatch = firstMismatch(member.value, kind: memberKind, field: member.key, bytes: bytes) {
                    return mismatch
                }
            }
            return nil
        }
    }

    /// `op_type` -> `opType`; JSON names are already camel case.
    static func camelCase(_ key: String) -> String {
        var result = ""
        var upper = false
        for character in key {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
