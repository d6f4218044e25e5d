import Foundation
import ModelLintIR

/// The encoder–decoder shape of a segmentation-style network (U-Net, FCN,
/// LinkNet, DeepLab v3+): a path that downsamples, a path that upsamples, and
/// skip connections that join the two at the same resolution.
///
/// Definitions (one pass over the nodes in topological order, no path search):
///
/// - **Scale** of a tensor: how many times smaller its spatial extent is than
///   the graph's input, from the inferred shapes (square root of the area
///   ratio between a node's first input and its output) or, where shapes are
///   unknown, from strides. **Level** = round(log2(scale)): 0 at full
///   resolution, 1 at half, ... Non-spatial tensors (after a global pooling,
///   a flatten, a fully connected layer) have none.
/// - **Upsampling op**: a transposed convolution, `Resize`/`Upsample`, or a
///   Caffe fork's `Upsample`/`Interp`/`Unpooling` layer whose output is at least
///   1.4× larger than its input (or, shapes unknown, has a stride > 1 / is a resize).
/// - **Decoder**: every node downstream of an upsampling op. **Encoder**: every
///   other node with a spatial output.
/// - **Skip connection**: a `Concat` or element-wise sum (`Add`, Eltwise SUM)
///   (or SegNet's `Upsample` whose pooling indices come from the encoder)
///   with one encoder input and one decoder input at the same level (and the
///   same height and width where both are known), provided the encoder has a
///   spatial convolution at a deeper level than the join — so that a pyramid
///   pooling or ASPP image-pooling branch (pool → 1×1 conv → upsample → concat)
///   is not mistaken for a decoder.
/// - **Stage**: the spatial convolutions of one side at one level, i.e.
///   between two resolution changes. Its signature is the multiset of their
///   block types (see `BlockSignature`).
public struct EncoderDecoderStructure: Sendable {
    public enum Side: String, Sendable { case encoder, decoder }

    public struct Stage: Sendable {
        public var side: Side
        public var level: Int
        /// The spatial convolutions of the stage, in graph order.
        public var convolutions: [ConvBlockToken]
        /// BatchNorm nodes whose output is at this level on this side.
        public var batchNorms: [NodeID]
        public var signature: BlockSignature { BlockSignature(convolutions) }
    }

    public struct SkipConnection: Sendable, Hashable {
        /// The Concat / Add that joins the two paths.
        public var join: NodeID
        public var encoderTensor: TensorID
        public var decoderTensor: TensorID
        public var level: Int
    }

    public var encoderStages: [Stage]
    public var decoderStages: [Stage]
    public var skips: [SkipConnection]
    public var upsamplingOps: [NodeID]
    /// BatchNorm nodes on each side (including those at a level without convolutions).
    public var encoderBatchNorms: [NodeID]
    public var decoderBatchNorms: [NodeID]
    /// The level of every tensor with a spatial extent, indexed by `TensorID`.
    public var levels: [Int?]

    public var encoderSignature: BlockSignature { BlockSignature(encoderStages.flatMap(\.convolutions)) }
    public var decoderSignature: BlockSignature { BlockSignature(decoderStages.flatMap(\.convolutions)) }

    public func stage(_ side: Side, level: Int) -> Stage? {
        (side == .encoder ? encoderStages : decoderStages).first { $0.level == level }
    }

    /// Caffe fork layer types that upsample (SegNet's `Upsample`, PSPNet's `Interp`).
    public static let upsamplingLayerTypes: Set<String> = ["Upsample", "Interp", "Unpooling", "Unpool", "Resize"]
    /// Caffe fork layer types that are BatchNorm with a built-in scale (SegNet's and PSPNet's `BN`).
    public static let batchNormLayerTypes: Set<String> = ["BN", "SyncBN", "SyncBatchNorm"]
    /// An output this many times larger than the input (per axis) counts as upsampling.
    static let upsamplingRatio = 1.4

    public static func isBatchNorm(_ node: Node) -> Bool {
        switch node.op {
        case .batchNorm: true
        case .unknown, .opaque: batchNormLayerTypes.contains(node.sourceType)
        default: false
        }
    }

