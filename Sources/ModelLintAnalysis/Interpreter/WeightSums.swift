import Foundation
import ModelLintIR

/// What interval bound propagation needs to know about the weights that feed
/// one output channel, summed once: a Conv of 3.5M weights is bounded from
/// these few numbers per channel, however often the analysis runs.
struct WeightSums: Sendable {
    /// Sum of the positive weights and of the magnitudes of the negative
    /// ones (NaN weights left out of both).
    var positive = 0.0, negative = 0.0
    /// How many weights there are, and how many of them are not NaN.
    var count = 0, terms = 0
    var hasNaN: Bool { terms < count }
    /// The sum of the weights and of their magnitudes. Each of `positive` and
    /// `negative` is off by at most n * 2^-53 of itself, so these are off by
    /// at most n * 2^-53 * `absSum`, which the rounding allowance of
    /// `LinearBounds` (n * epsilon of the layer's dtype) covers.
    var sum: Double { positive - negative }
    var absSum: Double { positive + negative }

    mutating func add(_ weight: Double) {
        count += 1
        if weight.isNaN { return }
        if weight > 0 { positive += weight } else { negative -= weight }
        terms += 1
    }

    /// The sums of `values[range]`. Four lanes at a time, two sums each: a
    /// weight's positive part `max(w, 0)` and negative part `max(w, 0) - w`.
    /// The order of the additions differs from a left-to-right sum only in
    /// the last bits (see `sum`). A NaN or an infinity among the values
    /// (inf - inf is NaN) sends the block to the exact loop.
    init<Values: WeightValues>(_ values: Values, range: Range<Int>) {
        let lanesEnd = range.lowerBound + range.count / 4 * 4
        var positive = SIMD4<Double>(), negative = SIMD4<Double>()
        let zero = SIMD4<Double>()
        var index = range.lowerBound
        while index < lanesEnd {
            let w = values.four(at: index)
            let up = w.replacing(with: zero, where: w .< zero)
            positive += up
            negative += up - w
            index += 4
        }
        self.positive = positive.sum()
        self.negative = negative.sum()
        self.count = lanesEnd - range.lowerBound
        self.terms = self.count
        guard self.positive.isFinite, self.negative.isFinite else {
            self = WeightSums()
            for index in range { add(values[index]) }
            return
        }
        for index in lanesEnd..<range.upperBound { add(values[index]) }
    }

    init() {}

    /// How far a sum of `alpha * w * x` over these weights can climb above 0
    /// and fall below it, x anywhere in `x`: each term adds the larger of
    /// its values at x.lo and x.hi when that is positive (to `up`), and the
    /// magnitude of the smaller when negative (to `down`).
    func reach(_ x: Interval, alpha: Double) -> (up: Double, down: Double) {
        let above = Swift.max(x.hi, 0), below = Swift.max(-x.lo, 0)
        // w > 0 climbs with x.hi and falls with x.lo; w < 0 the other way round.
        let up = positive * above + negative * below, down = positive * below + negative * above
        let scale = Swift.abs(alpha)
        return alpha >= 0 ? (scale * up, scale * down) : (scale * down, scale * up)
    }
}

/// Which weights produce which output channel, in a tensor's row-major order.
enum ChannelLayout: Hashable, Sendable {
    /// Channel j is the contiguous block `j*block ..< (j+1)*block` (Conv
    /// `(M, C/group, k...)`, Gemm and InnerProduct rows of `(N, K)`).
    case blocks(channels: Int, block: Int)
    /// Channel j is column j of a `(rows, columns)` matrix (MatMul `(K, N)`).
    case columns(rows: Int, columns: Int)

    var channelCount: Int {
        switch self {
        case .blocks(let channels, _): return channels
        case .columns(_, let columns): return columns
        }
    }

    var valueCount: Int {
        switch self {
        case .blocks(let channels, let block): return channels * block
        case .columns(let rows, let columns): return rows * columns
        }
    }

    /// The sums of each channel's weights, computed once per tensor and
    /// layout; nil when the values are unknown or fewer or more than the
    /// layout places (a file that stores less than its dims promise).
    /// Spelled by hand: interpolating the enum itself goes through reflection,
    /// 7% of linting mobilenet_v2.onnx.
    private var summaryKey: String {
        switch self {
        case .blocks(let channels, let block): return "weight sums: blocks \(channels) x \(block)"
        case .columns(let rows, let columns): return "weight sums: columns \(rows) x \(columns)"
        }
    }

    func sums(of data: ConstantData) -> [WeightSums]? {
        let sums = data.summary(summaryKey) { values -> [WeightSums]? in
            guard values.count == valueCount else { return nil }
            switch values {
            case .doubles(let doubles): return channelSums(doubles)
            case .float32LittleEndian(let bytes): return channelSums(Float32Values(bytes: bytes))
            }
        }
        return sums ?? nil
    }

    /// From this many values on (1 MB of float32), a tensor's range and its
    /// channels' sums are computed on all cores: both passes read memory as
    /// fast as it comes, and 57% of mobilenet_v2's weights are in its three
    /// tensors this large.
    private static let parallelValueCount = 1 << 18

