import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintAnalysis

/// The threshold ladder loop fixpoints widen with: `-max, -1, 0, 1, max`.
@Suite("The loop widening ladder")
struct WideningLadderTests {
    @Test func theLadderSeparatesSignsUnitsAndOverflow() {
        #expect(LoopFixpoint.thresholds(.float32) == [-Double(Float.greatestFiniteMagnitude), -1, 0, 1,
                                                      Double(Float.greatestFiniteMagnitude)])
        #expect(LoopFixpoint.thresholds(.float16) == [-65504, -1, 0, 1, 65504])
        let ladder = LoopFixpoint.thresholds(.float32)
        // A positive value that shrinks stops at 0; one that grows stops at max, then inf.
        #expect(Interval(0.5, 1).widen(Interval(0.25, 1), thresholds: ladder) == Interval(0, 1))
        #expect(Interval(0.5, 1).widen(Interval(0.5, 2), thresholds: ladder).hi == Double(Float.greatestFiniteMagnitude))
        #expect(Interval(0.5, Double(Float.greatestFiniteMagnitude)).widen(Interval(0.5, .infinity), thresholds: ladder)
                == Interval(0.5, .infinity))
    }

    /// Whatever the body does, the iterates `x_{k+1} = x_k ∇ (x_k ⊔ f(x_k))`
    /// are upper bounds of both arguments and stop climbing after at most
    /// 2 * (ladder + 1) + 1 steps: each bound passes each rung once, then
    /// infinity, and the NaN flag turns on once.
    @Test func everyChainOnTheLadderStabilises() {
        let ladder = LoopFixpoint.thresholds(.float32)
        var rng = SeededRandom(seed: 42)
        for _ in 0..<500 {
            var x = Interval(Double(rng.next(upperBound: UInt64(7))) - 3, Double(rng.next(upperBound: UInt64(7))) - 3 + 0.5)
            var ascents = 0
            for _ in 0..<100 {
                // An arbitrary body: shifts and scales, sometimes NaN.
                let shift = Double(rng.next(upperBound: UInt64(2001))) - 1000, scale = Double(rng.next(upperBound: UInt64(5))) / 2
                let image = Interval(x.lo * scale + shift, x.hi * scale + shift, mayBeNaN: rng.next(upperBound: UInt64(50)) == 0)
                let next = x.widen(x.join(image), thresholds: ladder)
                #expect(x.isSubset(of: next) && image.isSubset(of: next))
                if next != x { ascents += 1 }
                x = next
            }
            #expect(ascents <= 2 * (ladder.count + 1) + 1, "\(ascents) ascents, ended at \(x)")
        }
    }
}
