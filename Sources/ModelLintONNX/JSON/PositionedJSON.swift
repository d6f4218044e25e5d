/// A strict RFC 8259 JSON parser that remembers where every value is.
///
/// It exists beside swift-protobuf's JSON decoder because that decoder keeps
/// no positions: it says a model is not valid JSON without saying where, and
/// it cannot say on which line `graph.node[17]` starts. This parser answers
/// both, on raw bytes, without building a `String` for each string value.
/// Its scanners (strings, numbers, literals) also check the syntax for
/// `ONNXJSONFastDecoder`, so both paths agree on what is JSON.
enum PositionedJSON {
    /// Arrays and objects nested deeper than this are refused. Real ONNX JSON
    /// nests about a dozen levels (model, graph, node, attribute, subgraph...);
    /// the limit only turns a hostile file into an error instead of a tree so
    /// deep that walking or freeing it would exhaust the stack.
    static let maximumDepth = 512

    /// Parses a whole file: one JSON value, optionally after a UTF-8 byte
    /// order mark, with nothing but whitespace after it.
    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONSyntaxError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// The parsing state of one document.
///
/// Containers are parsed with an explicit stack, never by recursion, so no
/// input can overflow the call stack. Finished values wait on one shared
/// stack (`values` for array elements, `members` for object members) until
/// their container closes; then exactly that many are moved, not copied, into
/// the container's own array, sized once. Moving matters: copying a node
/// retains the arrays inside it and dropping the copy releases them again,
/// which was a fifth of the parse time on node-heavy models.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    /// The next byte to read.
    var pos = 0

    /// An array or object whose closing bracket has not been read yet.
    struct OpenContainer {
        var isObject: Bool
        /// The offset of its `[` or `{`.
        var start: Int
        /// Where its elements (or members) begin on `values` (or `members`).
        var first: Int
        /// In an object, the name of the member whose value is being read.
        var key = ""
        var keyRange = 0..<0
    }

