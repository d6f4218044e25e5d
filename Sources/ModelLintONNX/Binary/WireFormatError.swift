/// Structural damage in a protobuf binary file, with the byte offset where
/// the structure breaks.
///
/// swift-protobuf reports only *that* a file is malformed (`truncated`,
/// `malformedProtobuf`, `invalidUTF8`), never *where*; the wire scanner
/// reports where, so that a user can open the file in a hex editor at that
/// byte, and so that a truncated download says so instead of "malformed".
///
/// `offset` is the first byte of the element that is broken: the tag of a
/// field whose value runs past the end of its message (or whose tag itself is
/// bad), the first byte of an over-long varint, the first invalid byte of a
/// string. It never exceeds the length of the buffer, so a truncated file
/// always gets an offset inside what it still holds.
struct WireFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    var message: String
    var offset: Int

    var description: String { "\(message) (byte \(offset))" }
}
