import ModelLintIR

/// How many windows a pooling layer places along one spatial axis, and where
/// the last one starts, under each framework's rounding rule.
///
/// It is public because the same figures are the evidence for lint rules: a
/// Caffe pooling whose stride exceeds its kernel can place its last window
/// wholly outside the input (it then reads only padding, or nothing), and the
/// rule that reports it must compute exactly what shape inference computes.
public enum PoolingGeometry {
    /// Number of output windows along one axis for input extent `input`.
    ///
    /// - `.floor` / `.ceil` (ONNX): `floor`/`ceil((input + padBegin + padEnd - ((kernel - 1) * dilation + 1)) / stride) + 1`;
    ///   in `.ceil` mode a last window that would start at or after `input + padBegin`
    ///   (that is, wholly in the end padding) is dropped, as ONNX's reference implementation does.
    /// - `.caffe`: `ceil((input + padBegin + padEnd - kernel) / stride) + 1`, then one fewer
    ///   when `padBegin > 0` and the last window would start at or after `input + padBegin`.
    ///   Without padding Caffe keeps such a window; see `lastWindowStart`.
    ///
    /// The result may be zero or negative when the window is larger than the
    /// padded input. Invalid parameters (kernel, stride or dilation below 1) or
    /// figures that overflow `Int` give 0.
    public static func outputCount(input: Int, kernel: Int, stride: Int, padBegin: Int, padEnd: Int,
                                   dilation: Int = 1, arithmetic: PoolingArithmetic) -> Int {
        checkedOutputCount(input: input, kernel: kernel, stride: stride, padBegin: padBegin, padEnd: padEnd,
                           dilation: dilation, arithmetic: arithmetic) ?? 0
    }

    /// Start index of the last window, in unpadded input coordinates: negative
    /// when it starts in the leading padding, `>= input` when it starts past
    /// the end of the input (Caffe `H=9, k=3, s=5, pad=0` gives 10, a window
    /// that covers no input at all). Invalid parameters give 0.
    public static func lastWindowStart(input: Int, kernel: Int, stride: Int, padBegin: Int, padEnd: Int,
                                       dilation: Int = 1, arithmetic: PoolingArithmetic) -> Int {
        guard let count = checkedOutputCount(input: input, kernel: kernel, stride: stride, padBegin: padBegin,
                                             padEnd: padEnd, dilation: dilation, arithmetic: arithmetic),
              let windowsBefore = Checked.subtract(count, 1),
              let offset = Checked.multiply(windowsBefore, stride),
              let start = Checked.subtract(offset, padBegin)
        else { return 0 }
        return start
    }

    /// The count, or nil when the parameters are invalid or the arithmetic overflows.
    static func checkedOutputCount(input: Int, kernel: Int, stride: Int, padBegin: Int, padEnd: Int,
                                   dilation: Int, arithmetic: PoolingArithmetic) -> Int? {
        guard kernel >= 1, stride >= 1, dilation >= 1,
              let dilated = Checked.multiply(kernel - 1, dilation),
              let padded = Checked.add(input, padBegin).flatMap({ Checked.add($0, padEnd) }),
              let span = Checked.subtract(padded, dilated).flatMap({ Checked.subtract($0, 1) }),
              let inputPlusBegin = Checked.add(input, padBegin)
        else { return nil }

        switch arithmetic {
        case .floor:
            return Checked.floorDivide(span, stride).flatMap { Checked.add($0, 1) }
        case .ceil:
            guard let count = Checked.ceilDivide(span, stride).flatMap({ Checked.add($0, 1) }) else { return nil }
            return dropsLastWindow(count: count, stride: stride, limit: inputPlusBegin) ? count - 1 : count
        case .caffe:
            // Caffe clips only when there is padding; with pad 0 it keeps a window
            // that may start past the input, which is what a lint rule flags.
            guard let count = Checked.ceilDivide(span, stride).flatMap({ Checked.add($0, 1) }) else { return nil }
            return padBegin > 0 && dropsLastWindow(count: count, stride: stride, limit: inputPlusBegin) ? count - 1 : count
        }
    }

    /// Whether the last of `count` windows starts at or after `limit` (padded coordinates).
    private static func dropsLastWindow(count: Int, stride: Int, limit: Int) -> Bool {
        guard count >= 1, let start = Checked.multiply(count - 1, stride) else { return false }
        return start >= limit
    }
}
