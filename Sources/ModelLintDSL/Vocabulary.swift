import ModelLintIR

/// Every layer the DSL knows: its signature, how it is connected, and the IR
/// op it stands for. The one place where a DSL argument's default and meaning
/// are decided, for the library and the static frontend alike.
public enum Vocabulary {
    /// How a layer's inputs are given.
    public enum Inputs: Sendable {
        /// A graph input (`Input`): no inputs.
        case none
        /// One input, `from:` or else the previous layer's output.
        case one
        /// Several, named as unlabeled arguments after the layer's name.
        case several
    }

    public struct Definition: Sendable {
        public let signature: DSLSignature
        public let inputs: Inputs
        /// The op, from the call's arguments (defaults applied here).
        let op: @Sendable (Arguments) -> Op
    }

    public static func definition(of kind: String) -> Definition? { definitions[kind] }
    public static var layerNames: [String] { definitions.keys.sorted() }

    /// The arguments of one call, read with the vocabulary's defaults.
    struct Arguments {
        let values: [String: DSLValue]
        func int(_ key: String) -> Int? { if case .int(let value) = values[key] { value } else { nil } }
        func double(_ key: String) -> Double? { values[key]?.number }
        func bool(_ key: String) -> Bool? { if case .bool(let value) = values[key] { value } else { nil } }
        func symbol(_ key: String) -> String? { if case .symbol(let value) = values[key] { value } else { nil } }
    }

    typealias P = DSLSignature.Parameter

    private static let name = P(nil, key: "name", .string, required: true)
    private static let from = P("from", .string)
    private static let inputNames = P(nil, key: "inputs", .names)

    private static func one(_ kind: String, _ parameters: [P] = [], _ op: @escaping @Sendable (Arguments) -> Op) -> (String, Definition) {
        (kind, Definition(signature: DSLSignature(kind, [name, from] + parameters), inputs: .one, op: op))
    }

    private static func several(_ kind: String, _ parameters: [P] = [], _ op: @escaping @Sendable (Arguments) -> Op) -> (String, Definition) {
        (kind, Definition(signature: DSLSignature(kind, [name, inputNames] + parameters), inputs: .several, op: op))
    }

    private static let convolution: [P] = [
        P("outputs", .int, required: true), P("kernel", .int, required: true), P("stride", .int), P("pad", .int),
        P("dilation", .int), P("group", .int), P("bias", .bool),
    ]
    private static func convAttributes(_ a: Arguments) -> ConvAttributes {
        let kernel = a.int("kernel") ?? 1, stride = a.int("stride") ?? 1, pad = a.int("pad") ?? 0
        return ConvAttributes(outputChannels: a.int("outputs"), kernel: [kernel, kernel], strides: [stride, stride],
                              padsBegin: [pad, pad], padsEnd: [pad, pad],
                              dilations: Array(repeating: a.int("dilation") ?? 1, count: 2),
                              group: a.int("group") ?? 1, hasBias: a.bool("bias") ?? true)
    }

    private static let pooling: [P] = [P("kernel", .int, required: true), P("stride", .int), P("pad", .int)]
    private static func pool(_ kind: PoolKind, _ a: Arguments) -> Op {
        let kernel = a.int("kernel") ?? 1, pad = a.int("pad") ?? 0
        // The stride defaults to the kernel, as in PyTorch and Keras.
        let stride = a.int("stride") ?? kernel
        return .pool(PoolAttributes(kind: kind, kernel: [kernel, kernel], strides: [stride, stride],
                                    padsBegin: [pad, pad], padsEnd: [pad, pad], arithmetic: .floor))
    }
    private static func globalPool(_ kind: PoolKind) -> Op {
        .pool(PoolAttributes(kind: kind, kernel: [], strides: [], padsBegin: [], padsEnd: [], isGlobal: true, arithmetic: .floor))
    }

    /// Caffe's `shift + scale * x` before exp, log and pow.
    private static let affine: [P] = [P("scale", .double), P("shift", .double)]
    private static func prelude(_ a: Arguments) -> AffinePrelude {
        AffinePrelude(scale: a.double("scale") ?? 1, shift: a.double("shift") ?? 0)
    }

    private static let recurrent: [P] = [P("hidden", .int, required: true), P("clip", .double)]
    private static func recurrentAttributes(_ cell: RecurrentAttributes.Cell, _ a: Arguments) -> RecurrentAttributes {
        RecurrentAttributes(cell: cell, outputs: [.sequence], clip: a.double("clip"))
    }

    static let reductions = Reduction.allCases.map(\.rawValue)

