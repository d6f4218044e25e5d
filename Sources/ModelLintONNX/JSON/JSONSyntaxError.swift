import ModelLintIR

/// Why a file is not JSON, and the byte where that shows.
///
/// The offset rather than a line and column, because the parser works on raw
/// bytes and has no use for line tables; `location(in:)` converts it once,
/// when the error is reported.
struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    var message: String
    /// The byte at which the problem is seen: the offending byte, or the end
    /// of the file when the file stops too early.
    var offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    init(message: String, offset: Int) {
        self.init(message, at: offset)
    }

    var description: String { "byte \(offset): \(message)" }

    /// The line and column of the problem in the file it came from.
    func location(in file: SourceFile) -> SourceLocation {
        file.location(ofByte: offset)
    }
}
