/// Text model files (prototxt, Swift) must be UTF-8 without NUL bytes. A
/// reader that decoded them leniently would lint something other than what is
/// in the file: invalid bytes become U+FFFD, and names that differ in the
/// file would compare equal. Screened in one pass, eight ASCII bytes at a time.
public enum TextScreening {
    public struct Problem: Equatable, Sendable {
        public var offset: Int
        public var message: String
    }

    /// The first NUL byte or byte that is not part of well-formed UTF-8
    /// (Unicode's Table 3-7: no overlong forms, surrogates or code points past U+10FFFF).
    public static func firstProblem(in bytes: [UInt8]) -> Problem? {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index < count {
                if index + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    let highBits: UInt64 = 0x8080_8080_8080_8080
                    let hasZeroByte = (word &- 0x0101_0101_0101_0101) & ~word & highBits
                    if word & highBits == 0 && hasZeroByte == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = buffer[index]
                if byte == 0 { return Problem(offset: index, message: "a NUL byte; a text model holds none") }
                if byte < 0x80 {
                    index += 1
                    continue
                }
                guard let length = sequenceLength(buffer, at: index) else {
                    return Problem(offset: index, message: "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); text models are UTF-8")
                }
                index += length
            }
            return nil
        }
    }

    /// The length of the well-formed sequence starting at `index`, or nil.
    private static func sequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = buffer[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard index + length <= buffer.count, secondRange.contains(buffer[index + 1]) else { return nil }
        for next in (index + 2)..<(index + length) where !(0x80...0xBF).contains(buffer[next]) { return nil }
        return length
    }
}
