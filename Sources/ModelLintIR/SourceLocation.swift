/// Where something is defined: 1-based line and column (columns count bytes,
/// as compilers do) and, when known, the byte range of the whole definition.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var byteRange: Range<Int>?

    public init(file: String, line: Int, column: Int, byteRange: Range<Int>? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteRange = byteRange
    }

    /// The start of a file, for problems that belong to the file as a whole.
    public static func startOf(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 1, column: 1)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
