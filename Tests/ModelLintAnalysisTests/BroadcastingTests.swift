import ModelLintAnalysis
import ModelLintIR
import Testing

@Suite("NumPy broadcasting of partly known shapes")
struct BroadcastingTests {
    @Test func numpyDocumentationExample() {
        // numpy's broadcasting guide: (8, 1, 6, 1) with (7, 1, 5) is (8, 7, 6, 5).
        #expect(Broadcasting.broadcast(known(8, 1, 6, 1), known(7, 1, 5)) == known(8, 7, 6, 5))
        #expect(Broadcasting.broadcast(known(256, 256, 3), known(3)) == known(256, 256, 3))
    }

    @Test func symbolicAndUnknownDimensions() {
        let batch = Dim.symbolic("batch")
        #expect(Broadcasting.broadcast(Shape([batch, .known(3), .known(1)]), known(1, 4)) == Shape([batch, .known(3), .known(4)]))
        // An unknown facing a known n != 1 must be 1 or n; facing 1 it stays itself.
        #expect(Broadcasting.broadcast(Shape([.unknown, .unknown]), known(5, 1)) == Shape([.known(5), .unknown]))
        #expect(Broadcasting.broadcast(batch, .symbolic("time")) == .unknown)
        #expect(Broadcasting.broadcast(batch, batch) == batch)
        #expect(Broadcasting.broadcast(batch, .known(7)) == .known(7))
    }

    @Test func incompatibleSizesBecomeUnknown() {
        #expect(Broadcasting.broadcast(known(2, 3), known(2, 4)) == Shape([.known(2), .unknown]))
    }

    @Test func aMissingShapeMeansUnknownRank() {
        #expect(Broadcasting.broadcast([known(2, 3), nil]) == nil)
        #expect(Broadcasting.broadcast([]) == nil)
        #expect(Broadcasting.broadcast([known(4, 1), known(3), known(1, 1, 1)]) == known(1, 4, 3))
    }

    @Test func eltwiseNodesBroadcast() {
        var net = GraphSketch()
        let x = net.input("x", [8, 1, 6, 1])
        let y = net.input("y", [7, 1, 5])
        let sum = net.apply("add", .add, x, y)
        let product = net.apply("mul", .mul, x, y)
        let weighted = net.apply("weighted", .weightedSum(coefficients: [0.5, 2]), x, x)
        let graph = ShapeInference.infer(net.graph)
        #expect(graph.tensors[sum].shape == known(8, 7, 6, 5))
        #expect(graph.tensors[product].shape == known(8, 7, 6, 5))
        #expect(graph.tensors[weighted].shape == known(8, 1, 6, 1))
    }
}
