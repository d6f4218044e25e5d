import ModelLintIR

/// A file that is not valid protobuf text format, or a value of the wrong kind
/// for its field. Always carries the position of the offending text.
public struct TextFormatError: LocatedError, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}
