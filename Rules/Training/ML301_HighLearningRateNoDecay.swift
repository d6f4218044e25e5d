import ModelLintIR

/// ML301: a high learning rate that the schedule never lowers.
public struct HighLearningRateNoDecay: Rule {
    public static let description = RuleDescription(
        code: "ML301",
        name: "high-lr-no-decay",
        summary: "A learning rate that is high for its optimizer and that the schedule never lowers.",
        rationale: """
            Each step moves the weights by the learning rate times the gradient. Early in training, \
            and whenever the loss surface is steep, a large rate overshoots: the loss rises, the next \
            gradients are larger, the steps larger still, until a weight or an activation overflows \
            to Inf and the loss becomes NaN. A decaying schedule (step, multistep, exp, poly, inv) \
            shrinks the steps before this compounds; a rate that never decays (lr_policy "fixed", \
            a step schedule with gamma 1, a multistep schedule without stepvalue, poly or inv with \
            power 0, sigmoid with gamma > 0, which only rises to base_lr, or gamma 0) keeps every \
            step as large as the first. High means base_lr at or above high-lr-sgd for SGD and \
            Nesterov, high-lr-adaptive for Adam, AdamW and RMSProp (the thresholds and their \
            defaults are listed below). AdaGrad and AdaDelta are exempt: their per-weight steps \
            shrink as squared gradients accumulate (AdaDelta is run at base_lr 1.0). A deep net, with \
            deep-net-layers or more weighted layers (convolution, inner product, embedding, \
            recurrent) and no normalization layer (BatchNorm, MVN, layer, instance or group \
            normalization; LRN does not count), multiplies gradients through every layer: its \
            thresholds are multiplied by deep-net-lr-factor (by default halved). A schedule that \
            grows past base_lr is ML303's; an lr_policy modellint does not know (a fork's "vstep") \
            is not judged. The finding is at base_lr in the solver, with notes at lr_policy and, for \
            a deep net, at its first weighted layer in the net's file (layers of the TRAIN net). \
            Only a net trained by a solver has a learning rate: ONNX has no solver, and a Caffe \
            net linted alone is not judged.
            """,
        fix: "Add a decaying lr_policy (step or multistep with gamma < 1, poly, exp with gamma < 1), or lower base_lr; for a deep net, also consider BatchNorm layers.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                base_lr: 0.1  # expect: ML301
                lr_policy: "fixed"
                momentum: 0.9
                max_iter: 10000
                net_param {
                  name: "mlp"
                  input: "data"
                  input_shape { dim: 64 dim: 784 }
                  layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "fc1" inner_product_param { num_output: 10 } }
                }
                """),
            .triggering(.prototxt, """
                type: "Adam"
                base_lr: 0.01  # expect: ML301
                lr_policy: "step"
                gamma: 1
                stepsize: 1000
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.1
                lr_policy: "step"
                gamma: 0.1
                stepsize: 30000
                momentum: 0.9
                """),
            .nonTriggering(.prototxt, """
                type: "AdaDelta"
                base_lr: 1.0
                lr_policy: "fixed"
                delta: 1e-6
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "fixed"
                momentum: 0.9
                """),
        ],
        thresholds: [
            RuleThreshold("high-lr-sgd", default: 0.05,
                          "base_lr from which SGD and Nesterov with a rate that never decays are flagged"),
            RuleThreshold("high-lr-adaptive", default: 0.01,
                          "base_lr from which Adam, AdamW and RMSProp with a rate that never decays are flagged"),
            RuleThreshold("deep-net-layers", default: 20,
                          "weighted layers from which a net without normalization layers counts as deep"),
            RuleThreshold("deep-net-lr-factor", default: 0.5,
                          "what the high-lr thresholds are multiplied by for a deep net without normalization"),
        ],
        absentFormats: [.onnxJSON: "ONNX has no solver: a model holds no learning rate or schedule."])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        guard let training = graph.solverTraining, let rate = training.baseLearningRate,
              let schedule = training.schedule, let constancy = Self.neverDecays(schedule) else { return }
        let optimizer = training.optimizer ?? "SGD"
        let thresholdName: String
        switch optimizer.lowercased() {
        case "sgd", "nesterov": thresholdName = "high-lr-sgd"
        case "adam", "adamw", "rmsprop": thresholdName = "high-lr-adaptive"
        default: return    // AdaGrad, AdaDelta and optimizers modellint does not know
        }
        let base = context.threshold(thresholdName)
        let weighted = graph.weightedLayers
        let deep = !weighted.isEmpty && Double(weighted.count) >= context.threshold("deep-net-layers") && !graph.hasNormalization
        let limit = deep ? base * context.threshold("deep-net-lr-factor") : base
        guard rate >= limit else { return }

        var evidence = ["\(optimizer) counts base_lr >= \(formatted(limit)) as high (\(thresholdName): \(formatted(base))"
                        + (deep ? ", times deep-net-lr-factor \(formatted(context.threshold("deep-net-lr-factor"))) for a deep net)" : ")")]
        var related: [RelatedLocation] = []
        if let policy = training.fieldLocations[.schedule] {
            related.append(RelatedLocation(location: policy, message: "lr_policy \"\(schedule.policyName)\": \(constancy)"))
        } else {
            evidence.append("no lr_policy is written: Caffe's default is \"fixed\"")
        }
        if deep, let first = weighted.first {
            related.append(RelatedLocation(
                location: first.location,
                message: "the net has \(weighted.count) weighted layers from '\(first.name)' on and no normalization layer, so the threshold is lowered"))
        }
        context.report("base_lr \(formatted(rate)) is high for \(optimizer) and never decays (\(constancy))",
                       at: training.location(of: .baseLearningRate), severity: nil, evidence: evidence, related: related)
    }

    /// Why the schedule keeps the rate where it starts (or lets it rise only
    /// to base_lr), or nil when it lowers it. Schedules that grow past
    /// base_lr are ML303's; a policy modellint does not know is not judged.
    static func neverDecays(_ schedule: LearningRateSchedule) -> String? {
        switch schedule {
        case .fixed: return "the rate stays at base_lr"
        case .step(let gamma, _), .exponential(let gamma):
            return gamma == 1 ? "gamma 1 leaves the rate at base_lr" : nil
        case .multiStep(let gamma, let steps):
            if gamma == 1 { return "gamma 1 leaves the rate at base_lr" }
            return steps.isEmpty && gamma < 1 ? "no stepvalue is given, so the rate never steps down" : nil
        case .inverse(let gamma, let power):
            return gamma == 0 || power == 0 ? "with gamma or power 0 the rate stays at base_lr" : nil
        case .polynomial(let power, _):
            return power == 0 ? "power 0 leaves the rate at base_lr" : nil
        case .sigmoid(let gamma, _):
            if gamma == 0 { return "gamma 0 keeps the rate at base_lr / 2" }
            return gamma > 0 ? "with gamma > 0 the rate rises to base_lr and stays there; it decays only with gamma < 0" : nil
        case .cosine, .other:
            return nil
        }
    }
}
