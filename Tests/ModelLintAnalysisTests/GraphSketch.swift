import ModelLintAnalysis
import ModelLintIR

/// Builds small graphs by hand for shape tests: add inputs, then nodes, and
/// read back the ids of the tensors each node writes.
struct GraphSketch {
    var graph = Graph(name: "sketch", source: SourceFile(path: "sketch.prototxt", text: "name: \"sketch\"\n"))

    /// A graph input with `shape` (nil: rank unknown).
    @discardableResult
    mutating func input(_ name: String, _ shape: Shape?, constant: [Double]? = nil) -> TensorID {
        let id = graph.tensors.count
        graph.tensors.append(Tensor(id: id, name: name, shape: shape, constant: constant.map { ConstantData(values: $0) }))
        graph.inputs.append(id)
        return id
    }

    /// A graph input with known dimensions.
    @discardableResult
    mutating func input(_ name: String, _ dims: [Int]) -> TensorID {
        input(name, Shape(known: dims))
    }

    /// A node applying `op` to `inputs`, writing `outputs` fresh tensors whose ids it returns.
    @discardableResult
    mutating func node(_ name: String, _ op: Op, _ inputs: [TensorID], outputs: Int = 1,
                       sourceType: String = "Test") -> [TensorID] {
        let nodeID = graph.nodes.count
        let ids = (0..<outputs).map { graph.tensors.count + $0 }
        for (index, id) in ids.enumerated() {
            graph.tensors.append(Tensor(id: id, name: outputs == 1 ? name : "\(name):\(index)", producer: nodeID))
        }
        graph.nodes.append(Node(id: nodeID, name: name, op: op, sourceType: sourceType, inputs: inputs,
                                outputs: ids, location: SourceLocation(file: "sketch.prototxt", line: nodeID + 2, column: 1)))
        return ids
    }

    /// A single-output node.
    mutating func apply(_ name: String, _ op: Op, _ inputs: TensorID...) -> TensorID {
        node(name, op, inputs)[0]
    }

    /// Runs shape inference and returns the shape of `tensor`.
    func inferred(_ tensor: TensorID) -> Shape? {
        ShapeInference.infer(graph).tensors[tensor].shape
    }
}

/// Shorthand for a shape whose dimensions are all known.
func known(_ dims: Int...) -> Shape { Shape(known: dims) }

func caffeConv(_ outputs: Int?, kernel: Int, stride: Int = 1, pad: Int = 0, dilation: Int = 1, group: Int = 1) -> Op {
    .conv(ConvAttributes(outputChannels: outputs, kernel: [kernel, kernel], strides: [stride, stride],
                         padsBegin: [pad, pad], padsEnd: [pad, pad], dilations: [dilation], group: group))
}

func caffePool(_ kind: PoolKind = .max, kernel: Int, stride: Int, pad: Int = 0) -> Op {
    .pool(PoolAttributes(kind: kind, kernel: [kernel, kernel], strides: [stride, stride], padsBegin: [pad, pad],
                         padsEnd: [pad, pad], arithmetic: .caffe))
}
