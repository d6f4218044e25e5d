import Testing
@testable import ModelLintONNX

/// Every kind of structural damage, written byte by byte, with the exact
/// offset and message it must be reported with.
@Suite("Protobuf wire: errors")
struct ProtobufWireErrorTests {
    private func expectError(_ bytes: [UInt8], at offset: Int, _ message: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(wireFieldsError(bytes) == WireFormatError(message: message, offset: offset), sourceLocation: sourceLocation)
    }

    @Test func fieldNumberZero() {
        expectError([0x08, 0x01, 0x00], at: 2, "malformed tag at byte 2: field number 0")
        // Zero in the number bits with a valid wire type: still number 0.
        expectError([0x02, 0x00], at: 0, "malformed tag at byte 0: field number 0")
    }

    @Test func wireTypesSixAndSeven() {
        expectError([0x0E], at: 0, "malformed tag at byte 0: wire type 6 does not exist (field 1)")
        expectError([0x08, 0x00, 0x17], at: 2, "malformed tag at byte 2: wire type 7 does not exist (field 2)")
    }

    @Test func tagOfMoreThanFiveBytes() {
        // Field 1, varint, padded to six bytes: swift-protobuf refuses it too.
        expectError([0x88, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01], at: 0, "malformed tag at byte 0: more than 5 bytes")
    }

    @Test func fieldNumberBeyond29Bits() {
        expectError([0x08, 0x01, 0xF8, 0xFF, 0xFF, 0xFF, 0x1F, 0x00], at: 2,
                    "malformed tag at byte 2: the field number exceeds 536870911")
    }

    @Test func truncatedTag() {
        expectError([0x08, 0x01, 0xCA], at: 2, "truncated: the tag at byte 2 runs past the end of its message at byte 3")
    }

    @Test func varintOfMoreThanTenBytes() {
        let bytes: [UInt8] = [0x08] + Array(repeating: 0xFF, count: 10) + [0x01]
        expectError(bytes, at: 1, "malformed varint at byte 1: more than 10 bytes (the value of field 1 at byte 0)")
    }

    @Test func truncatedVarint() {
        expectError([0x12, 0x00, 0x08, 0x96], at: 2,
                    "truncated: the value of field 1 at byte 2 runs past the end of its message at byte 4")
    }

    @Test func lengthPastTheEnd() {
        expectError([0x0A, 0x05, 0x01, 0x02], at: 0,
                    "truncated: a length-delimited field (number 1) at byte 0 declares 5 bytes but only 2 remain")
    }

    @Test func lengthOfUInt64Max() {
        let bytes: [UInt8] = [0x08, 0x01, 0x0A] + Array(repeating: 0xFF, count: 9) + [0x01, 0x00]
        expectError(bytes, at: 2,
                    "truncated: a length-delimited field (number 1) at byte 2 declares 18446744073709551615 bytes but only 1 remain")
    }

    @Test func malformedLength() {
        let bytes: [UInt8] = [0x0A] + Array(repeating: 0x80, count: 11)
        expectError(bytes, at: 1, "malformed varint at byte 1: more than 10 bytes (the length of field 1 at byte 0)")
    }

    @Test func truncatedLength() {
        expectError([0x0A, 0x80], at: 0, "truncated: the length of field 1 at byte 0 runs past the end of its message at byte 2")
    }

    @Test func truncatedFixed64() {
        expectError([0x09, 1, 2, 3], at: 0, "truncated: a fixed64 field (number 1) at byte 0 needs 8 bytes but only 3 remain")
    }

    @Test func truncatedFixed32() {
        expectError([0x08, 0x00, 0x15, 1, 2, 3], at: 2,
                    "truncated: a fixed32 field (number 2) at byte 2 needs 4 bytes but only 3 remain")
    }

    @Test func endGroupWithoutStart() {
        expectError([0x08, 0x01, 0x0C], at: 2, "unbalanced group: an end-group tag (field 1) at byte 2 closes no open group")
    }

    @Test func endGroupOfAnotherField() {
        expectError([0x0B, 0x08, 0x01, 0x14], at: 3,
                    "unbalanced group: an end-group tag (field 2) at byte 3 does not close the group of field 1 opened at byte 0")
    }

    @Test func groupNeverClosed() {
        expectError([0x0B, 0x08, 0x01], at: 0, "unbalanced group: the group of field 1 opened at byte 0 is not closed before byte 3")
        // The innermost open group is the one named.
        expectError([0x0B, 0x13, 0x14, 0x1B], at: 3,
                    "unbalanced group: the group of field 3 opened at byte 3 is not closed before byte 4")
    }

    @Test func damageInsideAGroup() {
        expectError([0x0B, 0x0A, 0x09, 0x0C], at: 1,
                    "truncated: a length-delimited field (number 1) at byte 1 declares 9 bytes but only 1 remain")
    }

    @Test func groupsNestedTooDeep() {
        let depth = ProtobufWire.maxGroupDepth
        let fine = Array(repeating: UInt8(0x0B), count: depth) + Array(repeating: 0x0C, count: depth)
        #expect(wireFieldsError(fine) == nil)
        let deep = Array(repeating: UInt8(0x0B), count: depth + 1) + Array(repeating: 0x0C, count: depth + 1)
        expectError(deep, at: depth, "groups nested more than 100 deep at byte 100")
    }

    @Test func aFieldFittingTheBufferButNotItsMessage() {
        // The inner message (bytes 2..<4) holds a string declaring 3 bytes; the
        // buffer has them, the message does not.
        let bytes: [UInt8] = [0x0A, 0x02, 0x0A, 0x03, 0x61, 0x62, 0x63]
        #expect(wireError { _ = try ProtobufWire.fields(bytes, range: 2..<4) } == WireFormatError(
            message: "truncated: a length-delimited field (number 1) at byte 2 declares 3 bytes but only 0 remain", offset: 2))
    }

    @Test func aRangeOutsideTheBuffer() {
        let bytes: [UInt8] = [0x08, 0x01]
        #expect(wireError { _ = try ProtobufWire.fields(bytes, range: 1..<5) }?.offset == 1)
        #expect(wireError { _ = try ProtobufWire.fields(bytes, range: -3..<1) }?.offset == 0)
        #expect(wireError { _ = try ProtobufWire.fields(bytes, range: 7..<9) }?.offset == 2)
    }

    @Test func theDescriptionNamesTheByte() {
        let error = WireFormatError(message: "malformed tag at byte 0: field number 0", offset: 0)
        #expect(error.description == "malformed tag at byte 0: field number 0 (byte 0)")
    }
}
