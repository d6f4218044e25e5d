/// The protobuf binary wire format, read without a schema: a message is a
/// sequence of fields, each a tag (field number and wire type, as a varint)
/// followed by a value whose size the wire type alone determines. That is
/// enough to find every field's bytes and to skip any value, however large,
/// without reading it, which is what lets the ONNX layout step over hundreds
/// of megabytes of weights in microseconds.
///
/// The reader checks every length and offset against the end of the enclosing
/// message and throws `WireFormatError` rather than reading past it, so no
/// input, however damaged, can crash it.
enum ProtobufWire {
    /// The fields of the message occupying `range` of `bytes`, in order.
    /// Throws with the offset of the first malformed element: a tag of more
    /// than 5 bytes or with field number 0, wire type 6 or 7, a varint of more
    /// than 10 bytes, a value running past `range`, unbalanced groups.
    static func fields(_ bytes: [UInt8], range: Range<Int>) throws -> [WireField] {
        // withUnsafeBytes lends the array's own storage: nothing is copied.
        try bytes.withUnsafeBytes { try fields($0, range: range) }
    }

    static func fields(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) throws -> [WireField] {
        var reader = try WireReader(bytes, range: range)
        var result: [WireField] = []
        while let field = try reader.next() {
            result.append(field)
        }
        return result
    }

    /// The most bytes a varint may take: 10 hold 64 bits, 7 at a time.
    static let maxVarintBytes = 10
    /// A tag holds a 29-bit field number and a 3-bit wire type, 5 bytes at most;
    /// swift-protobuf and protobuf C++ both refuse longer (padded) tags.
    static let maxTagBytes = 5
    /// Groups inside groups: bounded so that a file of nested start-group tags
    /// is refused with a position, as swift-protobuf refuses it by depth.
    static let maxGroupDepth = 100

    enum VarintDecoding: Equatable {
        case value(UInt64, end: Int)
        /// The buffer ended while the continuation bit was still set.
        case truncated
        /// More than `maxVarintBytes` bytes, all with the continuation bit.
        case overlong
    }

    /// Decodes the varint starting at `start` in `start..<end`. Extra bits of
    /// a 10th byte are dropped, as swift-protobuf drops them.
    @inline(__always)
    static func decodeVarint(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> VarintDecoding {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = start
        while true {
            if index - start == maxVarintBytes { return .overlong }
            if index >= end { return .truncated }
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << shift
            index += 1
            if byte < 0x80 { return .value(value, end: index) }
            shift += 7
        }
    }
}

/// How a field's value is encoded; the low 3 bits of its tag.
enum WireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    var name: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "fixed32"
        }
    }
}

/// One field of a message, by position only.
struct WireField: Equatable, Sendable {
    var number: Int
    var wireType: WireType
    /// From the first byte of the tag through the last byte of the value
    /// (through the end-group tag, for a group).
    var range: Range<Int>
    /// The value's bytes: the varint, the 4 or 8 fixed bytes, the bytes inside
    /// a length prefix, or the fields between a group's start and end tags.
    var payload: Range<Int>
}

