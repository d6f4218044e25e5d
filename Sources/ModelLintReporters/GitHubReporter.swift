import Foundation
import ModelLintIR

/// GitHub Actions workflow commands, one line per finding, which GitHub shows
/// as annotations on the pull request's diff:
///
///     ::warning file=net.prototxt,line=29,col=5,endLine=33,endColumn=2,title=ML201 pool-stride-exceeds-kernel::pooling stride 5 exceeds kernel 3%0Ain layer 'pool1'%0A…evidence…
///
/// - errors are `::error`, warnings `::warning`, notes `::notice`;
/// - `line`/`col` are the finding's position; `endLine`/`endColumn` the end of
///   the node's definition when the source and its byte range are known; a
///   binary model without lines gets only `file=`;
/// - the message is followed, on escaped new lines, by the node, the evidence
///   and the fix hint;
/// - a file that could not be read is an `::error` titled `modellint`; notes
///   from modellint itself (skipped files) are `::notice`; proofs are omitted;
/// - escaping is GitHub's (`toCommandValue`/`toCommandProperty` in
///   @actions/core): `%` -> `%25`, CR -> `%0D`, LF -> `%0A`, and in properties
///   also `:` -> `%3A`, `,` -> `%2C`. Any other control character (an ESC in a
///   layer name) is replaced by a visible stand-in, so the log never receives a
///   raw escape sequence from a file.
public struct GitHubReporter: Reporter, Sendable {
    public static let identifier = "github"

    public init() {}

    public func render(_ report: LintReport) -> String {
        var lines: [String] = []
        for finding in report.findings {
            var properties = location(finding.location, sources: report.sources)
            properties.append(("title", "\(finding.ruleCode) \(finding.ruleName)"))
            var message = [finding.message]
            if let node = finding.nodeName { message.append("in layer '\(node)'") }
            message += finding.evidence
            if let hint = finding.fixHint { message.append("fix: \(hint)") }
            lines.append(command(Self.command(for: finding.severity), properties, message.joined(separator: "\n")))
        }
        for diagnostic in report.diagnostics {
            var properties = location(diagnostic.location, sources: report.sources)
            properties.append(("title", "modellint"))
            lines.append(command(Self.command(for: diagnostic.severity), properties, diagnostic.message))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    static func command(for severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "notice"
        }
    }

    private func location(_ location: SourceLocation, sources: [String: SourceFile]) -> [(String, String)] {
        var properties = [("file", location.file)]
        guard location.line >= 1 else { return properties }
        properties.append(("line", String(location.line)))
        if location.column >= 1 { properties.append(("col", String(location.column))) }
        if let range = location.byteRange, range.upperBound > range.lowerBound,
           let source = sources[location.file], range.upperBound <= source.bytes.count {
            let end = source.position(ofByte: range.upperBound - 1)
            if end.line >= location.line {
                properties.append(("endLine", String(end.line)))
                properties.append(("endColumn", String(end.column)))
            }
        }
        return properties
    }

    private func command(_ name: String, _ properties: [(String, String)], _ message: String) -> String {
        let props = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(props)::\(Self.escapeData(message))"
    }

    /// A workflow command's message.
    public static func escapeData(_ text: String) -> String {
        TerminalSafe.sanitize(text
            .replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A"))
    }

    /// A workflow command's property value (`file=`, `title=`).
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
