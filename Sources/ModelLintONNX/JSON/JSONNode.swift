/// A JSON value with the byte range it occupies in the file.
///
/// The tree exists to answer "where is it?", not "what is it?": on the slow
/// path of `ONNXFrontend` (files `ONNXJSONFastDecoder` leaves alone)
/// swift-protobuf does the real decoding, and this tree lets the frontend
/// point at the line and column of a node, an attribute or an error. So
/// strings stay undecoded references into the file (a `rawData` string can be
/// megabytes of base64) and numbers stay as their literal's bytes.
struct JSONNode: Sendable {
    enum Value: Sendable {
        /// Members in file order; duplicate keys are kept, as written.
        case object([JSONMember])
        case array([JSONNode])
        /// Decoded only on request, with `JSONStringRef.decode(from:)`.
        case string(JSONStringRef)
        /// The bytes of the number literal, already checked against the JSON grammar.
        case number(Range<Int>)
        case bool(Bool)
        case null
    }

    var value: Value
    /// From the first byte of the value (a quote, a bracket, a digit...) to one
    /// past its last byte.
    var range: Range<Int>

    /// The value of the last member named `key`, which is the one that
    /// protobuf's JSON parser and most JSON readers honor; nil for non-objects.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The first of several spellings of a key that is present, e.g.
    /// `["opType", "op_type"]`: protobuf JSON accepts a field under its
    /// lowerCamelCase JSON name and under its original proto name.
    subscript(anyOf keys: [String]) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.last(where: { keys.contains($0.key) })?.value
    }

    /// The members of an object, or nil for anything else.
    var members: [JSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// The elements of an array, or nil for anything else.
    var elements: [JSONNode]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    /// The decoded text of a string value, or nil for anything else.
    /// `bytes` must be the buffer the tree was parsed from.
    func string(in bytes: [UInt8]) -> String? {
        if case .string(let ref) = value { return ref.decode(from: bytes) }
        return nil
    }

    /// The number literal exactly as written (`"1e-5"`), or nil for non-numbers.
    func numberText(in bytes: [UInt8]) -> String? {
        guard case .number(let literal) = value else { return nil }
        return String(decoding: bytes[literal], as: UTF8.self)
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

/// One `"key": value` pair of an object, with where its key is written so a
/// diagnostic about a member can underline the key rather than the value.
struct JSONMember: Sendable {
    var key: String
    /// The key's bytes including its quotes.
    var keyRange: Range<Int>
    var value: JSONNode
}