/// Reads the fields of one message in order, one at a time, so that callers
/// walking large messages (a graph with thousands of initializers) need not
/// build an array of them.
struct WireReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) throws {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw WireFormatError(message: "the range \(range) lies outside the \(bytes.count)-byte buffer",
                                  offset: min(max(range.lowerBound, 0), bytes.count))
        }
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws -> WireField? {
        guard position < end else { return nil }
        let field = try nextTagAndValue()
        switch field.wireType {
        case .endGroup:
            throw WireFormatError(
                message: "unbalanced group: an end-group tag (field \(field.number)) at byte \(field.range.lowerBound) closes no open group",
                offset: field.range.lowerBound)
        case .startGroup:
            return try restOfGroup(openedBy: field)
        default:
            return field
        }
    }

    /// Skips to the end-group tag matching `opening`, checking that nested
    /// groups close in order. A heap stack instead of recursion: the nesting
    /// comes from the file, and must not decide how deep the call stack goes.
    private mutating func restOfGroup(openedBy opening: WireField) throws -> WireField {
        // The groups opened inside `opening` and not yet closed, innermost last.
        var inner: [WireField] = []
        while true {
            let innermost = inner.last ?? opening
            guard position < end else {
                throw WireFormatError(
                    message: "unbalanced group: the group of field \(innermost.number) opened at byte \(innermost.range.lowerBound) is not closed before byte \(end)",
                    offset: innermost.range.lowerBound)
            }
            let field = try nextTagAndValue()
            switch field.wireType {
            case .startGroup:
                guard inner.count + 1 < ProtobufWire.maxGroupDepth else {
                    throw WireFormatError(
                        message: "groups nested more than \(ProtobufWire.maxGroupDepth) deep at byte \(field.range.lowerBound)",
                        offset: field.range.lowerBound)
                }
                inner.append(field)
            case .endGroup:
                guard field.number == innermost.number else {
                    throw WireFormatError(
                        message: "unbalanced group: an end-group tag (field \(field.number)) at byte \(field.range.lowerBound) does not close the group of field \(innermost.number) opened at byte \(innermost.range.lowerBound)",
                        offset: field.range.lowerBound)
                }
                if inner.isEmpty {
                    return WireField(number: opening.number, wireType: .startGroup,
                                     range: opening.range.lowerBound..<position,
                                     payload: opening.range.upperBound..<field.range.lowerBound)
                }
                inner.removeLast()
            default:
                continue
            }
        }
    }

    /// One tag and its value; a start- or end-group tag has an empty value.
    private mutating func nextTagAndValue() throws -> WireField {
        let tagStart = position
        let tag = try readTag()
        let number = Int(tag >> 3)
        guard number != 0 else {
            throw WireFormatError(message: "malformed tag at byte \(tagStart): field number 0", offset: tagStart)
        }
        guard let wireType = WireType(rawValue: UInt8(tag & 7)) else {
            throw WireFormatError(
                message: "malformed tag at byte \(tagStart): wire type \(tag & 7) does not exist (field \(number))",
                offset: tagStart)
        }
        let valueStart = position
        switch wireType {
        case .varint:
            position = try readVarint(field: number, tagStart: tagStart, what: "value").after
        case .fixed64, .fixed32:
            let size = wireType == .fixed64 ? 8 : 4
            guard end - position >= size else {
                throw WireFormatError(
                    message: "truncated: a \(wireType.name) field (number \(number)) at byte \(tagStart) needs \(size) bytes but only \(end - position) remain",
                    offset: tagStart)
            }
            position += size
        case .lengthDelimited:
            let (length, lengthEnd) = try readVarint(field: number, tagStart: tagStart, what: "length")
            let remaining = end - lengthEnd
            guard length <= UInt64(remaining) else {
                throw WireFormatError(
                    message: "truncated: a length-delimited field (number \(number)) at byte \(tagStart) declares \(length) bytes but only \(remaining) remain",
                    offset: tagStart)
            }
            position = lengthEnd + Int(length)
            return WireField(number: number, wireType: wireType, range: tagStart..<position, payload: lengthEnd..<position)
        case .startGroup, .endGroup:
            break
        }
        return WireField(number: number, wireType: wireType, range: tagStart..<position, payload: valueStart..<position)
    }

    /// Reads a tag at `position` and moves past it.
    private mutating func readTag() throws -> UInt64 {
        let start = position
        var value: UInt64 = 0
        for index in 0..<ProtobufWire.maxTagBytes {
            guard position < end else {
                throw WireFormatError(
                    message: "truncated: the tag at byte \(start) runs past the end of its message at byte \(end)",
                    offset: start)
            }
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte < 0x80 {
                // Five 7-bit groups hold 35 bits; a tag is 32 (29-bit number, 3-bit wire type).
                guard value <= UInt64(UInt32.max) else {
                    throw WireFormatError(
                        message: "malformed tag at byte \(start): the field number exceeds \(UInt32.max >> 3)",
                        offset: start)
                }
                return value
            }
        }
        throw WireFormatError(message: "malformed tag at byte \(start): more than \(ProtobufWire.maxTagBytes) bytes",
                              offset: start)
    }

    /// The varint at `position` and the offset after it; `position` stays.
    private func readVarint(field number: Int, tagStart: Int, what: String) throws -> (value: UInt64, after: Int) {
        switch ProtobufWire.decodeVarint(bytes, from: position, to: end) {
        case .value(let value, let after):
            return (value, after)
        case .truncated:
            throw WireFormatError(
                message: "truncated: the \(what) of field \(number) at byte \(tagStart) runs past the end of its message at byte \(end)",
                offset: tagStart)
        case .overlong:
            throw WireFormatError(
                message: "malformed varint at byte \(position): more than \(ProtobufWire.maxVarintBytes) bytes (the \(what) of field \(number) at byte \(tagStart))",
                offset: position)
        }
    }
}
