import Foundation

/// The distinct field names of a document, each given a number while parsing,
/// so that finding a field by name compares integers rather than bytes: the
/// Caffe readers look a dozen names up in every layer.
struct FieldNameTable: Sendable {
    /// Where each name is first spelled in the file, by number.
    private var spellings: [(start: Int32, end: Int32)] = []
    /// Open addressing: a name's number, or -1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 64)

    /// The number of the name at `range` of `bytes`, given it if new.
    mutating func intern(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let name = UnsafeBufferPointer(rebasing: bytes[range])
        var slot = Self.hash(name) & (slots.count - 1)
        while slots[slot] >= 0 {
            if spelling(slots[slot], in: bytes, equals: name) { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        let number = Int32(spellings.count)
        spellings.append((Int32(range.lowerBound), Int32(range.upperBound)))
        slots[slot] = number
        if spellings.count * 2 > slots.count { rehash(doubling: bytes) }
        return number
    }

    /// The number of `name`, or nil when no field in the file has that name.
    func number(of name: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Self.hash(name) & (slots.count - 1)
        while slots[slot] >= 0 {
            if spelling(slots[slot], in: bytes, equals: name) { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    private func spelling(_ number: Int32, in bytes: UnsafeBufferPointer<UInt8>, equals name: UnsafeBufferPointer<UInt8>) -> Bool {
        let (start, end) = spellings[Int(number)]
        guard Int(end - start) == name.count else { return false }
        guard let file = bytes.baseAddress, let name = name.baseAddress else { return true }
        return memcmp(file + Int(start), name, Int(end - start)) == 0
    }

    private mutating func rehash(doubling bytes: UnsafeBufferPointer<UInt8>) {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (number, (start, end)) in spellings.enumerated() {
            var slot = Self.hash(UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(end)])) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(number)
        }
    }

    /// FNV-1a: field names are short, and this is the cost of every field parsed.
    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in name { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash)
    }
}
