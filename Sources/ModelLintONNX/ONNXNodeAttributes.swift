import Foundation

/// Typed, by-name reading of a node's attributes, with the defaults the
/// caller gives (ONNX defaults live in the operator spec, not the file).
/// A node has a handful of attributes: scanning them costs less than
/// hashing their names into a dictionary for every node.
struct ONNXNodeAttributes<Attribute: ONNXAttributeFields> {
    private let attributes: [Attribute]

    init<Node: ONNXNodeFields>(_ node: Node) where Node.Attribute == Attribute {
        attributes = node.attribute
    }

    /// The last attribute called `name`, as a protobuf parser keeps the last of a repeated field.
    private subscript(name: String) -> Attribute? {
        attributes.last { $0.name == name }
    }

    func int(_ name: String) -> Int? { self[name].map { Int(clamping: $0.i) } }
    func float(_ name: String) -> Double? { self[name].map { Double($0.f) } }
    func ints(_ name: String) -> [Int]? { self[name].map { $0.ints.map { Int(clamping: $0) } } }
    func floats(_ name: String) -> [Double]? { self[name].map { $0.floats.map(Double.init) } }
    func strings(_ name: String) -> [String]? { self[name].map { $0.strings.map { String(decoding: $0, as: UTF8.self) } } }
    func string(_ name: String) -> String? { self[name].map { String(decoding: $0.s, as: UTF8.self) } }
    func tensor(_ name: String) -> Onnx_TensorProto? { self[name].flatMap { $0.hasT ? $0.t : nil } }

    /// The graphs a control-flow node carries (`then_branch`, `body`, ...), with the attribute names.
    static func subgraphs<Node: ONNXNodeFields>(of node: Node) -> [(attribute: String, index: Int, graph: Onnx_GraphProto)]
        where Node.Attribute == Attribute {
        node.attribute.flatMap { attribute -> [(String, Int, Onnx_GraphProto)] in
            var graphs: [(String, Int, Onnx_GraphProto)] = []
            if attribute.hasG { graphs.append((attribute.name, 0, attribute.g)) }
            for (index, graph) in attribute.graphs.enumerated() { graphs.append((attribute.name, index, graph)) }
            return graphs
        }
    }
}
