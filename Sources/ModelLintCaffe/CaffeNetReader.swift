import ModelLintIR

/// Builds IR graphs from a Caffe `NetParameter` (V1 or V2): one graph per
/// phase and stage set that the layers' `include`/`exclude` rules tell apart.
struct CaffeNetReader {
    let net: TextMessage
    let source: SourceFile
    let layers: [CaffeLayer]

    init(net: TextMessage, source: SourceFile) throws {
        self.net = net
        self.source = source
        var layers: [CaffeLayer] = []
        var index = 0
        try net.forEachField { field in
            if field.isNamed("layer") || field.isNamed("layers") { layers.append(try CaffeLayer(field: field, index: index)) }
            index += 1
        }
        self.layers = layers
    }

    /// The graphs of this net. `phases` forces phases (a solver's `train_net`
    /// is TRAIN); nil lets the net decide: its `state`, else each phase that
    /// some layer's `include`/`exclude` names, else one graph with no phase.
    func graphs(phases forced: [Phase]? = nil) throws -> [Graph] {
        let state = try net.message("state")
        let statedPhase: Phase? = switch try state?.enumValue("phase") {
        case "TRAIN", "0": .train
        case "TEST", "1": .test
        default: nil
        }
        // Only the phases the net's rules name: a train-only net (data layers
        // `include { phase: TRAIN }`, nothing about TEST) is never run in TEST,
        // and building that graph would report its missing data as errors.
        let namedPhases = Set(layers.flatMap { $0.include + $0.exclude }.compactMap(\.phase))
        let phases: [Phase?] = forced.map { $0.map(Optional.some) }
            ?? statedPhase.map { [$0] }
            ?? (namedPhases.isEmpty ? [nil] : Phase.allCases.filter(namedPhases.contains).map(Optional.some))
        let statedStages = try state?.strings("stage")
        var graphs: [Graph] = []
        for phase in phases {
            for stages in statedStages.map({ [$0] }) ?? stageSets(for: phase) {
                graphs.append(try graph(phase: phase, stages: stages))
            }
        }
        return graphs
    }

    /// Each distinct set of stages that some include rule for `phase` asks
    /// for, so that `stage: "test-on-train-set"` and `"test-on-test-set"`
    /// data layers land in separate graphs instead of clashing in one.
    private func stageSets(for phase: Phase?) -> [[String]] {
        var sets: [[String]] = []
        for layer in layers {
            for rule in layer.include where !rule.stages.isEmpty && (rule.phase == nil || rule.phase == phase) {
                let set = rule.stages.sorted()
                if !sets.contains(set) { sets.append(set) }
            }
        }
        return sets.isEmpty ? [[]] : sets
    }

    private func graph(phase: Phase?, stages: [String]) throws -> Graph {
        var builder = GraphBuilder(name: try net.string("name") ?? Self.baseName(source.path), source: source)
        builder.graph.phase = phase
        builder.graph.stages = stages
        builder.graph.inPlaceWritesAllowed = true
        try declareNetInputs(into: &builder)
        let stageSet = Set(stages)
        var batchSize: Int?
        var shuffle: Bool?
        for layer in layers where layer.isIncluded(phase: phase, stages: stageSet) {
            var ops = CaffeLayerOps(layer: layer.message, fieldLocations: layer.fieldLocations())
            let op = try ops.op(canonicalType: layer.canonicalType, writtenType: layer.writtenType)
            let inputs = layer.bottoms.map { builder.consume($0.name) }
            let outputs = layer.tops.map { builder.produce($0.name) }
            builder.addNode(name: layer.name, op: op, sourceType: layer.writtenType, inputs: inputs,
                                       outputs: outputs, location: layer.location, fieldLocations: ops.fieldLocations)
            switch op {
            case .input:
                let shapes = try layer.message.message("input_param")?.messages("shape") ?? []
                for (index, output) in outputs.enumerated() {
                    builder.graph.inputs.append(output)
                    let shape = shapes.isEmpty ? nil : shapes[min(index, shapes.count - 1)]
                    if let shape { builder.graph.tensors[output].shape = try Self.shape(shape) }
                }
            case .dataLoader(let data):
                batchSize = batchSize ?? data.batchSize
                shuffle = shuffle ?? data.shuffle
            default: break
            }
        }
        builder.markUnreadAsOutputs()
        if batchSize != nil || shuffle != nil {
            var training = TrainingConfig()
            if let phase, let batchSize { training.batchSize[phase] = batchSize }
            training.shuffle = shuffle
            builder.graph.training = training
        }
        return builder.graph
    }

    /// `input: "data"` with `input_dim` (four per input) or `input_shape { dim }`.
    private func declareNetInputs(into builder: inout GraphBuilder) throws {
        let names = net.fields(named: "input")
        let dims = try net.ints("input_dim")
        let shapes = try net.messages("input_shape")
        for (index, field) in names.enumerated() {
            let tensor = builder.declareInput(try field.string())
            if index < shapes.count {
                builder.graph.tensors[tensor].shape = try Self.shape(shapes[index])
            } else if dims.count >= 4 * (index + 1) {
                builder.graph.tensors[tensor].shape = Shape(known: Array(dims[(4 * index)..<(4 * index + 4)]))
            }
        }
    }

    /// A `BlobShape { dim: ... }`; a template placeholder dim is unknown.
    static func shape(_ blobShape: TextMessage) throws -> Shape {
        Shape(try blobShape.intsOrUnknown("dim").map { $0.map(Dim.known) ?? .unknown })
    }

    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.split(separator: ".").first.map(String.init) ?? file
    }
}
