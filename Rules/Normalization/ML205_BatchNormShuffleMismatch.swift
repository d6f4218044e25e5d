import ModelLintIR

/// ML205: BatchNorm trained on batches drawn in a fixed order.
public struct BatchNormShuffleMismatch: Rule {
    public static let description = RuleDescription(
        code: "ML205",
        name: "bn-shuffle-mismatch",
        summary: "BatchNorm layers are trained from a data layer that reads its samples in list order, without shuffling.",
        rationale: """
            BatchNorm normalizes by the mean and variance of each batch, and its running statistics are \
            averages of those batch statistics. Lists and HDF5 files are usually written in order (sorted \
            by class, by video, by source): read in that order, each batch holds similar samples, so the \
            batch statistics describe one class or scene, not the data. Training sees normalized \
            activations that inference, with the running statistics, never reproduces; the mismatch \
            grows layer by layer and the net's outputs in TEST can be far off scale, and the loss \
            oscillates from batch to batch as the statistics jump between groups. Caffe ImageData and \
            HDF5Data read in list order unless `shuffle: true` (their default is false), so a TRAIN \
            ImageData or HDF5Data layer that does not set it is flagged, at the `shuffle` field when it \
            is written. Caffe `Data` reads LMDB/LevelDB in stored order and cannot shuffle; whether the \
            database was written shuffled (convert_imageset --shuffle) the model cannot tell, so it is \
            flagged only when the configuration says the databases are ordered (`thresholds: \
            {ordered-databases: 1}` in .modellint.yml). WindowData samples windows at random and DummyData generates its values; MemoryData \
            takes the order of the calling code. ONNX graphs have no data layers.
            """,
        fix: "Set `shuffle: true` in image_data_param / hdf5_data_param (or shuffle the list file or HDF5 rows once before training if the layer cannot); for LMDB, build the database with convert_imageset --shuffle.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "imagedata_default_order"
                layer {  # expect: ML205
                  name: "data"
                  type: "ImageData"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  image_data_param { source: "train.txt" batch_size: 32 new_height: 32 new_width: 32 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .triggering(.prototxt, """
                name: "hdf5_unshuffled"
                layer {
                  name: "data"
                  type: "HDF5Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  hdf5_data_param { source: "train_h5.txt" batch_size: 64
                    shuffle: false  # expect: ML205
                  }
                }
                layer { name: "fc1" type: "InnerProduct" bottom: "data" top: "fc1" inner_product_param { num_output: 32 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "fc1" top: "fc1" }
                layer { name: "loss" type: "EuclideanLoss" bottom: "fc1" bottom: "label" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "imagedata_shuffled"
                layer {
                  name: "data"
                  type: "ImageData"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  image_data_param { source: "train.txt" batch_size: 32 shuffle: true }
                }
                layer {
                  name: "data"
                  type: "ImageData"
                  top: "data"
                  top: "label"
                  include { phase: TEST }
                  image_data_param { source: "val.txt" batch_size: 32 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "fc" type: "InnerProduct" bottom: "conv1" top: "fc" inner_product_param { num_output: 10 } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
                """),
            .nonTriggering(.prototxt, """
                name: "lmdb_and_frozen"
                layer {
                  name: "data"
                  type: "Data"
                  top: "data"
                  top: "label"
                  include { phase: TRAIN }
                  data_param { source: "train_lmdb" batch_size: 32 }
                }
                layer {
                  name: "images"
                  type: "ImageData"
                  top: "images"
                  top: "image_label"
                  include { phase: TRAIN }
                  image_data_param { source: "extra.txt" batch_size: 32 }
                }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
                layer { name: "conv2" type: "Convolution" bottom: "images" top: "conv2"
                  convolution_param { num_output: 16 kernel_size: 3 } }
                layer { name: "bn2" type: "BatchNorm" bottom: "conv2" top: "conv2"
                  batch_norm_param { use_global_stats: true } }
                layer { name: "loss" type: "EuclideanLoss" bottom: "conv1" bottom: "conv2" top: "loss" }
                """),
        ],
        thresholds: [
            RuleThreshold("ordered-databases", default: 0,
                          "1 when the LMDB/LevelDB databases that Caffe Data layers read were written in order (not with convert_imageset --shuffle): those layers are then judged too"),
        ],
        absentFormats: [
            .onnxJSON: "an ONNX graph has no data layers: how samples are ordered is up to the code that feeds it",
        ])

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        guard BatchNormTraining.isTraining(graph) else { return }
        var sawLoader = false
        for node in graph.nodes {
            guard case .dataLoader(let data) = node.op else { continue }
            sawLoader = true
            let orderedDatabase = data.sampleOrder == .databaseOrder && context.threshold("ordered-databases") >= 1
            guard data.sampleOrder == .listOrder || orderedDatabase else { continue }
            let fed = BatchNormTraining.downstream(of: node, in: graph).filter { BatchNormTraining.usesBatchStatistics($0, training: true) }
            guard let first = fed.first else { continue }
            let why = orderedDatabase ? "reads a database the configuration says is stored in order (ordered-databases: 1)"
                : data.shuffle == false ? "sets shuffle: false" : "leaves shuffle at its default, false"
            context.report("\(node.sourceType) '\(node.name)' \(why): its batches follow the order of its list, and BatchNorm learns the statistics of that order",
                           node: node, field: .attribute("shuffle"),
                           evidence: ["BatchNorm layers computing batch statistics from it: \(BatchNormTraining.names(fed))",
                                      "harmless only if the list file (or the HDF5 rows) is itself shuffled"],
                           related: [RelatedLocation(location: first.location, message: "'\(first.name)' is the first BatchNorm it feeds")])
        }
        // No data layer in the graph: the training configuration's word.
        if !sawLoader, graph.training?.shuffle == false,
           let first = graph.nodes.first(where: { BatchNormTraining.usesBatchStatistics($0, training: true) }) {
            context.report("the training configuration turns shuffling off, and BatchNorm '\(first.name)' learns batch statistics in data order",
                           node: first, evidence: graph.training?.sourcePath.map { ["shuffle: false in \($0)"] } ?? [])
        }
    }
}
