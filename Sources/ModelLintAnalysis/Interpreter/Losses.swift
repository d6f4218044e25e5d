import Foundation
import ModelLintIR

/// Loss layers. Most are sums of non-negative terms ([0, inf]: a loss can
/// overflow); Caffe's MultinomialLogisticLoss clamps the probability at
/// 1e-20 before its log, so it is bounded by -log(1e-20) = 46.05 whatever it
/// is fed: the clamp that makes it safe. ONNX NegativeLogLikelihoodLoss
/// negates its input, so only log-probabilities (<= 0) make it non-negative.
enum Losses {
    /// Caffe's `kLOG_THRESHOLD`.
    static let logThreshold = 1e-20

    static func outputs(_ kind: LossKind, inputs: [Interval], math: IntervalArithmetic) -> [Interval] {
        let x = inputs.first ?? .top
        let nan = inputs.contains { $0.mayBeNaN }
        switch kind {
        case .multinomialLogistic:
            // -log(max(p, 1e-20)), averaged: at most 46.05; negative only for p > 1.
            let low = x.hi > 1 ? -Foundation.log(x.hi) : 0
            let bounded = math.approximate(low, -Foundation.log(logThreshold), ulps: 4, nan: nan, composite: true)
            // -log(p) of p <= 1 is never negative: log(1) is exactly 0.
            return [low == 0 ? bounded.meet(Interval(0, .infinity)).with(nan: nan) : bounded]
        case .negativeLogLikelihood:
            // -x[target] (times weights), then none, mean or sum: the sign of -x carries, the size does not.
            var term = math.neg(x)
            if inputs.count >= 3 { term = math.mul(term, inputs[2]) }
            let lo = term.lo >= 0 ? 0 : -Double.infinity, hi = term.hi <= 0 ? 0 : Double.infinity
            // A mean over targets that are all ignored divides by a total weight of 0.
            return [Interval(lo, hi, mayBeNaN: nan || inputs.count >= 3)]
        case .softmaxCrossEntropy:
            // The second output is Caffe's probabilities ([0, 1]) or ONNX's log-probabilities (<= 0).
            return [Interval(0, .infinity, mayBeNaN: nan), Interval(-.infinity, 1, mayBeNaN: x.mayBeNaN)]
        case .sigmoidCrossEntropy, .euclidean, .hinge, .infogain, .contrastive:
            return [Interval(0, .infinity, mayBeNaN: nan), Interval(0, 1, mayBeNaN: x.mayBeNaN)]
        }
    }
}
