import ModelLintIR

/// Compiler-style text, for people at a terminal and for CI logs:
///
///     net.prototxt:12:5: warning: pooling stride 5 exceeds kernel 3 [ML201]
///         stride: 5
///         ^
///     note: in layer 'pool1'
///     note: <evidence, one line each>
///     note: fix: <hint>
///     solver.prototxt:3:1: note: <related location's message>
///     1 finding (1 warning) in 1 file
///
/// Editors and terminals already know how to jump to `path:line:col:`, so the
/// format is clang's. Findings come first in the engine's order, then tool
/// diagnostics (parse errors, skipped files) next to the summary that counts
/// them, so they are not scrolled away by a long list of findings.
public struct TextReporter: Reporter, Sendable {
    public static let identifier = "text"

    /// ANSI colour on or off; the caller decides, normally with
    /// `TextReporter.shouldUseColor(environment:isTerminal:)`.
    public var useColor: Bool

    /// `--quiet`: only findings (with their quoted lines and notes) and error
    /// diagnostics; no proofs, no notes from modellint itself (skipped files),
    /// no summary line. A clean run prints nothing at all.
    public var quiet: Bool

    public init(useColor: Bool, quiet: Bool = false) {
        self.useColor = useColor
        self.quiet = quiet
    }

    public func render(_ report: LintReport) -> String {
        var lines: [String] = []
        for finding in report.findings {
            render(finding, sources: report.sources, into: &lines)
        }
        for proof in report.proofs where !quiet {
            appendLocated(proof.location, label: "proved", style: .note,
                          message: "\(proof.message) [\(proof.ruleCode)]", sources: report.sources, into: &lines)
            lines += proof.evidence.map(note)
        }
        for item in report.unproven where !quiet {
            appendLocated(item.location, label: "unproven", style: .note,
                          message: "\(item.message) [\(item.ruleCode)]", sources: report.sources, into: &lines)
            lines += item.evidence.map(note)
        }
        for diagnostic in report.diagnostics where !quiet || diagnostic.severity == .error {
            appendLocated(diagnostic.location, severity: diagnostic.severity, message: diagnostic.message,
                          sources: report.sources, into: &lines)
        }
        if quiet {
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
        lines.append(summary(of: report))
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ finding: Finding, sources: [String: SourceFile], into lines: inout [String]) {
        appendLocated(finding.location, severity: finding.severity,
                      message: "\(finding.message) [\(finding.ruleCode)]", sources: sources, into: &lines)
        if let node = finding.nodeName {
            lines.append(note("in layer '\(node)'" + (finding.sourceModule.map { " (module '\($0)')" } ?? "")))
        }
        if finding.location.line < 1, let bytes = finding.location.byteRange {
            // A binary model has no lines: say where the node's bytes are, for a hex viewer.
            lines.append(note("at bytes \(bytes.lowerBound)..<\(bytes.upperBound) of the file"))
        }
        for fact in finding.evidence {
            lines.append(note(fact))
        }
        if let hint = finding.fixHint {
            lines.append(note("fix: \(hint)"))
        }
        for related in finding.related {
            appendLocated(related.location, severity: .note, message: related.message, sources: sources, into: &lines)
        }
    }

    /// `path:line:col: severity: message`, then the quoted line and caret when
    /// the file and line are known.
    private func appendLocated(_ location: SourceLocation, severity: Severity, message: String,
                               sources: [String: SourceFile], into lines: inout [String]) {
        appendLocated(location, label: severity.description, style: style(for: severity), message: message,
                      sources: sources, into: &lines)
    }

    private func appendLocated(_ location: SourceLocation, label: String, style labelStyle: TerminalStyle, message: String,
                               sources: [String: SourceFile], into lines: inout [String]) {
        lines.append(style(position(location) + ":", .location) + " "
                     + style(label + ":", labelStyle) + " "
                     + style(TerminalSafe.sanitize(message), .message))
        if let snippet = SourceSnippet(file: sources[location.file], line: location.line, column: location.column) {
            lines.append(snippet.line)
            lines.append(snippet.caretIndent + style("^", .caret))
        }
    }

    /// An unlocated `note:` line under a finding.
    private func note(_ text: String) -> String {
        style("note:", .note) + " " + TerminalSafe.sanitize(text)
    }

    /// `path:line:col`, shortened to `path:line` or `path` when the frontend
    /// could not say more (a binary ONNX file has no lines), as compilers do,
    /// rather than printing a made-up `:0:0`.
    private func position(_ location: SourceLocation) -> String {
        let file = TerminalSafe.sanitize(location.file)
        guard location.line >= 1 else { return file }
        guard location.column >= 1 else { return "\(file):\(location.line)" }
        return "\(file):\(location.line):\(location.column)"
    }

    /// `3 findings (1 error, 2 warnings) in 4 files`, `no findings in 1 file`,
    /// plus `, 1 file could not be read` when a file failed to parse.
    private func summary(of report: LintReport) -> String {
        var text: String
        if report.findings.isEmpty {
            text = "no findings"
        } else {
            let parts = Severity.allCases.reversed().compactMap { severity -> String? in
                let count = report.count(of: severity)
                return count == 0 ? nil : counted(count, severity.description)
            }
            text = "\(counted(report.findings.count, "finding")) (\(parts.joined(separator: ", ")))"
        }
        text += " in \(counted(report.filesLinted, "file"))"
        if !report.proofs.isEmpty {
            text += ", \(counted(report.proofs.count, "operation")) proved safe"
        }
        if report.unprovenCount > 0 {
            text += ", \(counted(report.unprovenCount, "operation")) not proved safe"
                + (report.unproven.isEmpty ? " (--show-unproven lists them)" : "")
        }
        let unreadable = report.unreadableFiles.count
        if unreadable > 0 {
            text += ", \(counted(unreadable, "file")) could not be read"
        }
        return text
    }

    /// `1 file`, `2 files`, `0 files`: every noun here takes a plain `s`.
    private func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    private func style(for severity: Severity) -> TerminalStyle {
        switch severity {
        case .error: return .error
        case .warning: return .warning
        case .note: return .note
        }
    }

    private func style(_ text: String, _ style: TerminalStyle) -> String {
        style.apply(text, enabled: useColor)
    }
}
