import Foundation
import ModelLintIR

/// Builds an IR `Graph` from an ONNX `GraphProto`: initializers become
/// constant tensors, graph inputs and `value_info` give shapes, every node
/// gets its IR op and its place in the file, and the bodies of `If`, `Loop`
/// and `Scan` become subgraphs, each linked to its node by `Graph.owner`:
/// its declared inputs and outputs, and the outer values it reads by name
/// (declared as inputs of the body, with their outer type, shape and values).
struct ONNXGraphReader {
    let opsets: [String: Int]
    let locator: ONNXLocator
    /// Where external data may lie: the folder of the model's file.
    let modelFolder: String?
    /// Model-local functions by `domain:name`, read as subgraphs of the nodes that call them.
    let functions: [String: Onnx_FunctionProto]
    /// Where each local function's nodes sit (binary files only).
    let functionPlaces: [String: ONNXGraphPlaces]
    var notes: [Diagnostic] = []
    /// Set when the model cannot be read (a cycle, a function that calls
    /// itself, too many nodes); reading stops and the frontend throws it.
    var failure: ONNXReadError?
    /// Nodes and graphs read so far, subgraphs and every call of a function included.
    var nodesRead = 0
    var graphsRead = 0
    /// The model-local functions being read, innermost last.
    var functionsOpen: [String] = []

    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 32

    /// Where a nested graph sits: the node (in the enclosing graph) and the attribute that hold it.
    struct OwnerPlace {
        var node: NodeID
        var attribute: String?
        var index: Int
    }

    /// `nodes` are the graph's nodes: `proto.node`, or the records the JSON
    /// fast path decoded them into (with `proto.node` left empty).
    /// `outer` holds the values of the enclosing graphs visible to this one
    /// (ONNX outer scope), by name, as tensors of the immediately enclosing
    /// graph; `owner` is set for a nested graph. `initializerBytes[i]`, when
    /// given, is the `raw_data` of `proto.initializer[i]`, left in the file's
    /// bytes when the proto was decoded.
    mutating func read<Node: ONNXNodeFields>(
        _ proto: Onnx_GraphProto, nodes: [Node], places: ONNXGraphPlaces, outer: [String: Tensor] = [:],
        owner: OwnerPlace? = nil, depth: Int = 0, initializerBytes: [Data?] = []
    ) -> Graph {
        let emptyGraph = Graph(name: proto.name, source: locator.file)
        guard failure == nil else { return emptyGraph }
        nodesRead += nodes.count
        graphsRead += 1
        // Functions called inside functions multiply: counted before anything is built.
        guard nodesRead <= InputLimits.maximumNodes, graphsRead <= InputLimits.maximumSubgraphs + 1 else {
            let what = nodesRead > InputLimits.maximumNodes
                ? "more than \(GraphLimits.grouped(InputLimits.maximumNodes)) nodes, subgraphs and function calls included"
                : "more than \(GraphLimits.grouped(InputLimits.maximumSubgraphs)) subgraphs and function calls"
            failure = ONNXReadError(message: "the model has \(what), the most modellint analyses",
                                    location: .startOf(locator.file.path))
            return emptyGraph
        }
        let (notesBefore, nodesBefore, graphsBefore) = (notes.count, nodesRead, graphsRead)
        let graph = build(proto, nodes: nodes, order: nil, places: places, outer: outer, owner: owner, depth: depth, initializerBytes: initializerBytes)
        guard graph.readBeforeWritten, failure == nil else { return graph.graph }
        switch ONNXNodeOrder.order(nodes.map { ($0.input, $0.output) },
                                   defined: Set(proto.initializer.map(\.name) + proto.input.map(\.name) + outer.keys)) {
        case .cycle(let path):
            let names = path.map { nodes[$0].name.isEmpty ? "\(nodes[$0].opType) #\($0)" : nodes[$0].name }
            failure = ONNXReadError(
                message: "the nodes form a cycle, each reading an output of the next: " + names.map { "'\($0)'" }.joined(separator: " → ") + "; an ONNX graph is acyclic",
                location: nodeLocation(path[0], places: places))
            return emptyGraph
        case .sorted(let order):
            guard order != Array(nodes.indices) else { return graph.graph }
            // Read again in dependency order, as onnxruntime would run it, without the first pass's notes.
            notes.removeSubrange(notesBefore...)
            (nodesRead, graphsRead) = (nodesBefore, graphsBefore)
            let first = zip(order, nodes.indices).first { $0 != $1 }!.1
            notes.append(Diagnostic(
                severity: .note,
                message: "the nodes are not in topological order, as ONNX requires; they were read in the order their inputs need",
                location: nodeLocation(first, places: places)))
            return build(proto, nodes: nodes, order: order, places: places, outer: outer, owner: owner, depth: depth,
                         initializerBytes: initializerBytes).graph
        }
    }

