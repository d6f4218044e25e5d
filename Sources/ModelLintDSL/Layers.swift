// The layer types a DSL user writes, one per entry of `Vocabulary`, with
// the same labels and order as its signatures. Optional arguments are nil
// when not written: their defaults live in `Vocabulary` alone.

/// The reductions `Reduce(operation:)` knows.
public enum Reduction: String, CaseIterable, Sendable {
    case sum, mean, max, min, sumOfSquares, sumOfAbs
}

/// A graph input: its shape (batch first), the range its values lie in (what
/// the interval analysis assumes; unbounded when left out) and element type.
public struct Input: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, shape: [Int], range: ClosedRange<Double>? = nil, dtype: ElementType? = nil,
                file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Input", ["name": .string(name), "shape": .list(shape.map(DSLValue.int)), "range": range.map { .range($0) },
                                "dtype": dtype.map { .symbol($0.rawValue) }], file: file, line: line, column: column)
    }
}

public struct Conv: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, outputs: Int, kernel: Int, stride: Int? = nil, pad: Int? = nil, dilation: Int? = nil, group: Int? = nil, bias: Bool? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Conv", ["name": .string(name), "from": input.map(DSLValue.string), "outputs": .int(outputs), "kernel": .int(kernel), "stride": stride.map { .int($0) }, "pad": pad.map { .int($0) }, "dilation": dilation.map { .int($0) }, "group": group.map { .int($0) }, "bias": bias.map { .bool($0) }], file: file, line: line, column: column)
    }
}

public struct Deconv: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, outputs: Int, kernel: Int, stride: Int? = nil, pad: Int? = nil, dilation: Int? = nil, group: Int? = nil, bias: Bool? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Deconv", ["name": .string(name), "from": input.map(DSLValue.string), "outputs": .int(outputs), "kernel": .int(kernel), "stride": stride.map { .int($0) }, "pad": pad.map { .int($0) }, "dilation": dilation.map { .int($0) }, "group": group.map { .int($0) }, "bias": bias.map { .bool($0) }], file: file, line: line, column: column)
    }
}

public struct Dense: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, outputs: Int, bias: Bool? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Dense", ["name": .string(name), "from": input.map(DSLValue.string), "outputs": .int(outputs), "bias": bias.map { .bool($0) }], file: file, line: line, column: column)
    }
}

