import Foundation
import ModelLintIR

/// Builds an IR `Graph` from an ONNX `GraphProto`: initializers become
/// constant tensors, graph inputs and `value_info` give shapes, every node
/// gets its IR op and its place in the file, and the bodies of `If`, `Loop`
/// and `Scan` become subgraphs.
struct ONNXGraphReader {
    let opsets: [String: Int]
    let locator: ONNXLocator
    let modelFolder: URL?
    /// Model-local functions by `domain:name`, read as subgraphs of the nodes that call them.
    let functions: [String: Onnx_FunctionProto]
    /// Where each local function's nodes sit (binary files only).
    let functionPlaces: [String: ONNXGraphPlaces]
    var notes: [Diagnostic] = []

    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 32

    mutating func read(_ proto: Onnx_GraphProto, places: ONNXGraphPlaces, outerNames: Set<String> = [],
                       depth: Int = 0) -> Graph {
        var builder = GraphBuilder(name: proto.name.isEmpty ? "main_graph" : proto.name, source: locator.file)
        // Initializers: constants, which may also be listed as graph inputs (older exporters do).
        var initializerNames = Set<String>()
        for initializer in proto.initializer {
            let storage = ONNXTensorData.storage(of: initializer, modelFolder: modelFolder)
            if let note = storage.note { notes.append(Diagnostic(severity: .note, message: note, location: .startOf(locator.file.path))) }
            let id = builder.declareConstant(initializer.name)
            builder.graph.tensors[id].shape = Shape(initializer.dims.map { Dim.known(Int(clamping: $0)) })
            builder.graph.tensors[id].dtype = ONNXTensorData.dtype(initializer.dataType)
            builder.graph.tensors[id].constant = storage.data
            initializerNames.insert(initializer.name)
        }
        for input in proto.input where !initializerNames.contains(input.name) {
            let id = builder.declareInput(input.name)
            apply(input.type, to: id, in: &builder)
        }
        // Names a subgraph reads from the graphs around it are its inputs too.
        for name in outerNames where builder.tensor(named: name) == nil {
            _ = builder.declareInput(name)
        }

        var nodeValueInfo: [String: Onnx_TypeProto] = [:]
        for info in proto.valueInfo { nodeValueInfo[info.name] = info.type }
        for info in proto.output { nodeValueInfo[info.name] = info.type }

        for (index, node) in proto.node.enumerated() {
            let place = index < places.nodes.count ? places.nodes[index] : nil
            let inputs = node.input.map { name in name.isEmpty ? builder.absent() : builder.consume(name) }
            let constants = inputs.map { builder.graph.tensors[$0].constant }
            let opset = opsets[node.domain == "ai.onnx" ? "" : node.domain] ?? opsets[""] ?? 1
            let op = ONNXOperators.op(for: node, opset: opset) { i in i < constants.count ? constants[i]?.values : nil }
            let outputs = node.output.map { name in name.isEmpty ? builder.absent() : builder.produce(name) }
            // ONNX states a computed value's type only in value_info; shape inference derives the rest.
            for output in outputs { builder.graph.tensors[output].dtype = .unknown }
            let name = node.name.isEmpty ? "\(node.opType) #\(index)" : node.name
            builder.addNode(name: name, op: op, sourceType: node.opType, inputs: inputs, outputs: outputs,
                                         location: place.map { locator.location($0.range) } ?? .startOf(locator.file.path),
                                         fieldLocations: fieldLocations(place))
            if node.opType == "Constant", node.domain.isEmpty, let value = ONNXNodeAttributes(node).tensor("value"),
               let output = outputs.first {
                builder.graph.tensors[output].constant = ONNXTensorData.storage(of: value, modelFolder: modelFolder).data
                builder.graph.tensors[output].dtype = ONNXTensorData.dtype(value.dataType)
                builder.graph.tensors[output].shape = Shape(value.dims.map { Dim.known(Int(clamping: $0)) })
            }
            for output in outputs where !builder.graph.tensors[output].name.isEmpty {
                if let type = nodeValueInfo[builder.graph.tensors[output].name] { apply(type, to: output, in: &builder) }
            }
            builder.graph.subgraphs += subgraphs(of: node, index: index, places: places,
                                                 visible: builder.names.union(outerNames), depth: depth)
        }
        builder.graph.outputs = proto.output.compactMap { builder.tensor(named: $0.name) }
        return builder.graph
    }

    private mutating func subgraphs(of node: Onnx_NodeProto, index: Int, places: ONNXGraphPlaces,
                                    visible: Set<String>, depth: Int) -> [Graph] {
        guard depth < Self.maximumDepth else { return [] }
        var graphs: [Graph] = []
        for (attribute, graphIndex, body) in ONNXNodeAttributes.subgraphs(of: node) {
            let key = ONNXGraphPlaces.SubgraphKey(node: index, attribute: attribute, index: graphIndex)
            graphs.append(read(body, places: places.subgraphs[key] ?? .none, outerNames: visible, depth: depth + 1))
        }
        if let function = functions["\(node.domain):\(node.opType)"] {
            var body = Onnx_GraphProto()
            body.name = "\(node.opType) (function)"
            body.node = function.node
            body.input = function.input.map { name in var info = Onnx_ValueInfoProto(); info.name = name; return info }
            body.output = function.output.map { name in var info = Onnx_ValueInfoProto(); info.name = name; return info }
            graphs.append(read(body, places: functionPlaces["\(node.domain):\(node.opType)"] ?? .none, depth: depth + 1))
        }
        return graphs
    }

    /// Shapes and element types from a `TypeProto` (tensor types only).
    private func apply(_ type: Onnx_TypeProto, to id: TensorID, in builder: inout GraphBuilder) {
        guard case .tensorType(let tensor)? = type.value else { return }
        builder.graph.tensors[id].dtype = ONNXTensorData.dtype(tensor.elemType)
        guard tensor.hasShape else { return }
        builder.graph.tensors[id].shape = Shape(tensor.shape.dim.map { dim in
            switch dim.value {
            case .dimValue(let value)?: return .known(Int(clamping: value))
            case .dimParam(let name)? where !name.isEmpty: return .symbolic(name)
            default: return .unknown
            }
        })
    }

    /// ONNX attribute names under the IR's names, so rules stay format-blind.
    static let attributeFields: [String: String] = [
        "kernel_shape": "kernel", "strides": "stride", "pads": "pad", "dilations": "dilation", "auto_pad": "pad",
        "ceil_mode": "ceil_mode", "axis": "axis", "epsilon": "epsilon", "alpha": "alpha", "group": "group",
    ]

    private func fieldLocations(_ place: ONNXGraphPlaces.NodePlace?) -> [NodeField: SourceLocation] {
        guard let place else { return [:] }
        var fields: [NodeField: SourceLocation] = [:]
        for (name, range) in place.attributes {
            let field = NodeField.attribute(Self.attributeFields[name] ?? name)
            // `pads` wins over `auto_pad` when both are written.
            if fields[field] == nil || name == "pads" { fields[field] = locator.location(range) }
        }
        for (index, range) in place.inputs.enumerated() { fields[.input(index)] = locator.location(range) }
        for (index, range) in place.outputs.enumerated() { fields[.output(index)] = locator.location(range) }
        return fields
    }
}
