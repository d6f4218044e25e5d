import ModelLintIR
import Testing
@testable import ModelLintONNX

/// Each kind of syntax error, with the exact message and the exact byte it
/// points at.
@Suite("Positioned JSON: syntax errors")
struct JSONSyntaxErrorTests {
    static let trailing = "(JSON does not allow a trailing comma)"
    static let nonFinite = #"(NaN and Infinity are not JSON numbers; protobuf JSON writes them as the strings "NaN" and "Infinity")"#

    @Test(arguments: [
        // The file as a whole.
        ("", 0, "the file is empty"),
        (" \n\t", 3, "the file holds only whitespace, no JSON value"),
        ("{} x", 3, "unexpected 'x' after the end of the JSON value"),
        ("1 2", 2, "unexpected '2' after the end of the JSON value"),
        ("[]]", 2, "unexpected ']' after the end of the JSON value"),
        ("]", 0, "expected a JSON value, found ']'"),
        ("// c\n{}", 0, "expected a JSON value, found '/' (JSON does not allow comments)"),
        ("\u{0}", 0, "expected a JSON value, found control character U+0000"),
        // Objects.
        (#"{"a":1,}"#, 7, "expected a member name after ',', found '}' \(JSONSyntaxErrorTests.trailing)"),
        (#"{"a":1]"#, 6, "expected ',' or '}' after an object member, found ']'"),
        (#"{"a":1 /* c */}"#, 7, "expected ',' or '}' after an object member, found '/'"),
        (#"{"a" 1}"#, 5, #"expected ':' after the member name "a", found '1'"#),
        (#"{"a"}"#, 4, #"expected ':' after the member name "a", found '}'"#),
        (#"{"a":}"#, 5, #"expected a value for the member "a", found '}'"#),
        ("{a:1}", 1, "expected a member name in double quotes, found 'a' (member names must be in double quotes)"),
        ("{'a':1}", 1, #"expected a member name in double quotes, found "'" (JSON strings use double quotes)"#),
        ("{,}", 1, "expected a member name in double quotes, found ','"),
        (#"{"a""#, 4, "unexpected end of file inside an object opened at byte 0"),
        (#"{"a":[1,{"b":"#, 13, "unexpected end of file inside an object opened at byte 8"),
        // Arrays.
        ("[1,]", 3, "expected an array element after ',', found ']' \(JSONSyntaxErrorTests.trailing)"),
        ("[1 2]", 3, "expected ',' or ']' after an array element, found '2'"),
        ("[1,,2]", 3, "expected an array element, found ','"),
        ("[1,2", 4, "unexpected end of file inside an array opened at byte 0"),
        ("[", 1, "unexpected end of file inside an array opened at byte 0"),
        ("[\n", 2, "unexpected end of file inside an array opened at byte 0"),
        // Strings.
        (#""abc"#, 4, #"unterminated string: the file ends before the closing '"' of the string opened at byte 0"#),
        (#"["x", "\"#, 8, #"unterminated string: the file ends before the closing '"' of the string opened at byte 6"#),
        (#""\u12"#, 5, #"unterminated string: the file ends before the closing '"' of the string opened at byte 0"#),
        (#"["a\q"]"#, 3, #"invalid escape '\q' in a string (JSON allows \" \\ \/ \b \f \n \r \t and \uXXXX)"#),
        (#""\x41""#, 1, #"invalid escape '\x' in a string (JSON allows \" \\ \/ \b \f \n \r \t and \uXXXX)"#),
        ("[\"a\nb\"]", 3, #"line break inside a string: write it as \n, or add the missing closing '"'"#),
        ("\"a\u{01}\"", 2, "control character U+0001 inside a string must be written as an escape"),
        ("\"\t\"", 1, "control character U+0009 inside a string must be written as an escape"),
        (#""\u12G4""#, 5, "invalid \\u escape: expected 4 hex digits, found 'G'"),
        (#""\uD800""#, 1, #"unpaired UTF-16 surrogate \uD800: a high surrogate must be followed by a low surrogate escape (\uDC00-\uDFFF)"#),
        (#""\uD800x""#, 1, #"unpaired UTF-16 surrogate \uD800: a high surrogate must be followed by a low surrogate escape (\uDC00-\uDFFF)"#),
        (#""\uD800\u0041""#, 1, #"unpaired UTF-16 surrogate \uD800: a high surrogate must be followed by a low surrogate escape (\uDC00-\uDFFF), not \u0041"#),
        (#""\uDC00""#, 1, #"unpaired UTF-16 surrogate \uDC00: a low surrogate must follow a high surrogate (\uD800-\uDBFF)"#),
        // Numbers.
        ("01", 0, "leading zeros are not allowed in JSON numbers"),
        ("[-01]", 2, "leading zeros are not allowed in JSON numbers"),
        ("[+1]", 1, "expected an array element, found '+' (a JSON number cannot start with '+')"),
        (".5", 0, "expected a JSON value, found '.' (a JSON number needs a digit before the decimal point)"),
        ("1.", 2, "expected a digit after the decimal point, found end of file"),
        ("1.e5", 2, "expected a digit after the decimal point, found 'e'"),
        ("1e", 2, "expected a digit in the exponent of a number, found end of file"),
        ("[1e+]", 4, "expected a digit in the exponent of a number, found ']'"),
        ("-", 1, "expected a digit after '-' in a number, found end of file"),
        ("-x", 1, "expected a digit after '-' in a number, found 'x'"),
        ("NaN", 0, "expected a JSON value, found 'NaN' \(JSONSyntaxErrorTests.nonFinite)"),
        (#"{"x": Infinity}"#, 6, #"expected a value for the member "x", found 'Infinity' \#(JSONSyntaxErrorTests.nonFinite)"#),
        ("-Infinity", 0, #"-Infinity is not a JSON number (protobuf JSON writes it as the string "-Infinity")"#),
        // Literals.
        ("tru", 0, "invalid literal 'tru' (did you mean true?)"),
        ("[nul]", 1, "invalid literal 'nul' (did you mean null?)"),
        ("fals", 0, "invalid literal 'fals' (did you mean false?)"),
        ("True", 0, "expected a JSON value, found 'True' (JSON writes true and false in lowercase)"),
        ("[truex]", 5, "expected ',' or ']' after an array element, found 'x'"),
    ])
    func textErrors(text: String, offset: Int, message: String) {
        let error = jsonError(text)
        #expect(error == JSONSyntaxError(message, at: offset), "\(text.debugDescription)")
    }

    @Test(arguments: [
        ([0x22, 0x61, 0xFF, 0x22], 2, "invalid UTF-8 in a string (byte 0xFF)"),
        ([0x22, 0x80, 0x22], 1, "invalid UTF-8 in a string (byte 0x80)"),
        ([0x22, 0xC0, 0x80, 0x22], 1, "invalid UTF-8 in a string (bytes 0xC0 0x80)"),  // overlong '\0'
        ([0x22, 0xE0, 0x80, 0x80, 0x22], 1, "invalid UTF-8 in a string (bytes 0xE0 0x80 0x80)"),  // overlong
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8 in a string (bytes 0xED 0xA0 0x80)"),  // a surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "invalid UTF-8 in a string (bytes 0xF4 0x90 0x80 0x80)"),  // > U+10FFFF
        ([0x22, 0xF5, 0x80, 0x22], 1, "invalid UTF-8 in a string (bytes 0xF5 0x80)"),
        ([0x22, 0xE2, 0x82, 0x22], 1, "invalid UTF-8 in a string (bytes 0xE2 0x82)"),  // truncated
        ([0x22, 0xE2], 1, "invalid UTF-8 in a string (byte 0xE2)"),
        ([0xFF], 0, "expected a JSON value, found byte 0xFF"),
        ([0x5B, 0xC3, 0xA9, 0x5D], 1, "expected an array element, found 'é' (U+00E9)"),
        ([0x5B, 0xEF, 0xBB, 0xBF, 0x31, 0x5D], 1, "expected an array element, found '\u{FEFF}' (U+FEFF)"),
        ([0xEF, 0xBB, 0xBF], 3, "the file is empty"),
        ([0xEF, 0xBB, 0xBF, 0x20], 4, "the file holds only whitespace, no JSON value"),
        ([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], 0, "the file starts with a UTF-16 byte order mark; JSON files must be UTF-8"),
    ] as [([UInt8], Int, String)])
    func byteErrors(bytes: [UInt8], offset: Int, message: String) {
        #expect(jsonError(bytes) == JSONSyntaxError(message, at: offset), "\(bytes)")
    }

    /// Valid UTF-8 of every length is accepted, including the edges of the
    /// ranges that the invalid cases above sit just outside of.
    @Test func validUTF8Edges() throws {
        for scalar in ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"] {
            let bytes = Array("\"\(scalar)\"".utf8)
            #expect(try PositionedJSON.parse(bytes).string(in: bytes) == scalar)
        }
    }

    @Test func tooDeepIsAnErrorAtTheFirstBracketPastTheLimit() {
        let limit = PositionedJSON.maximumDepth
        let message = "arrays and objects are nested more than \(limit) levels deep"
        let arrays = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(jsonError(arrays) == JSONSyntaxError(message, at: limit))
        // Objects count too; each level here is `{"a":` (5 bytes).
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(jsonError(objects) == JSONSyntaxError(message, at: limit * 5))
        // A hostile file, a million brackets, is refused quickly and without a crash.
        #expect(jsonError([UInt8](repeating: UInt8(ascii: "["), count: 1_000_000))?.offset == limit)
    }

    /// Offsets become the right line and column through `SourceFile`.
    @Test func multiLineErrorsMapToLineAndColumn() throws {
        let text = """
        {
          "graph": {
            "node": [
              {"opType": "Relu",}
            ]
          }
        }
        """
        let error = try #require(jsonError(text))
        #expect(error.message == "expected a member name after ',', found '}' \(Self.trailing)")
        let file = SourceFile(path: "model.json", text: text)
        #expect(file.position(ofByte: error.offset) == (4, 25))
        #expect(error.location(in: file).description == "model.json:4:25")

        // An unclosed array is reported at the end of the file, naming the
        // bracket that is still open.
        let cut = "{\r\n  \"node\": [\r\n    1,\r\n"
        let eof = try #require(jsonError(cut))
        #expect(eof == JSONSyntaxError("unexpected end of file inside an array opened at byte 13", at: cut.utf8.count))
        let cutFile = SourceFile(path: "cut.json", text: cut)
        #expect(cutFile.position(ofByte: 13) == (2, 11))
        #expect(cutFile.position(ofByte: eof.offset) == (4, 1))
    }
}
