import Foundation
import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintAnalysis

/// The per-channel sums that bound linear layers are computed four lanes at a
/// time and, for float32 weights, from the file's bytes: they must agree with
/// a plain left-to-right sum, and NaN and infinite weights must still be seen.
@Suite("Weight sums")
struct WeightSumsTests {
    private func plainSums(_ values: [Double]) -> WeightSums {
        var sums = WeightSums()
        for value in values { sums.add(value) }
        return sums
    }

    private func float32Bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    @Test(arguments: [0, 1, 3, 4, 7, 64, 1001])
    func laneSumsAgreeWithAPlainSum(count: Int) {
        var random = SeededRandom(seed: UInt64(count) + 1)
        let values = (0..<count).map { _ in Double(Float.random(in: -3...3, using: &random)) }
        let lanes = values.withUnsafeBufferPointer { WeightSums($0, range: 0..<count) }
        let plain = plainSums(values)
        let tolerance = 1e-12 * (plain.absSum + 1)
        #expect(abs(lanes.sum - plain.sum) <= tolerance)
        #expect(abs(lanes.absSum - plain.absSum) <= tolerance)
        #expect(abs(lanes.positive - plain.positive) <= tolerance)
        #expect(abs(lanes.negative - plain.negative) <= tolerance)
        #expect(lanes.count == count && lanes.terms == count && !lanes.hasNaN)
        #expect(ChannelLayout.range(of: ConstantData(values: values)) == values.min().map { Interval($0, values.max()!) })
    }

    @Test func float32BytesGiveTheSameSumsAsTheirDoubles() throws {
        let floats: [Float] = (0..<37).map { Float($0 % 7) * 0.37 - 1.1 }
        let bytes = float32Bytes(floats)
        // One byte in: the values need not be 4-aligned in a file.
        let shifted = [0xAB] + bytes
        let data = ConstantData(elementCount: floats.count, float32LittleEndian: shifted[1...])
        let doubles = ConstantData(values: floats.map(Double.init))
        let layout = ChannelLayout.blocks(channels: 37, block: 1)
        let fromBytes = try #require(layout.sums(of: data)), fromDoubles = try #require(layout.sums(of: doubles))
        #expect(fromBytes.map(\.sum) == fromDoubles.map(\.sum))
        #expect(ChannelLayout.range(of: data) == ChannelLayout.range(of: doubles))
        #expect(data.values == floats.map(Double.init))
    }

    @Test func nanAndInfinityAmongTheLanesAreCountedExactly() {
        let values: [Double] = [1, .nan, -2, 3, .infinity, 4, -5, 6, 7]
        let lanes = values.withUnsafeBufferPointer { WeightSums($0, range: 0..<values.count) }
        #expect(lanes.hasNaN && lanes.count == 9 && lanes.terms == 8)
        #expect(lanes.sum == .infinity)
        #expect(ChannelLayout.range(of: ConstantData(values: values)) == Interval(-5, .infinity, mayBeNaN: true))
        let nanOnly = [Double.nan, .nan, .nan, .nan, .nan].withUnsafeBufferPointer { WeightSums($0, range: 0..<5) }
        #expect(nanOnly.terms == 0 && nanOnly.hasNaN)
    }

    @Test func float32RangeSeesANaNInTheVectorPartAndInTheTail() throws {
        for position in [0, 5, 8, 10] {
            var floats: [Float] = (0..<11).map { Float($0) - 4 }
            floats[position] = .nan
            let data = ConstantData(elementCount: 11, float32LittleEndian: float32Bytes(floats)[...])
            let range = try #require(ChannelLayout.range(of: data))
            #expect(range.mayBeNaN, "NaN at \(position)")
            #expect(range.lo == (position == 0 ? -3 : -4) && range.hi == (position == 10 ? 5 : 6), "NaN at \(position)")
        }
    }

    /// Large tensors are summed on all cores, each core a run of channels:
    /// the sums must be the ones one core finds, channel by channel.
    @Test func channelsSummedOnAllCoresAreTheOnesOneCoreFinds() throws {
        var random = SeededRandom(seed: 7)
        let channels = 1000, block = 300
        let floats = (0..<channels * block).map { _ in Float(Double(random.next() % 2001) / 1000 - 1) }
        let data = ConstantData(elementCount: floats.count, float32LittleEndian: float32Bytes(floats)[...])
        let sums = try #require(ChannelLayout.blocks(channels: channels, block: block).sums(of: data))
        let oneCore = floats.withUnsafeBytes { bytes in
            (0..<channels).map { WeightSums(Float32Values(bytes: bytes), range: $0 * block ..< ($0 + 1) * block) }
        }
        #expect(sums.map(\.positive) == oneCore.map(\.positive))
        #expect(sums.map(\.negative) == oneCore.map(\.negative))
        #expect(sums.map(\.terms) == Array(repeating: block, count: channels))
    }

    @Test func aLayoutThatDoesNotFitTheStoredValuesGivesNoSums() {
        let data = ConstantData(elementCount: 8, float32LittleEndian: float32Bytes([1, 2, 3])[...])
        #expect(ChannelLayout.blocks(channels: 2, block: 4).sums(of: data) == nil)
        #expect(ChannelLayout.columns(rows: 1, columns: 3).sums(of: data)?.map(\.sum) == [1, 2, 3])
    }

    @Test func summariesAreComputedOncePerTensor() {
        let data = ConstantData(values: [1, 2, 3, 4])
        var runs = 0
        for _ in 0..<3 { _ = data.summary("count runs") { _ in runs += 1 } }
        #expect(runs == 1)
        let unknown = ConstantData(elementCount: 4, storedCount: nil) { nil }
        #expect(unknown.summary("anything") { $0.count } == nil)
    }
}
