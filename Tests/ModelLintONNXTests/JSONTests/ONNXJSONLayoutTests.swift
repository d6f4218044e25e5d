import ModelLintIR
import Testing
@testable import ModelLintONNX

/// Where nodes, attributes, inputs and outputs sit in hand-written ONNX JSON.
@Suite("ONNX JSON layout")
struct ONNXJSONLayoutTests {
    /// The document is assembled from pieces so that each piece's offset is
    /// known without counting by hand.
    @Test func nodesAndAttributesOfASmallModel() throws {
        let relu = #"{"input":["x"],"output":["y"],"name":"r","opType":"Relu"}"#
        let kernel = #"{"name":"kernel_shape","ints":["3","3"],"type":"INTS"}"#
        let strides = #"{"name":"strides","ints":["2","2"],"type":"INTS"}"#
        let pool = #"{"opType":"AveragePool","attribute":["# + kernel + "," + strides + "]}"
        let text = #"{"irVersion":"8","graph":{"node":["# + relu + "," + pool + "]}}"
        let bytes = Array(text.utf8)

        let layout = ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes)
        #expect(layout.nodes.count == 2)
        let first = try #require(layout.nodes.first)
        #expect(jsonSlice(bytes, first.range) == relu)
        #expect(first.range.lowerBound == #"{"irVersion":"8","graph":{"node":["#.utf8.count)
        #expect(first.inputs.map { jsonSlice(bytes, $0) } == [#""x""#])
        #expect(first.outputs.map { jsonSlice(bytes, $0) } == [#""y""#])
        #expect(first.attributes.isEmpty)
        #expect(first.name == "r")
        #expect(first.opType == "Relu")

        let second = layout.nodes[1]
        #expect(jsonSlice(bytes, second.range) == pool)
        #expect(second.range.lowerBound == first.range.upperBound + 1)
        #expect(second.attributes.keys.sorted() == ["kernel_shape", "strides"])
        #expect(jsonSlice(bytes, try #require(second.attributes["kernel_shape"])) == kernel)
        #expect(jsonSlice(bytes, try #require(second.attributes["strides"])) == strides)
        #expect(second.inputs.isEmpty && second.outputs.isEmpty)
        #expect(second.name == nil)
        #expect(second.opType == "AveragePool")
        #expect(layout.subgraphs.isEmpty)
        #expect(layout.graphRange.map { jsonSlice(bytes, $0) } == #"{"node":["# + relu + "," + pool + "]}")
    }

    /// The same kind of model as `MessageToJson` writes it, indented, checked
    /// in lines and columns.
    @Test func linesAndColumnsInAnIndentedModel() throws {
        let text = """
        {
          "irVersion": "8",
          "graph": {
            "node": [
              {
                "input": [
                  "x"
                ],
                "output": [
                  "y"
                ],
                "opType": "AveragePool",
                "attribute": [
                  {
                    "name": "kernel_shape",
                    "ints": [
                      "3",
                      "3"
                    ],
                    "type": "INTS"
                  }
                ]
              }
            ]
          }
        }
        """
        let file = SourceFile(path: "pool.json", text: text)
        let layout = ONNXJSONLayout(root: try PositionedJSON.parse(file.bytes), bytes: file.bytes)
        let node = try #require(layout.nodes.first)
        #expect(file.position(ofByte: node.range.lowerBound) == (5, 7))
        #expect(file.position(ofByte: node.range.upperBound - 1) == (23, 7))
        #expect(file.position(ofByte: try #require(node.inputs.first).lowerBound) == (7, 11))
        #expect(file.position(ofByte: try #require(node.outputs.first).lowerBound) == (10, 11))
        let attribute = try #require(node.attributes["kernel_shape"])
        #expect(file.location(ofByte: attribute.lowerBound, through: attribute.upperBound).description == "pool.json:14:11")
        #expect(file.position(ofByte: attribute.upperBound - 1) == (21, 11))
    }

    /// Proto field names are accepted as well as JSON names, and a graph's
    /// subgraphs (If branches, Loop bodies, `graphs` lists) get layouts too.
    @Test func snakeCaseAndSubgraphs() throws {
        let inner = #"{"node":[{"op_type":"Identity","input":["a"],"output":["b"]}]}"#
        let other = #"{"node":[{"opType":"Neg"},{"opType":"Abs"}]}"#
        let text = #"{"graph":{"node":[{"op_type":"Relu"},{"op_type":"If","attribute":["#
            + #"{"name":"then_branch","type":"GRAPH","g":"# + inner + "},"
            + #"{"name":"bodies","type":"GRAPHS","graphs":["# + other + "," + inner + "]}]}]}}"
        let bytes = Array(text.utf8)
        let layout = ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes)
        #expect(layout.nodes.map(\.opType) == ["Relu", "If"])
        #expect(layout.nodes[1].attributes.keys.sorted() == ["bodies", "then_branch"])
        #expect(layout.subgraphs.count == 3)

        let then = try #require(layout.subgraphs[.init(node: 1, attribute: "then_branch", index: nil)])
        #expect(then.graphRange.map { jsonSlice(bytes, $0) } == inner)
        #expect(then.nodes.map(\.opType) == ["Identity"])
        #expect(then.nodes.first?.inputs.map { jsonSlice(bytes, $0) } == [#""a""#])

        let first = try #require(layout.subgraphs[.init(node: 1, attribute: "bodies", index: 0)])
        #expect(first.nodes.map(\.opType) == ["Neg", "Abs"])
        #expect(jsonSlice(bytes, first.nodes[1].range) == #"{"opType":"Abs"}"#)
        let second = try #require(layout.subgraphs[.init(node: 1, attribute: "bodies", index: 1)])
        #expect(second.nodes.map(\.opType) == ["Identity"])
        #expect(second.nodes[0].range != then.nodes[0].range)
    }

    /// Whatever is missing or of the wrong type contributes nothing; the
    /// protobuf decoder is the one that reports a malformed model.
    @Test func missingOrMistypedPartsGiveAnEmptyLayout() throws {
        for text in ["{}", "[]", "1", #"{"graph":1}"#, #"{"graph":{"node":{}}}"#, #"{"graph":{}}"#] {
            let bytes = Array(text.utf8)
            let layout = ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes)
            #expect(layout.nodes.isEmpty, "\(text)")
        }
        let text = #"{"graph":{"node":[{"input":[1,"a",null],"attribute":[{"ints":[]},{"name":"k"},{"name":"k"}]}]}}"#
        let bytes = Array(text.utf8)
        let layout = ONNXJSONLayout(root: try PositionedJSON.parse(bytes), bytes: bytes)
        let node = try #require(layout.nodes.first)
        #expect(node.inputs.map { jsonSlice(bytes, $0) } == [#""a""#])
        // A repeated attribute name points at its first occurrence.
        #expect(node.attributes.count == 1)
        #expect(node.attributes["k"].map { jsonSlice(bytes, $0) } == #"{"name":"k"}"#)
        #expect(node.attributes["k"]?.lowerBound == text.utf8.count - #"{"name":"k"},{"name":"k"}]}]}}"#.utf8.count)
    }
}
