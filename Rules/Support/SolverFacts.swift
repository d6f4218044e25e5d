import Foundation
import ModelLintIR

/// What the training-configuration rules (ML3xx) share: which graphs a solver
/// trains, where its settings are written, and how to name a schedule.
extension Graph {
    /// The settings of the solver that trains this graph, when it was read
    /// through a solver (`TrainingConfig.sourcePath` set) and is not only
    /// tested by it: Caffe trains the TRAIN net, so a TEST variant or a
    /// `test_net` repeats nothing new. A net read on its own has no solver:
    /// its data layers' batch sizes are not a training configuration.
    public var solverTraining: TrainingConfig? {
        guard let training, training.sourcePath != nil, phase != .test else { return nil }
        return training
    }

    /// Layers with learned weights that gradients flow through: convolutions,
    /// inner products, embeddings, recurrent layers.
    public var weightedLayers: [Node] {
        nodes.filter {
            switch $0.op {
            case .conv, .deconv, .fullyConnected, .embed, .lstm, .rnn: return true
            default: return false
            }
        }
    }

    /// Whether some layer normalizes activations by their statistics
    /// (BatchNorm, MVN, Layer/Instance/Group normalization). LRN is not
    /// counted: it rescales by a local sum but does not keep activations at
    /// unit scale.
    public var hasNormalization: Bool {
        nodes.contains {
            switch $0.op {
            case .batchNorm, .mvn, .normalize: return true
            default: return false
            }
        }
    }
}

extension TrainingConfig {
    /// Where `field` is written in the solver, or the solver's first line.
    public func location(of field: Field) -> SourceLocation {
        fieldLocations[field] ?? .startOf(sourcePath ?? "")
    }
}

extension LearningRateSchedule {
    /// Caffe's `lr_policy` name for the schedule.
    public var policyName: String {
        switch self {
        case .fixed: return "fixed"
        case .step: return "step"
        case .multiStep: return "multistep"
        case .exponential: return "exp"
        case .inverse: return "inv"
        case .polynomial: return "poly"
        case .sigmoid: return "sigmoid"
        case .cosine: return "cosine"
        case .other(let name): return name
        }
    }
}

/// `0.05` rather than `0.05000000000000001`, `1` rather than `1.0`, for messages.
func formatted(_ value: Double) -> String {
    if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) }
    var text = "\(value)"
    if let short = Double(String(format: "%g", value)), short == value { text = String(format: "%g", value) }
    return text
}
