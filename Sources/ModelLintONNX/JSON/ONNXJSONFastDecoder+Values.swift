import Foundation

/// Scalar values in the forms protobuf JSON writes them: strings, integers
/// as numbers or as strings of digits (int64 always quoted), floats as
/// numbers or as "NaN"/"Infinity", bytes as standard base64, enums by name
/// or number. Whatever swift-protobuf would convert in some other way (an
/// integer written `1e3` or `"01"`, a value out of range, URL-safe base64, an
/// escape inside a number) goes to the slow path.
extension ONNXJSONFastDecoder {
    /// A string value; `range` receives its bytes, quotes included.
    @inline(__always)
    mutating func string(range: inout Range<Int>) throws(JSONSyntaxError) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw unsupported("expected a string") }
        let start = scanner.pos
        let ref = try scanner.scanString()
        range = start..<scanner.pos
        let body = UnsafeBufferPointer(rebasing: scanner.bytes[ref.range])
        return ref.hasEscapes ? JSONStringRef.unescape(body) : String(decoding: body, as: UTF8.self)
    }

    mutating func string() throws(JSONSyntaxError) -> String {
        var range = 0..<0
        return try string(range: &range)
    }

    /// An integer: digits with an optional `-`, bare or in quotes.
    mutating func int64() throws(JSONSyntaxError) -> Int64 {
        let (negative, magnitude) = try integer()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw unsupported("integer out of range") }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw unsupported("integer out of range") }
        return Int64(magnitude)
    }

    mutating func int32() throws(JSONSyntaxError) -> Int32 {
        guard let value = Int32(exactly: try int64()) else { throw unsupported("integer out of range") }
        return value
    }

    mutating func uint64() throws(JSONSyntaxError) -> UInt64 {
        let (negative, magnitude) = try integer()
        guard !negative else { throw unsupported("negative unsigned integer") }
        return magnitude
    }

    /// The sign and magnitude of `-?(0|[1-9][0-9]*)`, bare or in quotes.
    private mutating func integer() throws(JSONSyntaxError) -> (negative: Bool, magnitude: UInt64) {
        let digits: Range<Int>
        if try peek() == UInt8(ascii: "\"") {
            let ref = try scanner.scanString()
            guard !ref.hasEscapes else { throw unsupported("escape in an integer") }
            digits = ref.range
        } else {
            guard scanner.bytes[scanner.pos] == UInt8(ascii: "-") || scanner.isDigit(scanner.bytes[scanner.pos]) else {
                throw unsupported("expected an integer")
            }
            digits = try scanner.scanNumber()
        }
        var k = digits.lowerBound
        let negative = k < digits.upperBound && scanner.bytes[k] == UInt8(ascii: "-")
        if negative { k += 1 }
        guard k < digits.upperBound, scanner.bytes[k] != UInt8(ascii: "0") || k + 1 == digits.upperBound else {
            throw unsupported("not a plain integer")
        }
        var magnitude: UInt64 = 0
        while k < digits.upperBound {
            let digit = scanner.bytes[k] &- UInt8(ascii: "0")
            guard digit < 10 else { throw unsupported("not a plain integer") }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { throw unsupported("integer out of range") }
            magnitude = sum
            k += 1
        }
        return (negative, magnitude)
    }

    /// A number, or one of the strings protobuf JSON writes for what JSON
    /// numbers cannot hold, or a number in quotes.
    mutating func double() throws(JSONSyntaxError) -> Double {
        let literal: Range<Int>
        if try peek() == UInt8(ascii: "\"") {
            let ref = try scanner.scanString()
            guard !ref.hasEscapes else { throw unsupported("escape in a number") }
            let text = UnsafeBufferPointer(rebasing: scanner.bytes[ref.range])
            if let special = Self.nonFinite(text) { return special }
            // The quoted text must be a JSON number on its own.
            var inner = JSONParser(text)
            guard !text.isEmpty, text[0] == UInt8(ascii: "-") || inner.isDigit(text[0]),
                  (try? inner.scanNumber()) != nil, inner.pos == inner.end else {
                throw unsupported("not a number")
            }
            literal = ref.range
        } else {
            guard scanner.bytes[scanner.pos] == UInt8(ascii: "-") || scanner.isDigit(scanner.bytes[scanner.pos]) else {
                throw unsupported("expected a number")
            }
            literal = try scanner.scanNumber()
        }
        // Correctly rounded, as swift-protobuf's conversion is.
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[literal]), as: UTF8.self)),
              value.isFinite else {
            throw unsupported("number out of range")
        }
        return value
    }

    /// Floats are read as doubles and rounded once, as swift-protobuf does.
    mutating func float() throws(JSONSyntaxError) -> Float {
        let value = try double()
        guard value.isNaN || Float(value).isFinite == value.isFinite else { throw unsupported("float out of range") }
        return Float(value)
    }

    static func nonFinite(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        switch String(decoding: text, as: UTF8.self) {
        case "NaN": return .nan
        case "Infinity", "Inf": return .infinity
        case "-Infinity", "-Inf": return -.infinity
        default: return nil
        }
    }

    /// Bytes: standard base64 (RFC 4648 section 4) with its padding.
    mutating func bytes() throws(JSONSyntaxError) -> Data {
        guard try peek() == UInt8(ascii: "\"") else { throw unsupported("expected base64") }
        let ref = try scanner.scanString()
        guard !ref.hasEscapes, let data = Self.base64(UnsafeBufferPointer(rebasing: scanner.bytes[ref.range])) else {
            throw unsupported("not standard base64")
        }
        return data
    }

    /// The bytes of padded standard base64, or nil for anything else.
    static func base64(_ text: UnsafeBufferPointer<UInt8>) -> Data? {
        guard text.count % 4 == 0 else { return nil }
        var padding = 0
        if text.count >= 4, text[text.count - 1] == UInt8(ascii: "=") {
            padding = text[text.count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        let digits = text.count - padding
        var data = Data(count: text.count / 4 * 3 - padding)
        let complete = data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Bool in
            var accumulator: UInt32 = 0
            var written = 0
            for k in 0..<digits {
                let value = base64Values[Int(text[k])]
                guard value < 64 else { return false }
                accumulator = accumulator << 6 | UInt32(value)
                if k & 3 == 3 {
                    out[written] = UInt8(truncatingIfNeeded: accumulator >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: accumulator)
                    written += 3
                    accumulator = 0
                }
            }
            // The last group: 3 digits give 2 bytes, 2 digits give 1; the
            // bits left over are dropped, as swift-protobuf drops them.
            switch padding {
            case 1:
                out[written] = UInt8(truncatingIfNeeded: accumulator >> 10)
                out[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 2)
            case 2:
                out[written] = UInt8(truncatingIfNeeded: accumulator >> 4)
            default: break
            }
            return true
        }
        return complete ? data : nil
    }

    /// The value of each byte as a base64 digit, 64 for bytes that are not one.
    static let base64Values: [UInt8] = {
        var table = [UInt8](repeating: 64, count: 256)
        for (value, digit) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(digit)] = UInt8(value)
        }
        return table
    }()

    /// An enum value by name (the names given) or by number.
    mutating func enumValue<Value: RawRepresentable<Int>>(_ names: FieldNames<Value>) throws(JSONSyntaxError) -> Value {
        if try peek() == UInt8(ascii: "\"") {
            let ref = try scanner.scanString()
            guard !ref.hasEscapes, let value = names.field(named: UnsafeBufferPointer(rebasing: scanner.bytes[ref.range])) else {
                throw unsupported("unknown enum name")
            }
            return value
        }
        guard let value = Value(rawValue: Int(try int64())) else { throw unsupported("unknown enum number") }
        return value
    }
}
