import Testing
@testable import ModelLintONNX

/// Strings: escapes, surrogate pairs, raw UTF-8, and lazy decoding.
@Suite("Positioned JSON: strings")
struct JSONStringTests {
    func decoded(_ json: String) throws -> (text: String, ref: JSONStringRef) {
        let bytes = Array(json.utf8)
        let node = try PositionedJSON.parse(bytes)
        guard case .string(let ref) = node.value else { throw JSONSyntaxError("not a string", at: 0) }
        #expect(node.range == 0..<bytes.count)
        #expect(ref.range == 1..<(bytes.count - 1))
        return (ref.decode(from: bytes), ref)
    }

    @Test func everySimpleEscape() throws {
        let (text, ref) = try decoded(#""\"\\\/\b\f\n\r\t""#)
        #expect(text == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(ref.hasEscapes)
    }

    @Test(arguments: [
        (#""\u0041""#, "A"), (#""\u00e9""#, "é"), (#""\u00E9""#, "é"), (#""\u20AC""#, "€"),
        (#""\u0000""#, "\u{0}"), (#""\uFFFF""#, "\u{FFFF}"), (#""x\u0020y""#, "x y"),
    ])
    func unicodeEscapes(json: String, expected: String) throws {
        #expect(try decoded(json).text == expected)
    }

    @Test func surrogatePairs() throws {
        #expect(try decoded(#""\uD83D\uDE00""#).text == "😀")
        #expect(try decoded(#""\ud83d\ude00""#).text == "😀")
        #expect(try decoded(#""a\uD834\uDD1Eb""#).text == "a𝄞b")
        #expect(try decoded(#""\uDBFF\uDFFF""#).text == "\u{10FFFF}")
        #expect(try decoded(#""\uD800\uDC00""#).text == "\u{10000}")
    }

    @Test func rawUTF8IsKeptWithoutEscapes() throws {
        let (text, ref) = try decoded("\"été € 😀 \u{7F}\"")
        #expect(text == "été € 😀 \u{7F}")
        #expect(!ref.hasEscapes)
        // Mixed raw UTF-8 and escapes.
        #expect(try decoded("\"é\\n😀\\u00e9\"").text == "é\n😀é")
    }

    @Test func plainStringsHaveNoEscapes() throws {
        let (text, ref) = try decoded(#""kernel_shape""#)
        #expect(text == "kernel_shape")
        #expect(!ref.hasEscapes)
        #expect(try decoded(#""""#).text == "")
    }

    /// A weight blob of several megabytes is scanned, not decoded: the node
    /// only records its range.
    @Test func largeBase64String() throws {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var body = [UInt8](repeating: 0, count: 5_000_000)
        for k in body.indices { body[k] = alphabet[(k &* 2_654_435_761) >> 7 & 63] }
        let bytes = Array(#"{"rawData":""#.utf8) + body + Array(#""}"#.utf8)
        let root = try PositionedJSON.parse(bytes)
        guard case .string(let ref) = root["rawData"]?.value else {
            Issue.record("rawData is not a string")
            return
        }
        #expect(ref.range == 12..<(12 + body.count))
        #expect(!ref.hasEscapes)
        #expect(ref.decode(from: bytes).utf8.count == body.count)
    }

    /// Decoding against the wrong buffer gives garbage, never a crash.
    @Test func decodingWithTheWrongBufferDoesNotCrash() {
        let ref = JSONStringRef(range: 5..<50, hasEscapes: true)
        #expect(ref.decode(from: Array(#"ab\u12"#.utf8)) == "2")
        #expect(!ref.decode(from: Array(#"01234\uD800 and \"more\" \u12 \"#.utf8) + [UInt8](repeating: 0x5C, count: 60)).isEmpty)
        #expect(JSONStringRef(range: -3..<2, hasEscapes: false).decode(from: [0x61, 0x62, 0x63]) == "ab")
        #expect(JSONStringRef(range: 2..<9, hasEscapes: true).decode(from: Array(#"ab\uDC00\"#.utf8)) == "\u{FFFD}\\")
    }
}
