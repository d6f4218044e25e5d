import Foundation
import ModelLintAnalysis
import ModelLintIR
import Testing

// One property per transfer function: for random intervals and random dtype
// values inside them, the concrete kernel's result must lie in the abstract
// result (or be NaN only where the abstract result allows NaN).

private let intervalsPerCase = 1500

/// Runs `body` over random intervals and reports the first failures with the seed.
private func unaryProperty(_ name: String, _ dtype: DType,
                           abstract: (IntervalArithmetic, Interval) -> Interval,
                           concrete: (Concrete, Double) -> [Double]) {
    let s = seed(name, dtype)
    var sampler = IntervalSampler(dtype: dtype, seed: s)
    let math = IntervalArithmetic(dtype: dtype)
    var log = SoundnessLog()
    for _ in 0..<intervalsPerCase {
        let a = sampler.interval()
        let r = abstract(math, a)
        for x in sampler.points(in: a) {
            for c in concrete(sampler.concrete, x) { log.check(r, c, "\(name)(\(x)) for \(a)") }
        }
    }
    #expect(log.checks > 5 * intervalsPerCase)
    #expect(log.failures.isEmpty, "seed \(s) \(dtype): \(log.failures.joined(separator: "; "))")
}

private func binaryProperty(_ name: String, _ dtype: DType,
                            abstract: (IntervalArithmetic, Interval, Interval) -> Interval,
                            concrete: (Concrete, Double, Double) -> [Double]) {
    let s = seed(name, dtype)
    var sampler = IntervalSampler(dtype: dtype, seed: s)
    let math = IntervalArithmetic(dtype: dtype)
    var log = SoundnessLog()
    for _ in 0..<intervalsPerCase {
        let a = sampler.interval(), b = sampler.interval()
        let r = abstract(math, a, b)
        let xs = sampler.points(in: a, count: 4), ys = sampler.points(in: b, count: 4)
        for x in xs {
            for y in ys {
                for c in concrete(sampler.concrete, x, y) { log.check(r, c, "\(name)(\(x), \(y)) for \(a), \(b)") }
            }
        }
    }
    #expect(log.checks > 5 * intervalsPerCase)
    #expect(log.failures.isEmpty, "seed \(s) \(dtype): \(log.failures.joined(separator: "; "))")
}

/// NaN-propagating max (PyTorch) and IEEE maxNum (C fmax): both are modelled.
private func maxVariants<T: FloatingPoint>(_ x: T, _ y: T) -> [T] {
    [x.isNaN || y.isNaN ? T.nan : Swift.max(x, y), T.maximum(x, y)]
}
private func minVariants<T: FloatingPoint>(_ x: T, _ y: T) -> [T] {
    [x.isNaN || y.isNaN ? T.nan : Swift.min(x, y), T.minimum(x, y)]
}

@Suite("Interval transfer functions are sound")
struct IntervalSoundnessTests {
    // MARK: Basic arithmetic

    @Test(arguments: floatDTypes) func add(_ dtype: DType) {
        binaryProperty("add", dtype, abstract: { $0.add($1, $2) }) { c, x, y in [c.native(x, y, +, +, +)] }
    }

    @Test(arguments: floatDTypes) func sub(_ dtype: DType) {
        binaryProperty("sub", dtype, abstract: { $0.sub($1, $2) }) { c, x, y in [c.native(x, y, -, -, -)] }
    }

    @Test(arguments: floatDTypes) func mul(_ dtype: DType) {
        binaryProperty("mul", dtype, abstract: { $0.mul($1, $2) }) { c, x, y in [c.native(x, y, *, *, *)] }
    }

    @Test(arguments: floatDTypes) func div(_ dtype: DType) {
        binaryProperty("div", dtype, abstract: { $0.div($1, $2) }) { c, x, y in [c.native(x, y, /, /, /)] }
    }

