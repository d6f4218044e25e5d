import ModelLintIR

/// Element types a DSL `Input` may declare.
public enum ElementType: String, CaseIterable, Sendable {
    case float32, float16, bfloat16, float64

    var dtype: DType { DType(rawValue: rawValue) ?? .float32 }
}

public enum Optimizer: String, CaseIterable, Sendable {
    case sgd, nesterov, adam, adamW, rmsProp, adaGrad, adaDelta
}

/// How the learning rate changes over training; the cases and labels of
/// `TrainingConfig`'s `LearningRateSchedule`, as a DSL user writes them.
public enum Schedule: Sendable {
    case fixed
    case step(gamma: Double, every: Int)
    case multiStep(gamma: Double, steps: [Int])
    case exponential(gamma: Double)
    case inverse(gamma: Double, power: Double)
    case polynomial(power: Double, maxIterations: Int)
    case cosine(maxIterations: Int)

    /// The signatures of the cases that take arguments, for the static frontend.
    public static let signatures: [String: DSLSignature] = Dictionary(uniqueKeysWithValues: [
        DSLSignature("step", [.init("gamma", .double, required: true), .init("every", .int, required: true)]),
        DSLSignature("multiStep", [.init("gamma", .double, required: true), .init("steps", .ints, required: true)]),
        DSLSignature("exponential", [.init("gamma", .double, required: true)]),
        DSLSignature("inverse", [.init("gamma", .double, required: true), .init("power", .double, required: true)]),
        DSLSignature("polynomial", [.init("power", .double, required: true), .init("maxIterations", .int, required: true)]),
        DSLSignature("cosine", [.init("maxIterations", .int, required: true)]),
    ].map { ($0.name, $0) })
    /// The cases written without arguments.
    public static let plainCases = ["fixed"]

    var value: DSLValue {
        switch self {
        case .fixed: .symbol("fixed")
        case .step(let gamma, let every): .call("step", ["gamma": .double(gamma), "every": .int(every)])
        case .multiStep(let gamma, let steps): .call("multiStep", ["gamma": .double(gamma), "steps": .list(steps.map(DSLValue.int))])
        case .exponential(let gamma): .call("exponential", ["gamma": .double(gamma)])
        case .inverse(let gamma, let power): .call("inverse", ["gamma": .double(gamma), "power": .double(power)])
        case .polynomial(let power, let maxIterations):
            .call("polynomial", ["power": .double(power), "maxIterations": .int(maxIterations)])
        case .cosine(let maxIterations): .call("cosine", ["maxIterations": .int(maxIterations)])
        }
    }

    /// The IR schedule of a `.fixed` / `.step(...)` value.
    static func schedule(_ value: DSLValue) -> LearningRateSchedule? {
        switch value {
        case .symbol("fixed"): return .fixed
        case .call(let name, let arguments):
            func double(_ key: String) -> Double { arguments[key]?.number ?? 0 }
            func int(_ key: String) -> Int { if case .int(let value) = arguments[key] { value } else { 0 } }
            switch name {
            case "step": return .step(gamma: double("gamma"), stepSize: int("every"))
            case "multiStep":
                guard case .list(let steps) = arguments["steps"] else { return .multiStep(gamma: double("gamma"), steps: []) }
                return .multiStep(gamma: double("gamma"), steps: steps.compactMap { if case .int(let v) = $0 { v } else { nil } })
            case "exponential": return .exponential(gamma: double("gamma"))
            case "inverse": return .inverse(gamma: double("gamma"), power: double("power"))
            case "polynomial": return .polynomial(power: double("power"), maxIterations: int("maxIterations"))
            case "cosine": return .cosine(maxIterations: int("maxIterations"))
            default: return .other(name)
            }
        default: return nil
        }
    }
}

/// How a model is trained: what the ML3xx rules (learning rate, clipping,
/// schedule) and the BatchNorm rules (batch size, shuffling) read.
public struct Training: Sendable {
    public static let signature = DSLSignature("Training", [
        .init("optimizer", .symbol(Optimizer.allCases.map(\.rawValue))),
        .init("learningRate", .double, required: true),
        .init("schedule", .schedule),
        .init("momentum", .double),
        .init("weightDecay", .double),
        .init("clipGradients", .double),
        .init("maxIterations", .int),
        .init("batchSize", .int),
        .init("shuffle", .bool),
    ])

    public var arguments: [String: DSLValue]
    public var location: SourceLocation
    /// Where each argument is written (static frontend only).
    public var argumentLocations: [String: SourceLocation]

    public init(arguments: [String: DSLValue], location: SourceLocation, argumentLocations: [String: SourceLocation] = [:]) {
        self.arguments = arguments
        self.location = location
        self.argumentLocations = argumentLocations
    }

    public init(optimizer: Optimizer? = nil, learningRate: Double, schedule: Schedule? = nil, momentum: Double? = nil,
                weightDecay: Double? = nil, clipGradients: Double? = nil, maxIterations: Int? = nil,
                batchSize: Int? = nil, shuffle: Bool? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        let values: [String: DSLValue?] = [
            "optimizer": optimizer.map { .symbol($0.rawValue) }, "learningRate": .double(learningRate),
            "schedule": schedule?.value, "momentum": momentum.map(DSLValue.double),
            "weightDecay": weightDecay.map(DSLValue.double), "clipGradients": clipGradients.map(DSLValue.double),
            "maxIterations": maxIterations.map(DSLValue.int), "batchSize": batchSize.map(DSLValue.int),
            "shuffle": shuffle.map(DSLValue.bool),
        ]
        self.init(arguments: values.compactMapValues { $0 }, location: SourceLocation(callee: "Training", file: file, line: line, parenthesisColumn: column))
    }

    /// The IR's training settings, each pointing at where it is written.
    var config: TrainingConfig {
        let a = Vocabulary.Arguments(values: arguments)
        var config = TrainingConfig(optimizer: a.symbol("optimizer"), baseLearningRate: a.double("learningRate"),
                                    schedule: arguments["schedule"].flatMap(Schedule.schedule) ?? .fixed,
                                    momentum: a.double("momentum"), weightDecay: a.double("weightDecay"),
                                    gradientClipping: a.double("clipGradients"), maxIterations: a.int("maxIterations"),
                                    shuffle: a.bool("shuffle"), sourcePath: location.file)
        if let batch = a.int("batchSize") { config.batchSize[.train] = batch }
        let fields: [(String, TrainingConfig.Field)] = [
            ("optimizer", .optimizer), ("learningRate", .baseLearningRate), ("schedule", .schedule),
            ("momentum", .momentum), ("weightDecay", .weightDecay), ("clipGradients", .gradientClipping),
            ("maxIterations", .maxIterations),
        ]
        for (key, field) in fields {
            config.fieldLocations[field] = argumentLocations[key] ?? location
        }
        return config
    }
}
