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

    /// Lines up to this many bytes are quoted whole; a longer one (a minified
    /// JSON model, a crafted name) is quoted around the column, with `…`
    /// where it is cut, so one finding never prints megabytes.
    static let widestQuote = 240

    /// Nil when the file was not kept or has no such line: the message is
    /// still printed, only without its quote.
    init?(file: SourceFile?, line lineNumber: Int, column: Int) {
        guard let file, lineNumber >= 1, lineNumber <= file.lineStarts.count else { return nil }
        let bytes = file.bytes
        // Columns count bytes, so the line is cut from the raw bytes, not from the decoded line.
        let start = file.lineStarts[lineNumber - 1]
        var end = lineNumber < file.lineStarts.count ? file.lineStarts[lineNumber] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let wanted = max(column, 1) - 1
        let caret = start + min(wanted, end - start)

        var from = start, to = end
        if end - start > Self.widestQuote {
            to = min(end, max(caret, start) + Self.widestQuote / 2)
            from = max(start, to - Self.widestQuote)
            to = min(end, from + Self.widestQuote)
            // Cut between characters, not inside one.
            while from > start, bytes[from] & 0xC0 == 0x80 { from -= 1 }
            while to < end, bytes[to] & 0xC0 == 0x80 { to += 1 }
        }
        let head = from > start ? "…" : ""
        line = head + TerminalSafe.sanitize(String(decoding: bytes[from..<to], as: UTF8.self)) + (to < end ? "…" : "")

        var prefixEnd = caret
        // A column inside a multi-byte character points at that character.
        while prefixEnd > from, prefixEnd < end, bytes[prefixEnd] & 0xC0 == 0x80 { prefixEnd -= 1 }
        let prefix = head + TerminalSafe.sanitize(String(decoding: bytes[from..<max(from, prefixEnd)], as: UTF8.self))
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
        let pastEnd = min(wanted - (end - start), Self.widestQuote)
        if pastEnd > 0 { indent.append(String(repeating: " ", count: pastEnd)) }
        caretIndent = indent
    }
}
