/// A value flowing between nodes. Caffe in-place layers (`bottom == top`)
/// produce a new `version` of the same name, so the graph stays acyclic.
public struct Tensor: Hashable, Sendable {
    public let id: TensorID
    public var name: String
    /// 0 for the first producer of `name`, then 1, 2, ... for each in-place rewrite.
    public var version: Int
    /// The node that writes this tensor; nil for graph inputs and for names nobody produces.
    public var producer: NodeID?
    /// nil when even the rank is unknown.
    public var shape: Shape?
    public var dtype: DType
    /// Known element values (ONNX initializers, DSL literals), read on demand.
    public var constant: ConstantData?
    /// A range the model or the user declares for the values.
    public var declaredRange: ClosedRange<Double>?

    public init(id: TensorID, name: String, version: Int = 0, producer: NodeID? = nil, shape: Shape? = nil,
                dtype: DType = .float32, constant: ConstantData? = nil, declaredRange: ClosedRange<Double>? = nil) {
        self.id = id
        self.name = name
        self.version = version
        self.producer = producer
        self.shape = shape
        self.dtype = dtype
        self.constant = constant
        self.declaredRange = declaredRange
    }

    /// The constant's values, flattened row-major; nil when not a constant or unknown.
    public var constantValues: [Double]? { constant?.values }

    /// `conv1`, or `conv1 (version 2)` after in-place rewrites.
    public var displayName: String { version == 0 ? name : "\(name) (version \(version))" }
}
