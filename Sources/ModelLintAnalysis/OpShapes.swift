import ModelLintIR

/// What each `Op` does to shapes: the one table that maps the op vocabulary
/// to the shape rules in `SpatialShapes`, `PlumbingShapes` and friends.
///
/// The switch is exhaustive on purpose (no `default`): a new `Op` case must
/// not compile until someone decides what it does to shapes.
enum OpShapes {
    /// One entry per output of `node`, in order; a shorter array or a nil
    /// entry leaves the remaining outputs unknown. `inputs` are the node's
    /// input tensors (nil where the id is out of range); `values` the
    /// evaluated shape arithmetic each holds, if any (`ShapeValues`).
    static func outputShapes(of node: Node, inputs: [Tensor?], values: [[Dim]?] = []) -> [Shape?] {
        let shapes = inputs.map { $0?.shape }
        let first = shapes.first ?? nil
        let outputCount = node.outputs.count

        switch node.op {
        case .input:
            // Graph inputs carry their declared shape already; nothing to derive.
            return []
        case .dataLoader(let attributes):
            return DataLoaderShapes.outputs(attributes, outputCount: outputCount)

        case .conv(let attributes):
            return [SpatialShapes.conv(attributes, input: first, weight: shape(at: 1, of: shapes))]
        case .deconv(let attributes):
            return [SpatialShapes.deconv(attributes, input: first, weight: shape(at: 1, of: shapes))]
        case .pool(let attributes):
            // A second output (Caffe's max mask, ONNX `Indices`) has the pooled shape too.
            return Array(repeating: SpatialShapes.pool(attributes, input: first), count: outputCount)
        case .fullyConnected(let attributes):
            return [PlumbingShapes.fullyConnected(attributes, input: first, weight: shape(at: 1, of: shapes))]
        case .embed(let outputs):
            return [PlumbingShapes.embed(outputs: outputs, input: first)]
        case .matMul:
            return [PlumbingShapes.matMul(first, shape(at: 1, of: shapes))]

        // Element-wise on the first input; any further inputs (BatchNorm
        // statistics, Scale's factor, PReLU's slope, Clip's bounds) are
        // parameters that broadcast into it.
        case .batchNorm, .lrn, .mvn, .scale, .bias,
             .relu, .leakyRelu, .prelu, .elu, .sigmoid, .tanh, .abs, .softplus, .swish, .clip, .threshold,
             .exp, .log, .sqrt, .reciprocal, .softmax, .logSoftmax, .identity:
            return [first]
        case .pow:
            // Caffe `Power` has one input; ONNX `Pow` broadcasts base and exponent.
            return [shapes.count >= 2 ? Broadcasting.broadcast(shapes) : first]
        case .dropout:
            // ONNX's optional mask output has the input's shape as well.
            return Array(repeating: first, count: outputCount)

        case .add, .sub, .mul, .div, .max, .min, .weightedSum:
            return [Broadcasting.broadcast(shapes)]

        case .concat(let axis):
            return [PlumbingShapes.concat(axis: axis, inputs: shapes)]
        case .split:
            return Array(repeating: first, count: outputCount)
        case .slice(let axis) where node.sourceType == "Split":
            // ONNX: the sizes in input 1, or (opset < 13) an attribute the IR does not keep.
            return PlumbingShapes.split(axis: axis, input: first, sizes: values.count > 1 ? values[1] : nil, outputCount: outputCount)
        case .slice(let axis):
            return PlumbingShapes.slice(axis: axis, input: first, outputCount: outputCount)
        case .flatten:
            return [PlumbingShapes.flatten(first)]
        case .reshape:
            let target = values.count > 1 ? values[1] : constant(at: 1, of: inputs).flatMap(PlumbingShapes.dims)
            return [PlumbingShapes.reshape(input: first, target: target)]
        case .tile:
            return [PlumbingShapes.tile(input: first, repeats: constant(at: 1, of: inputs))]
        case .shapeOf(let countOnly):
            if countOnly { return [Shape([])] }
            return [first.map { Shape([.known($0.rank)]) }]
        case .cast:
            return [first]
        case .reduce:
            // The frontend says which axes where it can (ONNX Reduce*).
            guard let reduction = node.reduction, let first, let axes = reduction.axes(rank: first.rank) else { return [] }
            let dims = first.dims.indices.compactMap { axis in
                axes.contains(axis) ? (reduction.keepsDimensions ? Dim.known(1) : nil) : first.dims[axis]
            }
            return [Shape(dims)]
        case .gather where node.sourceType == "Squeeze" || node.sourceType == "Unsqueeze":
            // Axes in input 1 (ONNX from opset 13); the older attribute is not in the IR.
            guard let first, values.count > 1, let written = values[1] else { return [] }
            var axes: [Int] = []
            for axis in written {
                guard case .known(let a) = axis else { return [] }
                axes.append(a)
            }
            return [PlumbingShapes.squeezing(first, axes: axes, unsqueeze: node.sourceType == "Unsqueeze")]
        case .gather where node.sourceType == "Slice":
            // ONNX from opset 10: starts, ends, axes and steps as inputs.
            guard let first, values.count >= 3 else { return [] }
            func ints(_ index: Int) -> [Int]? {
                guard index < values.count, let written = values[index] else { return nil }
                var result: [Int] = []
                for dim in written {
                    guard case .known(let n) = dim else { return nil }
                    result.append(n)
                }
                return result
            }
            guard let starts = ints(1), let ends = ints(2) else { return [] }
            let axes = values.count > 3 && node.inputs.count > 3 ? ints(3) : Array(0..<starts.count)
            let steps = values.count > 4 && node.inputs.count > 4 ? ints(4) : Array(repeating: 1, count: starts.count)
            guard let axes, let steps else { return [] }
            return [PlumbingShapes.sliced(first, starts: starts, ends: ends, axes: axes, steps: steps)]
        case .gather where node.sourceType == "Expand":
            // ONNX Expand broadcasts the input with the target shape (input 1).
            guard values.count > 1, let target = values[1] else { return [] }
            return [Broadcasting.broadcast([first, Shape(target)])]
        case .transpose(let permutation):
            return [first.flatMap { PlumbingShapes.transpose($0, permutation: permutation) }]
        case .crop, .argMax, .gather:
            // Their output depends on attributes the IR does not carry
            // (crop axis and offsets, reduced axes, top_k).
            return []

        case .lstm, .rnn:
            // The hidden size is not in the IR.
            return []

        case .loss(let kind):
            // Caffe losses produce a scalar; SoftmaxWithLoss may also output
            // the probabilities, shaped like its input. An ONNX loss that
            // reduces no axis (reduction "none") gives one loss per target element.
            let loss = node.reduction?.axes?.isEmpty == true ? shape(at: 1, of: shapes) : Shape([])
            return kind == .softmaxCrossEntropy ? [loss, first] : [loss]
        case .accuracy:
            // Caffe's optional second top is per-class accuracy: one value per class (axis 1).
            let classes = first.flatMap { $0.rank >= 2 ? Shape([$0.dims[1]]) : nil }
            return [Shape([]), classes]
        case .silence:
            return []

        case .unary:
            return [first]
        case .predicate, .select:
            return [Broadcasting.broadcast(shapes)]
        case .normalize:
            // LayerNormalization's optional mean and inverse deviation keep the reduced axes as 1s.
            return [first]
        case .fill:
            // ConstantOfShape: input 0 holds the shape.
            guard let values = constant(at: 0, of: inputs) else { return [] }
            let dims = values.compactMap { Int(exactly: $0) }.filter { $0 >= 0 }
            return [dims.count == values.count ? Shape(known: dims) : nil]
        case .average:
            return [Broadcasting.broadcast(shapes)]
        case .scatter, .dequantize, .quantize:
            // Per-axis scales and scattered indices do not broadcast numpy-style: the data's shape.
            return [first]
        case .topK, .parameter, .pyramidPool:
            // k, the blob's shape and the pyramid's height are not in the IR.
            return []
        case .pad where node.sourceType == "Pad" && (2...3).contains(node.inputs.count):
            // ONNX Pad from opset 11: pads (begins, then ends) in input 1; with an axes input (opset 18) not read.
            guard let first, values.count > 1, let pads = values[1], pads.count == 2 * first.rank else { return [] }
            return [Shape(first.dims.indices.map { axis in
                if pads[axis] == .known(0) && pads[axis + first.rank] == .known(0) { return first.dims[axis] }
                let size = Dim.sum([first.dims[axis], pads[axis], pads[axis + first.rank]])
                return (size.value ?? 0) < 0 ? .unknown : size
            })]
        case .resize, .pad:
            // Sizes and pads may come from runtime inputs.
            return []

        case .extended(let extended):
            // Element-wise in input 0 (the first output) where the formula keeps the shape.
            return ExtendedTypes.keepsShape(extended) ? [first] : []
        case .opaque, .unknown, .controlFlow:
            return []
        }
    }

    private static func shape(at index: Int, of shapes: [Shape?]) -> Shape? {
        index < shapes.count ? shapes[index] : nil
    }

    private static func constant(at index: Int, of inputs: [Tensor?]) -> [Double]? {
        index < inputs.count ? inputs[index]?.constantValues : nil
    }
}
