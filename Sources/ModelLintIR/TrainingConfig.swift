/// How the learning rate changes over training (Caffe `lr_policy` and friends).
public enum LearningRateSchedule: Hashable, Sendable {
    case fixed
    case step(gamma: Double, stepSize: Int)
    case multiStep(gamma: Double, steps: [Int])
    case exponential(gamma: Double)
    case inverse(gamma: Double, power: Double)
    case polynomial(power: Double, maxIterations: Int?)
    case sigmoid(gamma: Double, stepSize: Int)
    case cosine(maxIterations: Int?)
    /// A policy name modellint does not know.
    case other(String)

    /// Whether the schedule ever lowers the rate.
    public var decays: Bool {
        switch self {
        case .fixed: return false
        case .step(let gamma, _), .exponential(let gamma): return gamma < 1
        case .multiStep(let gamma, let steps): return gamma < 1 && !steps.isEmpty
        case .inverse(let gamma, let power): return gamma > 0 && power > 0
        case .polynomial(let power, _): return power > 0
        case .sigmoid(let gamma, _): return gamma < 0
        case .cosine: return true
        case .other: return true
        }
    }
}

/// Settings of training that rules about learning rates, clipping and batch
/// statistics read. Filled from a Caffe solver (and its net's data layers), or
/// from the DSL.
public struct TrainingConfig: Hashable, Sendable {
    public enum Field: String, Hashable, Sendable {
        case optimizer, baseLearningRate, schedule, momentum, weightDecay, gradientClipping, maxIterations
        /// The schedule's parameters (Caffe `gamma`, `power`), for findings about how the rate changes.
        case gamma, power
    }

    public var optimizer: String?
    public var baseLearningRate: Double?
    public var schedule: LearningRateSchedule?
    public var momentum: Double?
    public var weightDecay: Double?
    /// Caffe `clip_gradients`: the global L2 norm gradients are clipped to; nil or negative means none
    /// (0 is kept as written: Caffe would scale every gradient to zero).
    public var gradientClipping: Double?
    public var maxIterations: Int?
    public var batchSize: [Phase: Int]
    public var shuffle: Bool?
    /// Where each setting is written, for findings that point at the solver.
    public var fieldLocations: [Field: SourceLocation]
    /// The solver (or other) file that declared these settings.
    public var sourcePath: String?

    public init(optimizer: String? = nil, baseLearningRate: Double? = nil, schedule: LearningRateSchedule? = nil,
                momentum: Double? = nil, weightDecay: Double? = nil, gradientClipping: Double? = nil,
                maxIterations: Int? = nil, batchSize: [Phase: Int] = [:], shuffle: Bool? = nil,
                fieldLocations: [Field: SourceLocation] = [:], sourcePath: String? = nil) {
        self.optimizer = optimizer
        self.baseLearningRate = baseLearningRate
        self.schedule = schedule
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.gradientClipping = gradientClipping
        self.maxIterations = maxIterations
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.fieldLocations = fieldLocations
        self.sourcePath = sourcePath
    }
}
