import Foundation
import ModelLintAnalysis
import ModelLintIR
import Testing

/// Specific facts of IEEE arithmetic the interpreter's verdicts rest on.
@Suite("Interval arithmetic facts")
struct IntervalFactTests {
    let fp32 = IntervalArithmetic(dtype: .float32)
    let fp16 = IntervalArithmetic(dtype: .float16)
    let bf16 = IntervalArithmetic(dtype: .bfloat16)
    let fp64 = IntervalArithmetic(dtype: .float64)

    @Test func expOverflowsPastTheDTypesMaximum() {
        #expect(fp32.exp(Interval(88.8, 89)).hi == .infinity)
        #expect(fp16.exp(Interval(11.1, 12)).hi == .infinity)
        #expect(fp16.exp(Interval(11.1, 12)).lo == .infinity)  // every point overflows
        #expect(fp32.exp(Interval(80, 88.7)).hi.isFinite)
        #expect(fp16.exp(Interval(0, 11)).hi.isFinite)
        #expect(bf16.exp(Interval(88.8, 89)).hi == .infinity)
        #expect(fp64.exp(Interval(700, 710)).hi == .infinity)
        #expect(fp64.exp(Interval(700, 709)).hi.isFinite)
    }

    @Test func expUnderflowsToExactZero() {
        let r = fp32.exp(Interval(-200, -104))
        #expect(r.lo == 0)
        #expect(r.hi > 0 && r.hi < 1e-44)  // a few subnormals
        #expect(!r.mayBeNaN)
        #expect(Float(Foundation.exp(Float(-104))) == 0)
        #expect(fp16.exp(.exactly(-18)).lo == 0)
        #expect(Float16(Foundation.exp(Float(-18))) == 0)
        #expect(fp32.exp(Interval(-.infinity, 0)) == Interval(0, 1, mayBeNaN: false)
                || fp32.exp(Interval(-.infinity, 0)).hi <= 1.0000003)
    }

    @Test func logOfZeroAndNegatives() {
        #expect(fp32.log(Interval(0, 1)).lo == -.infinity)
        #expect(!fp32.log(Interval(0, 1)).mayBeNaN)
        #expect(fp32.log(Interval(-1, 1)).mayBeNaN)
        #expect(fp32.log(Interval(-2, -1)) == .nan)
        #expect(fp32.log(Interval(1e-30, 1)).lo.isFinite)
    }

    @Test func sqrtOfNegatives() {
        #expect(fp32.sqrt(Interval(-1, 4)).mayBeNaN)
        #expect(fp32.sqrt(Interval(-1, 4)).hi == 2)
        #expect(fp32.sqrt(Interval(0, 4)) == Interval(0, 2))  // correctly rounded: exact
    }

    @Test func reciprocalOfAZeroCrossingIntervalIsEverything() {
        #expect(fp32.reciprocal(Interval(-1, 1)) == Interval(-.infinity, .infinity))
        #expect(!fp32.reciprocal(Interval(-1, 1)).mayBeNaN)
        #expect(fp32.reciprocal(Interval(0.5, 2)) == Interval(0.5, 2))
        // -0 is a member of [0, 1], and 1 / -0 is -inf.
        #expect(fp32.reciprocal(Interval(0, 1)).lo == -.infinity)
        #expect(fp32.div(.exactly(0), .exactly(0)).mayBeNaN)
    }

    @Test func sigmoidUnderflowsToZeroInFP32() {
        #expect(Float(1) / (1 + Foundation.exp(Float(104))) == 0)
        let r = fp32.sigmoid(Interval(-200, -150))
        #expect(r.contains(0) && r.lo == 0)
        #expect(fp32.sigmoid(.top).lo == 0 && fp32.sigmoid(.top).hi == 1)
        #expect(fp32.sigmoid(Interval(20, 30)).hi == 1)
        // `1 / (1 + expf(89))` is 0 though the real sigmoid(-89) is about 2e-39.
        #expect(fp32.sigmoid(.exactly(-89)).lo == 0)
    }

    @Test func nanFromIndeterminateForms() {
        #expect(fp32.sub(.exactly(.infinity), .exactly(.infinity)).mayBeNaN)
        #expect(fp32.add(Interval(-.infinity, 0), Interval(0, .infinity)).mayBeNaN)
        #expect(!fp32.add(Interval(-5, 0), Interval(0, .infinity)).mayBeNaN)
        #expect(fp32.mul(Interval(0, 1), .exactly(.infinity)).mayBeNaN)
        #expect(!fp32.mul(Interval(1, 2), .exactly(.infinity)).mayBeNaN)
        #expect(fp32.div(Interval(1, .infinity), Interval(1, .infinity)).mayBeNaN)
        #expect(fp32.exp(.nan) == .nan)
        #expect(fp32.add(.exactly(1), Interval(1, 2, mayBeNaN: true)).mayBeNaN)
    }

    @Test func exactOperationsStayExact() {
        #expect(fp32.add(.exactly(1), .exactly(2)) == .exactly(3))
        #expect(fp16.mul(.exactly(3), .exactly(0.5)) == .exactly(1.5))
        #expect(fp32.square(Interval(-3, 2)) == Interval(0, 9))
        #expect(fp32.abs(Interval(-3, 2)) == Interval(0, 3))
        #expect(fp32.neg(Interval(-3, 2)) == Interval(-2, 3))
        // fp16 rounds 1 + 2^-12 back to 1; the interval must say so.
        #expect(fp16.add(.exactly(1), .exactly(0x1p-12)).contains(1))
        #expect(fp16.add(.exactly(65504), .exactly(65504)).hi == .infinity)
    }

    @Test func roundingOntoEachGrid() {
        // 0.1 is not an fp32 value: it rounds out to the two floats around it.
        let tenth = fp32.round(.exactly(0.1))
        #expect(tenth.lo < 0.1 && 0.1 < tenth.hi && Float(tenth.lo).nextUp == Float(tenth.hi))
        #expect(fp16.round(.exactly(65504)) == .exactly(65504))
        #expect(fp16.round(.exactly(65519)) == .exactly(65504))     // still rounds down to max
        #expect(fp16.round(.exactly(65520)) == .exactly(.infinity)) // the midpoint ties to inf
        #expect(fp16.round(.exactly(1e-8)) == Interval(0, 0x1p-24)) // below the least subnormal
        #expect(bf16.round(.exactly(1)) == .exactly(1))
        #expect(bf16.round(.exactly(1.00390625)) == Interval(1, 1.0078125))
        #expect(fp64.round(.exactly(0.1)) == .exactly(0.1))
        #expect(fp32.round(.exactly(1e39)) == .exactly(.infinity))
        #expect(fp32.round(.exactly(-1e39)) == .exactly(-.infinity))
    }

    @Test func powOfNegatives() {
        let sq = fp32.pow(Interval(-2, 3), exponent: 2)  // libm slack: a few ulps above 9
        #expect(sq.lo == 0 && sq.hi >= 9 && sq.hi < 9.00001 && !sq.mayBeNaN)
        #expect(fp32.pow(Interval(-2, 3), exponent: 3).lo < -7.9)
        #expect(fp32.pow(Interval(-2, 3), exponent: 0.5).mayBeNaN)
        #expect(!fp32.pow(Interval(0, 3), exponent: 0.5).mayBeNaN)
        #expect(fp32.pow(Interval(-1, 1), exponent: -1) == Interval(-.infinity, .infinity))
        #expect(fp32.pow(Interval(-1, 1), exponent: -2).lo >= 0.99)
        // C: pow(-inf, 0.5) is +inf, not NaN.
        #expect(fp32.pow(Interval(-.infinity, -1), exponent: 0.5).hi == .infinity)
        #expect(fp32.pow(.nan, exponent: 0).contains(1))
    }

    @Test func minMaxClipAndReluLetNaNThroughOrNot() {
        #expect(fp32.relu(Interval(-3, 2)) == Interval(0, 2))
        #expect(fp32.relu(Interval(-3, -1)) == .exactly(0))
        // fmax(NaN, 0) is 0 while torch.relu(NaN) is NaN: both are members.
        #expect(fp32.relu(.nan) == Interval(0, 0, mayBeNaN: true))
        #expect(fp32.clip(Interval(-10, 10), lo: -1, hi: 1) == Interval(-1, 1))
        #expect(fp32.clip(Interval(-10, 10), lo: nil, hi: 1) == Interval(-10, 1))
        #expect(fp32.min(Interval(0, 5), Interval(2, 3)) == Interval(0, 3))
        #expect(fp32.max(Interval(0, 5), Interval(2, 3)) == Interval(2, 5))
    }

    @Test func tanhAndSoftplusRanges() {
        #expect(fp32.tanh(.top) == Interval(-1, 1, mayBeNaN: true))
        #expect(fp32.softplus(Interval(-.infinity, .infinity)) == Interval(0, .infinity))
        #expect(fp32.softplus(.exactly(100)).hi < 101)  // stable: no overflow for large x
    }
}
