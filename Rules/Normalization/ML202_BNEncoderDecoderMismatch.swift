import ModelLintAnalysis
import ModelLintIR

/// ML202: the decoder of an encoder–decoder normalizes with running statistics
/// of features shaped by blocks unlike its encoder's.
public struct BNEncoderDecoderMismatch: Rule {
    /// How different the block types of the two halves must be
    /// (`bn-mismatch-distance`, 0.5 by default), as the total variation
    /// distance between their block-type distributions (0 = the same mix,
    /// 1 = no block type in common). 0.5: at least half of the decoder
    /// stage's convolutions would have to change type to match the encoder.

    public static let description = RuleDescription(
        code: "ML202",
        name: "bn-encoder-decoder-mismatch",
        summary: "An encoder–decoder with skip connections uses BatchNorm in both halves, and its encoder is built from different blocks than its decoder.",
        rationale: """
            In a U-Net-like network the decoder's BatchNorm layers normalize the concatenation (or sum) \
            of upsampled decoder features and skip features straight from the encoder. When the encoder \
            is built from other blocks than the decoder — 1×1 → grouped 3×3 → 1×1 ResNeXt or 1×1 → 3×3 \
            → 1×1 ResNet-50 bottlenecks feeding a decoder of plain 3×3 pairs — the skip features have \
            channel statistics that drift differently from the decoder's own during training, so the \
            running mean and variance the decoder's BatchNorm accumulates do not describe what it sees \
            in eval mode. A channel whose running variance is far too small divides by almost sqrt(eps): \
            activations grow by orders of magnitude at each decoder stage and overflow to Inf, then NaN, \
            although training loss looked fine. The motivating case: the same U-Net trains and evaluates \
            with a ResNet-34 encoder (basic blocks of two 3×3 convolutions, like the decoder) and blows \
            up in eval mode with a ResNeXt-50 encoder until the decoder's BatchNorm is disabled. \
            The halves count as different when the total variation distance between their \
            block-type distributions (plain k×k, grouped k×k, 1×1 bottleneck, grouped bottleneck; \
            lone 1×1 convolutions and the upsampling layers themselves are not counted) is at least 0.5. \
            A preview rule: it runs only when selected (--select ML202) or with --preview, because it \
            also fires on correct trained detectors (PP-OCR's DB heads, depthwise encoders) that no \
            structural signal yet tells from the motivating case.
            """,
        fix: "Disable the decoder's BatchNorm (or replace it with GroupNorm/InstanceNorm), use batch statistics at inference (use_global_stats: false, track_running_stats=False), or build the decoder from the same blocks as the encoder.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "unet_resnext_encoder"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 16 dim: 16 }
                layer { name: "stem" type: "Convolution" bottom: "data" top: "stem" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "stem_bn" type: "BatchNorm" bottom: "stem" top: "stem" }
                layer { name: "stem_bn_relu" type: "ReLU" bottom: "stem" top: "stem" }
                layer { name: "enc1_conv1" type: "Convolution" bottom: "stem" top: "enc1_conv1" convolution_param { num_output: 16 kernel_size: 1 } }
                layer { name: "enc1_bn1" type: "BatchNorm" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_bn1_relu" type: "ReLU" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_conv2" type: "Convolution" bottom: "enc1_conv1" top: "enc1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 stride: 2 group: 4 } }
                layer { name: "enc1_bn2" type: "BatchNorm" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "enc1_bn2_relu" type: "ReLU" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "enc1_conv3" type: "Convolution" bottom: "enc1_conv2" top: "enc1_conv3" convolution_param { num_output: 16 kernel_size: 1 } }
                layer { name: "enc1_bn3" type: "BatchNorm" bottom: "enc1_conv3" top: "enc1_conv3" }
                layer { name: "enc1_proj" type: "Convolution" bottom: "stem" top: "enc1_proj" convolution_param { num_output: 16 kernel_size: 1 stride: 2 } }
                layer { name: "enc1_proj_bn" type: "BatchNorm" bottom: "enc1_proj" top: "enc1_proj" }
                layer { name: "enc1_sum" type: "Eltwise" bottom: "enc1_conv3" bottom: "enc1_proj" top: "enc1_sum" }
                layer { name: "enc1_relu" type: "ReLU" bottom: "enc1_sum" top: "enc1_sum" }
                layer { name: "enc2_conv1" type: "Convolution" bottom: "enc1_sum" top: "enc2_conv1" convolution_param { num_output: 32 kernel_size: 1 } }
                layer { name: "enc2_bn1" type: "BatchNorm" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_bn1_relu" type: "ReLU" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_conv2" type: "Convolution" bottom: "enc2_conv1" top: "enc2_conv2" convolution_param { num_output: 32 kernel_size: 3 pad: 1 stride: 2 group: 4 } }
                layer { name: "enc2_bn2" type: "BatchNorm" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "enc2_bn2_relu" type: "ReLU" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "enc2_conv3" type: "Convolution" bottom: "enc2_conv2" top: "enc2_conv3" convolution_param { num_output: 32 kernel_size: 1 } }
                layer { name: "enc2_bn3" type: "BatchNorm" bottom: "enc2_conv3" top: "enc2_conv3" }
                layer { name: "enc2_proj" type: "Convolution" bottom: "enc1_sum" top: "enc2_proj" convolution_param { num_output: 32 kernel_size: 1 stride: 2 } }
                layer { name: "enc2_proj_bn" type: "BatchNorm" bottom: "enc2_proj" top: "enc2_proj" }
                layer { name: "enc2_sum" type: "Eltwise" bottom: "enc2_conv3" bottom: "enc2_proj" top: "enc2_sum" }
                layer { name: "enc2_relu" type: "ReLU" bottom: "enc2_sum" top: "enc2_sum" }
                layer { name: "up1" type: "Deconvolution" bottom: "enc2_sum" top: "up1" convolution_param { num_output: 16 kernel_size: 2 stride: 2 } }
                layer { name: "cat1" type: "Concat" bottom: "up1" bottom: "enc1_sum" top: "cat1" }
                layer { name: "dec1_conv1" type: "Convolution" bottom: "cat1" top: "dec1_conv1" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_bn1" type: "BatchNorm" bottom: "dec1_conv1" top: "dec1_conv1" }  # expect: ML202
                layer { name: "dec1_bn1_relu" type: "ReLU" bottom: "dec1_conv1" top: "dec1_conv1" }
                layer { name: "dec1_conv2" type: "Convolution" bottom: "dec1_conv1" top: "dec1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_bn2" type: "BatchNorm" bottom: "dec1_conv2" top: "dec1_conv2" }  # expect: ML202
                layer { name: "dec1_bn2_relu" type: "ReLU" bottom: "dec1_conv2" top: "dec1_conv2" }
                layer { name: "up0" type: "Deconvolution" bottom: "dec1_conv2" top: "up0" convolution_param { num_output: 8 kernel_size: 2 stride: 2 } }
                layer { name: "cat0" type: "Concat" bottom: "up0" bottom: "stem" top: "cat0" }
                layer { name: "dec0_conv1" type: "Convolution" bottom: "cat0" top: "dec0_conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_bn1" type: "BatchNorm" bottom: "dec0_conv1" top: "dec0_conv1" }  # expect: ML202
                layer { name: "dec0_bn1_relu" type: "ReLU" bottom: "dec0_conv1" top: "dec0_conv1" }
                layer { name: "dec0_conv2" type: "Convolution" bottom: "dec0_conv1" top: "dec0_conv2" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_bn2" type: "BatchNorm" bottom: "dec0_conv2" top: "dec0_conv2" }  # expect: ML202
                layer { name: "dec0_bn2_relu" type: "ReLU" bottom: "dec0_conv2" top: "dec0_conv2" }
                layer { name: "score" type: "Convolution" bottom: "dec0_conv2" top: "score" convolution_param { num_output: 2 kernel_size: 1 } }
                """),
            .nonTriggering(.prototxt, """
                name: "unet_plain"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 16 dim: 16 }
                layer { name: "stem" type: "Convolution" bottom: "data" top: "stem" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "stem_bn" type: "BatchNorm" bottom: "stem" top: "stem" }
                layer { name: "stem_bn_relu" type: "ReLU" bottom: "stem" top: "stem" }
                layer { name: "pool1" type: "Pooling" bottom: "stem" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
                layer { name: "enc1_conv1" type: "Convolution" bottom: "pool1" top: "enc1_conv1" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "enc1_bn1" type: "BatchNorm" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_bn1_relu" type: "ReLU" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_conv2" type: "Convolution" bottom: "enc1_conv1" top: "enc1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "enc1_bn2" type: "BatchNorm" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "enc1_bn2_relu" type: "ReLU" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "pool2" type: "Pooling" bottom: "enc1_conv2" top: "pool2" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
                layer { name: "enc2_conv1" type: "Convolution" bottom: "pool2" top: "enc2_conv1" convolution_param { num_output: 32 kernel_size: 3 pad: 1 } }
                layer { name: "enc2_bn1" type: "BatchNorm" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_bn1_relu" type: "ReLU" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_conv2" type: "Convolution" bottom: "enc2_conv1" top: "enc2_conv2" convolution_param { num_output: 32 kernel_size: 3 pad: 1 } }
                layer { name: "enc2_bn2" type: "BatchNorm" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "enc2_bn2_relu" type: "ReLU" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "up1" type: "Deconvolution" bottom: "enc2_conv2" top: "up1" convolution_param { num_output: 16 kernel_size: 2 stride: 2 } }
                layer { name: "cat1" type: "Concat" bottom: "up1" bottom: "enc1_conv2" top: "cat1" }
                layer { name: "dec1_conv1" type: "Convolution" bottom: "cat1" top: "dec1_conv1" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_bn1" type: "BatchNorm" bottom: "dec1_conv1" top: "dec1_conv1" }
                layer { name: "dec1_bn1_relu" type: "ReLU" bottom: "dec1_conv1" top: "dec1_conv1" }
                layer { name: "dec1_conv2" type: "Convolution" bottom: "dec1_conv1" top: "dec1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_bn2" type: "BatchNorm" bottom: "dec1_conv2" top: "dec1_conv2" }
                layer { name: "dec1_bn2_relu" type: "ReLU" bottom: "dec1_conv2" top: "dec1_conv2" }
                layer { name: "up0" type: "Deconvolution" bottom: "dec1_conv2" top: "up0" convolution_param { num_output: 8 kernel_size: 2 stride: 2 } }
                layer { name: "cat0" type: "Concat" bottom: "up0" bottom: "stem" top: "cat0" }
                layer { name: "dec0_conv1" type: "Convolution" bottom: "cat0" top: "dec0_conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_bn1" type: "BatchNorm" bottom: "dec0_conv1" top: "dec0_conv1" }
                layer { name: "dec0_bn1_relu" type: "ReLU" bottom: "dec0_conv1" top: "dec0_conv1" }
                layer { name: "dec0_conv2" type: "Convolution" bottom: "dec0_conv1" top: "dec0_conv2" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_bn2" type: "BatchNorm" bottom: "dec0_conv2" top: "dec0_conv2" }
                layer { name: "dec0_bn2_relu" type: "ReLU" bottom: "dec0_conv2" top: "dec0_conv2" }
                layer { name: "score" type: "Convolution" bottom: "dec0_conv2" top: "score" convolution_param { num_output: 2 kernel_size: 1 } }
                """),
            .nonTriggering(.prototxt, """
                name: "unet_resnext_encoder_decoder_without_bn"
                input: "data"
                input_shape { dim: 1 dim: 3 dim: 16 dim: 16 }
                layer { name: "stem" type: "Convolution" bottom: "data" top: "stem" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "stem_bn" type: "BatchNorm" bottom: "stem" top: "stem" }
                layer { name: "stem_bn_relu" type: "ReLU" bottom: "stem" top: "stem" }
                layer { name: "enc1_conv1" type: "Convolution" bottom: "stem" top: "enc1_conv1" convolution_param { num_output: 16 kernel_size: 1 } }
                layer { name: "enc1_bn1" type: "BatchNorm" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_bn1_relu" type: "ReLU" bottom: "enc1_conv1" top: "enc1_conv1" }
                layer { name: "enc1_conv2" type: "Convolution" bottom: "enc1_conv1" top: "enc1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 stride: 2 group: 4 } }
                layer { name: "enc1_bn2" type: "BatchNorm" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "enc1_bn2_relu" type: "ReLU" bottom: "enc1_conv2" top: "enc1_conv2" }
                layer { name: "enc1_conv3" type: "Convolution" bottom: "enc1_conv2" top: "enc1_conv3" convolution_param { num_output: 16 kernel_size: 1 } }
                layer { name: "enc1_bn3" type: "BatchNorm" bottom: "enc1_conv3" top: "enc1_conv3" }
                layer { name: "enc1_proj" type: "Convolution" bottom: "stem" top: "enc1_proj" convolution_param { num_output: 16 kernel_size: 1 stride: 2 } }
                layer { name: "enc1_proj_bn" type: "BatchNorm" bottom: "enc1_proj" top: "enc1_proj" }
                layer { name: "enc1_sum" type: "Eltwise" bottom: "enc1_conv3" bottom: "enc1_proj" top: "enc1_sum" }
                layer { name: "enc1_relu" type: "ReLU" bottom: "enc1_sum" top: "enc1_sum" }
                layer { name: "enc2_conv1" type: "Convolution" bottom: "enc1_sum" top: "enc2_conv1" convolution_param { num_output: 32 kernel_size: 1 } }
                layer { name: "enc2_bn1" type: "BatchNorm" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_bn1_relu" type: "ReLU" bottom: "enc2_conv1" top: "enc2_conv1" }
                layer { name: "enc2_conv2" type: "Convolution" bottom: "enc2_conv1" top: "enc2_conv2" convolution_param { num_output: 32 kernel_size: 3 pad: 1 stride: 2 group: 4 } }
                layer { name: "enc2_bn2" type: "BatchNorm" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "enc2_bn2_relu" type: "ReLU" bottom: "enc2_conv2" top: "enc2_conv2" }
                layer { name: "enc2_conv3" type: "Convolution" bottom: "enc2_conv2" top: "enc2_conv3" convolution_param { num_output: 32 kernel_size: 1 } }
                layer { name: "enc2_bn3" type: "BatchNorm" bottom: "enc2_conv3" top: "enc2_conv3" }
                layer { name: "enc2_proj" type: "Convolution" bottom: "enc1_sum" top: "enc2_proj" convolution_param { num_output: 32 kernel_size: 1 stride: 2 } }
                layer { name: "enc2_proj_bn" type: "BatchNorm" bottom: "enc2_proj" top: "enc2_proj" }
                layer { name: "enc2_sum" type: "Eltwise" bottom: "enc2_conv3" bottom: "enc2_proj" top: "enc2_sum" }
                layer { name: "enc2_relu" type: "ReLU" bottom: "enc2_sum" top: "enc2_sum" }
                layer { name: "up1" type: "Deconvolution" bottom: "enc2_sum" top: "up1" convolution_param { num_output: 16 kernel_size: 2 stride: 2 } }
                layer { name: "cat1" type: "Concat" bottom: "up1" bottom: "enc1_sum" top: "cat1" }
                layer { name: "dec1_conv1" type: "Convolution" bottom: "cat1" top: "dec1_conv1" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_relu1" type: "ReLU" bottom: "dec1_conv1" top: "dec1_conv1" }
                layer { name: "dec1_conv2" type: "Convolution" bottom: "dec1_conv1" top: "dec1_conv2" convolution_param { num_output: 16 kernel_size: 3 pad: 1 } }
                layer { name: "dec1_relu2" type: "ReLU" bottom: "dec1_conv2" top: "dec1_conv2" }
                layer { name: "up0" type: "Deconvolution" bottom: "dec1_conv2" top: "up0" convolution_param { num_output: 8 kernel_size: 2 stride: 2 } }
                layer { name: "cat0" type: "Concat" bottom: "up0" bottom: "stem" top: "cat0" }
                layer { name: "dec0_conv1" type: "Convolution" bottom: "cat0" top: "dec0_conv1" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_relu1" type: "ReLU" bottom: "dec0_conv1" top: "dec0_conv1" }
                layer { name: "dec0_conv2" type: "Convolution" bottom: "dec0_conv1" top: "dec0_conv2" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
                layer { name: "dec0_relu2" type: "ReLU" bottom: "dec0_conv2" top: "dec0_conv2" }
                layer { name: "score" type: "Convolution" bottom: "dec0_conv2" top: "score" convolution_param { num_output: 2 kernel_size: 1 } }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "unet_resnext_encoder",
                  "input": [{"name": "data", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "16"}, {"dimValue": "16"}]}}}}],
                  "initializer": [
                    {"name": "stem_w", "dataType": 1, "dims": ["8", "3", "3", "3"]},
                    {"name": "bn8_scale", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_bias", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_mean", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_var", "dataType": 1, "dims": ["8"]},
                    {"name": "enc1_conv1_w", "dataType": 1, "dims": ["16", "8", "1", "1"]},
                    {"name": "bn16_scale", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_bias", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_mean", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_var", "dataType": 1, "dims": ["16"]},
                    {"name": "enc1_conv2_w", "dataType": 1, "dims": ["16", "4", "3", "3"]},
                    {"name": "enc1_conv3_w", "dataType": 1, "dims": ["16", "16", "1", "1"]},
                    {"name": "enc1_proj_w", "dataType": 1, "dims": ["16", "8", "1", "1"]},
                    {"name": "enc2_conv1_w", "dataType": 1, "dims": ["32", "16", "1", "1"]},
                    {"name": "bn32_scale", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_bias", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_mean", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_var", "dataType": 1, "dims": ["32"]},
                    {"name": "enc2_conv2_w", "dataType": 1, "dims": ["32", "8", "3", "3"]},
                    {"name": "enc2_conv3_w", "dataType": 1, "dims": ["32", "32", "1", "1"]},
                    {"name": "enc2_proj_w", "dataType": 1, "dims": ["32", "16", "1", "1"]},
                    {"name": "up1_w", "dataType": 1, "dims": ["32", "16", "2", "2"]},
                    {"name": "dec1_conv1_w", "dataType": 1, "dims": ["16", "32", "3", "3"]},
                    {"name": "dec1_conv2_w", "dataType": 1, "dims": ["16", "16", "3", "3"]},
                    {"name": "up0_w", "dataType": 1, "dims": ["16", "8", "2", "2"]},
                    {"name": "dec0_conv1_w", "dataType": 1, "dims": ["8", "16", "3", "3"]},
                    {"name": "dec0_conv2_w", "dataType": 1, "dims": ["8", "8", "3", "3"]},
                    {"name": "score_w", "dataType": 1, "dims": ["2", "8", "1", "1"]}
                  ],
                  "node": [
                    {"name": "stem", "opType": "Conv", "input": ["data", "stem_w"], "output": ["stem"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "stem_bn", "opType": "BatchNormalization", "input": ["stem", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["stem_bn"]},
                    {"name": "stem_bn_relu", "opType": "Relu", "input": ["stem_bn"], "output": ["stem_bn_relu"]},
                    {"name": "enc1_conv1", "opType": "Conv", "input": ["stem_bn_relu", "enc1_conv1_w"], "output": ["enc1_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]},
                    {"name": "enc1_bn1", "opType": "BatchNormalization", "input": ["enc1_conv1", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_bn1"]},
                    {"name": "enc1_bn1_relu", "opType": "Relu", "input": ["enc1_bn1"], "output": ["enc1_bn1_relu"]},
                    {"name": "enc1_conv2", "opType": "Conv", "input": ["enc1_bn1_relu", "enc1_conv2_w"], "output": ["enc1_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}, {"name": "group", "i": "4", "type": "INT"}]},
                    {"name": "enc1_bn2", "opType": "BatchNormalization", "input": ["enc1_conv2", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_bn2"]},
                    {"name": "enc1_bn2_relu", "opType": "Relu", "input": ["enc1_bn2"], "output": ["enc1_bn2_relu"]},
                    {"name": "enc1_conv3", "opType": "Conv", "input": ["enc1_bn2_relu", "enc1_conv3_w"], "output": ["enc1_conv3"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]},
                    {"name": "enc1_bn3", "opType": "BatchNormalization", "input": ["enc1_conv3", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_bn3"]},
                    {"name": "enc1_proj", "opType": "Conv", "input": ["stem_bn_relu", "enc1_proj_w"], "output": ["enc1_proj"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "enc1_proj_bn", "opType": "BatchNormalization", "input": ["enc1_proj", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_proj_bn"]},
                    {"name": "enc1_sum", "opType": "Add", "input": ["enc1_bn3", "enc1_proj_bn"], "output": ["enc1_sum"]},
                    {"name": "enc1_relu", "opType": "Relu", "input": ["enc1_sum"], "output": ["enc1_relu"]},
                    {"name": "enc2_conv1", "opType": "Conv", "input": ["enc1_relu", "enc2_conv1_w"], "output": ["enc2_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]},
                    {"name": "enc2_bn1", "opType": "BatchNormalization", "input": ["enc2_conv1", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_bn1"]},
                    {"name": "enc2_bn1_relu", "opType": "Relu", "input": ["enc2_bn1"], "output": ["enc2_bn1_relu"]},
                    {"name": "enc2_conv2", "opType": "Conv", "input": ["enc2_bn1_relu", "enc2_conv2_w"], "output": ["enc2_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}, {"name": "group", "i": "4", "type": "INT"}]},
                    {"name": "enc2_bn2", "opType": "BatchNormalization", "input": ["enc2_conv2", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_bn2"]},
                    {"name": "enc2_bn2_relu", "opType": "Relu", "input": ["enc2_bn2"], "output": ["enc2_bn2_relu"]},
                    {"name": "enc2_conv3", "opType": "Conv", "input": ["enc2_bn2_relu", "enc2_conv3_w"], "output": ["enc2_conv3"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]},
                    {"name": "enc2_bn3", "opType": "BatchNormalization", "input": ["enc2_conv3", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_bn3"]},
                    {"name": "enc2_proj", "opType": "Conv", "input": ["enc1_relu", "enc2_proj_w"], "output": ["enc2_proj"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "enc2_proj_bn", "opType": "BatchNormalization", "input": ["enc2_proj", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_proj_bn"]},
                    {"name": "enc2_sum", "opType": "Add", "input": ["enc2_bn3", "enc2_proj_bn"], "output": ["enc2_sum"]},
                    {"name": "enc2_relu", "opType": "Relu", "input": ["enc2_sum"], "output": ["enc2_relu"]},
                    {"name": "up1", "opType": "ConvTranspose", "input": ["enc2_relu", "up1_w"], "output": ["up1"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "cat1", "opType": "Concat", "input": ["up1", "enc1_relu"], "output": ["cat1"], "attribute": [{"name": "axis", "i": "1", "type": "INT"}]},
                    {"name": "dec1_conv1", "opType": "Conv", "input": ["cat1", "dec1_conv1_w"], "output": ["dec1_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec1_bn1", "opType": "BatchNormalization", "input": ["dec1_conv1", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["dec1_bn1"]},
                    {"name": "dec1_bn1_relu", "opType": "Relu", "input": ["dec1_bn1"], "output": ["dec1_bn1_relu"]},
                    {"name": "dec1_conv2", "opType": "Conv", "input": ["dec1_bn1_relu", "dec1_conv2_w"], "output": ["dec1_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec1_bn2", "opType": "BatchNormalization", "input": ["dec1_conv2", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["dec1_bn2"]},
                    {"name": "dec1_bn2_relu", "opType": "Relu", "input": ["dec1_bn2"], "output": ["dec1_bn2_relu"]},
                    {"name": "up0", "opType": "ConvTranspose", "input": ["dec1_bn2_relu", "up0_w"], "output": ["up0"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "cat0", "opType": "Concat", "input": ["up0", "stem_bn_relu"], "output": ["cat0"], "attribute": [{"name": "axis", "i": "1", "type": "INT"}]},
                    {"name": "dec0_conv1", "opType": "Conv", "input": ["cat0", "dec0_conv1_w"], "output": ["dec0_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec0_bn1", "opType": "BatchNormalization", "input": ["dec0_conv1", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["dec0_bn1"]},
                    {"name": "dec0_bn1_relu", "opType": "Relu", "input": ["dec0_bn1"], "output": ["dec0_bn1_relu"]},
                    {"name": "dec0_conv2", "opType": "Conv", "input": ["dec0_bn1_relu", "dec0_conv2_w"], "output": ["dec0_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec0_bn2", "opType": "BatchNormalization", "input": ["dec0_conv2", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["dec0_bn2"]},
                    {"name": "dec0_bn2_relu", "opType": "Relu", "input": ["dec0_bn2"], "output": ["dec0_bn2_relu"]},
                    {"name": "score", "opType": "Conv", "input": ["dec0_bn2_relu", "score_w"], "output": ["score"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]}
                  ],
                  "output": [{"name": "score"}]}}
                """, nodes: ["dec1_bn1", "dec1_bn2", "dec0_bn1", "dec0_bn2"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "unet_plain",
                  "input": [{"name": "data", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "16"}, {"dimValue": "16"}]}}}}],
                  "initializer": [
                    {"name": "stem_w", "dataType": 1, "dims": ["8", "3", "3", "3"]},
                    {"name": "bn8_scale", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_bias", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_mean", "dataType": 1, "dims": ["8"]},
                    {"name": "bn8_var", "dataType": 1, "dims": ["8"]},
                    {"name": "enc1_conv1_w", "dataType": 1, "dims": ["16", "8", "3", "3"]},
                    {"name": "bn16_scale", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_bias", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_mean", "dataType": 1, "dims": ["16"]},
                    {"name": "bn16_var", "dataType": 1, "dims": ["16"]},
                    {"name": "enc1_conv2_w", "dataType": 1, "dims": ["16", "16", "3", "3"]},
                    {"name": "enc2_conv1_w", "dataType": 1, "dims": ["32", "16", "3", "3"]},
                    {"name": "bn32_scale", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_bias", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_mean", "dataType": 1, "dims": ["32"]},
                    {"name": "bn32_var", "dataType": 1, "dims": ["32"]},
                    {"name": "enc2_conv2_w", "dataType": 1, "dims": ["32", "32", "3", "3"]},
                    {"name": "up1_w", "dataType": 1, "dims": ["32", "16", "2", "2"]},
                    {"name": "dec1_conv1_w", "dataType": 1, "dims": ["16", "32", "3", "3"]},
                    {"name": "dec1_conv2_w", "dataType": 1, "dims": ["16", "16", "3", "3"]},
                    {"name": "up0_w", "dataType": 1, "dims": ["16", "8", "2", "2"]},
                    {"name": "dec0_conv1_w", "dataType": 1, "dims": ["8", "16", "3", "3"]},
                    {"name": "dec0_conv2_w", "dataType": 1, "dims": ["8", "8", "3", "3"]},
                    {"name": "score_w", "dataType": 1, "dims": ["2", "8", "1", "1"]}
                  ],
                  "node": [
                    {"name": "stem", "opType": "Conv", "input": ["data", "stem_w"], "output": ["stem"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "stem_bn", "opType": "BatchNormalization", "input": ["stem", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["stem_bn"]},
                    {"name": "stem_bn_relu", "opType": "Relu", "input": ["stem_bn"], "output": ["stem_bn_relu"]},
                    {"name": "pool1", "opType": "MaxPool", "input": ["stem_bn_relu"], "output": ["pool1"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "enc1_conv1", "opType": "Conv", "input": ["pool1", "enc1_conv1_w"], "output": ["enc1_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "enc1_bn1", "opType": "BatchNormalization", "input": ["enc1_conv1", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_bn1"]},
                    {"name": "enc1_bn1_relu", "opType": "Relu", "input": ["enc1_bn1"], "output": ["enc1_bn1_relu"]},
                    {"name": "enc1_conv2", "opType": "Conv", "input": ["enc1_bn1_relu", "enc1_conv2_w"], "output": ["enc1_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "enc1_bn2", "opType": "BatchNormalization", "input": ["enc1_conv2", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["enc1_bn2"]},
                    {"name": "enc1_bn2_relu", "opType": "Relu", "input": ["enc1_bn2"], "output": ["enc1_bn2_relu"]},
                    {"name": "pool2", "opType": "MaxPool", "input": ["enc1_bn2_relu"], "output": ["pool2"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "enc2_conv1", "opType": "Conv", "input": ["pool2", "enc2_conv1_w"], "output": ["enc2_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "enc2_bn1", "opType": "BatchNormalization", "input": ["enc2_conv1", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_bn1"]},
                    {"name": "enc2_bn1_relu", "opType": "Relu", "input": ["enc2_bn1"], "output": ["enc2_bn1_relu"]},
                    {"name": "enc2_conv2", "opType": "Conv", "input": ["enc2_bn1_relu", "enc2_conv2_w"], "output": ["enc2_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "enc2_bn2", "opType": "BatchNormalization", "input": ["enc2_conv2", "bn32_scale", "bn32_bias", "bn32_mean", "bn32_var"], "output": ["enc2_bn2"]},
                    {"name": "enc2_bn2_relu", "opType": "Relu", "input": ["enc2_bn2"], "output": ["enc2_bn2_relu"]},
                    {"name": "up1", "opType": "ConvTranspose", "input": ["enc2_bn2_relu", "up1_w"], "output": ["up1"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "cat1", "opType": "Concat", "input": ["up1", "enc1_bn2_relu"], "output": ["cat1"], "attribute": [{"name": "axis", "i": "1", "type": "INT"}]},
                    {"name": "dec1_conv1", "opType": "Conv", "input": ["cat1", "dec1_conv1_w"], "output": ["dec1_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec1_bn1", "opType": "BatchNormalization", "input": ["dec1_conv1", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["dec1_bn1"]},
                    {"name": "dec1_bn1_relu", "opType": "Relu", "input": ["dec1_bn1"], "output": ["dec1_bn1_relu"]},
                    {"name": "dec1_conv2", "opType": "Conv", "input": ["dec1_bn1_relu", "dec1_conv2_w"], "output": ["dec1_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec1_bn2", "opType": "BatchNormalization", "input": ["dec1_conv2", "bn16_scale", "bn16_bias", "bn16_mean", "bn16_var"], "output": ["dec1_bn2"]},
                    {"name": "dec1_bn2_relu", "opType": "Relu", "input": ["dec1_bn2"], "output": ["dec1_bn2_relu"]},
                    {"name": "up0", "opType": "ConvTranspose", "input": ["dec1_bn2_relu", "up0_w"], "output": ["up0"], "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"}, {"name": "strides", "ints": ["2", "2"], "type": "INTS"}]},
                    {"name": "cat0", "opType": "Concat", "input": ["up0", "stem_bn_relu"], "output": ["cat0"], "attribute": [{"name": "axis", "i": "1", "type": "INT"}]},
                    {"name": "dec0_conv1", "opType": "Conv", "input": ["cat0", "dec0_conv1_w"], "output": ["dec0_conv1"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec0_bn1", "opType": "BatchNormalization", "input": ["dec0_conv1", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["dec0_bn1"]},
                    {"name": "dec0_bn1_relu", "opType": "Relu", "input": ["dec0_bn1"], "output": ["dec0_bn1_relu"]},
                    {"name": "dec0_conv2", "opType": "Conv", "input": ["dec0_bn1_relu", "dec0_conv2_w"], "output": ["dec0_conv2"], "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"}, {"name": "pads", "ints": ["1", "1", "1", "1"], "type": "INTS"}]},
                    {"name": "dec0_bn2", "opType": "BatchNormalization", "input": ["dec0_conv2", "bn8_scale", "bn8_bias", "bn8_mean", "bn8_var"], "output": ["dec0_bn2"]},
                    {"name": "dec0_bn2_relu", "opType": "Relu", "input": ["dec0_bn2"], "output": ["dec0_bn2_relu"]},
                    {"name": "score", "opType": "Conv", "input": ["dec0_bn2_relu", "score_w"], "output": ["score"], "attribute": [{"name": "kernel_shape", "ints": ["1", "1"], "type": "INTS"}]}
                  ],
                  "output": [{"name": "score"}]}}
                """),
        ],
        thresholds: [
            RuleThreshold("bn-mismatch-distance", default: 0.5,
                          "total variation distance between the block types of encoder and decoder from which the halves count as different"),
        ],
        // A preview rule: on trained production models (the DB text-detection heads of the
        // PP-OCR detectors, a depthwise encoder joined to a plain head) it fires although the
        // models are correct and widely used, and no structural signal found so far separates
        // them from the motivating case.
        isPreview: true)

    public init() {}

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        guard let structure = EncoderDecoderStructure.detect(in: graph),
              !structure.encoderBatchNorms.isEmpty, !structure.decoderBatchNorms.isEmpty
        else { return }
        let encoder = structure.encoderSignature
        let decoder = structure.decoderSignature
        guard let encoderType = encoder.dominant else { return }
        // A representative encoder block: the first convolution of the encoder's dominant type, in its deepest stage.
        let representative = structure.encoderStages.reversed().lazy
            .compactMap { $0.convolutions.first { $0.blockType == encoderType } }.first
            .flatMap { token in graph.nodes.first { $0.id == token.node } }
        let related = representative.map {
            [RelatedLocation(location: $0.location, message: "a representative encoder block: '\($0.name)', part of \(encoderType.phrase)")]
        } ?? []
        let skipLevels = Set(structure.skips.map(\.level)).sorted()

        let mismatchThreshold = context.threshold("bn-mismatch-distance")
        for id in structure.decoderBatchNorms {
            guard let node = graph.nodes.indices.contains(id) && graph.nodes[id].id == id ? graph.nodes[id] : graph.nodes.first(where: { $0.id == id }),
                  let output = node.outputs.first, let level = structure.levels[output] else { continue }
            // The BatchNorm's own stage, or the whole decoder when its stage has no spatial convolution.
            let stage = structure.stage(.decoder, level: level)?.signature ?? BlockSignature()
            let compared = stage.isEmpty ? decoder : stage
            let distance = compared.distance(to: encoder)
            guard distance >= mismatchThreshold, let decoderType = compared.dominant else { continue }
            let scaleText = level == 0 ? "full resolution" : "1/\(1 << min(level, 30)) resolution"
            context.report(
                "decoder BatchNorm '\(node.name)' normalizes features from \(decoderType.phrase), but the encoder it joins is built from \(encoderType.phrase)",
                node: node,
                evidence: [
                    "encoder (\(structure.encoderStages.filter { !$0.convolutions.isEmpty }.count) stages): \(encoder)",
                    "decoder stage at \(scaleText)\(stage.isEmpty ? " has no spatial convolution; whole decoder" : ""): \(compared)",
                    "block-type distance \(Self.format(distance)) ≥ \(Self.format(mismatchThreshold)); skip connections join the halves at level\(skipLevels.count == 1 ? "" : "s") \(skipLevels.map(String.init).joined(separator: ", ")) (level n = 1/2ⁿ of the input)",
                ],
                related: related)
        }
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 100).rounded()) / 100)
    }
}
