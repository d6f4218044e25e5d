import Foundation
import ModelLintIR
import Testing
@testable import ModelLintAnalysis

/// Bounds of recurrent layers' outputs, checked against a concrete float
/// simulation of the cell with weights chosen to push the states to their
/// extremes (every gate saturated open, the candidate at +1).
@Suite("Recurrent layers' state bounds")
struct RecurrenceBoundsTests {
    /// An ONNX-style layer: X (T, batch 1, input 1), W, R, B, no sequence
    /// lengths, then the initial states when given.
    private func layer(_ attributes: RecurrentAttributes, steps: Int?, initialHidden: ClosedRange<Double>? = nil,
                       initialCell: ClosedRange<Double>? = nil) -> (Graph, [TensorID]) {
        var net = GraphSketch()
        let x = net.input("X", steps.map { Shape(known: [$0, 1, 1]) } ?? Shape([.unknown, .known(1), .known(1)]))
        net.graph.tensors[x].declaredRange = -1...1
        var inputs = [x, net.input("W", [1, 4, 1]), net.input("R", [1, 4, 1]), net.input("B", [1, 8])]
        for id in inputs.dropFirst() { net.graph.tensors[id].declaredRange = -10...10 }
        inputs.append(net.graph.tensors.count)  // sequence_lens left out
        net.graph.tensors.append(Tensor(id: inputs.last!, name: ""))
        for (name, range) in [("initial_h", initialHidden), ("initial_c", initialCell)] {
            guard let range else { continue }
            let id = net.input(name, [1, 1, 1])
            net.graph.tensors[id].declaredRange = range
            while inputs.count < (name == "initial_h" ? 5 : 6) { inputs.append(inputs[4]) }
            inputs.append(id)
        }
        let op: Op = attributes.cell == .lstm ? .lstm(attributes) : .rnn(attributes)
        let outputs = net.node("rnn", op, inputs, outputs: attributes.outputs.count)
        return (net.graph, outputs)
    }

    private func onnx(_ cell: RecurrentAttributes.Cell, activations: [RecurrentActivation] = [], clip: Double? = nil) -> RecurrentAttributes {
        RecurrentAttributes(cell: cell, outputs: cell == .lstm ? [.sequence, .lastHidden, .lastCell] : [.sequence, .lastHidden],
                            initialHidden: 5, initialCell: cell == .lstm ? 6 : nil, sequenceLengths: 4,
                            activations: activations, clip: clip)
    }

    private func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    @Test func lstmCellGrowsAtMostOnePerStep() {
        for (steps, c0) in [(1, 0.0), (5, 0.0), (5, 3.0), (40, -2.0)] {
            let (graph, outputs) = layer(onnx(.lstm), steps: steps, initialHidden: 0...0, initialCell: c0...c0)
            let analysis = IntervalAnalysis.run(graph)
            let cell = analysis.interval(of: outputs[2])
            // Saturated gates: c grows by almost 1 per step, in float.
            let open = sigmoid(10), candidate = Float(Foundation.tanh(10.0))
            var c = Float(c0), h: Float = 0
            for _ in 0..<steps {
                c = open * c + open * candidate
                h = open * Float(Foundation.tanh(Double(c)))
            }
            #expect(cell.contains(Double(c)), "c_T = \(c) outside \(cell)")
            #expect(cell.hi <= Swift.abs(c0) + Double(steps) + 1e-3, "\(cell) too wide for T = \(steps)")
            // h = o * tanh(c), and tanh of the cell's bound is below 1.
            let hidden = analysis.interval(of: outputs[0])
            #expect(hidden.contains(Double(h)) && hidden.isSubset(of: Interval(-1, 1)), "h_T = \(h), \(hidden)")
            #expect(hidden.hi <= Foundation.tanh(cell.hi) + 1e-6)
            #expect(!cell.mayBeNaN)
        }
    }

    @Test func anUnknownSequenceLengthLeavesTheCellAnyFiniteValue() {
        let (graph, outputs) = layer(onnx(.lstm), steps: nil)
        let cell = IntervalAnalysis.run(graph).interval(of: outputs[2])
        #expect(cell == Interval(-Double(Float.greatestFiniteMagnitude), Double(Float.greatestFiniteMagnitude)))
    }