    /// A tensor's data that cannot be had, told where the model names its
    /// file: the first place the text quotes that name in ONNX JSON (binary
    /// files have no lines: their start).
    private mutating func report(_ problem: ONNXTensorData.Problem) {
        var location = SourceLocation.startOf(locator.file.path)
        if locator.isText, let reference = problem.reference, let offset = firstOffset(ofQuoted: reference) {
            location = locator.location(offset..<(offset + reference.utf8.count + 2))
        }
        notes.append(Diagnostic(severity: problem.severity, message: problem.message, location: location))
    }

    private func firstOffset(ofQuoted text: String) -> Int? {
        let needle = Array(("\"" + text + "\"").utf8)
        let bytes = locator.file.bytes
        guard needle.count <= bytes.count else { return nil }
        return (0...(bytes.count - needle.count)).first { start in
            bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    private func nodeLocation(_ index: Int, places: ONNXGraphPlaces) -> SourceLocation {
        index < places.nodes.count ? locator.location(places.nodes[index].range) : .startOf(locator.file.path)
    }

    /// One pass over the graph's nodes, in `order` (file order when nil).
    private mutating func build<Node: ONNXNodeFields>(
        _ proto: Onnx_GraphProto, nodes: [Node], order: [Int]?, places: ONNXGraphPlaces, outer: [String: Tensor],
        owner: OwnerPlace?, depth: Int, initializerBytes: [Data?]
    ) -> GraphBuilder {
        var builder = GraphBuilder(name: proto.name.isEmpty ? "main_graph" : proto.name, source: locator.file)
        // Most nodes write one value: roughly one tensor per node, initializer and input.
        builder.reserveCapacity(nodes: nodes.count,
                                tensors: nodes.count + proto.initializer.count + proto.input.count)
        // Initializers: constants, which may also be listed as graph inputs (older exporters do).
        var initializerNames = Set<String>()
        for (index, initializer) in proto.initializer.enumerated() {
            let rawData = index < initializerBytes.count ? initializerBytes[index] : nil
            let storage = ONNXTensorData.storage(of: initializer, rawData: rawData, modelFolder: modelFolder)
            if let problem = storage.problem { report(problem) }
            let id = builder.declareConstant(initializer.name)
            builder.graph.tensors[id].shape = Shape(initializer.dims.map { Dim.known(Int(clamping: $0)) })
            builder.graph.tensors[id].dtype = ONNXTensorData.dtype(initializer.dataType)
            builder.graph.tensors[id].constant = storage.data
            initializerNames.insert(initializer.name)
        }
        for input in proto.input where !initializerNames.contains(input.name) {
            let id = builder.declareInput(input.name)
            let dynamic = apply(input.type, to: id, in: &builder, isGraphInput: true)
            if !dynamic.isEmpty {
                let axes = dynamic.map(String.init).joined(separator: ", ")
                report(ONNXTensorData.Problem(
                    severity: .note,
                    message: "input '\(input.name)' gives dimension\(dynamic.count == 1 ? "" : "s") \(axes) as -1 or 0, which exporters (Paddle, TF) write for a size that varies: read as dynamic (ONNX spells it dim_param)",
                    reference: input.name))
            }
        }
        // Names a subgraph reads from the graphs around it are its inputs too,
        // with the element type, shape and values the enclosing graph gives them.
        var captures: [SubgraphOwner.Capture] = []
        for name in outer.keys.sorted() where builder.tensor(named: name) == nil {
            guard let value = outer[name] else { continue }
            let id = builder.declareInput(name)
            builder.graph.tensors[id].dtype = value.dtype
            builder.graph.tensors[id].shape = value.shape
            builder.graph.tensors[id].constant = value.constant
            captures.append(SubgraphOwner.Capture(inner: id, outer: value.id))
        }

        var nodeValueInfo: [String: Onnx_TypeProto] = [:]
        for info in proto.valueInfo { nodeValueInfo[info.name] = info.type }
        for info in proto.output { nodeValueInfo[info.name] = info.type }

        let fieldLocations = ONNXFieldLocations(places: places, locator: locator)
        // A body's parameters often carry no type, and take the types of the values
        // bound to them at each iteration: types are checked in the main graph only.
        var schemaCheck = ONNXSchemaCheck(checksTypes: owner == nil)
        let defaultOpset = opsets[""] ?? 1
        for index in order ?? Array(nodes.indices) {
            let node = nodes[index]
            let place = index < places.nodes.count ? places.nodes[index] : nil
            let holdsGraphs = Self.holdsGraphs(node)
            // What the node's bodies may read: every value defined before the node.
            let visible = holdsGraphs ? visibleValues(builder, outer: outer) : [:]
            let inputs = node.input.map { name in name.isEmpty ? builder.absent() : builder.consume(name) }
            let opset = node.domain.isEmpty ? defaultOpset : opsets[node.domain == "ai.onnx" ? "" : node.domain] ?? defaultOpset
            let op = ONNXOperators.op(for: node, opset: opset) { i in
                i < inputs.count ? builder.graph.tensors[inputs[i]].constant?.values : nil
            }
            let outputs = node.output.map { name in name.isEmpty ? builder.absent() : builder.produce(name) }
            // ONNX states a computed value's type only in value_info; shape inference derives the rest.
            for output in outputs { builder.graph.tensors[output].dtype = .unknown }
            let name = node.name.isEmpty ? "\(node.opType) #\(index)" : node.name
            let nodeID = builder.addNode(name: name, op: op, sourceType: node.opType, inputs: inputs, outputs: outputs,
                                         location: place.map { locator.location($0.range) } ?? .startOf(locator.file.path),
                                         fieldLocations: [:])
            builder.graph.nodes[nodeID].docString = node.docString
            builder.graph.nodes[nodeID].sourceModule = ONNXSourceModule.path(of: node)
            if case .reduce = op { builder.graph.nodes[nodeID].reduction = Self.reduction(of: node, inputs: inputs, in: builder.graph) }
            // A loss with reduction "none" reduces no axis: one loss per target element.
            if case .loss = op, ONNXNodeAttributes(node).string("reduction") == "none" {
                builder.graph.nodes[nodeID].reduction = Reduction(axes: [], keepsDimensions: true)
            }
            if place != nil { builder.graph.nodes[nodeID].fieldLocator = FieldLocator(source: fieldLocations, row: index) }
            if node.opType == "Constant", node.domain.isEmpty, let output = outputs.first {
                let attributes = ONNXNodeAttributes(node)
                if let value = attributes.tensor("value") {
                    let storage = ONNXTensorData.storage(of: value, modelFolder: modelFolder)
                    if let problem = storage.problem { report(problem) }
                    builder.graph.tensors[output].constant = storage.data
                    builder.graph.tensors[output].dtype = ONNXTensorData.dtype(value.dataType)
                    builder.graph.tensors[output].shape = Shape(value.dims.map { Dim.known(Int(clamping: $0)) })
                } else if let (values, dtype, scalar) = Self.listConstant(attributes) {
                    // value_float(s), value_int(s): a scalar or a 1-D list (what function bodies and exporters write).
                    builder.graph.tensors[output].constant = ConstantData(values: values)
                    builder.graph.tensors[output].dtype = dtype
                    builder.graph.tensors[output].shape = Shape(scalar ? [] : [.known(values.count)])
                }
            }
            if !nodeValueInfo.isEmpty {
                for output in outputs where !builder.graph.tensors[output].name.isEmpty {
                    guard let type = nodeValueInfo[builder.graph.tensors[output].name] else { continue }
                    // A Constant's shape is its value's: a declaration cannot change it.
                    let held = builder.graph.tensors[output].constant == nil ? nil : builder.graph.tensors[output].shape
                    apply(type, to: output, in: &builder)
                    if let held, let declared = builder.graph.tensors[output].shape {
                        schemaCheck.checkDeclaredShape(declared, of: output, holding: held, node: nodeID, in: builder.graph)
                        builder.graph.tensors[output].shape = held
                    }
                }
            }
            // A function's body is generic (attribute references, types bound at the call): checked at its calls.
            if functionsOpen.isEmpty { schemaCheck.check(node, id: nodeID, opset: opset, in: builder.graph) }
            if holdsGraphs || !functions.isEmpty {
                builder.graph.subgraphs += subgraphs(of: node, id: nodeID, index: index, places: places,
                                                     visible: visible, depth: depth)
            }
        }
        builder.graph.outputs = proto.output.compactMap { builder.tensor(named: $0.name) }
        builder.graph.schemaViolations = schemaCheck.violations
        if let owner {
            builder.graph.owner = SubgraphOwner(
                node: owner.node, attribute: owner.attribute, index: owner.index,
                parameters: proto.input.map { $0.name.isEmpty ? builder.absent() : builder.consume($0.name) },
                results: proto.output.map { builder.tensor(named: $0.name) }, captures: captures)
        }
        return builder
    }

    /// A `Constant`'s `value_float`, `value_floats`, `value_int` or `value_ints`:
    /// its values, type, and whether it is a scalar.
    static func listConstant<A>(_ attributes: ONNXNodeAttributes<A>) -> (values: [Double], dtype: DType, scalar: Bool)? {
        if let value = attributes.float("value_float") { return ([value], .float32, true) }
        if let value = attributes.int("value_int") { return ([Double(value)], .int64, true) }
        if let values = attributes.floats("value_floats") { return (values, .float32, false) }
        if let values = attributes.ints("value_ints") { return (values.map(Double.init), .int64, false) }
        return nil
    }

    /// Whether a node carries graphs in its attributes (`If`, `Loop`, `Scan`, ...).
    static func holdsGraphs<Node: ONNXNodeFields>(_ node: Node) -> Bool {
        node.attribute.contains { $0.hasG || !$0.graphs.isEmpty }
    }

    /// The values a nested graph of the next node may read by name: those of
    /// the graphs around this one, then this graph's own so far.
    private func visibleValues(_ builder: GraphBuilder, outer: [String: Tensor]) -> [String: Tensor] {
        var visible = outer
        for name in builder.names {
            if let id = builder.tensor(named: name) { visible[name] = builder.graph.tensors[id] }
        }
        return visible
    }

    private mutating func subgraphs<Node: ONNXNodeFields>(of node: Node, id: NodeID, index: Int, places: ONNXGraphPlaces,
                                    visible: [String: Tensor], depth: Int) -> [Graph] {
        guard depth < Self.maximumDepth else {
            if failure == nil {
                failure = ONNXReadError(message: "graphs nested more than \(Self.maximumDepth) deep in node attributes, deeper than modellint reads",
                                        location: nodeLocation(index, places: places))
            }
            return []
        }
        var graphs: [Graph] = []
        for (attribute, graphIndex, body) in ONNXNodeAttributes<Node.Attribute>.subgraphs(of: node) {
            let key = ONNXGraphPlaces.SubgraphKey(node: index, attribute: attribute, index: graphIndex)
            graphs.append(read(body, nodes: body.node, places: places.subgraphs[key] ?? .none, outer: visible,
                               owner: OwnerPlace(node: id, attribute: attribute, index: graphIndex), depth: depth + 1))
        }
        let functionKey = "\(node.domain):\(node.opType)"
        if let function = functions[functionKey] {
            if let start = functionsOpen.firstIndex(of: functionKey) {
                failure = ONNXReadError(
                    message: "function '\(node.opType)' calls itself (" + (functionsOpen[start...] + [functionKey]).map { "'\($0.split(separator: ":").last ?? "")'" }.joined(separator: " calls ") + "); ONNX functions are not recursive",
                    location: nodeLocation(index, places: places))
                return graphs
            }
            functionsOpen.append(functionKey)
            defer { functionsOpen.removeLast() }
            var body = Onnx_GraphProto()
            body.name = "\(node.opType) (function)"
            body.node = function.node
            body.input = function.input.map { name in var info = Onnx_ValueInfoProto(); info.name = name; return info }
            body.output = function.output.map { name in var info = Onnx_ValueInfoProto(); info.name = name; return info }
            graphs.append(read(body, nodes: body.node, places: functionPlaces["\(node.domain):\(node.opType)"] ?? .none,
                               owner: OwnerPlace(node: id, attribute: nil, index: 0), depth: depth + 1))
        }
        return graphs
    }

    /// Shapes and element types from a `TypeProto` (tensor types only).
    /// A Reduce* node's axes: the `axes` attribute, or (ReduceSum from opset
    /// 13, the others from 18) the constant input 1; nil when they are not
    /// known, or when empty axes with `noop_with_empty_axes` make it no reduction.
    static func reduction<Node: ONNXNodeFields>(of node: Node, inputs: [TensorID], in graph: Graph) -> Reduction? {
        let attributes = ONNXNodeAttributes(node)
        let keeps = (attributes.int("keepdims") ?? 1) != 0
        var axes = attributes.ints("axes")
        if axes == nil, inputs.count >= 2, !graph.tensors[inputs[1]].name.isEmpty {
            guard let values = graph.tensors[inputs[1]].constant?.values else { return nil }
            axes = values.compactMap { Int(exactly: $0) }
        }
        if axes?.isEmpty ?? true {
            if attributes.int("noop_with_empty_axes") == 1 { return nil }
            axes = nil
        }
        return Reduction(axes: axes, keepsDimensions: keeps)
    }

    /// Sets the tensor's dtype and shape from a declared type. Paddle and TF
    /// exporters write `dim_value: -1` (and on graph inputs `0`) for a
    /// dimension that varies, which ONNX spells `dim_param`: such a dimension
    /// is read as unknown. Returns the positions read that way.
    @discardableResult
    private func apply(_ type: Onnx_TypeProto, to id: TensorID, in builder: inout GraphBuilder, isGraphInput: Bool = false) -> [Int] {
        guard case .tensorType(let tensor)? = type.value else { return [] }
        builder.graph.tensors[id].dtype = ONNXTensorData.dtype(tensor.elemType)
        guard tensor.hasShape else { return [] }
        var dynamic: [Int] = []
        builder.graph.tensors[id].shape = Shape(tensor.shape.dim.enumerated().map { axis, dim in
            switch dim.value {
            case .dimValue(let value)? where value == -1 || (value == 0 && isGraphInput):
                dynamic.append(axis)
                return .unknown
            case .dimValue(let value)?: return .known(Int(clamping: value))
            case .dimParam(let name)? where !name.isEmpty: return .symbolic(name)
            default: return .unknown
            }
        })
        return dynamic
    }
}
