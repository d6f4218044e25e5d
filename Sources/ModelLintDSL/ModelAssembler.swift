import ModelLintIR

/// Builds the IR of a model from its layers, whichever half of the DSL read
/// them. Layers whose kind the vocabulary does not know are left out: the
/// static frontend has already reported them, and the library cannot make one.
/// A `Layer.cut` makes the next layer read an unknown graph input named after
/// the place that could not be evaluated, never the layer before the cut.
public enum ModelAssembler {
    public static func graph(of model: Model, source: SourceFile? = nil) -> Graph {
        var builder = GraphBuilder(name: model.name, source: source ?? SourceFile(path: model.location.file, bytes: []))
        var previous: String?
        for layer in model.layers {
            if layer.kind == Layer.cutKind {
                let unknown = "(not evaluated at line \(layer.location.line):\(layer.location.column))"
                _ = builder.declareInput(unknown)
                previous = unknown
                continue
            }
            guard let definition = Vocabulary.definition(of: layer.kind) else { continue }
            let arguments = Vocabulary.Arguments(values: layer.arguments)
            let name = layer.name
            var inputs: [TensorID] = []
            switch definition.inputs {
            case .none: break
            case .one:
                if case .string(let from) = layer.arguments["from"] {
                    inputs = [builder.consume(from)]
                } else if let previous {
                    inputs = [builder.consume(previous)]
                }
            case .several:
                if case .list(let names) = layer.arguments["inputs"] {
                    inputs = names.compactMap { if case .string(let input) = $0 { builder.consume(input) } else { nil } }
                }
            }
            let isInput = if case .none = definition.inputs { true } else { false }
            let output = builder.produce(name)
            builder.addNode(name: name, op: definition.op(arguments), sourceType: layer.kind, inputs: inputs,
                            outputs: [output], location: layer.location, fieldLocations: fieldLocations(layer))
            builder.graph.nodes[builder.graph.nodes.count - 1].expansion = layer.expansion
            if isInput { describeInput(output, arguments, in: &builder.graph) }
            previous = name
        }
        builder.markUnreadAsOutputs()
        builder.graph.training = model.training?.config
        return builder.graph
    }

    /// Shape, value range and element type of an `Input`.
    private static func describeInput(_ tensor: TensorID, _ arguments: Vocabulary.Arguments, in graph: inout Graph) {
        if case .list(let dims) = arguments.values["shape"] {
            graph.tensors[tensor].shape = Shape(dims.map { if case .int(let value) = $0 { .known(value) } else { .unknown } })
        }
        if case .range(let range) = arguments.values["range"] { graph.tensors[tensor].declaredRange = range }
        if let type = arguments.symbol("dtype").flatMap(ElementType.init(rawValue:)) { graph.tensors[tensor].dtype = type.dtype }
    }

    /// Where each written argument is, under the IR names findings ask for.
    private static func fieldLocations(_ layer: Layer) -> [NodeField: SourceLocation] {
        var fields: [NodeField: SourceLocation] = [:]
        for (key, location) in layer.argumentLocations {
            switch key {
            case "name": fields[.name] = location
            case "from": fields[.input(0)] = location
            case "useGlobalStats": fields[.attribute("statistics_mode")] = location
            case "shape":
                // An input's batch size is the first dimension of its shape.
                fields[.attribute("shape")] = location
                fields[.attribute("batch_size")] = location
            default: fields[.attribute(key)] = location
            }
        }
        return fields
    }
}