    @Test func aClipMakesTheCellContract() {
        // |f| <= sigmoid(3) < 1: |c| <= sigmoid(3) * tanh(3) / (1 - sigmoid(3)), about 20, whatever T.
        let (graph, outputs) = layer(onnx(.lstm, clip: 3), steps: nil)
        let cell = IntervalAnalysis.run(graph).interval(of: outputs[2])
        let f = 1 / (1 + Foundation.exp(-3.0))
        #expect(cell.hi >= f * Foundation.tanh(3) / (1 - f) && cell.hi < 21, "\(cell)")
        // Saturating concretely for many steps stays inside.
        var c: Float = 0
        for _ in 0..<10_000 { c = sigmoid(3) * c + sigmoid(3) * Float(Foundation.tanh(3.0)) }
        #expect(cell.contains(Double(c)))
    }

    @Test func gruStatesStayInTheHullOfTheInitialStateAndTanh() {
        // z saturated at 1 keeps h at its initial value, 5, outside tanh's range (onnxruntime, three
        // steps from initial_h = 5 with B_z = 10: Y_h = 4.99932). The old fixed [-1, 1] missed it.
        let (graph, outputs) = layer(onnx(.gru), steps: 3, initialHidden: 5...5)
        let analysis = IntervalAnalysis.run(graph)
        for output in outputs {
            let y = analysis.interval(of: output)
            #expect(y.contains(5) && y.contains(-1) && y.hi < 5.001 && y.lo > -1.001, "\(y)")
        }
    }

    @Test func simpleRNNStatesAreTanhValues() {
        let (graph, outputs) = layer(onnx(.simple), steps: 3, initialHidden: -7...7)
        let analysis = IntervalAnalysis.run(graph)
        #expect(analysis.interval(of: outputs[0]) == Interval(-1, 1))
        #expect(analysis.interval(of: outputs[1]) == Interval(-1, 1), "three steps: the initial state is gone")
        let (unknownLength, outputs2) = layer(onnx(.simple), steps: nil, initialHidden: -7...7)
        #expect(IntervalAnalysis.run(unknownLength).interval(of: outputs2[1]) == Interval(-7, 7))
    }

    @Test func overriddenActivationsAreTakenAsTheyAre() {
        // ReLU hidden states are non-negative but unbounded, and may overflow.
        let (relu, reluOutputs) = layer(onnx(.simple, activations: [.relu]), steps: 3)
        let y = IntervalAnalysis.run(relu).interval(of: reluOutputs[0])
        #expect(y.hi == .infinity && y.mayBeNaN)
        // With a clip, ReLU stays within it.
        let (clipped, clippedOutputs) = layer(onnx(.simple, activations: [.relu], clip: 4), steps: 3)
        #expect(IntervalAnalysis.run(clipped).interval(of: clippedOutputs[0]) == Interval(0, 4))
        // An LSTM whose candidate is unbounded has an unbounded cell.
        let (lstm, lstmOutputs) = layer(onnx(.lstm, activations: [.sigmoid, .relu, .tanh]), steps: 3)
        let cell = IntervalAnalysis.run(lstm).interval(of: lstmOutputs[2])
        #expect(cell.hi == .infinity && cell.mayBeNaN)
        // Bidirectional: the worse direction decides; a list that does not split is unknown.
        let (both, bothOutputs) = layer(onnx(.simple, activations: [.tanh, .sigmoid]), steps: 3)
        #expect(IntervalAnalysis.run(both).interval(of: bothOutputs[0]) == Interval(-1, 1))
        let (odd, oddOutputs) = layer(onnx(.lstm, activations: [.sigmoid, .tanh]), steps: 3)
        #expect(IntervalAnalysis.run(odd).interval(of: oddOutputs[0]).hi == .infinity)
    }

    @Test func caffeLSTMExposesItsFinalStates() {
        var net = GraphSketch()
        let x = net.input("x", [4, 1, 8])
        let cont = net.input("cont", [4, 1])
        let h0 = net.input("h0", [1, 1, 3]), c0 = net.input("c0", [1, 1, 3])
        for id in [x, cont, h0] { net.graph.tensors[id].declaredRange = 0...1 }
        net.graph.tensors[c0].declaredRange = -2...2
        let attributes = RecurrentAttributes(cell: .lstm, outputs: [.sequence, .lastHidden, .lastCell],
                                             initialHidden: 2, initialCell: 3)
        let outputs = net.node("lstm", .lstm(attributes), [x, cont, h0, c0], outputs: 3)
        let analysis = IntervalAnalysis.run(net.graph)
        #expect(analysis.interval(of: outputs[0]).isSubset(of: Interval(-1, 1)))
        let cell = analysis.interval(of: outputs[2])
        #expect(cell.contains(6) && cell.hi < 6.001, "|c_0| + T = 6: \(cell)")
    }
}
