/// Finds the line comments of a text model, outside string literals, with
/// their 1-based line and column. The comment prefix is a parameter (`#` in
/// prototxt, `//` in Swift) so every text frontend shares one scanner.
struct CommentScanner {
    struct Comment: Equatable {
        /// Line and column (bytes, 1-based) of the first byte of the prefix.
        var line: Int
        var column: Int
        /// What follows the prefix, up to the end of the line (no newline, no `\r`).
        var text: String
        /// Column of `text`'s first byte.
        var textColumn: Int
        /// Whether only whitespace precedes the comment on its line.
        var ownLine: Bool
    }

    var prefix: [UInt8]
    /// Quote characters that open a string in which a prefix is no comment.
    var quotes: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'")]

    static let prototxt = CommentScanner(prefix: Array("#".utf8))
    /// Swift: `"` strings only (a `'` is no quote there); block comments are not read.
    static let swift = CommentScanner(prefix: Array("//".utf8), quotes: [UInt8(ascii: "\"")])

    func comments(in bytes: [UInt8]) -> [Comment] {
        var comments: [Comment] = []
        var line = 1
        var lineStart = 0
        var onlyWhitespace = true
        var quote: UInt8?
        var index = 0
        let newline = UInt8(ascii: "\n")
        // A table rather than the Set for the per-byte test: hashing every byte
        // of every model cost a tenth of linting a Caffe net.
        var opensString = [Bool](repeating: false, count: 256)
        for quote in quotes { opensString[Int(quote)] = true }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == newline {
                line += 1
                lineStart = index + 1
                onlyWhitespace = true
                quote = nil  // an unterminated string ends at the line's end, as the lexer has it
                index += 1
                continue
            }
            if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            if opensString[Int(byte)] {
                quote = byte
                onlyWhitespace = false
                index += 1
                continue
            }
            if byte == prefix[0], index + prefix.count <= bytes.count, Array(bytes[index..<(index + prefix.count)]) == prefix {
                var end = index + prefix.count
                while end < bytes.count, bytes[end] != newline { end += 1 }
                var textEnd = end
                if textEnd > index + prefix.count, bytes[textEnd - 1] == UInt8(ascii: "\r") { textEnd -= 1 }
                let textStart = index + prefix.count
                comments.append(Comment(line: line, column: index - lineStart + 1,
                                        text: String(decoding: bytes[textStart..<textEnd], as: UTF8.self),
                                        textColumn: textStart - lineStart + 1, ownLine: onlyWhitespace))
                index = end
                continue
            }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") { onlyWhitespace = false }
            index += 1
        }
        return comments
    }
}

extension ModelFormat {
    /// How this format writes line comments, for inline suppressions; nil
    /// for formats without comments (ONNX: suppressions go in `doc_string`).
    var commentScanner: CommentScanner? {
        switch self {
        case .caffe: return .prototxt
        case .swiftDSL: return .swift
        case .onnx, .onnxJSON: return nil
        }
    }
}
