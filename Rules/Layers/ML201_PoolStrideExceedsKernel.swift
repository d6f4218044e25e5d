import ModelLintAnalysis
import ModelLintIR

/// ML201: a pooling window moves further than it is wide.
public struct PoolStrideExceedsKernel: Rule {
    public static let description = RuleDescription(
        code: "ML201",
        name: "pool-stride-exceeds-kernel",
        summary: "A pooling layer's stride is larger than its kernel in some spatial axis.",
        rationale: """
            With stride > kernel the windows leave gaps: inputs between them never reach the output \
            and get no gradient. Worse, Caffe counts windows with ceil(), so the last window can \
            start past the end of the input. Average pooling then divides by a window of size zero \
            or less (0/0 = NaN, which spreads through every later layer and the loss); max pooling \
            finds no element, outputs -FLT_MAX and records index -1, so the backward pass writes \
            outside the bottom's gradient buffer. This is the failure of Caffe's famous \
            "faulty pooling" nets. It is reported as an error when the input shape proves the last \
            window starts outside the input, and as a warning otherwise.
            """,
        fix: "Make the stride no larger than the kernel (or the kernel at least as large as the stride); to downsample more, add a layer or use a larger kernel.",
        defaultSeverity: .warning,
        examples: [
            .triggering(.prototxt, """
                name: "faulty_pooling"
                input: "data"
                input_shape { dim: 1 dim: 1 dim: 9 dim: 9 }
                layer {
                  name: "pool1"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool1"
                  pooling_param {
                    pool: AVE
                    kernel_size: 3
                    stride: 5  # expect: ML201
                  }
                }
                """),
            .triggering(.prototxt, """
                name: "faulty_pooling_v1"
                layers {
                  name: "data"
                  type: DATA
                  top: "data"
                  top: "label"
                  data_param { source: "train_lmdb" batch_size: 64 }
                }
                layers {
                  name: "pool1"
                  type: POOLING
                  bottom: "data"
                  top: "pool1"
                  pooling_param {
                    pool: AVE
                    kernel_size: 3
                    stride: 5  # expect: ML201
                  }
                }
                """),
            .triggering(.prototxt, """
                name: "wide_only"
                input: "data"
                input_shape { dim: 1 dim: 16 dim: 32 dim: 32 }
                layer {
                  name: "pool"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool"
                  pooling_param { pool: MAX kernel_h: 2 kernel_w: 2
                    stride_h: 2  # expect: ML201
                    stride_w: 4 }
                }
                """),
            .nonTriggering(.prototxt, """
                name: "alexnet_pool"
                input: "data"
                input_shape { dim: 1 dim: 96 dim: 55 dim: 55 }
                layer {
                  name: "pool1"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool1"
                  pooling_param { pool: MAX kernel_size: 3 stride: 2 }
                }
                layer {
                  name: "pool2"
                  type: "Pooling"
                  bottom: "pool1"
                  top: "pool2"
                  pooling_param { pool: AVE kernel_size: 2 stride: 2 }
                }
                """),
            .nonTriggering(.prototxt, """
                name: "global"
                input: "data"
                input_shape { dim: 1 dim: 1024 dim: 7 dim: 7 }
                layer {
                  name: "pool5"
                  type: "Pooling"
                  bottom: "data"
                  top: "pool5"
                  pooling_param { pool: AVE global_pooling: true stride: 8 }
                }
                """),
            .triggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "gap",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "avgpool_gap", "opType": "AveragePool", "input": ["x"], "output": ["y"],
                            "attribute": [{"name": "kernel_shape", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "strides", "ints": ["3", "3"], "type": "INTS"}]}],
                  "output": [{"name": "y"}]}}
                """, nodes: ["avgpool_gap"]),
            .nonTriggering(.onnxJSON, """
                {"irVersion": "8", "opsetImport": [{"version": "17"}], "graph": {
                  "name": "ok",
                  "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "1"}, {"dimValue": "3"}, {"dimValue": "10"}, {"dimValue": "10"}]}}}}],
                  "node": [{"name": "maxpool", "opType": "MaxPool", "input": ["x"], "output": ["y"],
                            "attribute": [{"name": "kernel_shape", "ints": ["3", "3"], "type": "INTS"},
                                          {"name": "strides", "ints": ["2", "2"], "type": "INTS"},
                                          {"name": "auto_pad", "s": "U0FNRV9VUFBFUg==", "type": "STRING"}]},
                           {"name": "gap", "opType": "GlobalAveragePool", "input": ["y"], "output": ["z"]}],
                  "output": [{"name": "z"}]}}
                """),
        ])

    public init() {}

    /// What the shapes say about one offending axis.
    private enum AxisVerdict: Hashable {
        case unknownExtent
        case windowOutside(extent: Int, windows: Int, lastStart: Int, windowSize: Int)
        case gaps(extent: Int, skipped: Int, stride: Int)
    }

    public func check(_ context: inout RuleContext) {
        let graph = context.graph
        for node in graph.nodes {
            guard case .pool(let pool) = node.op, let windows = pool.windowAxes(spatialRank: pool.kernel.count) else { continue }
            let axes = windows.indices.filter { windows[$0].stride > windows[$0].kernel }
            guard !axes.isEmpty else { continue }

            let spatial = spatialExtent(of: node, in: graph, axes: windows.count)
            let verdicts = axes.map { (axis: $0, verdict: verdict(windows[$0], extent: spatial?[$0] ?? nil, arithmetic: pool.arithmetic, autoPad: pool.autoPad)) }
            let proven = verdicts.contains { if case .windowOutside = $0.verdict { true } else { false } }

            // Axes with the same verdict share one sentence: "in height and width".
            var evidence: [String] = []
            var said: [AxisVerdict] = []
            for (_, verdict) in verdicts where !said.contains(verdict) {
                said.append(verdict)
                let names = verdicts.filter { $0.verdict == verdict }
                    .map { Self.axisName($0.axis, of: windows.count) }.joined(separator: " and ")
                evidence += Self.sentences(verdict, axes: names, kind: pool.kind)
            }

            let strides = axes.map { windows[$0].stride }
            let kernels = axes.map { windows[$0].kernel }
            let partial = windows.count > 1 && axes.count < windows.count
            let axesNote = partial ? " in " + axes.map { Self.axisName($0, of: windows.count) }.joined(separator: " and ") : ""
            let message = "pooling stride \(Self.join(strides)) exceeds kernel \(Self.join(kernels))\(axesNote)"
                + (proven ? ", and the last window starts outside the input" : "")
            context.report(message, node: node, field: .attribute("stride"), severity: proven ? .error : .warning,
                           evidence: evidence)
        }
    }

    private func verdict(_ written: WindowAxis, extent: Int?, arithmetic: PoolingArithmetic, autoPad: AutoPad?) -> AxisVerdict {
        // A negative or zero extent is a broken shape (ML005's), not one to reason about windows in.
        guard let extent, extent >= 1 else { return .unknownExtent }
        let window = written.applying(autoPad, extent: extent)
        let windows = PoolingGeometry.outputCount(input: extent, kernel: window.kernel, stride: window.stride,
                                                  padBegin: window.padBegin, padEnd: window.padEnd,
                                                  dilation: window.dilation, arithmetic: arithmetic)
        let lastStart = PoolingGeometry.lastWindowStart(input: extent, kernel: window.kernel, stride: window.stride,
                                                        padBegin: window.padBegin, padEnd: window.padEnd,
                                                        dilation: window.dilation, arithmetic: arithmetic)
        guard lastStart >= extent else {
            guard let skipped = Checked.subtract(window.stride, window.kernel) else { return .unknownExtent }
            return .gaps(extent: extent, skipped: skipped, stride: window.stride)
        }
        // Caffe's average pooling divides by min(start + kernel, extent + pad) - start.
        guard let windowEnd = Checked.add(lastStart, window.kernel), let paddedEnd = Checked.add(extent, window.padEnd),
              let windowSize = Checked.subtract(min(windowEnd, paddedEnd), lastStart)
        else { return .unknownExtent }
        return .windowOutside(extent: extent, windows: windows, lastStart: lastStart, windowSize: windowSize)
    }

    private static func sentences(_ verdict: AxisVerdict, axes: String, kind: PoolKind) -> [String] {
        switch verdict {
        case .unknownExtent:
            return ["the input's \(axes) is unknown, so whether the last window falls outside it could not be decided"]
        case .gaps(let extent, let skipped, let stride):
            return ["the input is \(extent) in \(axes): every window overlaps it, but \(skipped) of every \(stride) positions are never pooled"]
        case .windowOutside(let extent, let windows, let lastStart, let windowSize):
            return [
                "the input is \(extent) in \(axes): \(windows) windows, and the last one starts at \(lastStart), past the last index \(extent - 1)",
                kind == .max
                    ? "max pooling finds no element there, outputs -FLT_MAX and writes its gradient at index -1"
                    : windowSize == 0
                        ? "average pooling divides an empty sum by a window of size 0 there: 0/0 = NaN"
                        : "average pooling divides an empty sum by a window of size \(windowSize) there: the output is a meaningless 0",
            ]
        }
    }

    /// The spatial sizes of the pooled input (NCHW: the trailing `axes` dimensions), when known.
    private func spatialExtent(of node: Node, in graph: Graph, axes: Int) -> [Int?]? {
        guard let input = node.inputs.first, let shape = graph.tensor(input).shape, shape.rank >= axes else { return nil }
        return shape.dims.suffix(axes).map(\.value)
    }

    private static func axisName(_ axis: Int, of count: Int) -> String {
        count == 2 ? ["height", "width"][axis] : "spatial axis \(axis)"
    }

    private static func join(_ values: [Int]) -> String {
        Set(values).count == 1 ? String(values[0]) : values.map(String.init).joined(separator: "×")
    }
}
