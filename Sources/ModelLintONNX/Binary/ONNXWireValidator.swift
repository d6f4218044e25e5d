/// Checks an ONNX message's bytes the way swift-protobuf decodes them, but
/// without building anything: the wire structure of every message reached
/// through the schema, the UTF-8 of every string field, the length of every
/// packed array. Byte and weight payloads are skipped by their length, so the
/// cost is proportional to the number of fields, not to the size of the file.
///
/// A field whose wire type does not match the schema is not an error: protobuf
/// parsers (swift-protobuf and C++ alike) keep it as an unknown field, so the
/// validator, like them, checks only that it is well formed.
struct ONNXWireValidator {
    let bytes: UnsafeRawBufferPointer

    /// Messages inside messages. The frontend decodes with swift-protobuf's
    /// `messageDepthLimit` at 200; the walk is recursive, so it needs a bound
    /// of its own whatever the decoder does.
    static let maxMessageDepth = 200

    /// Checks every field of the message `message` whose fields are `payload`;
    /// `depth` is that message's nesting, the model being 1.
    func check(_ message: ONNXWireSchema.Message, payload: Range<Int>, depth: Int) throws {
        var reader = try WireReader(bytes, range: payload)
        while let field = try reader.next() {
            try check(field, of: message, depth: depth)
        }
    }

    /// Checks one field of a message at nesting `depth`, descending into it
    /// when the schema says it holds a message.
    func check(_ field: WireField, of message: ONNXWireSchema.Message, depth: Int) throws {
        guard field.wireType == .lengthDelimited, let (name, kind) = ONNXWireSchema.field(field.number, of: message) else {
            // Numbers and unknown fields: the wire scan has checked all there is.
            return
        }
        switch kind {
        case .scalar, .bytes:
            return
        case .string:
            try checkUTF8(field, named: name, of: message)
        case .message(let inner):
            guard depth < Self.maxMessageDepth else {
                throw WireFormatError(
                    message: "messages nested more than \(Self.maxMessageDepth) deep: \(message.name).\(name) (field \(field.number)) at byte \(field.range.lowerBound)",
                    offset: field.range.lowerBound)
            }
            try check(inner, payload: field.payload, depth: depth + 1)
        case .varints:
            try checkPackedVarints(field, named: name, of: message)
        case .fixed32s, .fixed64s:
            let size = kind == .fixed32s ? 4 : 8
            guard field.payload.count % size == 0 else {
                throw WireFormatError(
                    message: "truncated: \(message.name).\(name) (field \(field.number)) at byte \(field.range.lowerBound) packs \(field.payload.count) bytes, not a multiple of \(size)",
                    offset: field.range.lowerBound)
            }
        }
    }

    /// The string in a field, once its UTF-8 is checked. Used by the layout
    /// for the names it records.
    func string(_ field: WireField, named name: String, of message: ONNXWireSchema.Message) throws -> String {
        try checkUTF8(field, named: name, of: message)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.payload]), as: UTF8.self)
    }

    /// swift-protobuf refuses a string field that is not valid UTF-8; the
    /// offset here is the first byte that is not.
    func checkUTF8(_ field: WireField, named name: String, of message: ONNXWireSchema.Message) throws {
        let payload = field.payload
        var index = payload.lowerBound
        // Names are ASCII nearly always: skip the scalar parser for them.
        while index < payload.upperBound, bytes[index] < 0x80 {
            index += 1
        }
        guard index < payload.upperBound else { return }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = UnsafeRawBufferPointer(rebasing: bytes[index..<payload.upperBound]).makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                index += encoded.count
            case .emptyInput:
                return
            case .error:
                throw WireFormatError(
                    message: "invalid UTF-8 at byte \(index) in \(message.name).\(name) (field \(field.number) at byte \(field.range.lowerBound))",
                    offset: index)
            }
        }
    }

    /// Each varint of a packed array must end inside the field.
    private func checkPackedVarints(_ field: WireField, named name: String, of message: ONNXWireSchema.Message) throws {
        var index = field.payload.lowerBound
        while index < field.payload.upperBound {
            switch ProtobufWire.decodeVarint(bytes, from: index, to: field.payload.upperBound) {
            case .value(_, let after):
                index = after
            case .truncated:
                throw WireFormatError(
                    message: "truncated: the last varint of \(message.name).\(name) (field \(field.number) at byte \(field.range.lowerBound)) runs past the end of the field at byte \(field.payload.upperBound)",
                    offset: index)
            case .overlong:
                throw WireFormatError(
                    message: "malformed varint at byte \(index): more than \(ProtobufWire.maxVarintBytes) bytes in \(message.name).\(name) (field \(field.number) at byte \(field.range.lowerBound))",
                    offset: index)
            }
        }
    }
}
