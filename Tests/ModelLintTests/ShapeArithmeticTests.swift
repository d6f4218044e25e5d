import Foundation
import ModelLintAnalysis
import ModelLintIR
import ModelLintRules
import Testing
@testable import ModelLint

/// Shape arithmetic as exporters write it, evaluated while shapes are
/// inferred, and the softmax written by hand in jax2tf's and tf2onnx's
/// spelling, through reshapes back to the input's layout.
@Suite("Shape arithmetic and the softmax written by hand")
struct ShapeArithmeticTests {
    static func graph(_ json: String) throws -> Graph {
        let loaded = try ModelLoader.load(SourceFile(path: "arithmetic.json", text: json), format: .onnxJSON)
        return try #require(loaded.graphs.first)
    }

    static func codes(_ json: String, ranges: [String: ClosedRange<Double>] = [:]) throws -> [String] {
        let linter = Linter(rules: RuleRegistry.all, inputRanges: ranges)
        return linter.check(try graph(json)).filter { $0.severity >= .warning }.map(\.ruleCode).sorted()
    }

    static func model(inputs: String, initializers: String, nodes: String, output: String, opset: Int = 18) -> String {
        """
        {"irVersion": "8", "opsetImport": [{"version": "\(opset)"}], "graph": {"name": "g",
          "input": [\(inputs)],
          "initializer": [\(initializers)],
          "node": [\(nodes)],
          "output": [{"name": "\(output)"}]}}
        """
    }

    static func input(_ name: String, _ dims: [String]) -> String {
        let written = dims.map { Int($0) != nil ? "{\"dimValue\": \"\($0)\"}" : "{\"dimParam\": \"\($0)\"}" }.joined(separator: ", ")
        return "{\"name\": \"\(name)\", \"type\": {\"tensorType\": {\"elemType\": 1, \"shape\": {\"dim\": [\(written)]}}}}"
    }

    static func ints(_ name: String, _ values: [Int]) -> String {
        "{\"name\": \"\(name)\", \"dims\": [\"\(values.count)\"], \"dataType\": 7, \"int64Data\": [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]}"
    }

