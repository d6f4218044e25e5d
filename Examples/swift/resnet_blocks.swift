// A small ResNet: a stem (7x7 convolution, BatchNorm + Scale, ReLU, max
// pooling), 3 residual blocks of two 3x3 Conv -> BatchNorm -> Scale (-> ReLU)
// with an identity skip (Add), global average pooling, Dense and a softmax
// loss. The same net as Examples/caffe/resnet_blocks.prototxt, layer for layer.
// One deliberate hazard: `pool1` has stride 3 > kernel 2, so one row and
// column in three never reach the blocks.
// Expected findings: ML201 (warning) at pool1.
import ModelLintDSL

public let resnetBlocks = Model("resnet_blocks") {
    Input("data", shape: [32, 3, 64, 64])
    Input("label", shape: [32])
    Conv("conv1", from: "data", outputs: 16, kernel: 7, stride: 2, pad: 3)
    BatchNorm("bn1")
    Scale("scale1", bias: true)
    ReLU("relu1")
    MaxPool("pool1", kernel: 2, stride: 3)
    Conv("res1_conv1", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res1_bn1")
    Scale("res1_scale1", bias: true)
    ReLU("res1_relu1")
    Conv("res1_conv2", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res1_bn2")
    Scale("res1_scale2", bias: true)
    Add("res1_sum", "res1_scale2", "pool1")
    ReLU("res1_relu")
    Conv("res2_conv1", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res2_bn1")
    Scale("res2_scale1", bias: true)
    ReLU("res2_relu1")
    Conv("res2_conv2", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res2_bn2")
    Scale("res2_scale2", bias: true)
    Add("res2_sum", "res2_scale2", "res1_relu")
    ReLU("res2_relu")
    Conv("res3_conv1", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res3_bn1")
    Scale("res3_scale1", bias: true)
    ReLU("res3_relu1")
    Conv("res3_conv2", outputs: 16, kernel: 3, pad: 1, bias: false)
    BatchNorm("res3_bn2")
    Scale("res3_scale2", bias: true)
    Add("res3_sum", "res3_scale2", "res2_relu")
    ReLU("res3_relu")
    GlobalAvgPool("gap")
    Dense("fc", outputs: 10)
    SoftmaxCrossEntropy("loss", "fc", "label")
}
