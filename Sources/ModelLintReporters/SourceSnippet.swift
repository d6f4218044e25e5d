import ModelLintIR

/// The quoted source line under a located message and the caret line that
/// points into it, the way clang and swiftc show where a problem is.
struct SourceSnippet: Equatable {
    /// The line as it is in the file (tabs kept, control characters made safe).
    var line: String
    /// Whitespace that puts a caret under the column: a tab for each tab
    /// before it, so the caret lines up whatever the terminal's tab width,
    /// and spaces for everything else (two for wide CJK characters and emoji).
    var caretIndent: String

    /// Nil when the file was not kept or has no such line: the message is
    /// still printed, only without its quote.
    init?(file: SourceFile?, line lineNumber: Int, column: Int) {
        guard let file, lineNumber >= 1, lineNumber <= file.lineStarts.count,
              let text = file.line(lineNumber) else { return nil }
        line = TerminalSafe.sanitize(text)

        // Columns count bytes, so the part before the column is cut from the
        // raw bytes, not from the decoded line.
        let start = file.lineStarts[lineNumber - 1]
        var end = lineNumber < file.lineStarts.count ? file.lineStarts[lineNumber] - 1 : file.bytes.count
        if end > start, file.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let wanted = max(column, 1) - 1
        var prefixEnd = min(start + wanted, end)
        // A column inside a multi-byte character points at that character.
        while prefixEnd > start, prefixEnd < end, file.bytes[prefixEnd] & 0xC0 == 0x80 { prefixEnd -= 1 }

        let prefix = TerminalSafe.sanitize(String(decoding: file.bytes[start..<prefixEnd], as: UTF8.self))
        var indent = ""
        for character in prefix {
            if character == "\t" {
                indent.append("\t")
            } else {
                indent.append(String(repeating: " ", count: DisplayWidth.of(character)))
            }
        }
        // A column past the end of the line (an error at end of input) points
        // past the last character rather than being dropped.
        let pastEnd = start + wanted - end
        if pastEnd > 0 { indent.append(String(repeating: " ", count: pastEnd)) }
        caretIndent = indent
    }
}
