import ModelLintIR

/// ML203: BatchNorm that learns from batches of one sample.
public struct BatchNormBatchSizeOne: Rule {
    public static let description = RuleDescription(
        code: "ML203",
        name: "bn-batch-size-one",
        summary: "BatchNorm layers compute batch statistics during training, and the batch holds one sample.",
        rationale: """
            In training, BatchNorm normalizes each channel by the mean and variance of the current batch, \
            taken over the batch and spatial axes. With one sample per batch those statistics describe a \
            single image: where a layer sees one value per channel (after InnerProduct, or at 1x1 spatial \
            size) the variance is exactly 0, x - mean is 0, the output is the bias whatever the input and \
            no gradient flows back; with eps = 0 it is 0/0 = NaN. With spatial extent the statistics are \
            per-image (instance normalization in disguise) and the running mean and variance the layer \
            accumulates for inference are averages of very noisy estimates, so the same net in TEST \
            (use_global_stats) sees activations scaled differently from training and its outputs drift or \
            blow up. Gradient accumulation (Caffe `iter_size`) does not help: each forward pass still \
            normalizes over one sample. The batch size comes from the TRAIN data layer's `batch_size` \
            (DummyData/Input: the first dimension of the shape) or, without one, from the training \
            configuration; for ONNX, a BatchNormalization in training mode (opset 14 `training_mode: 1`, \
            or the running-statistic outputs before it) on an input whose batch dimension is 1. \
            A last batch of one sample cannot happen in Caffe, whose data layers wrap around to the start \
            of the data set and so always fill every batch; ONNX states no data set size; that case is \
            therefore not checked. Reported as an error when the variance is provably 0 (one value per \
            channel), as a warning otherwise.
            """,
        fix: "Train with a batch of at least 16 samples where memory allows; otherwise freeze the BatchNorm statistics (use_global_stats: true with statistics from a pretrained net) or replace BatchNorm by GroupNorm or InstanceNorm, which do not depend on the batch.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "bn_batch_one"
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  transform_param { crop_size: 32 }
                  data_param { source: "train_lmdb" batch_size: 1 }  # expect: ML203
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .triggering(.prototxt, """
                name: "fc_bn_batch_one"
                layer {
                  name: "data"
                  type: "DummyData"
                  top: "data"
                  include { phase: TRAIN }
                  dummy_data_param { shape { dim: 1 dim: 64 } }  # expect: ML203
                }
                layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "fc1" inner_product_param { num_output: 32 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "fc1" top: "fc1" }
                layer { name: "loss" type: "EuclideanLoss" bottom: "fc1" bottom: "fc1" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "bn_batch_32"
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
                  data_param { source: "val_lmdb" batch_size: 1 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "frozen_bn_batch_one"
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  data_param { source: "train_lmdb" batch_size: 1 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1"
                  batch_norm_param { use_global_stats: true } }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "15"}], "graph": {"name": "bn_train_batch_one",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "8"}, {"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "s", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]},
                                  {"name": "b", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "m", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "v", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]}],
                  "node": [{"name": "bn", "opType": "BatchNormalization", "input": ["x", "s", "b", "m", "v"], "output": ["y", "m_out", "v_out"],
                            "attribute": [{"name": "training_mode", "i": "1", "type": "INT"}]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["bn"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "15"}], "graph": {"name": "bn_inference_batch_one",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "8"}, {"dimValue": "8"}]}}}}],
                  "initializer": [{"name": "s", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]},
                                  {"name": "b", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "m", "dims": ["3"], "dataType": 1, "floatData": [0, 0, 0]},
                                  {"name": "v", "dims": ["3"], "dataType": 1, "floatData": [1, 1, 1]}],
                  "node": [{"name": "bn", "opType": "BatchNormalization", "input": ["x", "s", "b", "m", "v"], "output": ["y"]}],
                  "output": [{"name": "y"}]}}
                """),
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        let training = BatchNormTraining.isTraining(graph)
        guard graph.nodes.contains(where: { BatchNormTraining.usesBatchStatistics($0, training: training) }) else { return }
        var covered = Set<NodeID>()
        var sourcesWithBatch = 0

        // The data sources of a training graph, with the batch size they state.
        if training {
            for node in graph.nodes {
                let batch: Int?
                switch node.op {
                case .dataLoader(let data): batch = data.batchSize
                case .input: batch = node.outputs.first.flatMap { graph.tensor($0).shape?.dims.first?.value }
                default: continue
                }
                guard let batch else { continue }
                sourcesWithBatch += 1
                guard batch == 1 else { continue }
                let fed = BatchNormTraining.downstream(of: node, in: graph)
                    .filter { BatchNormTraining.usesBatchStatistics($0, training: training) }
                guard let first = fed.first else { continue }
                covered.formUnion(fed.map(\.id))
                let degenerate = fed.filter { valuesPerChannel($0, in: graph) == 1 }
                var evidence = [fed.count == 1
                    ? "BatchNorm \(BatchNormTraining.names(fed)) normalizes with the statistics of this batch"
                    : "\(fed.count) BatchNorm layers normalize with the statistics of this batch: \(BatchNormTraining.names(fed))"]
                if !degenerate.isEmpty {
                    evidence.append("\(BatchNormTraining.names(degenerate)) \(degenerate.count == 1 ? "sees" : "see") one value per channel: the batch variance is exactly 0")
                }
                context.report("'\(node.name)' feeds BatchNorm batches of 1 sample in training: the batch statistics of one sample are degenerate",
                               node: node, field: .attribute("batch_size"),
                               severity: degenerate.isEmpty ? .warning : .error, evidence: evidence,
                               related: [RelatedLocation(location: first.location, message: "'\(first.name)' is the first BatchNorm it feeds")])
            }
        }

        // Layers in training mode whose own input holds one sample: in a
        // training graph, and in ONNX, whose `training_mode: 1` means "used for
        // training" by the operator's definition. A Caffe deploy net that writes
        // `use_global_stats: false` normalizes by batch statistics at inference,
        // but nothing trains with it: not this rule's case.
        for node in graph.nodes where !covered.contains(node.id) && BatchNormTraining.usesBatchStatistics(node, training: training)
            && (training || node.sourceType == "BatchNormalization") {
            guard let input = node.inputs.first, graph.tensor(input).shape?.dims.first?.value == 1 else { continue }
            covered.insert(node.id)
            let degenerate = valuesPerChannel(node, in: graph) == 1
            context.report("BatchNorm '\(node.name)' computes batch statistics over an input of batch size 1 \(graph.tensor(input).shape!)",
                           node: node, field: .attribute("statistics_mode"), severity: degenerate ? .error : .warning,
                           evidence: degenerate ? ["one value per channel: the batch variance is exactly 0"] : [])
        }

        // No data source states a batch: the training configuration's.
        if covered.isEmpty, sourcesWithBatch == 0, training, graph.training?.batchSize[.train] == 1,
           let first = graph.nodes.first(where: { BatchNormTraining.usesBatchStatistics($0, training: training) }) {
            context.report("the training configuration's batch size is 1, and BatchNorm '\(first.name)' computes batch statistics",
                           node: first, evidence: graph.training?.sourcePath.map { ["batch size from \($0)"] } ?? [])
        }
    }

    /// How many values one channel's mean and variance are taken over (batch
    /// times spatial size), when the input's shape is known.
    private func valuesPerChannel(_ node: Node, in graph: Graph) -> Int? {
        guard let input = node.inputs.first, let dims = graph.tensor(input).shape?.knownValues, dims.count >= 2 else { return nil }
        return Checked.count(dims.dropFirst(2) + [dims[0]])
    }
}