    @Test(arguments: floatDTypes) func min(_ dtype: DType) {
        binaryProperty("min", dtype, abstract: { $0.min($1, $2) }) { c, x, y in
            (0..<2).map { k in c.native(x, y, { minVariants($0, $1)[k] }, { minVariants($0, $1)[k] }, { minVariants($0, $1)[k] }) }
        }
    }

    @Test(arguments: floatDTypes) func max(_ dtype: DType) {
        binaryProperty("max", dtype, abstract: { $0.max($1, $2) }) { c, x, y in
            (0..<2).map { k in c.native(x, y, { maxVariants($0, $1)[k] }, { maxVariants($0, $1)[k] }, { maxVariants($0, $1)[k] }) }
        }
    }

    @Test(arguments: floatDTypes) func neg(_ dtype: DType) {
        unaryProperty("neg", dtype, abstract: { $0.neg($1) }) { c, x in [c.native(x, 0, { a, _ in -a }, { a, _ in -a }, { a, _ in -a })] }
    }

    @Test(arguments: floatDTypes) func abs(_ dtype: DType) {
        unaryProperty("abs", dtype, abstract: { $0.abs($1) }) { c, x in
            [c.native(x, 0, { a, _ in a.magnitude }, { a, _ in a.magnitude }, { a, _ in a.magnitude })]
        }
    }

    @Test(arguments: floatDTypes) func square(_ dtype: DType) {
        unaryProperty("square", dtype, abstract: { $0.square($1) }) { c, x in [c.native(x, x, *, *, *)] }
    }

    @Test(arguments: floatDTypes) func reciprocal(_ dtype: DType) {
        unaryProperty("reciprocal", dtype, abstract: { $0.reciprocal($1) }) { c, x in
            [c.native(1, x, /, /, /)]
        }
    }

    @Test(arguments: floatDTypes) func sqrt(_ dtype: DType) {
        unaryProperty("sqrt", dtype, abstract: { $0.sqrt($1) }) { c, x in
            [c.native(x, 0, { a, _ in a.squareRoot() }, { a, _ in a.squareRoot() }, { a, _ in a.squareRoot() })]
        }
    }

    @Test(arguments: floatDTypes) func relu(_ dtype: DType) {
        unaryProperty("relu", dtype, abstract: { $0.relu($1) }) { c, x in
            (0..<2).map { k in c.native(x, 0, { maxVariants($0, $1)[k] }, { maxVariants($0, $1)[k] }, { maxVariants($0, $1)[k] }) }
        }
    }

    @Test(arguments: floatDTypes) func clip(_ dtype: DType) {
        // Bounds vary with the seed; each case uses one (lo, hi) pair per interval.
        let s = seed("clip", dtype)
        var sampler = IntervalSampler(dtype: dtype, seed: s)
        let math = IntervalArithmetic(dtype: dtype)
        var log = SoundnessLog()
        for _ in 0..<intervalsPerCase {
            let a = sampler.interval()
            let lo: Double? = sampler.chance(0.7) ? sampler.value() : nil
            let hi: Double? = sampler.chance(0.7) ? sampler.value() : nil
            let r = math.clip(a, lo: lo, hi: hi)
            for x in sampler.points(in: a) {
                var v = x
                if let lo { v = sampler.concrete.native(v, sampler.concrete.store(lo), { maxVariants($0, $1)[0] }, { maxVariants($0, $1)[0] }, { maxVariants($0, $1)[0] }) }
                if let hi { v = sampler.concrete.native(v, sampler.concrete.store(hi), { minVariants($0, $1)[0] }, { minVariants($0, $1)[0] }, { minVariants($0, $1)[0] }) }
                log.check(r, v, "clip(\(x), \(String(describing: lo)), \(String(describing: hi))) for \(a)")
            }
        }
        #expect(log.failures.isEmpty, "seed \(s) \(dtype): \(log.failures.joined(separator: "; "))")
    }

    // MARK: libm

    @Test(arguments: floatDTypes) func exp(_ dtype: DType) {
        unaryProperty("exp", dtype, abstract: { $0.exp($1) }) { c, x in [c.libm(x, { Foundation.exp($0) }, { Foundation.exp($0) })] }
    }

