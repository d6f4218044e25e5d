/// A protobuf message re-encoded without some of the fields nested in it.
///
/// The frontend hands swift-protobuf the model without its weights: it would
/// copy every `raw_data` into a `Data`, a second copy of a 100 MB model made
/// before anything needs a value. The weights stay in the file's bytes,
/// which `ConstantData` reads in place, on demand. Every message on the way
/// to a removed field gets a new length prefix; everything else is copied
/// byte for byte.
enum WireFieldRemoval {
    /// `bytes` without the fields whose whole ranges (tag through value) are
    /// `removed`, which must be fields of length-delimited messages nested
    /// in `bytes`, as a wire walk found them. The walk has already checked
    /// the structure, so the reads here do not fail on a model that passed it.
    static func removing(_ removed: [Range<Int>], from bytes: UnsafeRawBufferPointer) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count - removed.reduce(0) { $0 + $1.count })
        try copy(0..<bytes.count, of: bytes, removing: removed.sorted { $0.lowerBound < $1.lowerBound }[...], into: &output)
        return output
    }

    /// Copies the fields of the message in `range`, leaving out `removed`
    /// (sorted, all within `range`).
    private static func copy(_ range: Range<Int>, of bytes: UnsafeRawBufferPointer, removing removed: ArraySlice<Range<Int>>,
                             into output: inout [UInt8]) throws {
        var reader = try WireReader(bytes, range: range)
        var pending = removed
        while let field = try reader.next() {
            var inside = pending.prefix { $0.upperBound <= field.range.upperBound }
            pending = pending.dropFirst(inside.count)
            inside = inside.drop { $0.upperBound <= field.range.lowerBound }
            if inside.isEmpty {
                output.append(contentsOf: bytes[field.range])
            } else if inside.first == field.range {
                continue
            } else {
                var payload: [UInt8] = []
                try copy(field.payload, of: bytes, removing: inside, into: &payload)
                appendVarint(UInt64(field.number) << 3 | UInt64(WireType.lengthDelimited.rawValue), to: &output)
                appendVarint(UInt64(payload.count), to: &output)
                output.append(contentsOf: payload)
            }
        }
    }

    private static func appendVarint(_ value: UInt64, to output: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            output.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
    }
}