    /// Detects the structure, or nil when the graph has no upsampling op, no
    /// skip connection, or no convolution on one of the two sides.
    public static func detect(in graph: Graph) -> EncoderDecoderStructure? {
        let count = graph.tensors.count
        var scale = [Double?](repeating: nil, count: count)
        var afterUp = [Bool](repeating: false, count: count)
        var consumers = [[NodeID]](repeating: [], count: count)
        var upsampling: [NodeID] = []

        for id in graph.inputs where graph.tensors.indices.contains(id) && isSpatial(graph.tensors[id].shape, orUnknown: true) {
            scale[id] = 1
        }
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where graph.tensors.indices.contains(input) { consumers[input].append(index) }
            let outputs = node.outputs.filter { graph.tensors.indices.contains($0) }
            guard !outputs.isEmpty else { continue }
            let inputScale = node.inputs.lazy.filter { graph.tensors.indices.contains($0) }.compactMap { scale[$0] }.first
            let first = node.inputs.first.flatMap { graph.tensors.indices.contains($0) ? graph.tensors[$0] : nil }
            let out = graph.tensors[outputs[0]]
            // How many times smaller (per axis) the output is than the input.
            let measured = ratio(from: first?.shape, to: out.shape)
            let outScale: Double?
            if node.inputs.isEmpty {
                outScale = isSpatial(out.shape, orUnknown: true) ? 1 : nil   // a data layer
            } else if let out = out.shape, out.rank < 3 {
                outScale = nil
            } else if let inputScale, let measured {
                outScale = inputScale * measured
            } else if isUpsamplingFamily(node), case .unknown = node.op, node.inputs.count > 1,
                      graph.tensors.indices.contains(node.inputs[1]), let maskScale = scale[node.inputs[1]] {
                // SegNet's Upsample: the input unpooled to twice the size of the pooling indices (its second input).
                outScale = maskScale / 2
            } else if let inputScale {
                outScale = isUpsamplingFamily(node) && !(node.op.isDeconv) ? nil : strideRatio(node.op).map { inputScale * $0 }
            } else {
                outScale = nil
            }
            let isUp = isUpsamplingFamily(node) && (measured.map { $0 <= 1 / upsamplingRatio } ?? upsamplesByStride(node.op))
            if isUp { upsampling.append(index) }
            // A Crop's second input only gives the size: being cropped to a decoder tensor's size is not being downstream of it.
            let dataInputs = node.op == .crop ? Array(node.inputs.prefix(1)) : node.inputs
            let downstream = isUp || dataInputs.contains { graph.tensors.indices.contains($0) && afterUp[$0] }
            for output in outputs {
                afterUp[output] = downstream
                scale[output] = outScale
            }
        }
        guard !upsampling.isEmpty else { return nil }
        // A scale of 0, inf or NaN (strides of 2^63 chained) has no level.
        let levels = scale.map { $0.flatMap { $0 > 0 ? Checked.rounded(log2($0)) : nil } }
        func level(_ node: Node) -> Int? { node.outputs.first.flatMap { graph.tensors.indices.contains($0) ? levels[$0] : nil } }
        func isDecoder(_ node: Node) -> Bool { node.outputs.contains { graph.tensors.indices.contains($0) && afterUp[$0] } }

        // Stages: spatial convolutions and BatchNorms grouped by side and level.
        var encoder: [Int: Stage] = [:]
        var decoder: [Int: Stage] = [:]
        var encoderBN: [NodeID] = []
        var decoderBN: [NodeID] = []
        for node in graph.nodes {
            guard let nodeLevel = level(node) else { continue }
            let side: Side = isDecoder(node) ? .decoder : .encoder
            if case .conv(let attributes) = node.op {
                let kernel = kernelOf(node, attributes, graph)
                guard kernel.contains(where: { $0 > 1 }) else { continue }
                let token = ConvBlockToken(node: node.id, kernel: kernel, groups: attributes.group,
                                           inBottleneck: isInBottleneck(node, graph: graph, consumers: consumers))
                if side == .encoder {
                    encoder[nodeLevel, default: Stage(side: .encoder, level: nodeLevel, convolutions: [], batchNorms: [])].convolutions.append(token)
                } else {
                    decoder[nodeLevel, default: Stage(side: .decoder, level: nodeLevel, convolutions: [], batchNorms: [])].convolutions.append(token)
                }
            } else if isBatchNorm(node) {
                if side == .encoder {
                    encoderBN.append(node.id)
                    encoder[nodeLevel, default: Stage(side: .encoder, level: nodeLevel, convolutions: [], batchNorms: [])].batchNorms.append(node.id)
                } else {
                    decoderBN.append(node.id)
                    decoder[nodeLevel, default: Stage(side: .decoder, level: nodeLevel, convolutions: [], batchNorms: [])].batchNorms.append(node.id)
                }
            }
        }
        let deepestEncoderConv = encoder.values.filter { !$0.convolutions.isEmpty }.map(\.level).max()

