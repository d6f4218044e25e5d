/// Decodes an ONNX JSON model straight from its bytes into the swift-protobuf
/// messages, and notes where each node sits, in one pass. The main graph's
/// nodes, the bulk of a model, become plain records (`ONNXNodeRecord`,
/// ONNXJSONFastDecoder+NodeRecords.swift) rather than messages.
///
/// It is the fast path of `ONNXFrontend`. The slow path (the positioned tree,
/// then swift-protobuf's JSON decoder over the same bytes, then the layout
/// pass) takes five times as long on a 100k-node model, three fifths of it in
/// swift-protobuf's decoder. This decoder does only what exporters write:
/// the messages of ONNX models, each value in the form protobuf JSON gives
/// it. On anything else — a syntax error, a value of the wrong type, `null`,
/// a repeated member, a number that is not plainly an integer, URL-safe
/// base64, a field of the schema it does not decode — it gives up, and the
/// frontend takes the slow path, which accepts whatever swift-protobuf
/// accepts and words every error with a line and column. So this decoder
/// never has to explain a failure, and whenever it succeeds its messages,
/// and the records of the main graph's nodes, are those swift-protobuf's
/// decoding gives (a test checks this on every corpus model).
///
/// Syntax is checked with `JSONParser`'s own scanners, so the fast path
/// never accepts a file the slow path would refuse as JSON.
struct ONNXJSONFastDecoder {
    /// The bytes and the read position; its scanners validate strings and numbers.
    var scanner: JSONParser
    /// How many arrays and objects are open.
    var depth = 0
    /// Reused while reading short lists (see ONNXJSONFastDecoder+Lists.swift).
    var buffers = ReusedBuffers()

    /// Deeper nesting is left to the slow path. A message is at least one
    /// object, so this stays under swift-protobuf's limit of 200 messages
    /// while leaving room for about 25 levels of nested graphs.
    static let maximumDepth = 128

    /// A decoded model: its main graph's nodes are records in `nodes`
    /// (`model.graph.node` is empty); those of nested graphs and functions
    /// stay in their messages.
    struct Decoded {
        var model: Onnx_ModelProto
        var nodes: [ONNXNodeRecord]
        /// Where the nodes of the main graph (and of the graphs inside them) sit.
        var places: ONNXGraphPlaces
    }

    /// The model, or nil when the slow path must decide.
    static func decode(_ bytes: [UInt8]) -> Decoded? {
        bytes.withUnsafeBufferPointer { buffer in
            var decoder = ONNXJSONFastDecoder(scanner: JSONParser(buffer))
            return try? decoder.document()
        }
    }

    /// The whole file: one model object and nothing after it. A byte order
    /// mark, a model without a graph, and the rest go to the slow path.
    mutating func document() throws(JSONSyntaxError) -> Decoded {
        let (model, nodes, places) = try model()
        scanner.skipWhitespace()
        guard scanner.pos == scanner.end, let places else { throw unsupported("no graph, or bytes after the model") }
        return Decoded(model: model, nodes: nodes, places: places)
    }

    /// Why the fast path stops; the message only helps when debugging, as
    /// the slow path reports its own.
    func unsupported(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError("not decoded on the fast path: \(reason)", at: scanner.pos)
    }

    // MARK: - Structure

    /// The next byte that is not whitespace, without consuming it.
    @inline(__always)
    mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        scanner.skipWhitespace()
        guard scanner.pos < scanner.end else { throw unsupported("end of file") }
        return scanner.bytes[scanner.pos]
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard try peek() == byte else { throw unsupported("expected '\(Character(Unicode.Scalar(byte)))'") }
        scanner.pos += 1
    }

    /// Reads `{`; false when the object is empty (its `}` read too).
    mutating func openObject() throws(JSONSyntaxError) -> Bool {
        try open(UInt8(ascii: "{"), closedBy: UInt8(ascii: "}"))
    }

    /// Reads `[`; false when the array is empty (its `]` read too).
    mutating func openArray() throws(JSONSyntaxError) -> Bool {
        try open(UInt8(ascii: "["), closedBy: UInt8(ascii: "]"))
    }

    @inline(__always)
    private mutating func open(_ opening: UInt8, closedBy closing: UInt8) throws(JSONSyntaxError) -> Bool {
        try expect(opening)
        guard depth < Self.maximumDepth else { throw unsupported("nesting") }
        if try peek() == closing {
            scanner.pos += 1
            return false
        }
        depth += 1
        return true
    }

    /// After a member: true at `,` (another member follows), false at `}`.
    mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        try next(closedBy: UInt8(ascii: "}"))
    }

    /// After an element: true at `,` (another element follows), false at `]`.
    mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        try next(closedBy: UInt8(ascii: "]"))
    }

    @inline(__always)
    private mutating func next(closedBy closing: UInt8) throws(JSONSyntaxError) -> Bool {
        let byte = try peek()
        scanner.pos += 1
        if byte == UInt8(ascii: ",") { return true }
        guard byte == closing else { throw unsupported("expected ',' or a closing bracket") }
        depth -= 1
        return false
    }

    /// Reads a member name and its `:`; the field it names, nil for a name
    /// the message does not have (skipped, as swift-protobuf is told to).
    /// A field named twice is left to the slow path.
    @inline(__always)
    mutating func field<Field: RawRepresentable<Int> & Sendable>(
        of names: FieldNames<Field>, seen: inout UInt64
    ) throws(JSONSyntaxError) -> Field? {
        let field = names.field(named: try memberName())
        if let field {
            let bit: UInt64 = 1 << UInt64(field.rawValue)
            guard seen & bit == 0 else { throw unsupported("a field written twice") }
            seen |= bit
        }
        return field
    }

    /// Reads `"name":`; the name's bytes. Escaped names go to the slow path.
    @inline(__always)
    mutating func memberName() throws(JSONSyntaxError) -> UnsafeBufferPointer<UInt8> {
        guard try peek() == UInt8(ascii: "\"") else { throw unsupported("member name") }
        let name = try scanner.scanString()
        guard !name.hasEscapes else { throw unsupported("escaped member name") }
        try expect(UInt8(ascii: ":"))
        return UnsafeBufferPointer(rebasing: scanner.bytes[name.range])
    }

    /// The elements of an array, each read by `element` (which throws
    /// only what the decoder's own functions throw).
    @inline(__always)
    mutating func array<Element>(_ element: (inout ONNXJSONFastDecoder) throws -> Element) throws(JSONSyntaxError) -> [Element] {
        var elements: [Element] = []
        guard try openArray() else { return elements }
        repeat {
            do {
                elements.append(try element(&self))
            } catch {
                throw error as? JSONSyntaxError ?? unsupported("\(error)")
            }
        } while try nextElement()
        return elements
    }

    /// Steps over the value of an unknown member, checking its syntax.
    mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            guard try openObject() else { return }
            repeat {
                _ = try memberName()
                try skipValue()
            } while try nextMember()
        case UInt8(ascii: "["):
            guard try openArray() else { return }
            repeat { try skipValue() } while try nextElement()
        case UInt8(ascii: "\""):
            _ = try scanner.scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanner.scanNumber()
        case UInt8(ascii: "t"):
            try scanner.expectLiteral("true")
        case UInt8(ascii: "f"):
            try scanner.expectLiteral("false")
        case UInt8(ascii: "n"):
            try scanner.expectLiteral("null")
        default:
            throw unsupported("not a JSON value")
        }
    }
}
