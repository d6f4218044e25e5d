import Foundation
import ModelLintIR

/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (`--format sarif`).
///
/// - `runs[0].tool.driver`: name, version, and `rules`, one
///   reportingDescriptor per rule declaration handed to `init(rules:)`: id =
///   code, name = the kebab name in PascalCase, shortDescription = summary,
///   fullDescription = rationale, help (text and markdown: the fix and the
///   first examples), defaultConfiguration.level, and properties (tags: the
///   category from the code and the kebab name; precision). A finding whose
///   code is not declared (a meta rule the caller left out) gets a minimal
///   descriptor of its own, so every `ruleId` resolves.
/// - `results`: one per finding (`kind` "fail"), one per proof (`kind`
///   "pass", `level` "none") and one per unproven operation (`kind`
///   "review", `level` "none", with `--show-unproven`); ruleId, ruleIndex, level, message.text (the
///   message, the evidence and the fix), a physical location (uri relative to
///   the base directory under `uriBaseId` "%SRCROOT%", region with start and
///   end line and column in UTF-16 code units), a logical location naming the
///   node, related locations, `partialFingerprints.primaryLocationLineHash`
///   (rule code + trimmed source line + node name, so it survives the finding
///   moving to another line) and `properties` (ruleName, node, evidence, fix,
///   byteRange).
/// - A finding in a binary file (no lines) is placed at line 1 of the file,
///   because GitHub requires a startLine; its bytes are given exactly as a
///   related location with a binary region (byteOffset, byteLength) and in
///   `properties.byteRange`.
/// - `invocations[0]`: executionSuccessful (false when a file could not be
///   read) and the tool's own diagnostics as toolExecutionNotifications.
public struct SARIFReporter: Reporter, Sendable {
    public static let identifier = "sarif"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public let rules: [RuleDescription]
    /// The directory result uris are relative to (the repository root);
    /// relative paths in the report are taken relative to the current directory.
    public let baseDirectory: String

    /// `baseDirectory` nil means the current directory.
    public init(rules: [RuleDescription], baseDirectory: String? = nil) {
        self.rules = rules
        let current = FileManager.default.currentDirectoryPath
        self.baseDirectory = Self.absolute(baseDirectory ?? current, in: current)
    }

    public func render(_ report: LintReport) -> String {
        document(for: report).rendered()
    }

    // MARK: - The log