        // Skips: a join with an encoder input and a decoder input at one level.
        var skips: [SkipConnection] = []
        let upsamplingSet = Set(upsampling)
        for (index, node) in graph.nodes.enumerated() {
            if upsamplingSet.contains(index), node.inputs.count > 1, graph.tensors.indices.contains(node.inputs[1]),
               !afterUp[node.inputs[1]], let output = node.outputs.first, let joinLevel = levels[output],
               let deepestEncoderConv, deepestEncoderConv > joinLevel, node.inputs.first.map({ afterUp[$0] }) ?? false {
                // SegNet: the decoder unpools with the encoder's pooling indices, its skip connection.
                skips.append(SkipConnection(join: node.id, encoderTensor: node.inputs[1], decoderTensor: node.inputs[0], level: joinLevel))
                continue
            }
            switch node.op {
            case .concat, .add, .weightedSum: break
            default: continue
            }
            let inputs = node.inputs.filter { graph.tensors.indices.contains($0) && levels[$0] != nil }
            let encoderInputs = inputs.filter { !afterUp[$0] }
            let decoderInputs = inputs.filter { afterUp[$0] }
            pairs: for e in encoderInputs {
                for d in decoderInputs where levels[e] == levels[d] && sameExtent(graph.tensors[e].shape, graph.tensors[d].shape) {
                    guard let joinLevel = levels[e], let deepestEncoderConv, deepestEncoderConv > joinLevel else { continue }
                    skips.append(SkipConnection(join: node.id, encoderTensor: e, decoderTensor: d, level: joinLevel))
                    break pairs
                }
            }
        }
        let encoderStages = encoder.values.sorted { $0.level < $1.level }
        let decoderStages = decoder.values.sorted { $0.level > $1.level }
        guard !skips.isEmpty,
              encoderStages.contains(where: { !$0.convolutions.isEmpty }),
              decoderStages.contains(where: { !$0.convolutions.isEmpty })
        else { return nil }
        return EncoderDecoderStructure(encoderStages: encoderStages, decoderStages: decoderStages, skips: skips,
                                       upsamplingOps: upsampling.map { graph.nodes[$0].id },
                                       encoderBatchNorms: encoderBN, decoderBatchNorms: decoderBN, levels: levels)
    }

    // MARK: - Shapes and strides

    /// Rank 3 or more (a spatial feature map), or a shape nobody knows when `orUnknown`.
    private static func isSpatial(_ shape: Shape?, orUnknown: Bool) -> Bool {
        guard let shape else { return orUnknown }
        return shape.rank >= 3
    }

    /// The spatial dims (everything after N and C) when all are known and positive.
    private static func spatialDims(_ shape: Shape?) -> [Int]? {
        guard let shape, shape.rank >= 3 else { return nil }
        let dims = shape.dims.dropFirst(2).compactMap(\.value)
        return dims.count == shape.rank - 2 && dims.allSatisfy { $0 > 0 } ? dims : nil
    }

    /// Per-axis shrink factor from `input` to `output`: the square root (or
    /// n-th root) of their spatial areas' ratio.
    private static func ratio(from input: Shape?, to output: Shape?) -> Double? {
        guard let a = spatialDims(input), let b = spatialDims(output), a.count == b.count else { return nil }
        let areaIn = a.reduce(1.0) { $0 * Double($1) }
        let areaOut = b.reduce(1.0) { $0 * Double($1) }
        return pow(areaIn / areaOut, 1 / Double(a.count))
    }

    private static func sameExtent(_ a: Shape?, _ b: Shape?) -> Bool {
        guard let x = spatialDims(a), let y = spatialDims(b) else { return true }
        return x == y
    }

    private static func geometricMean(_ values: [Int]) -> Double {
        values.isEmpty ? 1 : pow(values.reduce(1.0) { $0 * Double(max($1, 1)) }, 1 / Double(values.count))
    }

    /// The shrink factor an op implies when shapes are unknown; nil when it cannot be told.
    private static func strideRatio(_ op: Op) -> Double? {
        switch op {
        case .conv(let c): geometricMean(c.strides)
        case .deconv(let c): 1 / geometricMean(c.strides)
        case .pool(let p): p.isGlobal ? nil : geometricMean(p.strides)
        // Unknown layers (fork BatchNorms, losses) are assumed to keep the size; the upsampling ones are handled by the caller.
        case .resize, .fullyConnected, .flatten, .reshape, .pyramidPool, .reduce: nil
        default: 1
        }
    }

    private static func isUpsamplingFamily(_ node: Node) -> Bool {
        switch node.op {
        case .deconv, .resize: true
        case .unknown, .opaque: upsamplingLayerTypes.contains(node.sourceType)
        default: false
        }
    }

    private static func upsamplesByStride(_ op: Op) -> Bool {
        switch op {
        case .deconv(let c): c.strides.contains { $0 > 1 }
        default: true
        }
    }

    private static func kernelOf(_ node: Node, _ attributes: ConvAttributes, _ graph: Graph) -> [Int] {
        if !attributes.kernel.isEmpty { return attributes.kernel }
        // ONNX may leave kernel_shape to the weight's shape (O, I/g, kH, kW).
        guard node.inputs.count > 1, graph.tensors.indices.contains(node.inputs[1]),
              let weight = graph.tensors[node.inputs[1]].shape, weight.rank >= 3
        else { return [] }
        let dims = weight.dims.dropFirst(2).compactMap(\.value)
        return dims.count == weight.rank - 2 ? dims : []
    }

    // MARK: - Bottlenecks

    /// Ops a bottleneck's chain passes through between its convolutions.
    private static func isTransparent(_ node: Node) -> Bool {
        switch node.op {
        case .batchNorm, .scale, .bias, .relu, .leakyRelu, .prelu, .elu, .sigmoid, .tanh, .swish, .clip, .dropout,
             .identity, .split, .normalize, .unary:
            true
        default:
            isBatchNorm(node)
        }
    }

    private enum ConvClass { case pointwise, spatial, other }

    private static func convClass(_ node: Node, _ graph: Graph) -> ConvClass {
        guard case .conv(let attributes) = node.op else { return .other }
        let kernel = kernelOf(node, attributes, graph)
        if kernel.isEmpty { return .other }
        return kernel.allSatisfy { $0 == 1 } ? .pointwise : .spatial
    }

    /// A spatial convolution is in a bottleneck when, walking up its first
    /// input and down its consumers through normalization and activations
    /// (and at most one further spatial convolution, for factorized k×1 / 1×k
    /// pairs), both walks reach a 1×1 convolution. Each walk visits a bounded
    /// number of nodes.
    static func isInBottleneck(_ node: Node, graph: Graph, consumers: [[NodeID]]) -> Bool {
        let limit = 8
        // Upward: a single chain of first inputs.
        var foundAbove = false
        var spatialHops = 0
        var current = node
        for _ in 0..<limit {
            guard let input = current.inputs.first, graph.tensors.indices.contains(input),
                  let producer = graph.producer(of: input) else { break }
            switch convClass(producer, graph) {
            case .pointwise: foundAbove = true
            case .spatial where spatialHops == 0: spatialHops += 1; current = producer; continue
            case .spatial: break
            case .other where isTransparent(producer): current = producer; continue
            case .other: break
            }
            break
        }
        guard foundAbove else { return false }
        // Downward: breadth-first over consumers.
        var frontier = node.outputs.filter { graph.tensors.indices.contains($0) }.map { ($0, 0) }
        var visited = 0
        while let (tensor, hops) = frontier.first, visited < limit * 2 {
            frontier.removeFirst()
            for consumer in consumers[tensor] {
                visited += 1
                let next = graph.nodes[consumer]
                let outputs = next.outputs.filter { graph.tensors.indices.contains($0) }
                switch convClass(next, graph) {
                case .pointwise: return true
                case .spatial where hops == 0: frontier += outputs.map { ($0, 1) }
                case .other where isTransparent(next): frontier += outputs.map { ($0, hops) }
                default: break
                }
            }
        }
        return false
    }
}

private extension Op {
    var isDeconv: Bool {
        if case .deconv = self { return true }
        return false
    }
}
