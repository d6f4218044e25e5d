import ModelLintAnalysis
import ModelLintIR
import ModelLintTestSupport
import Testing

@Suite("Interval float grids")
struct IntervalFloatGridTests {
    @Test func limitsMatchTheDTypes() {
        #expect(FloatGrid.float32.maxFinite == Double(Float.greatestFiniteMagnitude))
        #expect(FloatGrid.float16.maxFinite == 65504)
        #expect(FloatGrid.bfloat16.maxFinite == DType.bfloat16.maxFinite)
        #expect(FloatGrid.float64.maxFinite == Double.greatestFiniteMagnitude)
        for d in DType.allCases { #expect((FloatGrid(dtype: d) != nil) == d.isFloatingPoint) }
    }

    /// floor/ceil/nextUp agree with the native types' own successor function.
    @Test func gridAgreesWithNativeTypes() {
        var rng = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            let f = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            guard f.isFinite else { continue }
            let x = Double(f)
            #expect(FloatGrid.float32.holds(x))
            #expect(FloatGrid.float32.nextUp(x) == Double(f.nextUp), "nextUp \(f)")
            #expect(FloatGrid.float32.nextDown(x) == Double(f.nextDown), "nextDown \(f)")
            // A Double strictly between f and its successor floors to f.
            if f.nextUp.isFinite {
                let mid = x + (Double(f.nextUp) - x) / 3
                if mid != x { #expect(FloatGrid.float32.floor(mid) == x && FloatGrid.float32.ceil(mid) == Double(f.nextUp)) }
            }
            let h = Float16(bitPattern: UInt16.random(in: 0...UInt16.max, using: &rng))
            guard h.isFinite else { continue }
            #expect(FloatGrid.float16.holds(Double(h)))
            #expect(FloatGrid.float16.nextUp(Double(h)) == Double(h.nextUp), "fp16 nextUp \(h)")
            let b = Double(Float(bitPattern: UInt32(UInt16.random(in: 0...UInt16.max, using: &rng)) << 16))
            guard b.isFinite else { continue }
            #expect(FloatGrid.bfloat16.holds(b))
            #expect(bfloat16(Float(b)) == b)
        }
    }
}