    static let definitions: [String: Definition] = Dictionary(uniqueKeysWithValues: [
        ("Input", Definition(signature: DSLSignature("Input", [
            name, P("shape", .ints, required: true), P("range", .range),
            P("dtype", .symbol(ElementType.allCases.map(\.rawValue))),
        ]), inputs: .none, op: { _ in .input })),

        // Linear layers.
        one("Conv", convolution) { .conv(convAttributes($0)) },
        one("Deconv", convolution) { .deconv(convAttributes($0)) },
        one("Dense", [P("outputs", .int, required: true), P("bias", .bool)]) {
            .fullyConnected(FullyConnectedAttributes(outputs: $0.int("outputs"), beta: ($0.bool("bias") ?? true) ? 1 : 0))
        },
        several("MatMul") { _ in .matMul },

        // Pooling and normalization.
        one("MaxPool", pooling) { pool(.max, $0) },
        one("AvgPool", pooling) { pool(.average, $0) },
        one("GlobalMaxPool") { _ in globalPool(.max) },
        one("GlobalAvgPool") { _ in globalPool(.average) },
        one("BatchNorm", [P("epsilon", .double), P("useGlobalStats", .bool)]) {
            .batchNorm(epsilon: $0.double("epsilon") ?? 1e-5, useGlobalStatistics: $0.bool("useGlobalStats"))
        },
        one("LayerNorm", [P("axis", .int), P("epsilon", .double)]) {
            .normalize(NormalizeAttributes(grouping: .fromAxis($0.int("axis") ?? -1), epsilon: $0.double("epsilon") ?? 1e-5))
        },
        // `bias: true` adds a learned bias after the scale (Caffe `bias_term`); bounds do not depend on it.
        one("Scale", [P("bias", .bool)]) { _ in .scale },
        one("Bias") { _ in .bias },
        one("LRN") { _ in .lrn },

        // Activations and element-wise functions.
        one("ReLU") { _ in .relu },
        one("LeakyReLU", [P("slope", .double)]) { .leakyRelu(slope: $0.double("slope") ?? 0.01) },
        one("PReLU") { _ in .prelu },
        one("ELU", [P("alpha", .double)]) { .elu(alpha: $0.double("alpha") ?? 1) },
        one("Sigmoid") { _ in .sigmoid },
        one("Tanh") { _ in .tanh },
        one("Softplus") { _ in .softplus },
        one("Swish") { _ in .swish },
        one("GELU") { _ in .unary(.gelu) },
        one("Abs") { _ in .abs },
        one("Clip", [P("min", .double), P("max", .double)]) { .clip(min: $0.double("min"), max: $0.double("max")) },
        one("Exp", [P("base", .double)] + affine) { .exp(base: $0.double("base"), prelude: prelude($0)) },
        one("Log", [P("base", .double)] + affine) { .log(base: $0.double("base"), prelude: prelude($0)) },
        one("Pow", [P("exponent", .double, required: true)] + affine) {
            .pow(exponent: $0.double("exponent"), prelude: prelude($0))
        },
        one("Sqrt") { _ in .sqrt },
        one("Reciprocal") { _ in .reciprocal },
        one("Softmax", [P("axis", .int)]) { .softmax(axis: $0.int("axis") ?? 1) },
        one("LogSoftmax", [P("axis", .int)]) { .logSoftmax(axis: $0.int("axis") ?? 1) },
        one("Dropout", [P("ratio", .double)]) { .dropout(ratio: $0.double("ratio") ?? 0.5) },

        // Element-wise arithmetic on several tensors.
        several("Add") { _ in .add },
        several("Sub") { _ in .sub },
        several("Mul") { _ in .mul },
        several("Div") { _ in .div },
        several("Max") { _ in .max },
        several("Min") { _ in .min },

        // Tensor plumbing.
        several("Concat", [P("axis", .int)]) { .concat(axis: $0.int("axis") ?? 1) },
        one("Flatten") { _ in .flatten },
        one("Reshape", [P("shape", .ints, required: true)]) { _ in .reshape },
        // Repeats the tensor `tiles` times along `axis` (Caffe `Tile`); values unchanged.
        one("Tile", [P("axis", .int), P("tiles", .int, required: true)]) { _ in .tile },
        one("Reduce", [P("operation", .symbol(reductions), required: true), P("axis", .int)]) {
            .reduce(ReduceKind(rawValue: $0.symbol("operation") ?? "sum") ?? .sum)
        },

        // Recurrent layers.
        one("LSTM", recurrent) { .lstm(recurrentAttributes(.lstm, $0)) },
        one("GRU", recurrent) { .rnn(recurrentAttributes(.gru, $0)) },
        one("RNN", recurrent) { .rnn(recurrentAttributes(.simple, $0)) },

        // Training heads: scores then labels (or targets).
        several("SoftmaxCrossEntropy") { _ in .loss(.softmaxCrossEntropy) },
        several("SigmoidCrossEntropy") { _ in .loss(.sigmoidCrossEntropy) },
        several("EuclideanLoss") { _ in .loss(.euclidean) },
        several("Accuracy") { _ in .accuracy },
    ])
}
