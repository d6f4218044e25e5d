import Foundation
import ModelLintIR

/// A baseline on disk: a small JSON file of fingerprints, each with how many
/// findings share it.
///
///     {
///       "version": 1,
///       "findings": [
///         {"rule": "ML201", "path": "nets/a.prototxt", "node": "pool1", "line": "9f2c…", "count": 1}
///       ]
///     }
///
/// `path` is relative to the baseline's folder, so the file can be committed
/// and used from any working directory.
public struct BaselineFile: Equatable, Sendable {
    public static let version = 1

    /// Fingerprint -> how many findings have it.
    public var counts: [Fingerprint: Int]

    public init(counts: [Fingerprint: Int] = [:]) {
        self.counts = counts
    }

    /// A baseline file that is missing or cannot be read as one (exit 2).
    public struct Problem: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot use the baseline '\(path)': \(reason)" }
    }

    private struct Entry: Codable {
        var rule: String
        var path: String
        var node: String
        var line: String
        var count: Int
    }

    private struct Document: Codable {
        var version: Int
        var findings: [Entry]
    }

    /// The JSON text, entries sorted, so that rewriting an unchanged baseline changes nothing.
    public func encoded() throws -> Data {
        let entries = counts.keys.sorted().map {
            Entry(rule: $0.rule, path: $0.path, node: $0.node, line: $0.lineHash, count: counts[$0]!)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(version: Self.version, findings: entries)) + Data("\n".utf8)
    }

    /// Writes to `path` atomically (a temporary file renamed over it).
    public func write(to path: String) throws(Problem) {
        do {
            try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw Problem(path: path, reason: "cannot write it: \(error.localizedDescription)")
        }
    }

    public static func read(from path: String) throws(Problem) -> BaselineFile {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.bytes(of: path, maximumBytes: InputLimits.maximumSettingsFileBytes, kind: "baselines")
        } catch {
            throw Problem(path: path, reason: error.message == "no such file" ? "no such file (write one with --write-baseline)" : error.message)
        }
        return try decode(Data(bytes), path: path)
    }

    static func decode(_ data: Data, path: String) throws(Problem) -> BaselineFile {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw Problem(path: path, reason: "not a modellint baseline (\(Self.describe(error)))")
        }
        guard document.version == version else {
            throw Problem(path: path, reason: "version \(document.version) is not one this modellint reads (\(version))")
        }
        var counts: [Fingerprint: Int] = [:]
        for entry in document.findings {
            // Counts are added up below: bounded, so no sum of them can overflow.
            guard entry.count >= 1, entry.count <= Int(Int32.max) else {
                throw Problem(path: path, reason: "a count is \(entry.count); counts are between 1 and \(Int32.max)")
            }
            counts[Fingerprint(rule: entry.rule, path: entry.path, node: entry.node, lineHash: entry.line), default: 0] += entry.count
        }
        return BaselineFile(counts: counts)
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing '\(key.stringValue)'" + at(context)
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type" + at(context)
        case .dataCorrupted?:
            return "invalid JSON"
        default:
            return "\(error)"
        }
    }

    private static func at(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : " at \(path)"
    }
}
