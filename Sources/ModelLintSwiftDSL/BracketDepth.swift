import ModelLintIR

/// How deeply a Swift file nests `(`, `[` and `{`, found before swift-syntax
/// sees it: the parser recurses once or more per level, and some of its
/// look-ahead (array types, `[[[...`) recurses without heeding its own nesting
/// limit, so 200,000 brackets overflow the stack. Comments and string
/// literals are skipped, so brackets written inside them do not count.
enum BracketDepth {
    /// The offset of the first bracket that opens level `limit + 1`, or nil.
    static func firstTooDeep(in bytes: [UInt8], limit: Int) -> Int? {
        var depth = 0
        var index = 0
        let count = bytes.count
        func at(_ offset: Int) -> UInt8 { offset < count ? bytes[offset] : 0 }
        while index < count {
            switch bytes[index] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return index }
                index += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
                index += 1
            case UInt8(ascii: "/") where at(index + 1) == UInt8(ascii: "/"):
                while index < count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where at(index + 1) == UInt8(ascii: "*"):
                index = endOfBlockComment(bytes, from: index)
            case UInt8(ascii: "#"), UInt8(ascii: "\""):
                index = endOfString(bytes, from: index)
            default:
                index += 1
            }
        }
        return nil
    }

    /// Past the `*/` that closes the (nestable) block comment at `start`.
    private static func endOfBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        var level = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*") {
                level += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                level -= 1
                index += 2
                if level == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// Past the string literal at `start`: `"..."`, `"""..."""` or a raw
    /// `#"..."#`; a `#` that starts no string (`#if`) is stepped over.
    private static func endOfString(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        var hashes = 0
        while index < bytes.count && bytes[index] == UInt8(ascii: "#") {
            hashes += 1
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return max(index, start + 1) }
        let quote = UInt8(ascii: "\"")
        let multiline = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
        let quotes = multiline ? 3 : 1
        index += quotes
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && hashes == 0 {
                index += 2    // an escape; an interpolation's parentheses are balanced, so skipping them is safe
                continue
            }
            if byte == UInt8(ascii: "\n") && !multiline { return index }    // unterminated: the parser says so
            if byte == quote && closes(bytes, at: index, quotes: quotes, hashes: hashes) { return index + quotes + hashes }
            index += 1
        }
        return bytes.count
    }

    private static func closes(_ bytes: [UInt8], at index: Int, quotes: Int, hashes: Int) -> Bool {
        guard index + quotes + hashes <= bytes.count else { return false }
        for offset in 0..<quotes where bytes[index + offset] != UInt8(ascii: "\"") { return false }
        for offset in 0..<hashes where bytes[index + quotes + offset] != UInt8(ascii: "#") { return false }
        return true
    }
}
