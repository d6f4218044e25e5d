// LeNet on MNIST: the same net as Examples/caffe/lenet_train_test.prototxt
// (BVLC's LeNet, BSD-2-Clause, see NOTICE), with the training settings of
// Examples/caffe/lenet_solver.prototxt. The TRAIN Data layer's pixels scaled
// by 0.00390625 are the input `data` in 0...1.
// Expected findings: none (a clean model, like its prototxt).
import ModelLintDSL

public let lenetTrainTest = Model("LeNet", training: Training(optimizer: .sgd, learningRate: 0.01, schedule: .inverse(gamma: 0.0001, power: 0.75), momentum: 0.9, weightDecay: 0.0005, maxIterations: 10000, batchSize: 64)) {
    Input("data", shape: [64, 1, 28, 28], range: 0...1)
    Input("label", shape: [64])
    Conv("conv1", from: "data", outputs: 20, kernel: 5, stride: 1)
    MaxPool("pool1", kernel: 2, stride: 2)
    Conv("conv2", outputs: 50, kernel: 5, stride: 1)
    MaxPool("pool2", kernel: 2, stride: 2)
    Dense("ip1", outputs: 500)
    ReLU("relu1")
    Dense("ip2", outputs: 10)
    Accuracy("accuracy", "ip2", "label")
    SoftmaxCrossEntropy("loss", "ip2", "label")
}