    private func channelSums<Values: WeightValues>(_ values: Values) -> [WeightSums] {
        switch self {
        case .blocks(let channels, let block):
            let cores = ProcessInfo.processInfo.activeProcessorCount
            guard cores > 1, channels > 1, valueCount >= Self.parallelValueCount else {
                return (0..<channels).map { WeightSums(values, range: $0 * block ..< ($0 + 1) * block) }
            }
            // Each part sums its own run of channels into its own slots.
            var sums = Array(repeating: WeightSums(), count: channels)
            sums.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let slots = buffer, source = values
                let parts = Swift.min(channels, cores)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for channel in channels * part / parts ..< channels * (part + 1) / parts {
                        slots[channel] = WeightSums(source, range: channel * block ..< (channel + 1) * block)
                    }
                }
            }
            return sums
        case .columns(let rows, let columns):
            var sums = Array(repeating: WeightSums(), count: columns)
            sums.withUnsafeMutableBufferPointer { sums in
                for row in 0..<rows {
                    for column in 0..<columns { sums[column].add(values[row * columns + column]) }
                }
            }
            return sums
        }
    }

    /// The smallest and largest of a tensor's values, NaN noted: the interval
    /// of every constant, so computed for all of them, in the values' own
    /// precision (float32 to double is exact and keeps the order).
    static func range(of data: ConstantData) -> Interval? {
        let range = data.summary("value range") { values -> Interval? in
            switch values {
            case .doubles(let doubles): return doubleRange(doubles)
            case .float32LittleEndian(let bytes): return float32Range(bytes)
            }
        }
        return range ?? nil
    }

    /// All the values there are, NaN included; nil when there are none.
    private static func doubleRange(_ values: UnsafeBufferPointer<Double>) -> Interval? {
        guard !values.isEmpty else { return nil }
        var lo = Double.infinity, hi = -Double.infinity, hasNaN = false
        for value in values {
            if value.isNaN { hasNaN = true } else { lo = Swift.min(lo, value); hi = Swift.max(hi, value) }
        }
        return Interval(lo, hi, mayBeNaN: hasNaN)
    }

    /// Large tensors are split over the cores: linting one big model leaves
    /// the others idle, and this pass reads every weight of the model.
    private static func float32Range(_ bytes: UnsafeRawBufferPointer) -> Interval? {
        let count = bytes.count / 4
        guard count > 0 else { return nil }
        let chunk = parallelValueCount
        let chunks = (count + chunk - 1) / chunk
        guard chunks > 1 else { return float32Range(bytes, 0..<count) }
        // Each iteration reads its own chunk and writes its own slot.
        let parts = UnsafeMutableBufferPointer<Interval>.allocate(capacity: chunks)
        defer { parts.deallocate() }
        nonisolated(unsafe) let slots = parts, source = bytes
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            slots.initializeElement(at: part, to: float32Range(source, part * chunk ..< Swift.min(count, (part + 1) * chunk)))
        }
        return parts.reduce(Interval.bottom) { $0.join($1) }
    }

    private static func float32Range(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Interval {
        var low = SIMD8<Float>(repeating: .infinity), high = SIMD8<Float>(repeating: -.infinity)
        var nan = SIMDMask<SIMD8<Int32>>()
        var index = range.lowerBound
        #if _endian(little)
        // Eight at a time, loaded as they lie: the bytes are the host's order.
        while index + 8 <= range.upperBound {
            let w = bytes.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
            nan .|= w .!= w
            low.replace(with: w, where: w .< low)
            high.replace(with: w, where: w .> high)
            index += 8
        }
        #endif
        var lo = Double(low.min()), hi = Double(high.max()), hasNaN = any(nan)
        let rest = Float32Values(bytes: bytes)
        for tail in index..<range.upperBound {
            let value = rest[tail]
            if value.isNaN { hasNaN = true } else { lo = Swift.min(lo, value); hi = Swift.max(hi, value) }
        }
        return Interval(lo, hi, mayBeNaN: hasNaN)
    }

    /// The sums over all of a tensor's values.
    static func total(of data: ConstantData) -> WeightSums? {
        data.summary("weight sums total") { values in
            switch values {
            case .doubles(let doubles): return WeightSums(doubles, range: 0..<doubles.count)
            case .float32LittleEndian(let bytes): return WeightSums(Float32Values(bytes: bytes), range: 0..<values.count)
            }
        }
    }
}

/// Values a summary reads by index, as doubles, wherever they lie: generic
/// code over this protocol is specialized for each kind, so the loops stay
/// loops over memory.
protocol WeightValues {
    subscript(index: Int) -> Double { get }
    /// Values `index ..< index + 4`.
    func four(at index: Int) -> SIMD4<Double>
}

extension UnsafeBufferPointer: WeightValues where Element == Double {
    func four(at index: Int) -> SIMD4<Double> {
        SIMD4(self[index], self[index + 1], self[index + 2], self[index + 3])
    }
}

/// float32 values in a file's bytes, little-endian, at any alignment.
struct Float32Values: WeightValues {
    let bytes: UnsafeRawBufferPointer

    subscript(index: Int) -> Double {
        Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))))
    }

    func four(at index: Int) -> SIMD4<Double> {
        #if _endian(little)
        // One load of four floats and one conversion, where the bytes are the host's order.
        let floats = bytes.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self)
        return SIMD4(Double(floats[0]), Double(floats[1]), Double(floats[2]), Double(floats[3]))
        #else
        return SIMD4(self[index], self[index + 1], self[index + 2], self[index + 3])
        #endif
    }
}