    var open: [OpenContainer] = []
    var values: [JSONNode] = []
    var members: [JSONMember] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.end = bytes.count
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        guard end > 0 else { throw JSONSyntaxError("the file is empty", at: 0) }
        try skipByteOrderMark()
        skipWhitespace()
        guard pos < end else {
            throw JSONSyntaxError(end == 3 && bytes[0] == 0xEF ? "the file is empty" : "the file holds only whitespace, no JSON value", at: end)
        }
        let root = try parseValue()
        skipWhitespace()
        guard pos == end else {
            throw JSONSyntaxError("unexpected \(found()) after the end of the JSON value", at: pos)
        }
        return root
    }

    /// A UTF-8 byte order mark is tolerated (editors on Windows write one);
    /// a UTF-16 or UTF-32 one means the file is not UTF-8 at all, which is
    /// worth saying in those words rather than "unexpected byte 0xFF".
    mutating func skipByteOrderMark() throws(JSONSyntaxError) {
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            pos = 3
        } else if end >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw JSONSyntaxError("the file starts with a UTF-16 byte order mark; JSON files must be UTF-8", at: 0)
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    /// Parses one value and everything inside it.
    ///
    /// The loop alternates between two states: "a value starts here" (the top
    /// of `nextValue`) and "a value just ended" (the inner loop), which
    /// attaches the value to the innermost open container and reads the `,`
    /// or closing bracket that follows it.
    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        let outerDepth = open.count
        /// Whether the value expected next follows a `,`, for the trailing-comma message.
        var afterComma = false
        nextValue: while true {
            skipWhitespace()
            guard pos < end else { throw endOfFileInside() }
            let start = pos
            var node: JSONNode
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                try openContainer(isObject: true)
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    node = closeContainer()
                } else {
                    try parseMemberName(afterComma: false)
                    afterComma = false
                    continue nextValue
                }
            case UInt8(ascii: "["):
                try openContainer(isObject: false)
                skipWhitespace()
                if pos < end, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    node = closeContainer()
                } else {
                    afterComma = false
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                let string = try scanString()
                node = JSONNode(value: .string(string), range: start..<pos)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let literal = try scanNumber()
                node = JSONNode(value: .number(literal), range: literal)
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                node = JSONNode(value: .bool(true), range: start..<pos)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                node = JSONNode(value: .bool(false), range: start..<pos)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                node = JSONNode(value: .null, range: start..<pos)
            default:
                throw notAValue(afterComma: afterComma)
            }

            // A value is complete: hand it to its container, and close every
            // container that ends right after it.
            while true {
                guard open.count > outerDepth, let container = open.last else { return node }
                if container.isObject {
                    members.append(JSONMember(key: container.key, keyRange: container.keyRange, value: node))
                } else {
                    values.append(node)
                }
                skipWhitespace()
                guard pos < end else { throw endOfFileInside() }
                let byte = bytes[pos]
                if container.isObject {
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        try parseMemberName(afterComma: true)
                        afterComma = false
                        continue nextValue
                    } else if byte == UInt8(ascii: "}") {
                        pos += 1
                        node = closeContainer()
                    } else {
                        throw JSONSyntaxError("expected ',' or '}' after an object member, found \(found())", at: pos)
                    }
                } else {
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        afterComma = true
                        continue nextValue
                    } else if byte == UInt8(ascii: "]") {
                        pos += 1
                        node = closeContainer()
                    } else {
                        throw JSONSyntaxError("expected ',' or ']' after an array element, found \(found())", at: pos)
                    }
                }
            }
        }
    }

    /// Reads `[` or `{` at `pos` and pushes its container.
    mutating func openContainer(isObject: Bool) throws(JSONSyntaxError) {
        guard open.count < PositionedJSON.maximumDepth else {
            throw JSONSyntaxError(
                "arrays and objects are nested more than \(PositionedJSON.maximumDepth) levels deep", at: pos)
        }
        open.append(OpenContainer(isObject: isObject, start: pos, first: isObject ? members.count : values.count))
        pos += 1
    }

    /// Pops the innermost container, whose closing bracket was just read,
    /// and builds its node from the values (or members) waiting on the stacks.
    mutating func closeContainer() -> JSONNode {
        let container = open.removeLast()
        let range = container.start..<pos
        if container.isObject {
            return JSONNode(value: .object(Self.moveTail(of: &members, from: container.first)), range: range)
        } else {
            return JSONNode(value: .array(Self.moveTail(of: &values, from: container.first)), range: range)
        }
    }

    /// Moves `stack[first...]` into a new array of exactly that size, in
    /// order, leaving `stack` shorter; `removeLast()` moves without retaining.
    static func moveTail<Element>(of stack: inout [Element], from first: Int) -> [Element] {
        let count = stack.count - first
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            var k = count
            while k > 0 {
                k -= 1
                (buffer.baseAddress! + k).initialize(to: stack.removeLast())
            }
            initialized = count
        }
    }

    /// Reads `"name"` and the `:` after it, at `pos` (whitespace skipped).
    mutating func parseMemberName(afterComma: Bool) throws(JSONSyntaxError) {
        guard pos < end else { throw endOfFileInside() }
        guard bytes[pos] == UInt8(ascii: "\"") else {
            if afterComma, bytes[pos] == UInt8(ascii: "}") {
                throw JSONSyntaxError(
                    "expected a member name after ',', found '}' (JSON does not allow a trailing comma)", at: pos)
            }
            throw JSONSyntaxError("expected a member name in double quotes, found \(found())\(quotingHint())", at: pos)
        }
        let start = pos
        let name = try scanString()
        let key = decodeKey(name)
        open[open.count - 1].key = key
        open[open.count - 1].keyRange = start..<pos
        skipWhitespace()
        guard pos < end else { throw endOfFileInside() }
        guard bytes[pos] == UInt8(ascii: ":") else {
            throw JSONSyntaxError("expected ':' after the member name \"\(key)\", found \(found())", at: pos)
        }
        pos += 1
    }

    /// Member names are decoded eagerly: they are short (and mostly fit in a
    /// `String`'s inline storage), and every lookup compares them.
    func decodeKey(_ name: JSONStringRef) -> String {
        let body = UnsafeBufferPointer(rebasing: bytes[name.range])
        return name.hasEscapes ? JSONStringRef.unescape(body) : String(decoding: body, as: UTF8.self)
    }
}
