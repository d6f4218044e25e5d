public typealias NodeID = Int
public typealias TensorID = Int

/// A part of a node's definition that a finding can point at. Frontends
/// record these under IR names, so rules never need to know a format's field
/// names (`kernel_size` in Caffe, `kernel_shape` in ONNX are both `kernel`).
public enum NodeField: Hashable, Sendable {
    case input(Int)
    case output(Int)
    case opType
    case name
    case attribute(String)
}

/// The axes a reduction reduces (nil: all of them; negative ones count from
/// the last) and whether it keeps them as dimensions of size 1.
public struct Reduction: Hashable, Sendable {
    public var axes: [Int]?
    public var keepsDimensions: Bool

    public init(axes: [Int]?, keepsDimensions: Bool) {
        self.axes = axes
        self.keepsDimensions = keepsDimensions
    }

    /// The reduced axes of an input of `rank` dims, each in 0..<rank; nil
    /// when one is out of range.
    public func axes(rank: Int) -> Set<Int>? {
        guard let axes else { return Set(0..<rank) }
        var result = Set<Int>()
        for axis in axes {
            let normalized = axis < 0 ? axis + rank : axis
            guard (0..<rank).contains(normalized) else { return nil }
            result.insert(normalized)
        }
        return result
    }
}

/// One operation in a graph.
public struct Node: Hashable, Sendable {
    public let id: NodeID
    public var name: String
    public var op: Op
    /// The frontend's own spelling of the type: `"Pooling"`, `"POOLING"`, `"AveragePool"`.
    public var sourceType: String
    public var inputs: [TensorID]
    public var outputs: [TensorID]
    /// Where the whole definition starts, with its byte range.
    public var location: SourceLocation
    /// Where fields are written, listed as the frontend read them.
    public var fieldLocations: [NodeField: SourceLocation]
    /// Where fields are written, for a frontend that finds them when asked.
    public var fieldLocator: FieldLocator?
    /// The node's own documentation where the format has one (ONNX
    /// `doc_string`); the engine reads `modellint: disable=…` suppressions in it.
    public var docString: String = ""
    /// The module of the framework's own model that this node came from, as
    /// its user wrote it (`encoder.layer3.conv1`), where the exporter recorded
    /// it; findings repeat it so that a PyTorch user finds the line to change.
    public var sourceModule: String?
    /// For a reduction, which axes it reduces, where the frontend says.
    public var reduction: Reduction?
    /// How a Swift DSL helper or loop produced this node, innermost first:
    /// the loop iterations (`i = 2`) and helper call sites between the layer
    /// call (the node's own location) and the model. Every finding about the
    /// node carries them as related locations; empty where a node is written
    /// out where it stands.
    public var expansion: [RelatedLocation] = []

    public init(id: NodeID, name: String, op: Op, sourceType: String, inputs: [TensorID], outputs: [TensorID],
                location: SourceLocation, fieldLocations: [NodeField: SourceLocation] = [:]) {
        self.id = id
        self.name = name
        self.op = op
        self.sourceType = sourceType
        self.inputs = inputs
        self.outputs = outputs
        self.location = location
        self.fieldLocations = fieldLocations
    }

    /// Where `field` is written, or the node's own location when the field
    /// was left at its default.
    public func location(of field: NodeField) -> SourceLocation {
        fieldLocations[field] ?? fieldLocator?.location(of: field) ?? location
    }

    /// Whether `field` is written in the model, rather than left at its default.
    public func writes(_ field: NodeField) -> Bool {
        fieldLocations[field] != nil || fieldLocator?.location(of: field) != nil
    }
}
