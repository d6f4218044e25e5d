import ModelLintIR

/// ML204: BatchNorm with frozen statistics in a net that is being trained.
public struct BatchNormFrozenWhileTraining: Rule {
    public static let description = RuleDescription(
        code: "ML204",
        name: "bn-frozen-while-training",
        summary: "BatchNorm layers use their stored mean and variance (use_global_stats: true, ONNX inference mode) in a graph that is trained.",
        rationale: """
            A BatchNorm layer with frozen statistics normalizes with the running mean and variance it \
            was given, and never updates them, while the weights before it keep moving. As those weights \
            change, the distribution of the layer's input drifts away from the stored statistics: \
            (x - mean) / sqrt(var + eps) is no longer close to zero mean and unit variance, activations \
            and gradients grow layer after layer, and with a high learning rate training diverges to \
            Inf/NaN; where the stored variance is near 0 (a layer never trained, or statistics \
            initialized to zero) the division by sqrt(var + eps) amplifies the input by up to \
            1/sqrt(eps) at once. It is also a known and deliberate recipe: fine-tuning a pretrained net \
            with small batches (detection, segmentation) freezes BatchNorm because batch statistics of \
            one or two images would be worse, which is why this is a note. A Caffe graph is trained when \
            its phase is TRAIN, or when it has no phase and computes a loss; an ONNX graph when it \
            computes a loss (SoftmaxCrossEntropyLoss, NegativeLogLikelihoodLoss).
            """,
        fix: "If the freeze is deliberate, keep the learning rate of the layers before the frozen BatchNorm low (or freeze them too: lr_mult: 0) and suppress this note with the reason; otherwise remove use_global_stats (Caffe picks batch statistics in TRAIN) or export the ONNX training graph with training_mode: 1.",
        defaultSeverity: .note,
        examples: [
            .triggering(.prototxt, """
                name: "finetune_frozen_bn"
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  data_param { source: "train_lmdb" batch_size: 2 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1"
                  batch_norm_param {
                    use_global_stats: true  # expect: ML204
                  } }
                layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn2" type: "BatchNorm" bottom: "conv2" top: "conv2"
                  batch_norm_param { use_global_stats: true } }
                layer { name: "fc" type: "InnerProduct" bottom: "conv2" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "train_val"
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  data_param { source: "train_lmdb" batch_size: 32 }
                }
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TEST }
                  data_param { source: "val_lmdb" batch_size: 32 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "deploy"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 32 dim: 32 }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1"
                  batch_norm_param { use_global_stats: true } }
                layer { name: "prob" type: "Softmax" bottom: "conv1" top: "prob" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "15"}], "graph": {"name": "train_with_eval_bn",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "8"}, {"dimValue": "3"}]}}}},
                            {"name": "labels", "type": {"tensorType": {"elemType": 7, "shape": {"dim": [{"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "s", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]},
                                  {"name": "b", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "m", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "v", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]}],
                  "node": [{"name": "bn", "opType": "BatchNormalization", "input": ["x", "s", "b", "m", "v"], "output": ["y"]},
                           {"name": "loss", "opType": "SoftmaxCrossEntropyLoss", "input": ["y", "labels"], "output": ["l"]}],
                  "output": [{"name": "l"}]}}
                """, nodes: ["bn"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "15"}], "graph": {"name": "train_with_training_bn",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "8"}, {"dimValue": "3"}]}}}},
                            {"name": "labels", "type": {"tensorType": {"elemType": 7, "shape": {"dim": [{"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "s", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]},
                                  {"name": "b", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "m", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "v", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]}],
                  "node": [{"name": "bn", "opType": "BatchNormalization", "input": ["x", "s", "b", "m", "v"], "output": ["y", "m_out", "v_out"],
                            "attribute": [{"name": "training_mode", "i": "1", "type": "INT"}]},
                           {"name": "loss", "opType": "SoftmaxCrossEntropyLoss", "input": ["y", "labels"], "output": ["l"]}],
                  "output": [{"name": "l"}]}}
                """),
        ])

    public init() {}

    /// One finding per graph, at the first frozen layer: a net that freezes
    /// BatchNorm usually freezes every one of them, and one note says it.
    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        let training = BatchNormTraining.isTraining(graph)
        let frozen = graph.nodes.filter { BatchNormTraining.isFrozen($0, training: training) }
        guard let first = frozen.first else { return }
        let all = graph.nodes.filter { if case .batchNorm = $0.op { true } else { false } }
        let scope = frozen.count == all.count
            ? (all.count == 1 ? "its only BatchNorm layer" : "all \(all.count) BatchNorm layers")
            : "\(frozen.count) of its \(all.count) BatchNorm layers"
        let phase = graph.phase == .train ? "the TRAIN net" : "a net that computes a loss"
        var evidence = ["frozen: \(BatchNormTraining.names(frozen))"]
        evidence.append("fine-tuning with frozen BatchNorm is a known recipe for small batches; if this is one, suppress the note with its reason")
        let related = graph.nodes.first { if case .dataLoader = $0.op { true } else { false } }
            .map { [RelatedLocation(location: $0.location, message: "'\($0.name)' feeds the training")] } ?? []
        context.report("\(phase) freezes the statistics of \(scope) (starting with '\(first.name)') while its weights train: the stored mean and variance stop matching the layers' inputs",
                       node: first, field: .attribute("statistics_mode"), evidence: evidence, related: related)
    }
}
