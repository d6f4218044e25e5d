/// The short lists every node carries (its inputs and outputs, an
/// attribute's `ints`; where its names are written go to the graph's
/// `ONNXGraphPlaces.names`) and the operator names most nodes repeat, read with
/// as few allocations as the values need.
///
/// A list appended to element by element reallocates at 1, 2, 4, ... of
/// them: three or four allocations for a `BatchNormalization`'s five inputs
/// or a `pads` of four. Gathered in a buffer the decoder reuses, each list
/// becomes one array of exactly its length. And an operator name longer
/// than a `String` holds inline (`BatchNormalization`) would be a heap
/// string per node: the decoder shares one `String` per distinct name.
extension ONNXJSONFastDecoder {
    /// Buffers reused from one list to the next. Lists read through them
    /// hold no other list, so one buffer of each kind suffices.
    struct ReusedBuffers {
        var strings: [String] = []
        var int64s: [Int64] = []
        /// Distinct long names read so far, each built once.
        var longNames: [String] = []
    }

    /// Names longer than this are heap strings (shorter ones sit inside the `String`).
    static let inlineStringCapacity = 15
    /// Beyond this many distinct long operator names, the rest are built each time.
    static let longNameLimit = 64

    /// A node's inputs or outputs. Where each name is written goes to
    /// `places.names`, and the positions it takes there are returned.
    mutating func strings(places: inout ONNXGraphPlaces) throws(JSONSyntaxError) -> ([String], Range<Int>) {
        let first = places.names.count
        guard try openArray() else { return ([], first..<first) }
        buffers.strings.removeAll(keepingCapacity: true)
        repeat {
            var range = 0..<0
            let name = try string(range: &range)
            buffers.strings.append(name)
            places.names.append(range)
        } while try nextElement()
        return (Self.exactCopy(of: buffers.strings), first..<places.names.count)
    }

    /// A new array of exactly `buffer`'s elements, in storage of its own.
    /// `Array(buffer)` would share the buffer's storage (with its spare
    /// capacity), and the next list would then reallocate the buffer
    /// instead of reusing it.
    /// (`reserveCapacity` then `append`, because the standard library
    /// specializes both for the element type; `Array(unsafeUninitializedCapacity:)`
    /// looked up the array's generic metadata on every call, 5% of the reader.)
    @inline(__always)
    static func exactCopy<Element>(of buffer: [Element]) -> [Element] {
        var copy: [Element] = []
        copy.reserveCapacity(buffer.count)
        copy.append(contentsOf: buffer)
        return copy
    }

    /// A list of integers, as `array { try $0.int64() }` reads it.
    mutating func int64s() throws(JSONSyntaxError) -> [Int64] {
        guard try openArray() else { return [] }
        buffers.int64s.removeAll(keepingCapacity: true)
        repeat {
            let value = try int64()
            buffers.int64s.append(value)
        } while try nextElement()
        return Self.exactCopy(of: buffers.int64s)
    }

    /// A string that many nodes repeat (an operator type, a domain): one
    /// `String` is shared between all the nodes that write the same bytes.
    mutating func sharedString() throws(JSONSyntaxError) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw unsupported("expected a string") }
        let ref = try scanner.scanString()
        let body = UnsafeBufferPointer(rebasing: scanner.bytes[ref.range])
        guard !ref.hasEscapes else { return JSONStringRef.unescape(body) }
        guard body.count > Self.inlineStringCapacity else { return String(decoding: body, as: UTF8.self) }
        for name in buffers.longNames where name.utf8.count == body.count && name.utf8.elementsEqual(body) {
            return name
        }
        let name = String(decoding: body, as: UTF8.self)
        if buffers.longNames.count < Self.longNameLimit { buffers.longNames.append(name) }
        return name
    }
}
