import Foundation
import Testing
@testable import ModelLintONNX

/// Where nodes are, in the fixture with every kind of subgraph and in models
/// written by hand for what no serializer writes.
@Suite("ONNX binary layout")
struct ONNXBinaryLayoutTests {
    typealias Key = ONNXBinaryLayout.SubgraphKey

    private func summary(_ graph: ONNXBinaryLayout.GraphLayout) -> [String] {
        graph.nodes.map { "\($0.name ?? "-"):\($0.opType ?? "-")@\($0.range.lowerBound)..<\($0.range.upperBound)" }
    }

    private func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    // MARK: - The fixture

    @Test func mainGraphNodes() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        // Ranges checked with onnx.NodeProto.FromString (see WireNestedFixture.swift).
        #expect(summary(layout.graph) == [
            "gt:Greater@31..<57", "cond:ReduceMin@59..<100", "top_if:If@103..<298",
            "loop:Loop@301..<685", "multi:Branches@688..<826", "call:Twice@828..<856",
        ])
        #expect(layout.graph.nodes[1].attributes == ["keepdims": 85..<100])
        #expect(layout.graph.nodes[2].attributes == ["else_branch": 123..<220, "then_branch": 222..<298])
        #expect(layout.graph.nodes[3].attributes == ["body": 328..<685])
        #expect(layout.graph.nodes[4].attributes == ["branches": 713..<818])
    }

    @Test func inputsAndOutputs() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        let loop = layout.graph.nodes[3]
        #expect(loop.inputs.map { text(wireNestedFixture, $0) } == ["n", "c", "y"])
        #expect(loop.outputs.map { text(wireNestedFixture, $0) } == ["z"])
        #expect(layout.graph.nodes[0].inputs.map { text(wireNestedFixture, $0) } == ["x", "zero"])
    }

    @Test func branchesOfAnIf() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        let elseBranch = try #require(layout.graph.subgraphs[Key(node: 2, attribute: "else_branch", index: 0)])
        #expect(summary(elseBranch) == ["else_neg:Neg@140..<161", "else_abs:Abs@163..<189"])
        let thenBranch = try #require(layout.graph.subgraphs[Key(node: 2, attribute: "then_branch", index: 0)])
        #expect(summary(thenBranch) == ["then_relu:Relu@239..<267"])
    }

    @Test func anIfInsideALoopBody() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        let body = try #require(layout.graph.subgraphs[Key(node: 3, attribute: "body", index: 0)])
        #expect(summary(body) == ["body_cond:Identity@339..<379", "inner_if:If@382..<542", "body_add:Add@544..<579"])
        #expect(Set(body.subgraphs.keys) == [Key(node: 1, attribute: "else_branch", index: 0),
                                            Key(node: 1, attribute: "then_branch", index: 0)])
        #expect(summary(body.subgraphs[Key(node: 1, attribute: "else_branch", index: 0)]!) == ["ielse_log:Log@421..<444"])
        #expect(summary(body.subgraphs[Key(node: 1, attribute: "then_branch", index: 0)]!) == ["ithen_exp:Exp@491..<514"])
    }

    @Test func aListOfGraphsIsIndexed() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        #expect(summary(layout.graph.subgraphs[Key(node: 4, attribute: "branches", index: 0)]!) == ["b0_sin:Sin@727..<747"])
        #expect(summary(layout.graph.subgraphs[Key(node: 4, attribute: "branches", index: 1)]!) == ["b1_cos:Cos@773..<793"])
        #expect(layout.graph.subgraphs.count == 5)
    }

    @Test func modelLocalFunctions() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        #expect(Array(layout.functions.keys) == ["local:Twice"])
        #expect(summary(layout.functions["local:Twice"]!) == ["fn_add:Add@978..<1000", "fn_relu:Relu@1002..<1023"])
    }

    /// Every range, at every depth, holds exactly the node swift-protobuf
    /// decodes at that place.
    @Test func everyRangeHoldsTheDecodedNode() throws {
        let layout = try ONNXBinaryLayout(bytes: wireNestedFixture)
        let model = try #require(wireDecoded(wireNestedFixture))
        // 6 in the main graph, 10 in its subgraphs (the function's 2 are apart).
        #expect(try wireMatch(layout.graph, model.graph.node, wireNestedFixture) == 16)
        #expect(try wireMatch(layout.functions["local:Twice"]!, model.functions[0].node, wireNestedFixture) == 2)
    }

    // MARK: - What parsers do that serializers do not write

    @Test func aGraphWrittenTwiceIsMerged() throws {
        // Parsers merge a singular message field that occurs twice, so the
        // nodes of both occurrences form the graph, in order.
        let bytes = WireBytes.model(graph: WireBytes.field(1, WireBytes.node("a", "Relu")))
            + WireBytes.field(7, WireBytes.field(1, WireBytes.node("b", "Exp")) + WireBytes.field(1, WireBytes.node("c", "Log")))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        #expect(layout.graph.nodes.map(\.name) == ["a", "b", "c"])
        #expect(wireDecoded(bytes)?.graph.node.map(\.name) == ["a", "b", "c"])
    }

    @Test func aNodeOfTheWrongWireTypeIsAnUnknownField() throws {
        // GraphProto field 1 as a varint: parsers keep it as an unknown field,
        // so it must not count as a node, or later indices would shift.
        let graph = WireBytes.field(1, WireBytes.node("a", "Relu")) + WireBytes.field(1, varint: 7)
            + WireBytes.field(1, WireBytes.node("b", "Exp"))
        let bytes = WireBytes.model(graph: graph)
        #expect(try ONNXBinaryLayout(bytes: bytes).graph.nodes.map(\.name) == ["a", "b"])
        #expect(wireDecoded(bytes)?.graph.node.map(\.name) == ["a", "b"])
    }

    @Test func theAttributeNameMayFollowItsGraph() throws {
        let body = WireBytes.field(1, WireBytes.node("inner", "Relu"))
        let attribute = WireBytes.field(6, body) + WireBytes.field(1, "body")
        let bytes = WireBytes.model(graph: WireBytes.field(1, WireBytes.node("loop", "Loop", WireBytes.field(5, attribute))))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        #expect(layout.graph.subgraphs[Key(node: 0, attribute: "body", index: 0)]?.nodes.map(\.name) == ["inner"])
    }

    @Test func aRepeatedAttributeNameKeepsTheFirst() throws {
        let first = WireBytes.graphAttribute("body", WireBytes.field(1, WireBytes.node("one", "Relu")))
        let second = WireBytes.graphAttribute("body", WireBytes.field(1, WireBytes.node("two", "Relu")))
        let node = WireBytes.node("loop", "Loop", WireBytes.field(5, first) + WireBytes.field(5, second))
        let bytes = WireBytes.model(graph: WireBytes.field(1, node))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        let start = try #require(layout.graph.nodes.first?.attributes["body"]?.lowerBound)
        #expect(Array(bytes[start..<(start + first.count)]) == first)
        #expect(layout.graph.subgraphs[Key(node: 0, attribute: "body", index: 0)]?.nodes.map(\.name) == ["one"])
    }

    @Test func aNodeWithoutNameOrOpType() throws {
        let bytes = WireBytes.model(graph: WireBytes.field(1, []) + WireBytes.field(1, WireBytes.field(1, "x")))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        #expect(layout.graph.nodes.count == 2)
        #expect(layout.graph.nodes[0].name == nil && layout.graph.nodes[0].opType == nil)
        #expect(layout.graph.nodes[0].range.isEmpty)
    }

    @Test func emptyInputHasNoNodes() throws {
        let layout = try ONNXBinaryLayout(bytes: [])
        #expect(layout.graph.nodes.isEmpty && layout.functions.isEmpty)
    }

    @Test func unknownFieldsAndGroupsAreSkipped() throws {
        // Field 99 and a group inside a node: skipped, as parsers skip them.
        let node = WireBytes.node("a", "Relu", WireBytes.field(99, "extra") + [0x9B, 0x06, 0x08, 0x01, 0x9C, 0x06])
        let bytes = WireBytes.model(graph: WireBytes.field(1, node)) + WireBytes.field(1000, varint: 3)
        #expect(try ONNXBinaryLayout(bytes: bytes).graph.nodes.map(\.name) == ["a"])
        #expect(wireDecoded(bytes)?.graph.node.map(\.name) == ["a"])
    }

    // MARK: - Damage found by the walk, at the byte swift-protobuf gives up

    @Test func aNodeLongerThanItsGraph() throws {
        // The graph (7 bytes) is whole, but the node inside declares 9.
        let bytes: [UInt8] = [0x3A, 0x07, 0x0A, 0x09, 0x1A, 0x01, 0x61, 0x22, 0x00]
        #expect(wireLayoutError(bytes) == WireFormatError(
            message: "truncated: a length-delimited field (number 1) at byte 2 declares 9 bytes but only 5 remain", offset: 2))
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func invalidUTF8InANodeName() throws {
        let node = WireBytes.field(3, [0x61, 0x62, 0xFF, 0x63]) + WireBytes.field(4, "Relu")
        let bytes = WireBytes.field(7, WireBytes.field(1, node))
        // Graph tag at 0, node tag at 2, name tag at 4, its bytes from 6: 0xFF is byte 8.
        #expect(wireLayoutError(bytes) == WireFormatError(
            message: "invalid UTF-8 at byte 8 in NodeProto.name (field 3 at byte 4)", offset: 8))
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func invalidUTF8InAnInitializerName() throws {
        // A truncated two-byte sequence at the end of TensorProto.name.
        let tensor = WireBytes.field(1, varint: 2) + WireBytes.field(8, [0x77, 0xC3]) + WireBytes.field(9, [1, 2, 3, 4])
        let bytes = WireBytes.field(7, WireBytes.field(5, tensor))
        #expect(wireLayoutError(bytes) == WireFormatError(
            message: "invalid UTF-8 at byte 9 in TensorProto.name (field 8 at byte 6)", offset: 9))
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func packedFloatsOfAnOddLength() throws {
        let attribute = WireBytes.field(1, "scales") + WireBytes.field(7, [0, 0, 0x80, 0x3F, 0, 0])
        let bytes = WireBytes.field(7, WireBytes.field(1, WireBytes.node("r", "Resize", WireBytes.field(5, attribute))))
        let error = try #require(wireLayoutError(bytes))
        #expect(error.message == "truncated: AttributeProto.floats (field 7) at byte \(error.offset) packs 6 bytes, not a multiple of 4")
        #expect(bytes[error.offset] == 0x3A)
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func packedIntsEndingInsideAVarint() throws {
        let attribute = WireBytes.field(1, "pads") + WireBytes.field(8, [0x01, 0x02, 0x96])
        let bytes = WireBytes.field(7, WireBytes.field(1, WireBytes.node("p", "Pad", WireBytes.field(5, attribute))))
        let error = try #require(wireLayoutError(bytes))
        #expect(error.message.hasPrefix("truncated: the last varint of AttributeProto.ints (field 8 at byte"))
        #expect(bytes[error.offset] == 0x96)
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func damageDeepInAValueInfo() throws {
        // ValueInfoProto.type.tensor_type.shape.dim[0] with a truncated dim_value.
        let dimension: [UInt8] = [0x08, 0x80]
        let type = WireBytes.field(1, WireBytes.field(1, varint: 1) + WireBytes.field(2, WireBytes.field(1, dimension)))
        let bytes = WireBytes.field(7, WireBytes.field(11, WireBytes.field(1, "x") + WireBytes.field(2, type)))
        let error = try #require(wireLayoutError(bytes))
        #expect(error.message.hasPrefix("truncated: the value of field 1 at byte \(error.offset)"))
        #expect(Array(bytes[error.offset...]) == dimension)
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func damageInsideATensorAttribute() throws {
        // AttributeProto.t holding a TensorProto whose dims field declares too much.
        let attribute = WireBytes.field(1, "value") + WireBytes.field(5, [0x0A, 0x05, 0x01])
        let bytes = WireBytes.field(7, WireBytes.field(1, WireBytes.node("k", "Constant", WireBytes.field(5, attribute))))
        let error = try #require(wireLayoutError(bytes))
        #expect(error.message.hasPrefix("truncated: a length-delimited field (number 1) at byte \(error.offset) declares 5 bytes"))
        #expect(wireDecoded(bytes) == nil)
    }

    @Test func aWrongWireTypeOnAKnownFieldIsNotDamage() throws {
        // NodeProto.name as a varint, AttributeProto.floats as a varint:
        // unknown fields to parsers, not errors.
        let attribute = WireBytes.field(1, "alpha") + WireBytes.field(7, varint: 3)
        let node = WireBytes.field(3, varint: 1) + WireBytes.field(4, "Elu") + WireBytes.field(5, attribute)
        let bytes = WireBytes.model(graph: WireBytes.field(1, node))
        let layout = try ONNXBinaryLayout(bytes: bytes)
        #expect(layout.graph.nodes.first?.name == nil)
        #expect(layout.graph.nodes.first?.attributes.keys.first == "alpha")
        #expect(wireDecoded(bytes) != nil)
    }

    // MARK: - Depth

    @Test func graphsNestedToTheLimit() throws {
        let layout = try ONNXBinaryLayout(bytes: WireBytes.nestedModel(depth: ONNXBinaryLayout.maxGraphDepth))
        var graph = layout.graph
        var depth = 1
        while let inner = graph.subgraphs[Key(node: 0, attribute: "body", index: 0)] {
            graph = inner
            depth += 1
        }
        #expect(depth == 64)
        #expect(graph.nodes.first?.name == "leaf")
    }

    @Test func graphsNestedBeyondTheLimit() throws {
        for depth in [65, 2_000] {
            let bytes = WireBytes.nestedModel(depth: depth)
            let error = try #require(wireLayoutError(bytes))
            #expect(error.message == "graphs nested more than 64 deep: the graph at byte \(error.offset)")
            // The tag of an AttributeProto.g field.
            #expect(bytes[error.offset] == 0x32)
        }
    }

    @Test func typesNestedBeyondTheMessageLimit() throws {
        // sequence(sequence(...(tensor))) 300 deep, in a graph input.
        var type = WireBytes.field(1, WireBytes.field(1, varint: 1))
        for _ in 0..<300 {
            type = WireBytes.field(4, WireBytes.field(1, type))
        }
        let bytes = WireBytes.field(7, WireBytes.field(11, WireBytes.field(1, "x") + WireBytes.field(2, type)))
        let error = try #require(wireLayoutError(bytes))
        #expect(error.message.hasPrefix("messages nested more than 200 deep: "))
        #expect(bytes[error.offset] & 7 == 2)
        #expect(wireDecoded(bytes) == nil)
    }

    // MARK: - Speed

    /// A 64 MB weight is skipped by its length: the scan never reads it.
    @Test func largeWeightsAreSkipped() throws {
        let weights = 64 << 20
        let tensor = WireBytes.field(1, varint: UInt64(weights / 4)) + WireBytes.field(2, varint: 1)
            + WireBytes.field(8, "w") + WireBytes.tag(9, .lengthDelimited) + WireBytes.varint(UInt64(weights))
        var graph = WireBytes.field(1, WireBytes.node("mm", "MatMul", WireBytes.field(1, "x") + WireBytes.field(1, "w")))
        graph += WireBytes.tag(5, .lengthDelimited) + WireBytes.varint(UInt64(tensor.count + weights)) + tensor
        let head = WireBytes.tag(7, .lengthDelimited) + WireBytes.varint(UInt64(graph.count + weights)) + graph
        var bytes = [UInt8](repeating: 0, count: head.count + weights)
        bytes.replaceSubrange(0..<head.count, with: head)
        let clock = ContinuousClock()
        var layout: ONNXBinaryLayout?
        let elapsed = try clock.measure { layout = try ONNXBinaryLayout(bytes: bytes) }
        #expect(layout?.graph.nodes.map(\.name) == ["mm"])
        // Microseconds in practice; the bound only catches reading the weights.
        #expect(elapsed < .milliseconds(50))
    }
}

/// Checks that each node range of `layout` decodes to the node at that place
/// in `nodes`, recursively through subgraphs; returns how many nodes matched.
func wireMatch(_ layout: ONNXBinaryLayout.GraphLayout, _ nodes: [Onnx_NodeProto], _ bytes: [UInt8]) throws -> Int {
    try #require(layout.nodes.count == nodes.count)
    var matched = 0
    for (index, place) in layout.nodes.enumerated() {
        let node = try Onnx_NodeProto(serializedBytes: Array(bytes[place.range]))
        #expect(node == nodes[index])
        #expect(place.name == (nodes[index].hasName ? nodes[index].name : nil))
        #expect(place.opType == (nodes[index].hasOpType ? nodes[index].opType : nil))
        #expect(place.attributes.count == Set(nodes[index].attribute.map(\.name)).count)
        for (name, range) in place.attributes {
            #expect(try Onnx_AttributeProto(serializedBytes: Array(bytes[range])).name == name)
        }
        matched += 1
    }
    for (key, body) in layout.subgraphs {
        let attribute = try #require(nodes[key.node].attribute.first { $0.name == key.attribute })
        let graph = attribute.hasG ? attribute.g : attribute.graphs[key.index]
        matched += try wireMatch(body, graph.node, bytes)
    }
    return matched
}
