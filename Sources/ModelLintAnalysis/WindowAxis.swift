import ModelLintIR

/// One spatial axis of a convolution or pooling window, with every default
/// filled in.
///
/// Frontends store attributes as written: an empty array means "the default",
/// one element means "the same on every axis" (Caffe's `kernel_size: 3`), and
/// otherwise there is one value per spatial axis. Resolving that in one place
/// keeps shape inference and the rules that reuse `PoolingGeometry` from
/// disagreeing about what a layer means.
public struct WindowAxis: Hashable, Sendable {
    public var kernel: Int
    public var stride: Int
    public var padBegin: Int
    public var padEnd: Int
    public var dilation: Int

    public init(kernel: Int, stride: Int = 1, padBegin: Int = 0, padEnd: Int = 0, dilation: Int = 1) {
        self.kernel = kernel
        self.stride = stride
        self.padBegin = padBegin
        self.padEnd = padEnd
        self.dilation = dilation
    }

    /// Per-axis windows for `spatialRank` axes, or nil when the kernel is
    /// missing or an array's length is neither 0, 1 nor `spatialRank`
    /// (inconsistent attributes: better unknown than a guess).
    /// `kernelFallback` supplies the kernel when the attribute is empty (ONNX
    /// takes it from the weight tensor's shape).
    public static func resolve(kernel: [Int], strides: [Int], padsBegin: [Int], padsEnd: [Int], dilations: [Int],
                               spatialRank: Int, kernelFallback: [Int]? = nil) -> [WindowAxis]? {
        guard spatialRank >= 0,
              let kernels = perAxis(kernel.isEmpty ? (kernelFallback ?? []) : kernel, default: nil, rank: spatialRank),
              let strides = perAxis(strides, default: 1, rank: spatialRank),
              let padsBegin = perAxis(padsBegin, default: 0, rank: spatialRank),
              let padsEnd = perAxis(padsEnd, default: 0, rank: spatialRank),
              let dilations = perAxis(dilations, default: 1, rank: spatialRank)
        else { return nil }
        return (0..<spatialRank).map {
            WindowAxis(kernel: kernels[$0], stride: strides[$0], padBegin: padsBegin[$0], padEnd: padsEnd[$0],
                       dilation: dilations[$0])
        }
    }

    /// Expands one attribute array to `rank` values.
    private static func perAxis(_ values: [Int], default fallback: Int?, rank: Int) -> [Int]? {
        switch values.count {
        case 0: return fallback.map { Array(repeating: $0, count: rank) }
        case 1: return Array(repeating: values[0], count: rank)
        case rank: return values
        default: return nil
        }
    }
}

extension PoolAttributes {
    /// This layer's window on each of `spatialRank` axes; nil for global
    /// pooling (whose window is the input itself) or inconsistent attributes.
    public func windowAxes(spatialRank: Int) -> [WindowAxis]? {
        guard !isGlobal else { return nil }
        return WindowAxis.resolve(kernel: kernel, strides: strides, padsBegin: padsBegin, padsEnd: padsEnd,
                                  dilations: dilations, spatialRank: spatialRank)
    }
}

extension ConvAttributes {
    /// This layer's window on each of `spatialRank` axes; nil when the kernel
    /// is neither written nor given by `kernelFallback`, or attributes are inconsistent.
    public func windowAxes(spatialRank: Int, kernelFallback: [Int]? = nil) -> [WindowAxis]? {
        WindowAxis.resolve(kernel: kernel, strides: strides, padsBegin: padsBegin, padsEnd: padsEnd,
                           dilations: dilations, spatialRank: spatialRank, kernelFallback: kernelFallback)
    }
}

extension WindowAxis {
    /// This axis for an input of `extent`, with ONNX `auto_pad` turned into
    /// explicit pads: `SAME_*` pads so that `out = ceil(extent / stride)`,
    /// the odd unit at the end (`SAME_UPPER`) or the beginning (`SAME_LOWER`);
    /// `VALID` pads nothing. Without `auto_pad` the written pads stand.
    public func applying(_ autoPad: AutoPad?, extent: Int) -> WindowAxis {
        guard let autoPad else { return self }
        var axis = self
        switch autoPad {
        case .valid:
            axis.padBegin = 0
            axis.padEnd = 0
        case .sameUpper, .sameLower:
            guard stride >= 1, let span = Checked.subtract(kernel, 1).flatMap({ Checked.multiply($0, dilation) }).flatMap({ Checked.add($0, 1) }),
                  let out = Checked.ceilDivide(extent, stride),
                  let covered = Checked.subtract(out, 1).flatMap({ Checked.multiply($0, stride) }).flatMap({ Checked.add($0, span) }),
                  let uncovered = Checked.subtract(covered, extent)
            else { return self }
            let total = max(0, uncovered)
            let small = total / 2
            axis.padBegin = autoPad == .sameUpper ? small : total - small
            axis.padEnd = total - axis.padBegin
        }
        return axis
    }
}
