import ModelLintIR
import Testing

/// The line index reporters quote from and findings are placed with.
@Suite("SourceFile line index")
struct SourceFileTests {
    @Test func lineStartsFollowEveryNewline() {
        #expect(SourceFile(path: "a", text: "ab\ncde\n\nf").lineStarts == [0, 3, 7, 8])
        #expect(SourceFile(path: "a", text: "").lineStarts == [0])
        #expect(SourceFile(path: "a", text: "\n\n").lineStarts == [0, 1, 2])
        #expect(SourceFile(path: "a", text: "no newline").lineStarts == [0])
        let file = SourceFile(path: "a", text: "x\ny\r\nzz")
        #expect(file.line(2) == "y" || file.line(2) == "y\r")
        #expect(file.line(3) == "zz")
        #expect(file.position(ofByte: 5) == (line: 3, column: 1))
    }

    @Test func aLargeBinaryBufferIsIndexedExactly() {
        var bytes = [UInt8](repeating: 0, count: 1 << 20)
        var expected = [0]
        for index in stride(from: 7, to: bytes.count, by: 4099) {
            bytes[index] = 0x0A
            expected.append(index + 1)
        }
        #expect(SourceFile(path: "model.onnx", bytes: bytes).lineStarts == expected)
    }
}
