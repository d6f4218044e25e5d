import ModelLintIR
import ModelLintTestSupport
import Testing
@testable import ModelLintCaffe

private func parse(_ text: String) throws -> TextMessage {
    try TextFormatParser.parse(SourceFile(path: "t.prototxt", text: text))
}

private func scalar(_ field: TextField?) -> TextScalar.Kind? {
    guard case .scalar(let s)? = field?.value else { return nil }
    return s.kind
}

@Suite("Protobuf text format")
struct TextFormatParserTests {
    @Test func fieldsValuesAndComments() throws {
        let message = try parse("""
            # a comment
            name: "net"  # trailing comment
            layer { type: "Pooling" }
            layer: { type: 'ReLU' }
            layer < type: "TanH" >
            """)
        #expect(message.fields.map(\.name) == ["name", "layer", "layer", "layer"])
        #expect(try message.string("name") == "net")
        #expect(try message.messages("layer").map { try $0.string("type") } == ["Pooling", "ReLU", "TanH"])
    }

    @Test func stringEscapesAndConcatenation() throws {
        let message = try parse(#"""
            a: "tab\there" "-joined" 'single "quoted"'
            b: "\x41\101\u00e9\n\\\'"
            """#)
        #expect(try message.string("a") == "tab\there-joinedsingle \"quoted\"")
        #expect(try message.string("b") == "AAé\n\\'")
    }

    @Test func numbers() throws {
        let message = try parse("""
            a: 1e-3 b: -2.5E+2 c: 0x1F d: 017 e: .5 f: 3f g: inf h: -inf i: nan j: -7 k: 1.0f
            """)
        #expect(try message.double("a") == 0.001)
        #expect(try message.double("b") == -250)
        #expect(try message.int("c") == 31)
        #expect(try message.int("d") == 15)
        #expect(try message.double("e") == 0.5)
        #expect(try message.double("f") == 3)
        #expect(try message.double("g") == .infinity)
        #expect(try message.double("h") == -.infinity)
        #expect(try message.double("i")?.isNaN == true)
        #expect(try message.int("j") == -7)
        #expect(try message.double("k") == 1)
    }

    @Test func listsAndSeparators() throws {
        let message = try parse("dim: [1, 3, 224, 224]; stage: ['a', \"b\"], shape: [{ dim: 1 }, { dim: 2 }]")
        #expect(try message.ints("dim") == [1, 3, 224, 224])
        #expect(try message.strings("stage") == ["a", "b"])
        #expect(try message.messages("shape").map { try $0.int("dim") } == [1, 2])
        #expect(try parse("dim: []").fields.isEmpty)
    }

    @Test func positionsOfFieldsAndValues() throws {
        let message = try parse("layer {\n  name: \"p\"\n  pooling_param {\n    stride: 5\n  }\n}\n")
        let layer = try #require(message.fields.first)
        #expect(layer.location.line == 1 && layer.location.column == 1)
        #expect(layer.location.byteRange == 0..<57)
        let stride = try #require(try layer.message().message("pooling_param")?.field(named: "stride"))
        #expect((stride.location.line, stride.location.column) == (4, 5))
        guard case .scalar(let value) = stride.value else { Issue.record("stride is not a scalar"); return }
        #expect((value.location.line, value.location.column) == (4, 13))
    }

    @Test func enumsAndBooleans() throws {
        let message = try parse("pool: AVE global_pooling: true shuffle: 0 type: 17")
        #expect(try message.enumValue("pool") == "AVE")
        #expect(try message.bool("global_pooling") == true)
        #expect(try message.bool("shuffle") == false)
        #expect(try message.enumValue("type") == "17")
    }
}

@Suite("Malformed text format gets one positioned error")
struct MalformedTextFormatTests {
    private func parseError(_ text: String) -> TextFormatError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? TextFormatError
        }
    }

    @Test func unclosedBrace() throws {
        let error = try #require(parseError("name: \"n\"\nlayer {\n  name: \"a\"\n"))
        #expect((error.location.line, error.location.column) == (2, 7))
        #expect(error.message.contains("never closed"))
    }

    @Test func strayClosingBrace() throws {
        let error = try #require(parseError("layer { }\n}\n"))
        #expect((error.location.line, error.location.column) == (2, 1))
    }

    @Test func missingColon() throws {
        let error = try #require(parseError("name \"x\""))
        #expect((error.location.line, error.location.column) == (1, 6))
        #expect(error.message.contains("expected ':' or '{'"))
    }

    @Test func unterminatedString() throws {
        let error = try #require(parseError("a: 1\nname: \"abc\nb: 2"))
        #expect((error.location.line, error.location.column) == (2, 7))
    }

    @Test func malformedNumber() throws {
        let error = try #require(parseError("kernel_size: 3x3"))
        #expect(error.message == "malformed number '3x3'")
        #expect(error.location.column == 14)
    }

    @Test func binaryGarbage() throws {
        let bytes: [UInt8] = [0x08, 0x01, 0x12, 0x07, 0xFF, 0x00, 0x9C]
        #expect(throws: TextFormatError.self) { try TextFormatParser.parse(SourceFile(path: "g", bytes: bytes)) }
        let error = try #require(parseError("name: \"ok\"\n\u{01}"))
        #expect(error.location.line == 2)
        #expect(error.message.contains("0x01"))
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let text = String(repeating: "a { ", count: 10_000) + String(repeating: "} ", count: 10_000)
        let error = try #require(parseError(text))
        #expect(error.message.contains("nested deeper"))
    }

    @Test func wrongValueKindIsAnErrorAtTheValue() throws {
        let message = try parse("pooling_param {\n  kernel_size: three\n}")
        let param = try #require(try message.message("pooling_param"))
        #expect(throws: TextFormatError.self) { try param.int("kernel_size") }
        do {
            _ = try param.int("kernel_size")
        } catch let error as TextFormatError {
            #expect((error.location.line, error.location.column) == (2, 16))
            #expect(error.message == "'kernel_size' expects an integer, found 'three'")
        }
    }

    /// Whatever the bytes, the parser returns or throws; it never traps.
    @Test func arbitraryBytesNeverCrash() {
        var generator = SeededRandom(seed: 0x6E11)
        let alphabet = Array("layer{}<>[]:;,\"'\\#-.0123456789eExXabc \n\t".utf8) + [0, 0xFF, 0xC3]
        for length in 0..<600 {
            let bytes = (0..<(length % 97)).map { _ in
                length.isMultiple(of: 3) ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
            }
            _ = try? TextFormatParser.parse(SourceFile(path: "fuzz", bytes: bytes))
        }
    }
}

@Suite("Reading text format from bytes")
struct TextFormatBytesTests {
    /// The byte-level fast paths must accept and read exactly what the
    /// `String` definitions do, on every spelling the lexer lets through.
    @Test func numberFastPathsAgreeWithTheReference() {
        let pieces = ["", "0", "1", "7", "9", "12", "017", "08", "0x", "0x1F", ".", "e", "E", "+", "-", "f", "F", "x"]
        var literals: Set<String> = []
        for a in pieces { for b in pieces { for c in pieces { literals.insert(a + b + c) } } }
        literals.formUnion(["123456789012345678", "1234567890123456789", "99999999999999999999", "9223372036854775807",
                            "9223372036854775808", "1e999", "1e-999", "2.", ".5e3", "1.5f", "1e5f", "0.0", "00", "0f"])
        for literal in literals {
            let bytes = Array(literal.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                #expect(NumberLiteral.isWellFormed(buffer) == NumberLiteral.isWellFormed(literal), "\(literal)")
                for negative in [false, true] {
                    let signed = (negative ? "-" : "") + literal
                    #expect(NumberLiteral.integer(buffer, negative: negative) == NumberLiteral.integer(signed), "\(signed)")
                    let fast = NumberLiteral.floatingPoint(buffer, negative: negative), reference = NumberLiteral.floatingPoint(signed)
                    #expect(fast == reference || (fast?.isNaN == true && reference?.isNaN == true), "\(signed)")
                }
            }
        }
    }

    @Test func fieldNamesAreNumberedOnceEach() {
        var table = FieldNameTable()
        let text = Array((0..<300).map { "name\($0 % 150) " }.joined().utf8)
        text.withUnsafeBufferPointer { bytes in
            var numbers: [Int32] = []
            var start = 0
            for (index, byte) in text.enumerated() where byte == UInt8(ascii: " ") {
                numbers.append(table.intern(start..<index, in: bytes))
                start = index + 1
            }
            #expect(numbers == (0..<300).map { Int32($0 % 150) })
            let wanted = Array("name42".utf8), missing = Array("name150".utf8)
            #expect(wanted.withUnsafeBufferPointer { table.number(of: $0, in: bytes) } == 42)
            #expect(missing.withUnsafeBufferPointer { table.number(of: $0, in: bytes) } == nil)
        }
    }

    @Test func positionsAreCountedAcrossCommentsAndCarriageReturns() throws {
        let message = try parse("# one\r\n# two\n\n  a: 1 # three\n\tb {\r\n c: 'x' }\n")
        let fields = message.fields
        #expect(fields.map { [$0.location.line, $0.location.column] } == [[4, 3], [5, 2]])
        let c = try #require(try fields[1].message().field(named: "c"))
        #expect((c.location.line, c.location.column) == (6, 2))
        #expect(c.location.byteRange == 36..<42)
    }

    @Test func negativeValuesMayHaveCommentsAfterTheSign() throws {
        let message = try parse("a: - # why not\n 5 b: -inf c: - nan")
        #expect(try message.int("a") == -5)
        #expect(try message.double("b") == -.infinity)
        #expect(try message.double("c")?.isNaN == true)
        #expect(try message.enumValue("a") == "-5")
    }
}
