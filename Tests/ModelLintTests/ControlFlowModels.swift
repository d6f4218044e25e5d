import Foundation
import ModelLintAnalysis
import ModelLintIR
@testable import ModelLintONNX

/// Writes small ONNX models with control flow as ONNX JSON text, the way a
/// user's exporter would, so tests go through the real frontend.
enum ONNXText {
    static func quoted(_ s: String) -> String { "\"\(s)\"" }

    /// A value declaration: `elemType` 1 float, 7 int64, 9 bool; nil dims: no shape.
    static func value(_ name: String, _ elemType: Int = 1, _ dims: [Int]? = nil) -> String {
        guard let dims else { return #"{"name": "\#(name)", "type": {"tensorType": {"elemType": \#(elemType)}}}"# }
        let list = dims.map { #"{"dimValue": "\#($0)"}"# }.joined(separator: ", ")
        return #"{"name": "\#(name)", "type": {"tensorType": {"elemType": \#(elemType), "shape": {"dim": [\#(list)]}}}}"#
    }

    static func floats(_ name: String, _ values: [Double], dims: [Int]? = nil) -> String {
        let dimList = (dims ?? (values.count == 1 ? [] : [values.count])).map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"name": "\#(name)", "dataType": 1, "dims": [\#(dimList)], "floatData": [\#(values.map { "\($0)" }.joined(separator: ", "))]}"#
    }

    static func int64(_ name: String, _ value: Int) -> String {
        #"{"name": "\#(name)", "dataType": 7, "dims": [], "int64Data": ["\#(value)"]}"#
    }

    static func bool(_ name: String, _ value: Bool) -> String {
        #"{"name": "\#(name)", "dataType": 9, "dims": [], "int32Data": [\#(value ? 1 : 0)]}"#
    }

    static func attribute(_ name: String, graph: String) -> String {
        #"{"name": "\#(name)", "type": "GRAPH", "g": \#(graph)}"#
    }

    static func attribute(_ name: String, int: Int) -> String {
        #"{"name": "\#(name)", "type": "INT", "i": "\#(int)"}"#
    }

    static func attribute(_ name: String, float: Double) -> String {
        #"{"name": "\#(name)", "type": "FLOAT", "f": \#(float)}"#
    }

    static func attribute(_ name: String, strings: [String]) -> String {
        let encoded = strings.map { quoted(Data($0.utf8).base64EncodedString()) }.joined(separator: ", ")
        return #"{"name": "\#(name)", "type": "STRINGS", "strings": [\#(encoded)]}"#
    }

    static func node(_ name: String, _ op: String, _ inputs: [String], _ outputs: [String], _ attributes: [String] = []) -> String {
        #"{"name": "\#(name)", "opType": "\#(op)", "input": [\#(inputs.map(quoted).joined(separator: ", "))], "# +
            #""output": [\#(outputs.map(quoted).joined(separator: ", "))], "attribute": [\#(attributes.joined(separator: ", "))]}"#
    }

    static func graph(_ name: String, inputs: [String], nodes: [String], outputs: [String],
                      initializers: [String] = []) -> String {
        #"{"name": "\#(name)", "input": [\#(inputs.joined(separator: ", "))], "initializer": [\#(initializers.joined(separator: ", "))], "# +
            #""node": [\#(nodes.joined(separator: ",\n"))], "output": [\#(outputs.map { "{\"name\": \"\($0)\"}" }.joined(separator: ", "))]}"#
    }

    static func model(_ graph: String, opset: Int = 17) -> String {
        #"{"irVersion": "8", "opsetImport": [{"version": "\#(opset)"}], "graph": \#(graph)}"#
    }

    /// The model's main graph, with `ranges` declared for the named tensors
    /// (of every graph, nested ones included), shapes inferred.
    static func load(_ json: String, ranges: [String: ClosedRange<Double>] = [:]) throws -> Graph {
        guard var graph = try ONNXFrontend.load(SourceFile(path: "model.json", text: json), encoding: .json).graphs.first else {
            throw CocoaError(.fileReadCorruptFile)
        }
        func declare(_ graph: inout Graph) {
            for index in graph.tensors.indices {
                if let range = ranges[graph.tensors[index].name], graph.inputs.contains(index) {
                    graph.tensors[index].declaredRange = range
                }
            }
        }
        // Only the main graph's inputs: nested graphs get their values from it.
        declare(&graph)
        return ShapeInference.infer(graph)
    }
}

extension Graph {
    func tensor(named name: String) -> TensorID? {
        tensors.last { $0.name == name }?.id
    }
}
