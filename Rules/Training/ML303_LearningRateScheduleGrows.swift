import Foundation
import ModelLintIR

/// ML303: a learning-rate schedule that raises the rate.
public struct LearningRateScheduleGrows: Rule {
    public static let description = RuleDescription(
        code: "ML303",
        name: "lr-schedule-grows",
        summary: "The learning-rate schedule raises the rate as training goes on, beyond base_lr.",
        rationale: """
            Schedules exist to shrink the steps as the weights settle. Written with the wrong sign \
            or factor they do the opposite, and the growth compounds: "step", "multistep" and \
            "exp" multiply the rate by gamma at each step (every iteration for exp), so gamma > 1 \
            grows it geometrically (exp with gamma 1.001 passes 1e38, fp32's largest value, within \
            about 90,000 iterations); "poly" computes base_lr * (1 - iter/max_iter)^power, which \
            with power < 0 grows without bound towards max_iter; "inv" computes \
            base_lr * (1 + gamma * iter)^(-power), which grows with power < 0, and with gamma < 0 \
            reaches 0^(-power) = Inf and then a negative base, NaN. Each doubling of the rate \
            doubles every update until the weights overflow to Inf and the loss is NaN. Caffe's \
            "sigmoid" policy, base_lr / (1 + exp(-gamma * (iter - stepsize))), decays only with \
            gamma < 0; with gamma > 0 it rises to base_lr and holds there, a warm-up that ends at \
            base_lr: not flagged here (ML301 judges a high rate that never decays). Caffe has no \
            other warm-up setting, and a policy of a fork that modellint does not know (e.g. \
            "vstep") is not judged. The finding is at gamma or power, with a note at lr_policy.
            """,
        fix: "Use gamma < 1 with step, multistep and exp, a positive power with poly, and gamma > 0 with a positive power with inv.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "step"
                gamma: 10  # expect: ML303
                stepsize: 10000
                max_iter: 40000
                """),
            .triggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "poly"
                power: -0.5  # expect: ML303
                max_iter: 10000
                net_param {
                  name: "tiny"
                  input: "data"
                  input_shape { dim: 1 dim: 4 }
                  layer { name: "fc" type: "InnerProduct" bottom: "data" top: "fc" inner_product_param { num_output: 2 } }
                }
                """),
            .triggering(.prototxt, """
                base_lr: 0.001
                lr_policy: "exp"
                gamma: 1.001  # expect: ML303
                max_iter: 100000
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "inv"
                gamma: 0.0001
                power: 0.75
                max_iter: 10000
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "sigmoid"
                gamma: -0.001
                stepsize: 5000
                """),
        ],
        absentFormats: [.onnxJSON: "ONNX has no solver: a model holds no learning-rate schedule."])

    public init() {}

    public func check(_ context: inout RuleContext) {
        guard let training = context.graph.solverTraining, let schedule = training.schedule else { return }
        let maxIterations = training.maxIterations
        let base = training.baseLearningRate
        var field = TrainingConfig.Field.gamma
        var message: String
        var evidence: [String] = []
        var definite = false

        switch schedule {
        case .step(let gamma, let stepSize) where gamma > 1:
            message = "gamma \(formatted(gamma)) > 1 multiplies the learning rate by \(formatted(gamma)) every \(stepSize) iterations"
            if let maxIterations, stepSize > 0 {
                let steps = (maxIterations - 1) / stepSize
                definite = evidenceOfGrowth(factor: pow(gamma, Double(steps)), after: maxIterations, base: base, into: &evidence)
            }
        case .multiStep(let gamma, let steps) where gamma > 1 && !steps.isEmpty:
            message = "gamma \(formatted(gamma)) > 1 multiplies the learning rate by \(formatted(gamma)) at each of the \(steps.count) stepvalue\(steps.count == 1 ? "" : "s")"
            let reached = steps.filter { maxIterations == nil || $0 < maxIterations! }.count
            definite = evidenceOfGrowth(factor: pow(gamma, Double(reached)), after: maxIterations, base: base, into: &evidence)
        case .exponential(let gamma) where gamma > 1:
            message = "gamma \(formatted(gamma)) > 1 multiplies the learning rate by \(formatted(gamma)) every iteration"
            if let maxIterations {
                definite = evidenceOfGrowth(factor: pow(gamma, Double(maxIterations - 1)), after: maxIterations, base: base, into: &evidence)
            }
        case .polynomial(let power, let maxIterations) where power < 0:
            field = .power
            message = "power \(formatted(power)) < 0 makes poly's (1 - iter/max_iter)^power grow towards max_iter"
            if let maxIterations, maxIterations > 1 {
                definite = evidenceOfGrowth(factor: pow(1 / Double(maxIterations), power), after: maxIterations, base: base, into: &evidence)
            }
        case .inverse(let gamma, let power) where power < 0 && gamma > 0:
            field = .power
            message = "power \(formatted(power)) < 0 makes inv's (1 + gamma * iter)^(-power) grow with every iteration"
            if let maxIterations {
                definite = evidenceOfGrowth(factor: pow(1 + gamma * Double(maxIterations - 1), -power), after: maxIterations, base: base, into: &evidence)
            }
        case .inverse(let gamma, let power) where gamma < 0 && power != 0:
            message = "gamma \(formatted(gamma)) < 0 makes inv's 1 + gamma * iter shrink to 0 at iteration \(formatted((-1 / gamma).rounded(.up)))"
            evidence.append("there the rate is base_lr * 0^(-power) = \(power > 0 ? "Inf" : "0"), and past it the base is negative: a negative rate or NaN")
            definite = power > 0 && (maxIterations.map { Double($0) > -1 / gamma } ?? false)
        default:
            return
        }
        var related: [RelatedLocation] = []
        if let policy = training.fieldLocations[.schedule] {
            related.append(RelatedLocation(location: policy, message: "lr_policy \"\(schedule.policyName)\""))
        }
        let location = training.fieldLocations[field] ?? training.location(of: .schedule)
        context.report(message, at: location, severity: definite ? .error : nil, evidence: evidence, related: related)
    }

    /// Says how far the rate has grown by the last iteration; true when it
    /// passes fp32's largest value, Caffe's rate being a float.
    private func evidenceOfGrowth(factor: Double, after maxIterations: Int?, base: Double?, into evidence: inout [String]) -> Bool {
        guard factor > 1 else { return false }
        let when = maxIterations.map { "by iteration \($0)" } ?? "by the last step"
        let rate = base.map { $0 * factor }
        if let rate, !(rate <= Double(Float.greatestFiniteMagnitude)) {
            evidence.append("\(when) the rate is base_lr * \(String(format: "%.3g", factor)), beyond fp32's largest value: Inf")
            return true
        }
        evidence.append("\(when) the rate is \(String(format: "%.3g", factor)) times base_lr" + (rate.map { ", \(String(format: "%.3g", $0))" } ?? ""))
        return false
    }
}
