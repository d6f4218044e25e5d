import ModelLintIR

/// `--format html`: one self-contained page (inline CSS, no scripts, nothing
/// fetched from the network) with a section per file: its findings, each
/// linking to its node in the picture, then the picture of the graph as
/// inline SVG. The SVG comes from the caller (who ran Graphviz on
/// `GraphDOT`'s output with `idPrefix(section:)`); without it the page says
/// what the picture needs.
public struct HTMLReporter: Reporter {
    public static let identifier = "html"

    /// Path -> inline SVG (from `<svg` on) of the file's graph.
    public var pictures: [String: String]
    /// Why there are no pictures (Graphviz missing), shown where one would be.
    public var missingPictureReason: String?

    public init(pictures: [String: String] = [:], missingPictureReason: String? = nil) {
        self.pictures = pictures
        self.missingPictureReason = missingPictureReason
    }

    /// The files of the page, in order: the files linted, else those findings name.
    public static func sectionPaths(_ report: LintReport) -> [String] {
        var seen = Set<String>()
        let named = report.files.isEmpty ? (report.findings.map(\.location.file) + report.diagnostics.map(\.location.file)) : report.files
        return named.filter { seen.insert($0).inserted }
    }

    /// What every element id of section `index` starts with (`f1-node-conv1`).
    public static func idPrefix(section index: Int) -> String { "f\(index + 1)-" }

    /// The findings (or proofs) drawn in a file's section: in the file, or in
    /// the file its graph came from (a solver's net).
    public static func items(_ items: [Finding], for path: String, in report: LintReport) -> [Finding] {
        let graphFile = report.graphs[path]?.graph.source.path
        return items.filter { $0.location.file == path || $0.location.file == graphFile }
    }

    public func render(_ report: LintReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>modellint report</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <h1>modellint report</h1>

            """
        let errors = report.count(of: .error), warnings = report.count(of: .warning), notes = report.count(of: .note)
        html += "<p class=\"summary\">\(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") "
            + "(\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(notes) note\(notes == 1 ? "" : "s")) "
            + "in \(report.filesLinted) file\(report.filesLinted == 1 ? "" : "s")</p>\n"
        let paths = Self.sectionPaths(report)
        if paths.count > 1 {
            html += "<nav><ul>\n"
            for (index, path) in paths.enumerated() {
                html += "<li><a href=\"#f\(index + 1)\">\(Self.escaped(path))</a></li>\n"
            }
            html += "</ul></nav>\n"
        }
        for (index, path) in paths.enumerated() {
            html += section(index: index, path: path, report: report)
        }
        html += "</body>\n</html>\n"
        return html
    }

    func section(index: Int, path: String, report: LintReport) -> String {
        let prefix = Self.idPrefix(section: index)
        let graph = report.graphs[path]
        let nodeNames = Set(graph?.graph.nodes.map(\.name) ?? [])
        var html = "<section id=\"f\(index + 1)\">\n<h2>\(Self.escaped(path))</h2>\n"
        let diagnostics = report.diagnostics.filter { $0.location.file == path }
        let findings = Self.items(report.findings, for: path, in: report)
        let proofs = Self.items(report.proofs, for: path, in: report)
        if findings.isEmpty && diagnostics.isEmpty { html += "<p class=\"clean\">No findings.</p>\n" }
        if !diagnostics.isEmpty || !findings.isEmpty || !proofs.isEmpty {
            html += "<ul class=\"findings\">\n"
            for diagnostic in diagnostics {
                html += "<li class=\"\(diagnostic.severity)\"><span class=\"where\">\(Self.escaped(diagnostic.location.description))</span> "
                    + "<span class=\"severity\">\(diagnostic.severity)</span> \(Self.escaped(diagnostic.message))</li>\n"
            }
            for finding in findings {
                html += item(finding, severity: "\(finding.severity)", prefix: prefix, linked: nodeNames)
            }
            for proof in proofs {
                html += item(proof, severity: "proved", prefix: prefix, linked: nodeNames)
            }
            html += "</ul>\n"
        }
        if graph != nil {
            if let svg = pictures[path] {
                html += "<div class=\"picture\">\n\(svg)\n</div>\n"
            } else {
                html += "<p class=\"nopicture\">The picture of this graph needs Graphviz: "
                    + Self.escaped(missingPictureReason ?? "Graphviz's `dot` is not installed (apt-get install graphviz)") + ".</p>\n"
            }
        }
        return html + "</section>\n"
    }

    func item(_ finding: Finding, severity: String, prefix: String, linked nodeNames: Set<String>) -> String {
        let place = Self.escaped(finding.location.description)
        var where_ = "<span class=\"where\">\(place)</span>"
        if let node = finding.nodeName, nodeNames.contains(node) {
            where_ = "<a class=\"where\" href=\"#\(GraphDOT.elementID(forNode: node, prefix: prefix))\">\(place)</a>"
        }
        var html = "<li class=\"\(severity)\">\(where_) <span class=\"severity\">\(severity)</span> "
            + Self.escaped(finding.message) + " <code>[\(Self.escaped(finding.ruleCode)) \(Self.escaped(finding.ruleName))]</code>"
        if let node = finding.nodeName { html += " <span class=\"node\">in layer ‘\(Self.escaped(node))’</span>" }
        let notes = finding.evidence + (finding.fixHint.map { ["fix: " + $0] } ?? [])
        if !notes.isEmpty {
            html += "\n<ul class=\"notes\">" + notes.map { "<li>\(Self.escaped($0))</li>" }.joined() + "</ul>"
        }
        return html + "</li>\n"
    }

    /// HTML text and attribute values: `&`, `<`, `>`, `"` and `'` as entities;
    /// control characters other than tab and new line as their visible pictures.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                result.unicodeScalars.append(TerminalSafe.needsReplacement(scalar) ? TerminalSafe.replacement(for: scalar) : scalar)
            }
        }
        return result
    }

    static let style = """
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; margin-bottom: 0.2em; }
        h2 { font-size: 1.1em; font-family: monospace; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
        .summary { color: #555; }
        ul.findings { list-style: none; padding-left: 0; }
        ul.findings > li { margin: 0.4em 0; padding: 0.3em 0.6em; border-left: 5px solid #999; background: #f7f7f7; }
        ul.findings > li.error { border-color: #c00000; background: #fff0f0; }
        ul.findings > li.warning { border-color: #c77700; background: #fff8e6; }
        ul.findings > li.note { border-color: #2f62c0; background: #f0f5ff; }
        ul.findings > li.proved { border-color: #2e7d32; background: #f0f9ef; }
        .where { font-family: monospace; }
        .severity { font-weight: bold; }
        .node { color: #555; }
        ul.notes { margin: 0.2em 0 0 1em; color: #444; font-size: 0.9em; }
        .clean { color: #2e7d32; }
        .nopicture { color: #8a5a00; font-style: italic; }
        .picture { overflow: auto; border: 1px solid #ddd; padding: 0.5em; }
        .picture svg { max-width: 100%; height: auto; }
        g.node:target polygon, g.node:target path { stroke: #e00000; stroke-width: 5px; }
        """
}
