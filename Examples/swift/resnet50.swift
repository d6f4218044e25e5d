// ResNet-50 (He et al. 2015, torchvision's v1.5: the stride in the 3x3) as a
// Swift user writes it: a `bottleneck` helper that returns the block's
// layers, and two loops over the stages and their blocks (3, 4, 6, 3) instead
// of 160 layer calls. modellint reads the loops and the helper statically
// (nothing is compiled), so `modellint Examples/swift/resnet50.swift` lints
// the same 230-node graph that `resnet50.graph` builds at run time.
// The same net as Examples/caffe/resnet50.prototxt, layer for layer.
// Expected findings: none (a clean model).
import ModelLintDSL

/// Widths of the four stages' 3x3 convolutions; each block widens 4x.
let stageWidths = [64, 128, 256, 512]
let stageDepths = [3, 4, 6, 3]
let expansion = 4
let blockLetters = ["a", "b", "c", "d", "e", "f"]

/// `res3b`: Caffe's names for ResNet's blocks (stages 2 to 5, blocks a, b, ...).
func blockName(_ stage: Int, _ block: Int) -> String { "res\(stage + 2)\(blockLetters[block])" }

/// What a block reads: the block before it, or the stem's pooling.
func blockInput(_ stage: Int, _ block: Int) -> String {
    if block > 0 { return blockName(stage, block - 1) + "_out" }
    if stage > 0 { return blockName(stage - 1, stageDepths[stage - 1] - 1) + "_out" }
    return "pool1"
}

/// Conv -> BatchNorm -> Scale, with a ReLU unless the block's sum follows.
func convUnit(_ name: String, from input: String? = nil, outputs: Int, kernel: Int,
              stride: Int = 1, relu: Bool = true) -> [any LayerConvertible] {
    var layers: [any LayerConvertible] = [
        Conv("\(name)_conv", from: input, outputs: outputs, kernel: kernel, stride: stride, pad: kernel / 2, bias: false),
        BatchNorm("\(name)_bn"),
        Scale("\(name)_scale", bias: true),
    ]
    if relu { layers.append(ReLU("\(name)_relu")) }
    return layers
}

/// One bottleneck block: 1x1 reduce, 3x3 (strided in a stage's first block),
/// 1x1 expand; a projection shortcut where the shape changes.
@ModelBuilder
func bottleneck(_ name: String, input: String, width: Int, stride: Int, project: Bool) -> [Layer] {
    convUnit("\(name)_a", from: input, outputs: width, kernel: 1)
    convUnit("\(name)_b", outputs: width, kernel: 3, stride: stride)
    convUnit("\(name)_c", outputs: width * expansion, kernel: 1, relu: false)
    if project {
        convUnit("\(name)_proj", from: input, outputs: width * expansion, kernel: 1, stride: stride, relu: false)
        Add("\(name)_sum", "\(name)_c_scale", "\(name)_proj_scale")
    } else {
        Add("\(name)_sum", "\(name)_c_scale", input)
    }
    ReLU("\(name)_out")
}

public let resnet50 = Model("resnet50") {
    Input("data", shape: [8, 3, 224, 224], range: 0...1)
    Input("label", shape: [8])
    convUnit("stem", from: "data", outputs: 64, kernel: 7, stride: 2)
    MaxPool("pool1", kernel: 3, stride: 2, pad: 1)
    for (stage, depth) in zip(stageWidths.indices, stageDepths) {
        for block in 0..<depth {
            bottleneck(blockName(stage, block), input: blockInput(stage, block), width: stageWidths[stage],
                       stride: block == 0 && stage > 0 ? 2 : 1, project: block == 0)
        }
    }
    GlobalAvgPool("gap")
    Dense("fc1000", outputs: 1000)
    SoftmaxCrossEntropy("loss", "fc1000", "label")
}
