/// Where the fields of a graph's nodes are written, for a frontend that
/// keeps only byte ranges while it reads and works out a field's line and
/// column when something asks for it (ONNX). Listing every field of every
/// node as it reads (`Node.fieldLocations`) costs a dictionary per node and
/// a line search per field, most of a large model's reading time, for
/// locations that only findings use.
public protocol FieldLocationSource: AnyObject, Sendable {
    /// Where `field` of the node at `row` is written; nil when it is not.
    func location(of field: NodeField, row: Int) -> SourceLocation?
}

/// One node's row in a `FieldLocationSource`. Two locators are equal when
/// they name the same row of the same source.
public struct FieldLocator: Hashable, Sendable {
    public let source: any FieldLocationSource
    public let row: Int

    public init(source: any FieldLocationSource, row: Int) {
        self.source = source
        self.row = row
    }

    public func location(of field: NodeField) -> SourceLocation? { source.location(of: field, row: row) }

    public static func == (lhs: FieldLocator, rhs: FieldLocator) -> Bool {
        lhs.source === rhs.source && lhs.row == rhs.row
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(source))
        hasher.combine(row)
    }
}
