import Foundation

/// A file that a frontend read, kept so that reporters can quote the line a
/// finding points at without reading the file a second time.
public final class SourceFile: @unchecked Sendable {
    /// The path as the user gave it (or as discovered under a folder).
    public let path: String
    /// The raw bytes; text formats are read as bytes so that invalid UTF-8
    /// never stops the linter.
    public let bytes: [UInt8]
    private let lock = NSLock()
    private var lineIndex: [Int]?

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// Byte offset at which each line starts; `lineStarts[0] == 0`. Found
    /// the first time a location is asked for, not when the file is read: a
    /// 100 MB binary model with no findings never needs it.
    public var lineStarts: [Int] {
        lock.withLock {
            if let lineIndex { return lineIndex }
            let starts = Self.lineStarts(of: bytes)
            lineIndex = starts
            return starts
        }
    }

    /// memchr (vectorised by the C library) rather than a byte loop: a 100 MB
    /// binary model is scanned when a finding in it needs its byte's line.
    private static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count,
                  let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                starts.append(newline + 1)
                offset = newline + 1
            }
        }
        return starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The text of 1-based line `number`, without its newline, or nil when the
    /// file has no such line. Invalid UTF-8 is replaced, never fatal.
    public func line(_ number: Int) -> String? {
        let lineStarts = lineStarts
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end >= start else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The 1-based line and column of a byte offset.
    public func position(ofByte offset: Int) -> (line: Int, column: Int) {
        let lineStarts = lineStarts
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }

    public func location(ofByte offset: Int, through end: Int? = nil) -> SourceLocation {
        let (line, column) = position(ofByte: offset)
        return SourceLocation(file: path, line: line, column: column, byteRange: end.map { offset..<max(offset, $0) })
    }
}