public struct MatMul: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("MatMul", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct MaxPool: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, kernel: Int, stride: Int? = nil, pad: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("MaxPool", ["name": .string(name), "from": input.map(DSLValue.string), "kernel": .int(kernel), "stride": stride.map { .int($0) }, "pad": pad.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct AvgPool: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, kernel: Int, stride: Int? = nil, pad: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("AvgPool", ["name": .string(name), "from": input.map(DSLValue.string), "kernel": .int(kernel), "stride": stride.map { .int($0) }, "pad": pad.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct GlobalMaxPool: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("GlobalMaxPool", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct GlobalAvgPool: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("GlobalAvgPool", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct BatchNorm: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, epsilon: Double? = nil, useGlobalStats: Bool? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("BatchNorm", ["name": .string(name), "from": input.map(DSLValue.string), "epsilon": epsilon.map { .double($0) }, "useGlobalStats": useGlobalStats.map { .bool($0) }], file: file, line: line, column: column)
    }
}

public struct LayerNorm: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, axis: Int? = nil, epsilon: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("LayerNorm", ["name": .string(name), "from": input.map(DSLValue.string), "axis": axis.map { .int($0) }, "epsilon": epsilon.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Scale: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, bias: Bool? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Scale", ["name": .string(name), "from": input.map(DSLValue.string), "bias": bias.map { .bool($0) }], file: file, line: line, column: column)
    }
}

public struct Bias: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Bias", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct LRN: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("LRN", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct ReLU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("ReLU", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct LeakyReLU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, slope: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("LeakyReLU", ["name": .string(name), "from": input.map(DSLValue.string), "slope": slope.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct PReLU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("PReLU", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct ELU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, alpha: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("ELU", ["name": .string(name), "from": input.map(DSLValue.string), "alpha": alpha.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Sigmoid: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Sigmoid", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Tanh: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Tanh", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Softplus: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Softplus", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Swish: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Swish", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct GELU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("GELU", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Abs: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Abs", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Clip: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, min: Double? = nil, max: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Clip", ["name": .string(name), "from": input.map(DSLValue.string), "min": min.map { .double($0) }, "max": max.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Exp: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, base: Double? = nil, scale: Double? = nil, shift: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Exp", ["name": .string(name), "from": input.map(DSLValue.string), "base": base.map { .double($0) }, "scale": scale.map { .double($0) }, "shift": shift.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Log: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, base: Double? = nil, scale: Double? = nil, shift: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Log", ["name": .string(name), "from": input.map(DSLValue.string), "base": base.map { .double($0) }, "scale": scale.map { .double($0) }, "shift": shift.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Pow: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, exponent: Double, scale: Double? = nil, shift: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Pow", ["name": .string(name), "from": input.map(DSLValue.string), "exponent": .double(exponent), "scale": scale.map { .double($0) }, "shift": shift.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Sqrt: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Sqrt", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Reciprocal: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Reciprocal", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Softmax: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, axis: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Softmax", ["name": .string(name), "from": input.map(DSLValue.string), "axis": axis.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct LogSoftmax: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, axis: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("LogSoftmax", ["name": .string(name), "from": input.map(DSLValue.string), "axis": axis.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct Dropout: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, ratio: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Dropout", ["name": .string(name), "from": input.map(DSLValue.string), "ratio": ratio.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct Add: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Add", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Sub: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Sub", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Mul: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Mul", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Div: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Div", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Max: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Max", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Min: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Min", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Concat: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., axis: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Concat", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string)), "axis": axis.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct Flatten: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Flatten", ["name": .string(name), "from": input.map(DSLValue.string)], file: file, line: line, column: column)
    }
}

public struct Reshape: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, shape: [Int], file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Reshape", ["name": .string(name), "from": input.map(DSLValue.string), "shape": .list(shape.map(DSLValue.int))], file: file, line: line, column: column)
    }
}

public struct Tile: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, axis: Int? = nil, tiles: Int, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Tile", ["name": .string(name), "from": input.map(DSLValue.string), "axis": axis.map { .int($0) }, "tiles": .int(tiles)], file: file, line: line, column: column)
    }
}

public struct Reduce: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, operation: Reduction, axis: Int? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Reduce", ["name": .string(name), "from": input.map(DSLValue.string), "operation": .symbol(operation.rawValue), "axis": axis.map { .int($0) }], file: file, line: line, column: column)
    }
}

public struct LSTM: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, hidden: Int, clip: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("LSTM", ["name": .string(name), "from": input.map(DSLValue.string), "hidden": .int(hidden), "clip": clip.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct GRU: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, hidden: Int, clip: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("GRU", ["name": .string(name), "from": input.map(DSLValue.string), "hidden": .int(hidden), "clip": clip.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct RNN: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, from input: String? = nil, hidden: Int, clip: Double? = nil, file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("RNN", ["name": .string(name), "from": input.map(DSLValue.string), "hidden": .int(hidden), "clip": clip.map { .double($0) }], file: file, line: line, column: column)
    }
}

public struct SoftmaxCrossEntropy: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("SoftmaxCrossEntropy", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct SigmoidCrossEntropy: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("SigmoidCrossEntropy", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct EuclideanLoss: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("EuclideanLoss", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}

public struct Accuracy: LayerConvertible {
    public let layer: Layer
    public init(_ name: String, _ inputs: String..., file: String = #filePath, line: Int = #line, column: Int = #column) {
        layer = Layer("Accuracy", ["name": .string(name), "inputs": .list(inputs.map(DSLValue.string))], file: file, line: line, column: column)
    }
}
