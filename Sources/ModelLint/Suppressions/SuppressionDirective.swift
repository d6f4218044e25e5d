import Foundation

/// One `modellint: disable=ML201,pool-stride-exceeds-kernel -- reason` as
/// written in a comment or an ONNX node's `doc_string`.
///
/// Grammar: `modellint:` `disable` | `disable-file` `=` rule {`,` rule}
/// [` -- ` reason]. A rule is a code (`ML201`) or a name
/// (`pool-stride-exceeds-kernel`), in any case. Anything else after
/// `modellint` is a malformed suppression, reported (ML902), never ignored.
struct SuppressionDirective: Equatable {
    enum Scope: Equatable {
        /// The comment's line, or the next line of code when the comment has a line of its own;
        /// for a `doc_string`, its node.
        case here
        /// `disable-file`: the whole file.
        case file
    }

    struct Target: Equatable {
        var identifier: String
        /// 0-based byte offset of the identifier in the parsed text.
        var offset: Int
    }

    var scope: Scope
    var targets: [Target]
    var reason: String?

    enum Parsed: Equatable {
        case directive(SuppressionDirective)
        /// What is wrong, and the 0-based byte offset where it is.
        case malformed(String, offset: Int)
    }

    /// Parses a comment's text (what follows `#` or `//`): nil when the
    /// comment is not addressed to modellint (does not start with `modellint`).
    static func parseComment(_ text: String) -> Parsed? {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        guard Self.hasKeyword(bytes, at: start) else { return nil }
        return parse(bytes, from: start)
    }

    /// Every directive in a `doc_string`: each line that contains `modellint:`
    /// holds one, from there to the line's end.
    static func parseDocString(_ text: String) -> [Parsed] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let bytes = Array(line.utf8)
            guard let start = bytes.indices.first(where: { hasKeyword(bytes, at: $0) && colonFollows(bytes, keywordAt: $0) })
            else { return nil }
            return parse(bytes, from: start)
        }
    }

    private static let keyword = Array("modellint".utf8)

    private static func hasKeyword(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + keyword.count <= bytes.count else { return false }
        return zip(bytes[index..<(index + keyword.count)], keyword).allSatisfy { lowercased($0) == $1 }
    }

    private static func colonFollows(_ bytes: [UInt8], keywordAt index: Int) -> Bool {
        var i = index + keyword.count
        while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: ":")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func parse(_ bytes: [UInt8], from start: Int) -> Parsed {
        let usage = "expected 'modellint: disable=CODE' or 'modellint: disable-file=CODE'"
        var i = start + keyword.count
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return .malformed(usage, offset: i) }
        i += 1
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        let wordStart = i
        while i < bytes.count, isIdentifierByte(bytes[i]) { i += 1 }
        let word = String(decoding: bytes[wordStart..<i], as: UTF8.self)
        let scope: Scope
        switch word.lowercased() {
        case "disable": scope = .here
        case "disable-file": scope = .file
        default:
            let shown = word.isEmpty ? "nothing" : "'\(word)'"
            return .malformed("unknown suppression directive: found \(shown), \(usage)", offset: wordStart)
        }
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
            return .malformed("'\(word)' must name the rules it disables: '\(word)=ML201' (codes or names, comma-separated)",
                              offset: i)
        }
        i += 1
        var targets: [Target] = []
        var reason: String?
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            let identifierStart = i
            while i < bytes.count, isIdentifierByte(bytes[i]) {
                // ` -- ` ends the list even when written without a space before the reason.
                if bytes[i] == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), i == identifierStart { break }
                i += 1
            }
            guard i > identifierStart else {
                return .malformed("expected a rule code or name in the list of '\(word)='", offset: identifierStart)
            }
            targets.append(Target(identifier: String(decoding: bytes[identifierStart..<i], as: UTF8.self), offset: identifierStart))
            let afterIdentifier = i
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            if i == bytes.count { break }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if i > afterIdentifier, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] == UInt8(ascii: "-") {
                let text = String(decoding: bytes[(i + 2)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                reason = text.isEmpty ? nil : text
                break
            }
            return .malformed("expected ',' and another rule, or ' -- ' and a reason, after the rules of '\(word)='", offset: i)
        }
        return .directive(SuppressionDirective(scope: scope, targets: targets, reason: reason))
    }
}