    static func node(_ name: String, _ op: String, _ inputs: [String], _ output: String, _ attributes: String = "") -> String {
        "{\"name\": \"\(name)\", \"opType\": \"\(op)\", \"input\": [\(inputs.map { "\"\($0)\"" }.joined(separator: ", "))], \"output\": [\"\(output)\"]\(attributes.isEmpty ? "" : ", \"attribute\": [\(attributes)]")}"
    }

    /// `x.view(batch, -1)` as the TorchScript exporter writes it: the batch
    /// read from Shape, a dynamic symbol kept through to the Reshape.
    @Test func aReshapeTargetBuiltFromShapeKeepsTheBatchSymbol() throws {
        let json = Self.model(
            inputs: Self.input("x", ["N", "8", "4"]),
            initializers: [Self.ints("zero", [0]), Self.ints("one", [1]), Self.ints("rest", [-1])].joined(separator: ", "),
            nodes: [Self.node("shape", "Shape", ["x"], "s"),
                    Self.node("batch", "Slice", ["s", "zero", "one", "zero"], "b"),
                    Self.node("target", "Concat", ["b", "rest"], "t", "{\"name\": \"axis\", \"i\": \"0\", \"type\": \"INT\"}"),
                    Self.node("flat", "Reshape", ["x", "t"], "y"),
                    Self.node("back", "Unsqueeze", ["y", "one"], "u"),
                    Self.node("again", "Squeeze", ["u", "one"], "v")].joined(separator: ",\n"),
            output: "v")
        let inferred = ShapeInference.infer(try Self.graph(json))
        for name in ["y", "v"] {
            #expect(inferred.tensors.first { $0.name == name }?.shape == Shape([.symbolic("N"), .known(32)]), "\(name)")
        }
        #expect(inferred.tensors.first { $0.name == "u" }?.shape == Shape([.symbolic("N"), .known(1), .known(32)]))
    }

    /// `F.pad`'s operand as the TorchScript exporter computes it: a table
    /// reversed along axis 0 (a negative step, INT64_MIN as its end),
    /// transposed and flattened; and INT64_MAX as "to the end".
    @Test func smallIntegerTensorsAreEvaluatedAndFolded() throws {
        let json = Self.model(
            inputs: Self.input("x", ["1", "5", "6", "3"]),
            initializers: ["{\"name\": \"table\", \"dims\": [\"3\", \"2\"], \"dataType\": 7, \"int64Data\": [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\"]}",
                           Self.ints("minus", [-1]), Self.ints("zero", [0]), Self.ints("one", [1]), Self.ints("two", [2]),
                           "{\"name\": \"first\", \"dims\": [\"1\"], \"dataType\": 7, \"int64Data\": [\"-9223372036854775807\"]}",
                           "{\"name\": \"last\", \"dims\": [\"1\"], \"dataType\": 7, \"int64Data\": [\"9223372036854775807\"]}"].joined(separator: ", "),
            nodes: [Self.node("reverse", "Slice", ["table", "minus", "first", "zero", "minus"], "r"),
                    Self.node("swap", "Transpose", ["r"], "t", "{\"name\": \"perm\", \"ints\": [\"1\", \"0\"], \"type\": \"INTS\"}"),
                    Self.node("flat", "Reshape", ["t", "minus"], "f"),
                    Self.node("zeros", "ConstantOfShape", ["two"], "z", "{\"name\": \"value\", \"t\": {\"dims\": [\"1\"], \"dataType\": 7, \"int64Data\": [\"0\"]}, \"type\": \"TENSOR\"}"),
                    Self.node("shape", "Shape", ["x"], "s"),
                    Self.node("tail", "Slice", ["s", "one", "last"], "rest")].joined(separator: ",\n"),
            output: "rest", opset: 13)
        let inferred = ShapeInference.infer(try Self.graph(json))
        func value(_ name: String) -> [Double]? { inferred.tensors.first { $0.name == name }?.constantValues }
        #expect(value("f") == [4, 2, 0, 5, 3, 1])
        #expect(value("z") == [0, 0])
        #expect(value("rest") == [5, 6, 3])
    }

    /// The layout ops whose sizes come from attributes or constant inputs.
    @Test func transposeSplitSliceAndPadHaveTheirShapes() throws {
        let json = Self.model(
            inputs: Self.input("x", ["N", "3", "4"]),
            initializers: [Self.ints("sizes", [1, 3]), Self.ints("one", [1]), Self.ints("end", [Int(Int32.max)]),
                           Self.ints("minus", [-1]), Self.ints("pads", [0, 0, 1, 0, 0, 2])].joined(separator: ", "),
            nodes: [Self.node("swap", "Transpose", ["x"], "t", "{\"name\": \"perm\", \"ints\": [\"2\", \"0\", \"1\"], \"type\": \"INTS\"}"),
                    "{\"name\": \"cut\", \"opType\": \"Split\", \"input\": [\"t\", \"sizes\"], \"output\": [\"a\", \"b\"], \"attribute\": [{\"name\": \"axis\", \"i\": \"0\", \"type\": \"INT\"}]}",
                    Self.node("tail", "Slice", ["x", "one", "end", "minus"], "s"),
                    Self.node("reverse", "Slice", ["x", "minus", "minus", "one", "minus"], "r"),
                    Self.node("pad", "Pad", ["x", "pads"], "p")].joined(separator: ",\n"),
            output: "p", opset: 13)
        let inferred = ShapeInference.infer(try Self.graph(json))
        func shape(_ name: String) -> Shape? { inferred.tensors.first { $0.name == name }?.shape }
        #expect(shape("t") == Shape([.known(4), .symbolic("N"), .known(3)]))
        #expect(shape("a") == Shape([.known(1), .symbolic("N"), .known(3)]))
        #expect(shape("b") == Shape([.known(3), .symbolic("N"), .known(3)]))
        #expect(shape("s") == Shape([.symbolic("N"), .known(3), .known(3)]))
        // From -1 to -1 backwards along axis 1: nothing.
        #expect(shape("r") == Shape([.symbolic("N"), .known(0), .known(4)]))
        #expect(shape("p") == Shape([.symbolic("N"), .known(3), .known(7)]))
    }

    /// ViT's attention scale `1 / sqrt(head_dim)`, with head_dim read from the
    /// query's shape at run time: folded to a constant, so nothing may divide by 0.
    @Test func aScaleComputedFromAShapeIsAConstant() throws {
        let json = Self.model(
            inputs: Self.input("q", ["1", "12", "197", "64"]),
            initializers: Self.ints("last", [3]),
            nodes: [Self.node("shape", "Shape", ["q"], "s"),
                    Self.node("pick", "Gather", ["s", "last"], "d"),
                    Self.node("float", "Cast", ["d"], "f", "{\"name\": \"to\", \"i\": \"1\", \"type\": \"INT\"}"),
                    Self.node("root", "Sqrt", ["f"], "r"),
                    Self.node("scale", "Div", ["q", "r"], "y")].joined(separator: ",\n"),
            output: "y")
        let inferred = ShapeInference.infer(try Self.graph(json))
        #expect(inferred.tensors.first { $0.name == "d" }?.constantValues == [64])
        #expect(try Self.codes(json, ranges: ["q": -3...3]).isEmpty)
    }

    /// jax2tf's softmax: `Max(-inf, ReduceMax(x))` reshaped and expanded back
    /// to x, the sum likewise. Proved; the twins whose axes or layout differ are not.
    @Test(arguments: [("same axes", "[1]", "Reshape", nil as String?), ("the sum over the other axis", "[0]", "Reshape", "ML102"),
                      ("a transpose on the way", "[1]", "Transpose", "ML104")])
    func theSoftmaxWrittenByHandIsProvedWhereItLinesUp(case name: String, sumAxes: String, shaper: String, expected: String?) throws {
        let sumAxis = sumAxes == "[1]" ? 1 : 0
        let keep = "{\"name\": \"keepdims\", \"i\": \"0\", \"type\": \"INT\"}"
        let json = Self.model(
            inputs: Self.input("x", ["2", "2"]),
            initializers: [Self.ints("axis1", [1]), Self.ints("sumaxis", [sumAxis]), Self.ints("column", [2, 1]), Self.ints("full", [2, 2]),
                           "{\"name\": \"floor\", \"dims\": [], \"dataType\": 1, \"floatData\": [\"-Infinity\"]}"].joined(separator: ", "),
            nodes: [Self.node("max", "ReduceMax", ["x", "axis1"], "m", keep),
                    Self.node("maximum", "Max", ["floor", "m"], "mm"),
                    shaper == "Reshape" ? Self.node("reshape", "Reshape", ["mm", "column"], "r")
                                        : Self.node("reshape", "Unsqueeze", ["mm", "axis1"], "r0") + ",\n" + Self.node("swap", "Transpose", ["r0"], "r", "{\"name\": \"perm\", \"ints\": [\"1\", \"0\"], \"type\": \"INTS\"}"),
                    Self.node("broadcast", "Expand", ["r", "full"], "e"),
                    Self.node("shift", "Sub", ["x", "e"], "s"),
                    Self.node("exp", "Exp", ["s"], "ex"),
                    Self.node("sum", "ReduceSum", ["ex", "sumaxis"], "t", keep),
                    Self.node("reshape_sum", "Reshape", ["t", "column"], "tr"),
                    Self.node("broadcast_sum", "Expand", ["tr", "full"], "te"),
                    Self.node("normalize", "Div", ["ex", "te"], "y")].joined(separator: ",\n"),
            output: "y")
        let codes = try Self.codes(json)
        if let expected {
            #expect(codes.contains(expected), "\(name): \(codes)")
        } else {
            #expect(codes.isEmpty, "\(name): \(codes)")
        }
    }
}
