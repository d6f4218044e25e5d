import ModelLintIR

/// Findings as JSON, for scripts, dashboards and other tools (`--format json`).
/// The schema is stable: version 1 only ever gains keys; a key is never
/// renamed, removed or retyped without raising `version`. Every key is always
/// present (`null` when there is nothing to say), keys come in the order shown,
/// findings in the engine's order, and the output is pretty-printed with two
/// spaces and ends with one newline, so the same run always writes the same
/// bytes. See `docs/json-schema.md`.
///
///     {
///       "version": 1,
///       "tool": {"name": "modellint", "version": "0.1.0"},
///       "files_linted": 3,
///       "summary": {"errors": 1, "warnings": 2, "notes": 0, "unreadable_files": 0},
///       "findings": [
///         {
///           "code": "ML201",
///           "name": "pool-stride-exceeds-kernel",
///           "severity": "warning",             // "error" | "warning" | "note"
///           "message": "pooling stride 5 exceeds kernel 3",
///           "file": "models/net.prototxt",     // the path as the engine has it
///           "line": 12, "column": 5,           // 1-based; null in a binary file
///           "end_line": 19, "end_column": 2,   // just past the node's definition, or null
///           "byte_range": {"start": 310, "end": 402},   // or null
///           "node": "pool1",                   // or null
///           "source_module": null,             // "encoder.conv1": the PyTorch module the exporter recorded, or null
///           "evidence": ["the input is 9 wide"],
///           "fix": "make the stride at most the kernel",  // or null
///           "related": [{"file": "…", "line": 3, "column": 1, "message": "…"}]
///         }
///       ],
///       "proofs": [ /* same shape as findings: operations proved safe (--show-proofs) */ ],
///       "unproven": [ /* same shape: operations whose bound allows a hazard nothing shows is reached (--show-unproven) */ ],
///       "diagnostics": [{"severity": "error", "message": "…", "file": "…", "line": 4, "column": 7}]
///     }
///
/// Strings are escaped as JSON requires, and further: every control character
/// (NUL, ESC, DEL, C1) and U+2028/U+2029 is written as `\uXXXX`, so the output
/// is printable UTF-8 whatever the model file contained.
public struct JSONReporter: Reporter, Sendable {
    public static let identifier = "json"
    /// The schema version written in `"version"`.
    public static let schemaVersion = 1

    public init() {}

    public func render(_ report: LintReport) -> String {
        document(for: report).rendered()
    }

    func document(for report: LintReport) -> JSONValue {
        .object([
            ("version", .int(Self.schemaVersion)),
            ("tool", .object([("name", .string(ModelLintTool.name)), ("version", .string(ModelLintTool.version))])),
            ("files_linted", .int(report.filesLinted)),
            ("summary", .object([
                ("errors", .int(report.count(of: .error))),
                ("warnings", .int(report.count(of: .warning))),
                ("notes", .int(report.count(of: .note))),
                ("unreadable_files", .int(report.unreadableFiles.count)),
                ("unproven", .int(report.unprovenCount)),
            ])),
            ("findings", .array(report.findings.map { finding($0, report) })),
            ("proofs", .array(report.proofs.map { finding($0, report) })),
            ("unproven", .array(report.unproven.map { finding($0, report) })),
            ("diagnostics", .array(report.diagnostics.map { diagnostic in
                .object([("severity", .string(diagnostic.severity.description)),
                         ("message", .string(diagnostic.message))] + position(diagnostic.location))
            })),
        ])
    }

    private func finding(_ finding: Finding, _ report: LintReport) -> JSONValue {
        let end = report.endPosition(of: finding.location)
        var members: [(String, JSONValue)] = [
            ("code", .string(finding.ruleCode)),
            ("name", .string(finding.ruleName)),
            ("severity", .string(finding.severity.description)),
            ("message", .string(finding.message)),
        ]
        members += position(finding.location)
        members += [
            ("end_line", .int(end?.line)),
            ("end_column", .int(end?.column)),
            ("byte_range", finding.location.byteRange.map { .object([("start", .int($0.lowerBound)),
                                                                     ("end", .int($0.upperBound))]) } ?? .null),
            ("node", .string(finding.nodeName)),
            ("source_module", .string(finding.sourceModule)),
            ("evidence", .array(finding.evidence.map(JSONValue.string))),
            ("fix", .string(finding.fixHint)),
            ("related", .array(finding.related.map { related in
                .object(position(related.location) + [("message", .string(related.message))])
            })),
        ]
        return .object(members)
    }

    /// `file`, `line`, `column`; line and column are null where the file has no
    /// lines (a binary model).
    private func position(_ location: SourceLocation) -> [(String, JSONValue)] {
        let hasLine = location.line >= 1
        return [("file", .string(location.file)),
                ("line", hasLine ? .int(location.line) : .null),
                ("column", hasLine ? .int(max(location.column, 1)) : .null)]
    }
}

extension LintReport {
    /// Where the definition that `location` starts ends, as the 1-based line
    /// and the column just past its last byte, when the location has a byte
    /// range that starts at its line and column and the source is known.
    func endPosition(of location: SourceLocation) -> (line: Int, column: Int)? {
        guard location.line >= 1, let range = location.byteRange, range.upperBound > range.lowerBound,
              let source = sources[location.file], range.upperBound <= source.bytes.count else { return nil }
        let start = source.position(ofByte: range.lowerBound)
        guard start.line == location.line, start.column == location.column else { return nil }
        var last = range.upperBound - 1
        // A definition that ends with its newline ends on that line.
        while last > range.lowerBound, source.bytes[last] == UInt8(ascii: "\n") || source.bytes[last] == UInt8(ascii: "\r") {
            last -= 1
        }
        let end = source.position(ofByte: last)
        return (end.line, end.column + 1)
    }
}
