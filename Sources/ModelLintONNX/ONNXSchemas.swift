import Foundation
import ModelLintIR

/// ONNX's operator schemas, every domain and version, as the onnx package
/// defines them (`Generated/ONNXSchemaTable.swift`, written by
/// `Generated/generate_schemas.py`), read once on first use.
struct ONNXSchemas: Sendable {
    struct Formal: Sendable {
        enum Option: Sendable { case single, optional, variadic(minimum: Int) }
        var name: String
        var option: Option
        /// A type parameter (`T`) or a type (`int64`, `seq(float)`).
        var type: String

        var isVariadic: Bool {
            if case .variadic = option { return true }
            return false
        }
    }

    struct Schema: Sendable {
        var domain: String
        var name: String
        var since: Int
        var deprecated: Bool
        var inputs: [Formal]
        var outputs: [Formal]
        /// Attribute name -> (type, required).
        var attributes: [String: (type: String, required: Bool)]
        /// Type parameter -> the types it may stand for.
        var constraints: [String: Set<String>]
        /// The required attributes' names, sorted: looked at for every node.
        var requiredAttributes: [String] = []

        /// The fewest and most actual inputs (or outputs) the formals allow.
        static func arity(_ formals: [Formal]) -> (minimum: Int, maximum: Int) {
            var minimum = 0, maximum = 0
            for (index, formal) in formals.enumerated() {
                switch formal.option {
                case .single: minimum = index + 1; maximum += 1
                case .optional: maximum += 1
                case .variadic(let least): minimum = index + least; maximum = Int.max
                }
            }
            return (minimum, maximum)
        }
    }

    /// Domain ("ai.onnx" for the default) -> operator -> its table lines, one
    /// per version, oldest first. A line is parsed into a `Schema` when a
    /// model first uses the operator: parsing all ~2,000 cost more than
    /// reading a small model.
    private let lines: [String: [String: [Substring]]]
    private let parsed = ParsedSchemas()

    static let shared = ONNXSchemas(table: ONNXSchemaTable.text)

    init(table: String) {
        var lines: [String: [String: [Substring]]] = [:]
        for line in table.split(separator: "\n") {
            let columns = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
            guard columns.count == 4, columns[0] == "S" else { continue }
            lines[String(columns[1]), default: [:]][String(columns[2]), default: []].append(line)
        }
        self.lines = lines
    }

    /// Every version of `name` in `domain` (canonical), oldest first; empty when there is none.
    func versions(domain: String, name: String) -> [Schema] {
        guard let entries = lines[domain]?[name] else { return [] }
        return parsed.schemas(for: domain + " " + name) { entries.compactMap(Self.parse) }
    }

    /// The operators of `domain` (canonical).
    func operatorNames(domain: String) -> [String] { lines[domain].map { Array($0.keys) } ?? [] }

    /// The newest opset any operator of `domain` (canonical) was introduced at.
    func newestVersion(domain: String) -> Int {
        lines[domain]?.values.compactMap { entries in
            entries.last.flatMap { line in line.split(separator: "\t", maxSplits: 4).dropFirst(3).first.flatMap { Int($0) } }
        }.max() ?? 1
    }

    private static func parse(_ line: Substring) -> Schema? {
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard columns.first == "S", columns.count >= 9, let since = Int(columns[3]) else { return nil }
        var attributes: [String: (String, Bool)] = [:]
        for entry in columns[7].split(separator: ";") {
            let parts = entry.split(separator: ":").map(String.init)
            if parts.count == 3 { attributes[parts[0]] = (parts[1], parts[2] == "1") }
        }
        var constraints: [String: Set<String>] = [:]
        for entry in columns[8].split(separator: "|") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            constraints[String(entry[..<equals])] = Set(entry[entry.index(after: equals)...].split(separator: ",").map(String.init))
        }
        var schema = Schema(domain: columns[1], name: columns[2], since: since, deprecated: columns[4] == "1",
                            inputs: formals(columns[5]), outputs: formals(columns[6]),
                            attributes: attributes, constraints: constraints)
        schema.requiredAttributes = attributes.filter(\.value.1).map(\.key).sorted()
        return schema
    }

    private static func formals(_ text: String) -> [Formal] {
        text.split(separator: ";").compactMap { entry in
            let parts = entry.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3 else { return nil }
            let option: Formal.Option = switch parts[1] {
            case "s": .single
            case "o": .optional
            default: .variadic(minimum: Int(parts[1].dropFirst()) ?? 1)
            }
            return Formal(name: parts[0], option: option, type: parts[2])
        }
    }

    /// The domain's canonical name: the default domain is "" or "ai.onnx" in files.
    static func canonical(_ domain: String) -> String { domain.isEmpty ? "ai.onnx" : domain }

    /// Whether modellint has the schemas of `domain` (the checks apply there).
    func knows(domain: String) -> Bool { lines[Self.canonical(domain)] != nil }

    /// The schema a node of `domain`/`name` follows at opset `version` of its
    /// domain: the newest one introduced at or before it. nil when the
    /// operator does not exist at that version (or at all).
    func schema(domain: String, name: String, version: Int) -> Schema? {
        versions(domain: Self.canonical(domain), name: name).last { $0.since <= version }
    }

    /// The operator of `domain` nearest to `name`, when near enough to be a typo.
    func suggestion(domain: String, name: String) -> String? {
        EditDistance.nearest(to: name, among: operatorNames(domain: Self.canonical(domain)).sorted())
    }

    /// The schema's name for an element type.
    static func typeName(_ dtype: DType) -> String? {
        switch dtype {
        case .float32: "float"
        case .float16: "float16"
        case .bfloat16: "bfloat16"
        case .float64: "double"
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .bool, .string: dtype.rawValue
        case .unknown: nil
        }
    }

    /// The element type a schema's type name stands for (tensors only).
    static func dtype(_ name: String) -> DType? {
        switch name {
        case "float": .float32
        case "float16": .float16
        case "bfloat16": .bfloat16
        case "double": .float64
        default: DType(rawValue: name)
        }
    }
}

/// The schemas parsed so far, shared by the threads that read models at once.
private final class ParsedSchemas: @unchecked Sendable {
    private let lock = NSLock()
    private var schemas: [String: [ONNXSchemas.Schema]] = [:]

    func schemas(for key: String, parse: () -> [ONNXSchemas.Schema]) -> [ONNXSchemas.Schema] {
        lock.lock()
        defer { lock.unlock() }
        if let known = schemas[key] { return known }
        let parsed = parse()
        schemas[key] = parsed
        return parsed
    }
}
