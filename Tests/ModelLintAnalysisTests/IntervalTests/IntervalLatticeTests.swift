import ModelLintAnalysis
import ModelLintIR
import Testing

@Suite("Interval lattice laws")
struct IntervalLatticeTests {
    /// Random intervals of every shape, bottom and NaN-only included.
    private func samples(_ name: String, count: Int = 300) -> [Interval] {
        var sampler = IntervalSampler(dtype: .float32, seed: seed(name, .float32))
        return [.bottom, .top, .nan, .exactly(0), Interval(-.infinity, 0)] + (0..<count).map { _ in sampler.interval() }
    }

    @Test func joinIsCommutativeAssociativeIdempotentAndAnUpperBound() {
        let xs = samples("join")
        for (i, a) in xs.enumerated() {
            #expect(a.join(a) == a)
            for b in xs[i...].prefix(25) {
                let ab = a.join(b)
                #expect(ab == b.join(a))
                #expect(a.isSubset(of: ab) && b.isSubset(of: ab), "\(a) ⊔ \(b) = \(ab)")
                for c in xs.suffix(5) {
                    #expect(ab.join(c) == a.join(b.join(c)))
                }
            }
        }
    }

    @Test func meetIsCommutativeAssociativeIdempotentAndALowerBound() {
        let xs = samples("meet")
        for (i, a) in xs.enumerated() {
            #expect(a.meet(a) == a)
            for b in xs[i...].prefix(25) {
                let ab = a.meet(b)
                #expect(ab == b.meet(a))
                #expect(ab.isSubset(of: a) && ab.isSubset(of: b), "\(a) ⊓ \(b) = \(ab)")
                // Absorption ties meet to join.
                #expect(a.join(a.meet(b)) == a)
                #expect(a.meet(a.join(b)) == a)
                for c in xs.suffix(5) {
                    #expect(ab.meet(c) == a.meet(b.meet(c)))
                }
            }
        }
    }

    @Test func subsetAgreesWithJoin() {
        let xs = samples("subset", count: 120)
        for a in xs {
            for b in xs {
                #expect(a.isSubset(of: b) == (a.join(b) == b), "\(a) ⊆ \(b)")
            }
        }
    }

    @Test func bottomAndTopAreIdentities() {
        for a in samples("identities") {
            #expect(a.join(.bottom) == a)
            #expect(Interval.bottom.join(a) == a)
            #expect(a.meet(.top) == a)
            #expect(a.meet(.bottom) == .bottom)
            #expect(a.join(.top) == .top)
            #expect(Interval.bottom.isSubset(of: a))
            #expect(a.isSubset(of: .top))
        }
    }

    @Test func representationIsCanonical() {
        #expect(Interval(3, 1) == .bottom)
        #expect(Interval(3, 1).isBottom)
        #expect(Interval(5, 2, mayBeNaN: true) == .nan)
        #expect(!Interval.nan.isBottom && Interval.nan.isNumericEmpty)
        #expect(Set([Interval(3, 1), Interval(9, -9), .bottom]).count == 1)
        #expect(Interval(-0.0, 1) == Interval(0, 1))
        #expect(Set([Interval(-0.0, 1), Interval(0, 1)]).count == 1)
        #expect(Interval.exactly(.nan) == .nan)
        #expect(Interval(.nan, 2) == Interval(-.infinity, 2, mayBeNaN: true))
        #expect(Interval(0, 1).containsZero && Interval(0, 1).contains(-0.0))
        #expect(!Interval(0, 1).contains(.nan) && Interval.top.contains(.nan))
        #expect(Interval.top.contains(.infinity) && Interval.top.contains(-.infinity))
        #expect(!Interval.bottom.contains(0))
    }

    @Test func wideningJumpsToThresholdsThenInfinity() {
        let t: [Double] = [-10, 0, 1, 100]
        #expect(Interval(0, 1).widen(Interval(0, 2), thresholds: t) == Interval(0, 100))
        #expect(Interval(0, 100).widen(Interval(0, 101), thresholds: t) == Interval(0, .infinity))
        #expect(Interval(0, 1).widen(Interval(-3, 1), thresholds: t) == Interval(-10, 1))
        #expect(Interval(0, 1).widen(Interval(0.5, 0.7), thresholds: t) == Interval(0, 1))
        #expect(Interval.bottom.widen(Interval(2, 3), thresholds: t) == Interval(2, 3))
        #expect(Interval(0, 1).widen(.nan, thresholds: t) == Interval(0, 1, mayBeNaN: true))
        // Unsorted thresholds, with junk, behave like sorted finite ones.
        #expect(Interval(0, 1).widen(Interval(0, 2), thresholds: [100, .nan, .infinity, 1, 5]) == Interval(0, 5))
    }

    /// Random ascending chains: each iterate contains the previous one and the
    /// new value, and the chain stabilizes after at most count + 2 strict
    /// ascents of its bounds (+1 if the NaN flag turns on).
    @Test func wideningChainsTerminate() {
        var sampler = IntervalSampler(dtype: .float64, seed: seed("widen", .float64))
        for _ in 0..<300 {
            let thresholds = (0..<Int.random(in: 0...6, using: &sampler.rng)).map { _ in
                Double.random(in: -1000...1000, using: &sampler.rng).rounded()
            }
            var x = sampler.interval()
            var ascents = 0
            var target = x
            for _ in 0..<200 {
                // The analysed loop body's next value: anything, joined with the current one.
                let step = Interval(target.lo - sampler.unit() * 50, target.hi + sampler.unit() * 50,
                                    mayBeNaN: sampler.chance(0.02))
                target = target.join(sampler.chance(0.5) ? step : target)
                let next = x.widen(target, thresholds: thresholds)
                #expect(x.isSubset(of: next) && target.isSubset(of: next))
                if next != x { ascents += 1 }
                x = next
            }
            let nanBonus = x.mayBeNaN ? 1 : 0
            #expect(ascents <= thresholds.count + 2 + nanBonus + 1,  // +1: leaving bottom
                    "\(ascents) ascents with \(thresholds.count) thresholds, ended at \(x)")
        }
    }

    @Test func wideningFromANonBottomStartHasAtMostCountPlusTwoAscents() {
        // The worst case: each bound steps through every threshold on its side.
        let t: [Double] = [-3, -2, -1, 1, 2, 3]
        var x = Interval(0, 0)
        var ascents = 0
        for k in 1...10 {
            let next = x.widen(Interval(-Double(k) + 0.5, Double(k) - 0.5), thresholds: t)
            if next != x { ascents += 1 }
            x = next
        }
        #expect(x == Interval(-.infinity, .infinity))
        #expect(ascents <= t.count + 2)
    }
}
