import Testing
@testable import ModelLintONNX

/// Well-formed documents: every kind of value, and the ranges recorded for them.
@Suite("Positioned JSON: valid documents")
struct JSONValidDocumentTests {
    @Test(arguments: [
        ("0", "0"), ("-0", "-0"), ("7", "7"), ("-12", "-12"), ("3.25", "3.25"), ("-0.5", "-0.5"),
        ("1e10", "1e10"), ("1E+2", "1E+2"), ("2.5e-3", "2.5e-3"), ("-1.0E-0", "-1.0E-0"),
        ("123456789012345678901234567890", "123456789012345678901234567890"), ("1e400", "1e400"),
    ])
    func numbersKeepTheirLiteral(text: String, literal: String) throws {
        let bytes = Array(text.utf8)
        let node = try PositionedJSON.parse(bytes)
        guard case .number(let range) = node.value else {
            Issue.record("\(text) is not a number: \(node.value)")
            return
        }
        #expect(range == 0..<bytes.count)
        #expect(node.range == range)
        #expect(node.numberText(in: bytes) == literal)
    }

    @Test func literals() throws {
        guard case .bool(true) = try jsonParse("true").value else { Issue.record("true"); return }
        guard case .bool(false) = try jsonParse("false").value else { Issue.record("false"); return }
        #expect(try jsonParse("null").isNull)
        #expect(try jsonParse("false").range == 0..<5)
    }

    @Test func scalarAtTheRootWithWhitespaceAround() throws {
        let node = try jsonParse(" \t\r\n 42 \r\n\t ")
        #expect(node.range == 5..<7)
        let string = try jsonParse("\n\"hi\"\n")
        #expect(string.range == 1..<5)
        #expect(string.string(in: Array("\n\"hi\"\n".utf8)) == "hi")
    }

    @Test func emptyContainers() throws {
        for text in ["{}", "[]", "{ }", "[ \n ]", "{\r\n}"] {
            let node = try jsonParse(text)
            #expect(node.range == 0..<text.utf8.count, "\(text)")
            let count = node.members?.count ?? node.elements?.count
            #expect(count == 0, "\(text)")
        }
    }

    @Test func nestedRangesCoverExactlyTheirValues() throws {
        let text = #"{"a": [1, {"b": null}, "s"], "c" : true, "d":{"e":[[]]}}"#
        let bytes = Array(text.utf8)
        let root = try PositionedJSON.parse(bytes)
        #expect(root.range == 0..<bytes.count)
        let members = try #require(root.members)
        #expect(members.map(\.key) == ["a", "c", "d"])
        #expect(members.map { jsonSlice(bytes, $0.keyRange) } == [#""a""#, #""c""#, #""d""#])
        #expect(members.map { jsonSlice(bytes, $0.value.range) } == [#"[1, {"b": null}, "s"]"#, "true", #"{"e":[[]]}"#])

        let array = try #require(root["a"]?.elements)
        #expect(array.map { jsonSlice(bytes, $0.range) } == ["1", #"{"b": null}"#, #""s""#])
        #expect(array[1]["b"]?.isNull == true)
        #expect(array[2].string(in: bytes) == "s")
        #expect(jsonSlice(bytes, try #require(root["d"]?["e"]?.elements?.first).range) == "[]")
    }

    @Test func duplicateKeysAreKeptAndTheLastWins() throws {
        let text = #"{"a": 1, "b": 2, "a": 3}"#
        let bytes = Array(text.utf8)
        let root = try PositionedJSON.parse(bytes)
        #expect(root.members?.map(\.key) == ["a", "b", "a"])
        #expect(root["a"]?.numberText(in: bytes) == "3")
        #expect(root["zzz"] == nil)
        #expect(root[anyOf: ["x", "b"]]?.numberText(in: bytes) == "2")
    }

    @Test func helpersAnswerNilForOtherKinds() throws {
        let bytes = Array(#"[1, "x", {}]"#.utf8)
        let root = try PositionedJSON.parse(bytes)
        #expect(root.members == nil)
        #expect(root["a"] == nil)
        let items = try #require(root.elements)
        #expect(items[0].string(in: bytes) == nil)
        #expect(items[1].numberText(in: bytes) == nil)
        #expect(items[2].elements == nil)
        #expect(!items[0].isNull)
    }

    @Test func keysAreDecoded() throws {
        let text = #"{"a\u0062": 1, "\u00e9t\u00E9": 2, "\"q\"": 3, "été": 4}"#
        let root = try jsonParse(text)
        #expect(root.members?.map(\.key) == ["ab", "été", "\"q\"", "été"])
        #expect(root["été"]?.range == (text.utf8.count - 2)..<(text.utf8.count - 1))
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":[]}"#.utf8)
        let root = try PositionedJSON.parse(bytes)
        #expect(root.range == 3..<bytes.count)
        #expect(root.members?.first?.keyRange == 4..<7)
        // Only at the start: a BOM before a scalar too.
        #expect(try PositionedJSON.parse([0xEF, 0xBB, 0xBF, 0x31]).range == 3..<4)
    }

    @Test func largeArraysAndObjects() throws {
        let count = 100_000
        let text = "[" + (0..<count).map(String.init).joined(separator: ",") + "]"
        let bytes = Array(text.utf8)
        let elements = try #require(try PositionedJSON.parse(bytes).elements)
        #expect(elements.count == count)
        #expect(elements.last?.numberText(in: bytes) == String(count - 1))

        let object = "{" + (0..<count).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + "}"
        let members = try #require(try jsonParse(object).members)
        #expect(members.count == count)
        #expect(members[12345].key == "k12345")
    }

    /// Nesting up to the limit is fine, in arrays, objects and a mix of both.
    @Test func nestingUpToTheLimit() throws {
        let depth = PositionedJSON.maximumDepth
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try jsonParse(arrays)
        for _ in 1..<depth { node = try #require(node.elements?.first) }
        #expect(node.elements?.isEmpty == true)

        let mixed = String(repeating: #"{"a":["#, count: depth / 2) + "1" + String(repeating: "]}", count: depth / 2)
        var inner = try jsonParse(mixed)
        for _ in 0..<(depth / 2) { inner = try #require(inner["a"]?.elements?.first) }
        #expect(inner.numberText(in: Array(mixed.utf8)) == "1")
    }
}