    func document(for report: LintReport) -> JSONValue {
        var descriptors = rules.map(descriptor)
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() where index[rule.code] == nil { index[rule.code] = i }
        for finding in report.findings + report.proofs + report.unproven where index[finding.ruleCode] == nil {
            index[finding.ruleCode] = descriptors.count
            descriptors.append(undeclaredDescriptor(finding))
        }

        var fingerprintCounts: [String: Int] = [:]
        var results: [JSONValue] = []
        for finding in report.findings {
            results.append(result(finding, kind: "fail", ruleIndex: index[finding.ruleCode]!, report: report,
                                  counts: &fingerprintCounts))
        }
        for proof in report.proofs {
            results.append(result(proof, kind: "pass", ruleIndex: index[proof.ruleCode]!, report: report,
                                  counts: &fingerprintCounts))
        }
        for item in report.unproven {
            results.append(result(item, kind: "review", ruleIndex: index[item.ruleCode]!, report: report,
                                  counts: &fingerprintCounts))
        }

        let notifications: [JSONValue] = report.diagnostics.map { diagnostic in
            .object([
                ("level", .string(level(diagnostic.severity))),
                ("message", .object([("text", .string(nonEmpty(diagnostic.message)))])),
                ("locations", .array([.object([("physicalLocation", physicalLocation(diagnostic.location, report))])])),
            ])
        }

        let run: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", .string(ModelLintTool.name)),
                ("version", .string(ModelLintTool.version)),
                ("semanticVersion", .string(ModelLintTool.version)),
                ("rules", .array(descriptors)),
            ]))])),
            ("invocations", .array([.object([
                ("executionSuccessful", .bool(!report.diagnostics.contains { $0.severity == .error })),
                ("toolExecutionNotifications", .array(notifications)),
            ])])),
            ("originalUriBaseIds", .object([
                ("%SRCROOT%", .object([("uri", .string(Self.fileURI(directory: baseDirectory)))])),
            ])),
            ("columnKind", .string("utf16CodeUnits")),
            ("results", .array(results)),
            ("properties", .object([("filesLinted", .int(report.filesLinted))])),
        ])
        return .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    // MARK: - Rules

    private func descriptor(_ rule: RuleDescription) -> JSONValue {
        .object([
            ("id", .string(rule.code)),
            ("name", .string(Self.pascalCase(rule.name))),
            ("shortDescription", .object([("text", .string(nonEmpty(rule.summary)))])),
            ("fullDescription", .object([("text", .string(nonEmpty(Self.truncated(rule.rationale, to: 1024))))])),
            ("help", .object([("text", .string(helpText(rule))), ("markdown", .string(helpMarkdown(rule)))])),
            ("defaultConfiguration", .object([("level", .string(level(rule.defaultSeverity)))])),
            ("properties", .object([
                ("tags", .array([.string(Self.category(of: rule.code)), .string(rule.name)])),
                ("precision", .string(Self.precision(of: rule.code))),
            ])),
        ])
    }

    private func undeclaredDescriptor(_ finding: Finding) -> JSONValue {
        let name = finding.ruleName.isEmpty ? finding.ruleCode : finding.ruleName
        return .object([
            ("id", .string(finding.ruleCode)),
            ("name", .string(Self.pascalCase(name))),
            ("shortDescription", .object([("text", .string(name))])),
            ("fullDescription", .object([("text", .string(name))])),
            ("help", .object([("text", .string("See `modellint explain \(finding.ruleCode)`."))])),
            ("properties", .object([("tags", .array([.string(Self.category(of: finding.ruleCode)), .string(name)]))])),
        ])
    }

    private func helpText(_ rule: RuleDescription) -> String {
        "\(rule.summary)\n\n\(rule.rationale)\n\nFix: \(rule.fix)"
    }

    /// Summary, rationale, fix, then the first example that triggers the rule
    /// and the first that does not, each as a fenced code block.
    private func helpMarkdown(_ rule: RuleDescription) -> String {
        var parts = ["**\(rule.summary)**", rule.rationale, "**Fix:** \(rule.fix)"]
        if let bad = rule.examples.first(where: \.triggers) {
            parts.append("Flagged:\n\n" + Self.codeBlock(bad.source, language: bad.format.rawValue))
        }
        if let good = rule.examples.first(where: { !$0.triggers }) {
            parts.append("Not flagged:\n\n" + Self.codeBlock(good.source, language: good.format.rawValue))
        }
        if !rule.thresholds.isEmpty {
            parts.append("Thresholds (`.modellint.yml`, `--threshold NAME=VALUE`):\n\n"
                         + rule.thresholds.map { "- `\($0.name)` (default \($0.defaultValue)): \($0.summary)" }
                             .joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    /// A fence longer than any run of backticks in `source`, so an example
    /// cannot close its block early.
    static func codeBlock(_ source: String, language: String) -> String {
        var longest = 0, run = 0
        for character in source {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let lang = language == "onnx.json" ? "json" : language
        let body = source.hasSuffix("\n") ? source : source + "\n"
        return "\(fence)\(lang)\n\(body)\(fence)"
    }

    /// `ML0xx` graph validity, `ML1xx` numerical, `ML2xx` layers, `ML3xx` training, `ML9xx` meta.
    static func category(of code: String) -> String {
        let digits = code.drop { !$0.isNumber }
        switch digits.first {
        case "0": return "graph-validity"
        case "1": return "numerical"
        case "2": return "layers"
        case "3": return "training"
        case "9": return "meta"
        default: return "modellint"
        }
    }

    /// Structural rules are exact; numerical verdicts rest on assumed input
    /// ranges, so a "possible" overflow may never happen in practice.
    static func precision(of code: String) -> String {
        category(of: code) == "numerical" ? "high" : "very-high"
    }

    /// `pool-stride-exceeds-kernel` -> `PoolStrideExceedsKernel`.
    static func pascalCase(_ name: String) -> String {
        name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    private static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    // MARK: - Results

    private func result(_ finding: Finding, kind: String, ruleIndex: Int, report: LintReport,
                        counts: inout [String: Int]) -> JSONValue {
        var text = finding.message
        if let node = finding.nodeName { text += " (layer '\(node)')" }
        for fact in finding.evidence { text += "\n\(fact)" }
        if let hint = finding.fixHint { text += "\nFix: \(hint)" }

        var location: [(String, JSONValue)] = [("physicalLocation", physicalLocation(finding.location, report))]
        if let node = finding.nodeName {
            location.append(("logicalLocations", .array([.object([("name", .string(node))])])))
        }

        var related: [JSONValue] = []
        var nextID = 1
        if finding.location.line < 1, let bytes = finding.location.byteRange {
            related.append(.object([
                ("id", .int(nextID)),
                ("physicalLocation", .object([
                    ("artifactLocation", artifactLocation(finding.location.file)),
                    ("region", .object([("byteOffset", .int(bytes.lowerBound)), ("byteLength", .int(bytes.count))])),
                ])),
                ("message", .object([("text", .string("\(finding.nodeName.map { "layer '\($0)'" } ?? "the node") is at bytes \(bytes.lowerBound)..<\(bytes.upperBound)"))])),
            ]))
            nextID += 1
        }
        for item in finding.related {
            related.append(.object([
                ("id", .int(nextID)),
                ("physicalLocation", physicalLocation(item.location, report)),
                ("message", .object([("text", .string(nonEmpty(item.message)))])),
            ]))
            nextID += 1
        }

        let hash = lineHash(finding, report)
        let occurrence = counts[hash, default: 0] + 1
        counts[hash] = occurrence

        var properties: [(String, JSONValue)] = [("ruleName", .string(finding.ruleName))]
        if let node = finding.nodeName { properties.append(("node", .string(node))) }
        properties.append(("evidence", .array(finding.evidence.map(JSONValue.string))))
        if let hint = finding.fixHint { properties.append(("fix", .string(hint))) }
        if let bytes = finding.location.byteRange {
            properties.append(("byteRange", .object([("start", .int(bytes.lowerBound)), ("end", .int(bytes.upperBound))])))
        }

        var members: [(String, JSONValue)] = [
            ("ruleId", .string(finding.ruleCode)),
            ("ruleIndex", .int(ruleIndex)),
            ("kind", .string(kind)),
            // SARIF: a result whose kind is not "fail" has level "none".
            ("level", .string(kind == "fail" ? level(finding.severity) : "none")),
            ("message", .object([("text", .string(nonEmpty(text)))])),
            ("locations", .array([.object(location)])),
        ]
        if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
        members.append(("partialFingerprints", .object([("primaryLocationLineHash", .string("\(hash):\(occurrence)"))])))
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    private func physicalLocation(_ location: SourceLocation, _ report: LintReport) -> JSONValue {
        .object([("artifactLocation", artifactLocation(location.file)), ("region", region(location, report))])
    }

    /// A text region with start and end, columns in UTF-16 code units. With
    /// no line (a binary file) the region is line 1 of the file: GitHub needs a
    /// startLine, and the exact bytes go in a related location.
    private func region(_ location: SourceLocation, _ report: LintReport) -> JSONValue {
        guard location.line >= 1 else {
            return .object([("startLine", .int(1)), ("startColumn", .int(1)), ("endLine", .int(1)), ("endColumn", .int(1))])
        }
        let source = report.sources[location.file]
        let startColumn = utf16Column(line: location.line, byteColumn: max(location.column, 1), source)
        var endLine = location.line, endColumn = startColumn + 1
        if let end = report.endPosition(of: location) {
            endLine = end.line
            endColumn = utf16Column(line: end.line, byteColumn: end.column, source)
        } else if let text = source?.line(location.line) {
            // The rest of the line.
            endColumn = max(text.utf16.count + 1, startColumn)
        }
        return .object([("startLine", .int(location.line)), ("startColumn", .int(startColumn)),
                        ("endLine", .int(endLine)), ("endColumn", .int(endColumn))])
    }

    /// The engine counts columns in bytes; SARIF (and GitHub) in UTF-16 code units.
    private func utf16Column(line: Int, byteColumn: Int, _ source: SourceFile?) -> Int {
        guard let source, line >= 1, line <= source.lineStarts.count else { return byteColumn }
        let start = source.lineStarts[line - 1]
        let end = min(start + byteColumn - 1, source.bytes.count)
        guard end > start else { return byteColumn }
        return String(decoding: source.bytes[start..<end], as: UTF8.self).utf16.count + 1
    }

    private func artifactLocation(_ file: String) -> JSONValue {
        let path = Self.absolute(file, in: FileManager.default.currentDirectoryPath)
        let base = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        if path.hasPrefix(base) {
            return .object([("uri", .string(Self.percentEncoded(String(path.dropFirst(base.count))))),
                            ("uriBaseId", .string("%SRCROOT%"))])
        }
        // Outside the base directory: an absolute file URI (GitHub will not place it).
        return .object([("uri", .string("file://" + Self.percentEncoded(path)))])
    }

    // MARK: - Fingerprints

    /// FNV-1a (64-bit, hex) of the rule code, the trimmed text of the line the
    /// finding points at, and the node name: the same finding on a line moved
    /// up or down keeps its hash. Deterministic across runs and platforms
    /// (unlike `Hasher`). `:N` is appended by the caller, N counting equal hashes.
    private func lineHash(_ finding: Finding, _ report: LintReport) -> String {
        let line = finding.location.line >= 1
            ? report.sources[finding.location.file]?.line(finding.location.line)?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            : ""
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(finding.ruleCode.utf8) + [0] + Array(line.utf8) + [0] + Array((finding.nodeName ?? "").utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: - Helpers

    private func level(_ severity: Severity) -> String { severity.description }

    private func nonEmpty(_ text: String) -> String { text.isEmpty ? "(no message)" : text }

    /// `path` made absolute against `directory`, with `.` and `..` segments resolved textually.
    static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    static func fileURI(directory: String) -> String {
        let path = percentEncoded(directory)
        return "file://" + (path.hasSuffix("/") ? path : path + "/")
    }

    /// Each byte of the UTF-8 path percent-encoded unless it is unreserved
    /// (RFC 3986) or one of `/!$&'()*+,;=@`; `:` is encoded too, so a relative
    /// uri can never be read as having a scheme, and a backslash (a legal
    /// character in a POSIX file name) becomes `%5C`.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/!$&'()*+,;=@".contains(c) {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
