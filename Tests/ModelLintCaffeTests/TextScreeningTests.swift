import Foundation
import ModelLintIR
import ModelLintTestSupport
import Testing

/// The screen every text model passes before it is parsed: NUL bytes and
/// ill-formed UTF-8 are found at their byte, and nothing else is.
@Suite("Text screening (UTF-8, NUL)")
struct TextScreeningTests {
    @Test func agreesWithTheStandardLibrarysUTF8ValidationOnRandomBytes() {
        // Bytes drawn mostly from the ranges that make multi-byte sequences,
        // so that every branch of the decoder is met often.
        var random = SeededRandom(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { random.next() }
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let count = Int(next() % 12)
            var bytes = (0..<count).map { _ in interesting[Int(next() % UInt64(interesting.count))] }
            // Long ASCII runs before and after exercise the eight-at-a-time path.
            bytes = Array(repeating: 0x61, count: Int(next() % 20)) + bytes + Array(repeating: 0x62, count: Int(next() % 20))
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((TextScreening.firstProblem(in: bytes) == nil) == valid, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    @Test func findsTheFirstBadByte() {
        let ascii = Array("0123456789abcdef".utf8)
        #expect(TextScreening.firstProblem(in: ascii) == nil)
        #expect(TextScreening.firstProblem(in: Array("naïve 日本 🙂".utf8)) == nil)
        #expect(TextScreening.firstProblem(in: ascii + [0] + ascii)?.offset == 16)
        #expect(TextScreening.firstProblem(in: ascii + [0] + ascii)?.message == "a NUL byte; a text model holds none")
        #expect(TextScreening.firstProblem(in: ascii + [0xE2, 0x82] )?.offset == 16, "a sequence cut off by the end")
        #expect(TextScreening.firstProblem(in: Array("abc".utf8) + [0xF4, 0x90, 0x80, 0x80])?.message
                == "invalid UTF-8 (byte 0xF4); text models are UTF-8", "past U+10FFFF")
    }
}

/// Node count and name length, checked on every frontend's graph.
@Suite("Graph limits")
struct GraphLimitsTests {
    static func chain(_ count: Int, name: (Int) -> String = { "n\($0)" }) -> Graph {
        var builder = GraphBuilder(name: "g", source: SourceFile(path: "g.prototxt", bytes: []))
        var previous = builder.declareInput("x")
        for index in 0..<count {
            let output = builder.produce("t\(index)")
            builder.addNode(name: name(index), op: .relu, sourceType: "ReLU", inputs: [previous], outputs: [output],
                            location: SourceLocation(file: "g.prototxt", line: index + 1, column: 3), fieldLocations: [:])
            previous = output
        }
        return builder.graph
    }

    @Test func aGraphOverTheNodeLimitIsRefusedAndOneAtItIsNot() throws {
        try GraphLimits.check(Self.chain(10), maximumNodes: 10)
        #expect(throws: GraphLimits.Exceeded.self) { try GraphLimits.check(Self.chain(11), maximumNodes: 10) }
        do { try GraphLimits.check(Self.chain(11), maximumNodes: 10) } catch {
            #expect(error.message == "the model has more than 10 nodes, subgraphs included, the most modellint analyses")
        }
        // Subgraphs count towards the model's nodes.
        var outer = Self.chain(6)
        outer.subgraphs = [Self.chain(5)]
        #expect(throws: GraphLimits.Exceeded.self) { try GraphLimits.check(outer, maximumNodes: 10) }
    }

    @Test func aNameOverTheLimitIsRefusedAtItsNode() throws {
        try GraphLimits.check(Self.chain(3) { String(repeating: "a", count: InputLimits.maximumNameBytes + ($0 == 1 ? 0 : -1)) })
        do {
            try GraphLimits.check(Self.chain(3) { $0 == 1 ? String(repeating: "é", count: 2049) : "n" })
            Issue.record("a 4,098-byte name was accepted")
        } catch {
            #expect(error.location == SourceLocation(file: "g.prototxt", line: 2, column: 3))
            #expect(error.message.hasPrefix("a node name of 4,098 bytes"))
        }
    }
}