    @Test(arguments: floatDTypes) func log(_ dtype: DType) {
        unaryProperty("log", dtype, abstract: { $0.log($1) }) { c, x in [c.libm(x, { Foundation.log($0) }, { Foundation.log($0) })] }
    }

    @Test(arguments: floatDTypes) func tanh(_ dtype: DType) {
        unaryProperty("tanh", dtype, abstract: { $0.tanh($1) }) { c, x in [c.libm(x, { Foundation.tanh($0) }, { Foundation.tanh($0) })] }
    }

    @Test(arguments: floatDTypes) func sigmoid(_ dtype: DType) {
        unaryProperty("sigmoid", dtype, abstract: { $0.sigmoid($1) }) { c, x in
            var out = [c.libm(x, { (v: Float) in 1 / (1 + Foundation.exp(-v)) }, { (v: Double) in 1 / (1 + Foundation.exp(-v)) })]
            if dtype == .float16 {
                // A kernel computing natively in half precision: exp overflows past 11.09.
                let h = Float16(x)
                out.append(Double(Float16(1) / (Float16(1) + Float16(Foundation.exp(Float(-h))))))
            }
            if dtype == .bfloat16 {
                // Every step rounded to bf16.
                let e = bfloat16(Foundation.exp(Float(-x)))
                out.append(bfloat16(1 / Float(bfloat16(Float(1 + e)))))
            }
            return out
        }
    }

    @Test(arguments: floatDTypes) func softplus(_ dtype: DType) {
        func sp<T: BinaryFloatingPoint>(_ x: T, _ exp: (T) -> T, _ log1p: (T) -> T) -> T {
            x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
        }
        unaryProperty("softplus", dtype, abstract: { $0.softplus($1) }) { c, x in
            var out = [c.libm(x, { sp($0, Foundation.exp, Foundation.log1p) }, { sp($0, Foundation.exp, Foundation.log1p) })]
            if dtype == .float16 {
                // Every step in half precision, libm calls through Float.
                let h = Float16(x)
                let e16: (Float16) -> Float16 = { Float16(Foundation.exp(Float($0))) }
                let l16: (Float16) -> Float16 = { Float16(Foundation.log1p(Float($0))) }
                out.append(Double(sp(h, e16, l16)))
            }
            return out
        }
    }

    static let exponents: [Double] = [0, 1, 2, 3, 4, -1, -2, -3, 0.5, -0.5, 1.5, 2.5, 0.25, -1.25, 7]

    @Test(arguments: floatDTypes) func pow(_ dtype: DType) {
        for e in Self.exponents {
            unaryProperty("pow^\(e)", dtype, abstract: { $0.pow($1, exponent: e) }) { c, x in
                [c.libm(x, { Foundation.pow($0, Float(e)) }, { Foundation.pow($0, e) })]
            }
        }
    }

    // MARK: Rounding

    @Test(arguments: floatDTypes) func roundHoldsEveryStoredReal(_ dtype: DType) {
        let s = seed("round", dtype)
        var sampler = IntervalSampler(dtype: dtype, seed: s)
        let math = IntervalArithmetic(dtype: dtype)
        var log = SoundnessLog()
        for _ in 0..<intervalsPerCase {
            let a = sampler.interval()
            let r = math.round(a)
            #expect(a.isSubset(of: r), "\(a) ⊄ round = \(r)")
            guard !a.isNumericEmpty else { continue }
            for x in [a.lo, a.hi] + (0..<6).map({ _ in a.lo.isFinite && a.hi.isFinite ? a.lo + (a.hi - a.lo) * sampler.unit() : a.lo }) {
                log.check(r, sampler.concrete.store(x), "store(\(x)) for \(a)")
            }
        }
        #expect(log.failures.isEmpty, "seed \(s) \(dtype): \(log.failures.joined(separator: "; "))")
    }
}

