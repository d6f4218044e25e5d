import Testing
@testable import ModelLintONNX

/// Well-formed fields of every wire type, written byte by byte.
@Suite("Protobuf wire: fields")
struct ProtobufWireFieldTests {
    @Test func varint() throws {
        // Field 1, varint 150: the example of the protobuf encoding guide.
        let fields = try wireFields([0x08, 0x96, 0x01])
        #expect(fields == [WireField(number: 1, wireType: .varint, range: 0..<3, payload: 1..<3)])
    }

    @Test func tenByteVarintIsTheLongestAllowed() throws {
        // UInt64.max (or a negative int64) takes all 10 bytes.
        let bytes: [UInt8] = [0x18] + Array(repeating: 0xFF, count: 9) + [0x01]
        #expect(try wireFields(bytes) == [WireField(number: 3, wireType: .varint, range: 0..<11, payload: 1..<11)])
        let decoded = bytes.withUnsafeBytes { ProtobufWire.decodeVarint($0, from: 1, to: 11) }
        #expect(decoded == .value(UInt64.max, end: 11))
    }

    @Test func fixed64() throws {
        let bytes: [UInt8] = [0x09, 1, 2, 3, 4, 5, 6, 7, 8]
        #expect(try wireFields(bytes) == [WireField(number: 1, wireType: .fixed64, range: 0..<9, payload: 1..<9)])
    }

    @Test func lengthDelimited() throws {
        let bytes: [UInt8] = [0x12, 0x03, 0x61, 0x62, 0x63]
        #expect(try wireFields(bytes) == [WireField(number: 2, wireType: .lengthDelimited, range: 0..<5, payload: 2..<5)])
    }

    @Test func emptyLengthDelimited() throws {
        #expect(try wireFields([0x12, 0x00]) == [WireField(number: 2, wireType: .lengthDelimited, range: 0..<2, payload: 2..<2)])
    }

    @Test func twoByteLengthPrefix() throws {
        let bytes: [UInt8] = [0x0A, 0x80, 0x01] + Array(repeating: 0x20, count: 128)
        #expect(try wireFields(bytes) == [WireField(number: 1, wireType: .lengthDelimited, range: 0..<131, payload: 3..<131)])
    }

    @Test func group() throws {
        // Field 3 opens a group (0x1B) holding field 1 = 1, closed by 0x1C.
        let bytes: [UInt8] = [0x1B, 0x08, 0x01, 0x1C]
        #expect(try wireFields(bytes) == [WireField(number: 3, wireType: .startGroup, range: 0..<4, payload: 1..<3)])
    }

    @Test func nestedGroups() throws {
        // Group 3 holds group 4 (0x23 ... 0x24), which holds a string; then a varint follows.
        let bytes: [UInt8] = [0x1B, 0x23, 0x0A, 0x01, 0x78, 0x24, 0x1C, 0x08, 0x05]
        #expect(try wireFields(bytes) == [
            WireField(number: 3, wireType: .startGroup, range: 0..<7, payload: 1..<6),
            WireField(number: 1, wireType: .varint, range: 7..<9, payload: 8..<9),
        ])
    }

    @Test func emptyGroup() throws {
        #expect(try wireFields([0x1B, 0x1C]) == [WireField(number: 3, wireType: .startGroup, range: 0..<2, payload: 1..<1)])
    }

    @Test func fixed32() throws {
        let bytes: [UInt8] = [0x2D, 0x00, 0x00, 0x80, 0x3F]
        #expect(try wireFields(bytes) == [WireField(number: 5, wireType: .fixed32, range: 0..<5, payload: 1..<5)])
    }

    @Test func multiByteTags() throws {
        // ModelProto.functions (25) takes a two-byte tag; 2^29 - 1, the
        // largest field number, a five-byte one.
        let bytes: [UInt8] = [0xCA, 0x01, 0x00] + [0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x07]
        #expect(try wireFields(bytes) == [
            WireField(number: 25, wireType: .lengthDelimited, range: 0..<3, payload: 3..<3),
            WireField(number: 536_870_911, wireType: .varint, range: 3..<9, payload: 8..<9),
        ])
    }

    @Test func everyWireTypeInOneMessage() throws {
        let bytes: [UInt8] = [0x08, 0x2A] + [0x11] + Array(repeating: 0, count: 8) + [0x1A, 0x01, 0x7A]
            + [0x23, 0x24] + [0x2D, 1, 2, 3, 4]
        let fields = try wireFields(bytes)
        #expect(fields.map(\.number) == [1, 2, 3, 4, 5])
        #expect(fields.map(\.wireType) == [.varint, .fixed64, .lengthDelimited, .startGroup, .fixed32])
        #expect(fields.map(\.range) == [0..<2, 2..<11, 11..<14, 14..<16, 16..<21])
        #expect(fields.map(\.payload) == [1..<2, 3..<11, 13..<14, 15..<15, 17..<21])
    }

    @Test func emptyMessage() throws {
        #expect(try wireFields([]) == [])
        #expect(try ProtobufWire.fields([0x08, 0x01], range: 1..<1) == [])
    }

    @Test func aSubrangeGivesOffsetsInTheWholeBuffer() throws {
        // A message inside a message: scanning the inner one's payload.
        let bytes: [UInt8] = [0x08, 0x01, 0x3A, 0x04, 0x0A, 0x02, 0x68, 0x69, 0x10, 0x02]
        let outer = try wireFields(bytes)
        #expect(outer.map(\.number) == [1, 7, 2])
        let inner = try ProtobufWire.fields(bytes, range: outer[1].payload)
        #expect(inner == [WireField(number: 1, wireType: .lengthDelimited, range: 4..<8, payload: 6..<8)])
    }

    @Test func theArrayAndBufferFormsAgree() throws {
        let bytes: [UInt8] = [0x08, 0x96, 0x01, 0x12, 0x01, 0x41, 0x1B, 0x1C]
        let fromBuffer = try bytes.withUnsafeBytes { try ProtobufWire.fields($0, range: 0..<bytes.count) }
        #expect(try wireFields(bytes) == fromBuffer)
    }

    @Test func theReaderStreamsTheSameFields() throws {
        let bytes: [UInt8] = [0x08, 0x96, 0x01, 0x12, 0x01, 0x41, 0x1B, 0x1C, 0x2D, 1, 2, 3, 4]
        let streamed = try bytes.withUnsafeBytes { buffer in
            var reader = try WireReader(buffer, range: 0..<buffer.count)
            var fields: [WireField] = []
            while let field = try reader.next() { fields.append(field) }
            return fields
        }
        #expect(try wireFields(bytes) == streamed)
    }
}
