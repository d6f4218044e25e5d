import ModelLintIR

/// ML302: a recurrent net trained without gradient clipping.
public struct MissingGradientClipping: Rule {
    public static let description = RuleDescription(
        code: "ML302",
        name: "missing-gradient-clipping",
        summary: "A recurrent net (LSTM, RNN) is trained by a solver that does not clip gradients.",
        rationale: """
            Backpropagation through time multiplies the gradient by the recurrent weights once per \
            step. When their largest singular value exceeds 1 the product grows exponentially with \
            the sequence length: one long sequence yields a gradient of 1e30 or Inf, the update \
            writes Inf into the weights and every later output is NaN (Pascanu et al., 2013, "On the \
            difficulty of training recurrent neural networks"). Clipping the gradient's norm bounds \
            each update whatever the sequence. Flagged: a net with a Caffe LSTM or RNN layer (or the \
            Lstm layer of junhyukoh/caffe-lstm) trained by a solver without clip_gradients > 0, when \
            no recurrent layer clips its own gradients either (clipping_threshold > 0 in the \
            recurrent_param or lstm_param of Caffe forks). The finding is at base_lr in the solver \
            (next to which clip_gradients belongs; at clip_gradients when it is written as 0 or less), \
            with a note at the first recurrent layer. Only a trained net is judged: a deploy net or \
            a net linted without its solver has no training configuration, and neither has an ONNX \
            model (ONNX Loop/Scan recurrences and LSTM/GRU/RNN nodes are inference graphs there).
            """,
        fix: "Add clip_gradients to the solver (a global L2 norm such as 10; Caffe scales all gradients down when their norm exceeds it).",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                base_lr: 0.01  # expect: ML302
                lr_policy: "step"
                gamma: 0.5
                stepsize: 10000
                net_param {
                  name: "lstm_lm"
                  input: "x"
                  input_shape { dim: 20 dim: 8 dim: 32 }
                  input: "cont"
                  input_shape { dim: 20 dim: 8 }
                  layer { name: "lstm1" type: "LSTM" bottom: "x" bottom: "cont" top: "h"
                    recurrent_param { num_output: 64 } }
                }
                """),
            .triggering(.prototxt, """
                base_lr: 0.1
                clip_gradients: 0  # expect: ML302
                lr_policy: "step"
                gamma: 0.5
                stepsize: 10000
                net_param {
                  name: "rnn"
                  input: "x"
                  input_shape { dim: 20 dim: 8 dim: 32 }
                  input: "cont"
                  input_shape { dim: 20 dim: 8 }
                  layer { name: "rnn1" type: "RNN" bottom: "x" bottom: "cont" top: "o"
                    recurrent_param { num_output: 64 } }
                }
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                clip_gradients: 10
                lr_policy: "step"
                gamma: 0.5
                stepsize: 10000
                net_param {
                  name: "lstm_lm"
                  input: "x"
                  input_shape { dim: 20 dim: 8 dim: 32 }
                  input: "cont"
                  input_shape { dim: 20 dim: 8 }
                  layer { name: "lstm1" type: "LSTM" bottom: "x" bottom: "cont" top: "h"
                    recurrent_param { num_output: 64 } }
                }
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "fixed"
                net_param {
                  name: "fork_lstm"
                  input: "x"
                  input_shape { dim: 320 dim: 1 }
                  input: "cont"
                  input_shape { dim: 320 dim: 1 }
                  layer { name: "lstm1" type: "Lstm" bottom: "x" bottom: "cont" top: "h"
                    lstm_param { num_output: 15 clipping_threshold: 0.1 } }
                }
                """),
            .nonTriggering(.prototxt, """
                base_lr: 0.01
                lr_policy: "step"
                gamma: 0.5
                stepsize: 10000
                net_param {
                  name: "fork_clipped_lstm"
                  input: "x"
                  input_shape { dim: 20 dim: 8 dim: 32 }
                  input: "cont"
                  input_shape { dim: 20 dim: 8 }
                  layer { name: "lstm1" type: "LSTM" bottom: "x" bottom: "cont" top: "h"
                    recurrent_param { num_output: 64 clipping_threshold: 5 } }
                }
                """),
            .nonTriggering(.prototxt, """
                name: "deploy_lstm"
                input: "x"
                input_shape { dim: 20 dim: 8 dim: 32 }
                input: "cont"
                input_shape { dim: 20 dim: 8 }
                layer { name: "lstm1" type: "LSTM" bottom: "x" bottom: "cont" top: "h"
                  recurrent_param { num_output: 64 } }
                """),
        ],
        absentFormats: [.onnxJSON: "ONNX has no solver: a model carries no training configuration, so no ONNX net is \"trained\" here."])

    public init() {}

    /// The fork layer types that are recurrent though Caffe does not know them.
    static let forkRecurrentTypes: Set<String> = ["Lstm"]

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        guard let training = graph.solverTraining else { return }
        if let clip = training.gradientClipping, clip > 0 { return }
        let recurrent = graph.nodes.filter { node in
            switch node.op {
            case .lstm, .rnn: return true
            case .unknown(let type): return Self.forkRecurrentTypes.contains(type)
            default: return false
            }
        }
        guard let first = recurrent.first, !recurrent.contains(where: Self.clipsItself) else { return }

        let clipWritten = training.fieldLocations[.gradientClipping] != nil
        let location = clipWritten ? training.location(of: .gradientClipping) : training.location(of: .baseLearningRate)
        let layers = recurrent.count == 1 ? "recurrent layer '\(first.name)'" : "\(recurrent.count) recurrent layers"
        let message: String
        if !clipWritten {
            message = "the \(layers) of '\(graph.name)' \(recurrent.count == 1 ? "is" : "are") trained without gradient clipping (no clip_gradients)"
        } else if training.gradientClipping == 0 {
            message = "clip_gradients 0 does not clip, it zeroes: Caffe scales every gradient down to norm 0, so the \(layers) of '\(graph.name)' are never trained with a bounded, nonzero update"
        } else {
            message = "a negative clip_gradients turns clipping off: the \(layers) of '\(graph.name)' train without gradient clipping"
        }
        context.report(message, at: location, evidence: [
            "backpropagation through time multiplies the gradient by the recurrent weights once per time step",
        ], related: [RelatedLocation(location: first.location,
                                     message: "'\(first.name)' (\(first.sourceType)) is recurrent and clips nothing itself")])
    }

    /// A layer that clips its own gradients (`clipping_threshold > 0` in a fork).
    static func clipsItself(_ node: Node) -> Bool {
        switch node.op {
        case .lstm(let attributes), .rnn(let attributes): return (attributes.gradientClipping ?? 0) > 0
        default: return node.writes(.attribute("gradientClipping"))
        }
    }
}
