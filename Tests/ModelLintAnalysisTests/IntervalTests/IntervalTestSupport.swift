import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport

// Shared machinery for the interval property tests: random intervals and
// points of each dtype (drawn with SeededRandom), and the concrete kernels they are checked
// against. The kernels here are written independently of FloatGrid (native
// Float/Float16/Double arithmetic, bf16 by rounding Float bits) so the tests
// cross-check the grid code rather than reuse it.

let floatDTypes: [DType] = [.float32, .float16, .bfloat16, .float64]

/// A stable seed per test and dtype.
func seed(_ name: String, _ dtype: DType) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325   // FNV-1a
    for b in (name + dtype.rawValue).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

/// Round-to-nearest-even of a Float to bfloat16, by its bits.
func bfloat16(_ f: Float) -> Double {
    if f.isNaN { return .nan }
    let b = f.bitPattern
    let r = b &+ 0x7FFF &+ ((b >> 16) & 1)
    return Double(Float(bitPattern: r & 0xFFFF_0000))
}

/// The concrete kernels of one dtype. Values travel as Double (which holds
/// every value of every dtype exactly) and are converted at each operation.
struct Concrete {
    let dtype: DType

    /// What a kernel stores for the real `x`: round to nearest in the dtype.
    func store(_ x: Double) -> Double {
        switch dtype {
        case .float32: return Double(Float(x))
        case .float16: return Double(Float16(x))
        case .bfloat16: return bfloat16(Float(x))  // Float(x) first: double rounding is fine for test points
        default: return x
        }
    }

    /// An operation the hardware does natively (fp16 via Swift's Float16).
    func native(_ x: Double, _ y: Double, _ f32: (Float, Float) -> Float,
                _ f16: (Float16, Float16) -> Float16, _ f64: (Double, Double) -> Double) -> Double {
        switch dtype {
        case .float32: return Double(f32(Float(x), Float(y)))
        case .float16: return Double(f16(Float16(x), Float16(y)))
        case .bfloat16: return bfloat16(f32(Float(x), Float(y)))
        default: return f64(x, y)
        }
    }

    /// A libm function: computed in Float (Double for fp64), then stored.
    func libm(_ x: Double, _ f32: (Float) -> Float, _ f64: (Double) -> Double) -> Double {
        switch dtype {
        case .float32: return Double(f32(Float(x)))
        case .float16: return Double(Float16(f32(Float(x))))
        case .bfloat16: return bfloat16(f32(Float(x)))
        default: return f64(x)
        }
    }
}

/// The grid's extremes for generating values, from the dtype's own types.
struct DTypeFacts {
    let maxFinite: Double
    let minSubnormal: Double
    let minExponent: Int   // of the smallest subnormal
    let maxExponent: Int
    init(_ dtype: DType) {
        maxFinite = dtype.maxFinite!
        switch dtype {
        case .float32: minSubnormal = Double(Float.leastNonzeroMagnitude); minExponent = -149; maxExponent = 127
        case .float16: minSubnormal = Double(Float16.leastNonzeroMagnitude); minExponent = -24; maxExponent = 15
        case .bfloat16: minSubnormal = 0x1p-133; minExponent = -133; maxExponent = 127
        default: minSubnormal = Double.leastNonzeroMagnitude; minExponent = -1074; maxExponent = 1023
        }
    }
}

/// Random values and intervals biased toward the places transfer functions
/// get wrong: infinities, zeros, subnormals, the overflow edge of exp.
struct IntervalSampler {
    let dtype: DType
    let concrete: Concrete
    let facts: DTypeFacts
    var rng: SeededRandom

    init(dtype: DType, seed: UInt64) {
        self.dtype = dtype
        concrete = Concrete(dtype: dtype)
        facts = DTypeFacts(dtype)
        rng = SeededRandom(seed: seed)
    }

    mutating func unit() -> Double { Double.random(in: 0..<1, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func sign() -> Double { chance(0.5) ? 1 : -1 }

    /// A value, usually of the dtype, occasionally an arbitrary Double.
    mutating func value() -> Double {
        let r = unit()
        let v: Double
        if r < 0.12 {
            let specials: [Double] = [.infinity, 0, facts.maxFinite, facts.minSubnormal, 1, 0.5]
            v = sign() * specials[Int.random(in: 0..<specials.count, using: &rng)]
        } else if r < 0.30 {
            // Around exp's overflow (ln max) and underflow (ln min subnormal) edges.
            let edges = [Foundation.log(facts.maxFinite), Foundation.log(facts.minSubnormal), 20, 1]
            v = sign() * (edges[Int.random(in: 0..<edges.count, using: &rng)] + Double.random(in: -3...3, using: &rng))
        } else if r < 0.65 {
            v = Double.random(in: -10...10, using: &rng)
        } else {
            let e = Double.random(in: Double(facts.minExponent)...Double(facts.maxExponent + 1), using: &rng)
            v = sign() * Foundation.exp2(e)
        }
        return chance(0.1) ? v : concrete.store(v)
    }

    mutating func interval() -> Interval {
        let nan = chance(0.12)
        if chance(0.03) { return chance(0.5) ? .nan : .bottom }
        let a = value()
        let b = chance(0.1) ? a : value()
        return Interval(Swift.min(a, b), Swift.max(a, b), mayBeNaN: nan)
    }

    /// Dtype values inside `i` (NaN when it may be NaN): its ends and
    /// their grid neighbours inside, ±0, and random points.
    mutating func points(in i: Interval, count: Int = 8) -> [Double] {
        var out: [Double] = []
        if i.mayBeNaN { out.append(.nan) }
        guard !i.isNumericEmpty else { return out }
        func keep(_ x: Double) { if !x.isNaN && i.contains(x) { out.append(x) } }
        keep(concrete.store(i.lo)); keep(concrete.store(i.hi))
        keep(concrete.store(i.lo).nextUp); keep(concrete.store(i.hi).nextDown)  // nearby values; store below
        if i.containsZero { out.append(-0.0); out.append(0.0) }
        for _ in 0..<count {
            let x: Double
            if i.lo.isFinite && i.hi.isFinite && chance(0.6) {
                x = i.lo + (i.hi - i.lo) * unit()
            } else {
                let e = Double.random(in: Double(facts.minExponent)...Double(facts.maxExponent + 1), using: &rng)
                let m = Foundation.exp2(e)
                x = i.lo >= 0 ? m : (i.hi <= 0 ? -m : sign() * m)
            }
            keep(concrete.store(x))
        }
        return out.map { $0.isNaN ? $0 : concrete.store($0) }.filter { $0.isNaN || i.contains($0) }
    }
}

/// Checks a concrete result against the abstract one, keeping a few failures.
struct SoundnessLog {
    var failures: [String] = []
    var checks = 0
    mutating func check(_ abstract: Interval, _ concrete: Double, _ what: @autoclosure () -> String) {
        checks += 1
        let ok = concrete.isNaN ? abstract.mayBeNaN : abstract.contains(concrete)
        if !ok && failures.count < 5 { failures.append("\(what()) = \(concrete) ∉ \(abstract)") }
    }
}
