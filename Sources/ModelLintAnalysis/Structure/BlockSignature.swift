import ModelLintIR

/// What kind of block a spatial convolution (kernel larger than 1 in some
/// axis) belongs to. Lone 1×1 convolutions (projections, classifiers) and
/// transposed convolutions (the upsamplers themselves) are not blocks.
public enum BlockType: String, Hashable, Sendable, CaseIterable, Comparable {
    /// An ungrouped k×k convolution not sandwiched between 1×1s: VGG and
    /// U-Net double-conv stages, ResNet-18/34 basic blocks.
    case plain
    /// A grouped (or depthwise) k×k convolution outside a 1×1 bottleneck.
    case grouped
    /// An ungrouped k×k convolution between 1×1 convolutions: ResNet-50's 1×1 → 3×3 → 1×1.
    case bottleneck
    /// A grouped k×k convolution between 1×1 convolutions: ResNeXt's 1×1 → grouped 3×3 → 1×1, MobileNet's depthwise.
    case groupedBottleneck

    public var phrase: String {
        switch self {
        case .plain: "plain k×k convolution(s)"
        case .grouped: "grouped k×k convolution(s)"
        case .bottleneck: "1×1 → k×k → 1×1 bottleneck(s)"
        case .groupedBottleneck: "1×1 → grouped k×k → 1×1 bottleneck(s)"
        }
    }

    public static func < (lhs: BlockType, rhs: BlockType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One spatial convolution as a block signature counts it.
public struct ConvBlockToken: Hashable, Sendable {
    public var node: NodeID
    /// The kernel per spatial axis (`[3, 3]`); empty when the file does not say.
    public var kernel: [Int]
    public var groups: Int
    /// Whether a 1×1 convolution feeds it and another consumes it (through
    /// normalization, activations and at most one more spatial convolution).
    public var inBottleneck: Bool

    public var blockType: BlockType {
        switch (groups > 1, inBottleneck) {
        case (false, false): .plain
        case (true, false): .grouped
        case (false, true): .bottleneck
        case (true, true): .groupedBottleneck
        }
    }
}

/// The multiset of block types of a stage or of one half of an
/// encoder–decoder: how many of its spatial convolutions are of each type,
/// and with which kernels.
public struct BlockSignature: Hashable, Sendable, CustomStringConvertible {
    public private(set) var counts: [BlockType: Int] = [:]
    /// Kernel descriptions (`3×3`, `7×7`) with their counts.
    public private(set) var kernels: [String: Int] = [:]
    public private(set) var maxGroups = 1

    public init(_ tokens: [ConvBlockToken] = []) {
        for token in tokens { add(token) }
    }

    public mutating func add(_ token: ConvBlockToken) {
        counts[token.blockType, default: 0] += 1
        kernels[token.kernel.isEmpty ? "?" : token.kernel.map(String.init).joined(separator: "×"), default: 0] += 1
        maxGroups = max(maxGroups, token.groups)
    }

    public var total: Int { counts.values.reduce(0, +) }
    public var isEmpty: Bool { total == 0 }

    /// The block type most of the convolutions have (ties: the later, more specialised type).
    public var dominant: BlockType? {
        counts.max { $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value }?.key
    }

    /// Total variation distance between the two block-type distributions:
    /// half the sum over block types of the difference of their shares.
    /// 0 when both halves are built from the same mix of blocks, 1 when they
    /// share no block type.
    public func distance(to other: BlockSignature) -> Double {
        guard total > 0, other.total > 0 else { return 0 }
        let sum = BlockType.allCases.reduce(0.0) { sum, type in
            sum + abs(Double(counts[type] ?? 0) / Double(total) - Double(other.counts[type] ?? 0) / Double(other.total))
        }
        return sum / 2
    }

    /// `12 of 16 are 1×1 → grouped k×k → 1×1 bottlenecks (up to 32 groups), 4 plain k×k convolutions; kernels 3×3 ×15, 7×7`.
    public var description: String {
        let types = counts.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            .map { "\($0.value) \($0.key.phrase)" }.joined(separator: ", ")
        let kernelText = kernels.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            .map { $0.value == 1 ? $0.key : "\($0.key) ×\($0.value)" }.joined(separator: ", ")
        let groupText = maxGroups > 1 ? " (up to \(maxGroups) groups)" : ""
        return "\(types)\(groupText); kernels \(kernelText)"
    }
}
