import ModelLintIR
import ModelLintRules

/// The inline suppressions of one linted file (and of the files it brought
/// in: a solver's net), and what they did to its findings.
///
/// - A `# modellint: disable=…` comment at the end of a line covers that line;
///   on a line of its own it covers the next line of code (stacked comments
///   all cover it). When the covered line is where a node's definition starts
///   (`layer {`), the whole definition is covered.
/// - `disable-file=…` covers the whole file it is written in.
/// - An ONNX node's `doc_string` covers that node, and the graphs nested in it.
struct Suppressions {
    /// One rule named by one directive: the unit that is used or unused.
    struct Entry {
        var key: Key
        var location: SourceLocation
        var nodeName: String?
        var identifier: String
        /// Nil for an identifier that names no rule (reported by ML902).
        var rule: RuleDescription?
        var scope: Coverage
    }

    /// Identifies an entry across the several passes that may lint one file
    /// (a net on its own and through its solver).
    struct Key: Hashable, Sendable {
        var location: SourceLocation
        var nodeName: String?
        var identifier: String
    }

    struct Coverage {
        var file: String
        var wholeFile = false
        var lines: Set<Int> = []
        var byteRanges: [Range<Int>] = []
        var nodeName: String?
    }

    /// Whether a suppression of `key` suppressed anything, for the unused check.
    struct Use: Sendable {
        var key: Key
        var ruleCode: String
        var used: Bool
    }

    var entries: [Entry] = []
    /// ML902 findings: unknown rules and malformed directives.
    var problems: [Finding] = []


    /// Reads the suppressions in `sources` (text files, with `scanner`'s
    /// comments) and in the nodes of `graphs`.
    init(sources: [SourceFile], scanner: CommentScanner?, graphs: [Graph]) {
        var nodes: [Node] = []
        func collect(_ graph: Graph) {
            nodes += graph.nodes
            graph.subgraphs.forEach(collect)
        }
        graphs.forEach(collect)

        if let scanner {
            for source in sources {
                read(source, scanner: scanner, nodes: nodes.filter { $0.location.file == source.path })
            }
        }
        var seenNodes = Set<SourceLocation>()
        for node in nodes where !node.docString.isEmpty && seenNodes.insert(node.location).inserted {
            for parsed in SuppressionDirective.parseDocString(node.docString) {
                var coverage = Coverage(file: node.location.file)
                if let range = node.location.byteRange { coverage.byteRanges = [range] } else { coverage.nodeName = node.name }
                add(parsed, coverage: coverage, location: { _ in node.location }, nodeName: node.name)
            }
        }
    }

    private mutating func read(_ source: SourceFile, scanner: CommentScanner, nodes: [Node]) {
        let comments = scanner.comments(in: source.bytes)
        let commentOnly = Set(comments.filter(\.ownLine).map(\.line))
        func isCode(_ line: Int) -> Bool {
            !commentOnly.contains(line) && !(source.line(line) ?? "").allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
        }
        for comment in comments {
            guard let parsed = SuppressionDirective.parseComment(comment.text) else { continue }
            var coverage = Coverage(file: source.path)
            if case .directive(let directive) = parsed, directive.scope == .file {
                coverage.wholeFile = true
            } else {
                var line = comment.line
                if comment.ownLine {
                    line += 1
                    while line <= source.lineStarts.count, !isCode(line) { line += 1 }
                }
                coverage.lines = [line]
                coverage.byteRanges = nodes.filter { $0.location.line == line }.compactMap(\.location.byteRange)
            }
            add(parsed, coverage: coverage, location: { offset in
                SourceLocation(file: source.path, line: comment.line, column: comment.textColumn + offset)
            }, nodeName: nil)
        }
    }

    private mutating func add(_ parsed: SuppressionDirective.Parsed, coverage: Coverage,
                              location: (Int) -> SourceLocation, nodeName: String?) {
        switch parsed {
        case .malformed(let message, let offset):
            problems.append(Self.problem("malformed suppression: \(message)", at: location(offset), nodeName: nodeName,
                                         fix: "Write 'modellint: disable=ML201' (or disable-file=), codes or names separated by commas, then optionally ' -- reason'."))
        case .directive(let directive):
            for target in directive.targets {
                let here = location(target.offset)
                let rule = RuleRegistry.rule(named: target.identifier)?.description
                if rule == nil {
                    problems.append(Self.unknown(target.identifier, at: here, nodeName: nodeName))
                }
                entries.append(Entry(key: Key(location: here, nodeName: nodeName, identifier: target.identifier.lowercased()),
                                     location: here, nodeName: nodeName, identifier: target.identifier, rule: rule,
                                     scope: coverage))
            }
        }
    }

    /// Removes the findings a suppression covers; says which entries were used.
    func apply(to findings: [Finding], sources: [SourceFile]) -> (kept: [Finding], suppressed: Int, uses: [Use]) {
        var used = Array(repeating: false, count: entries.count)
        var kept: [Finding] = []
        var suppressed = 0
        let files = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for finding in findings {
            var hit = false
            for (index, entry) in entries.enumerated() where entry.rule?.code == finding.ruleCode
                && Self.covers(entry.scope, finding, file: files[finding.location.file]) {
                used[index] = true
                hit = true
            }
            if hit { suppressed += 1 } else { kept.append(finding) }
        }
        let uses = entries.indices.compactMap { index -> Use? in
            guard let code = entries[index].rule?.code else { return nil }
            return Use(key: entries[index].key, ruleCode: code, used: used[index])
        }
        return (kept, suppressed, uses)
    }

    private static func covers(_ coverage: Coverage, _ finding: Finding, file: SourceFile?) -> Bool {
        let location = finding.location
        guard location.file == coverage.file else { return false }
        if coverage.wholeFile || coverage.lines.contains(location.line) { return true }
        if let nodeName = coverage.nodeName, finding.nodeName == nodeName { return true }
        let offset: Int? = location.byteRange?.lowerBound ?? file.flatMap { file in
            location.line >= 1 && location.line <= file.lineStarts.count ? file.lineStarts[location.line - 1] + location.column - 1 : nil
        }
        guard let offset else { return false }
        return coverage.byteRanges.contains { $0.contains(offset) }
    }

    // MARK: Meta findings

    static func problem(_ message: String, at location: SourceLocation, nodeName: String?, fix: String? = nil) -> Finding {
        let rule = UnknownRuleInSuppression.description
        return Finding(ruleCode: rule.code, ruleName: rule.name, severity: rule.defaultSeverity, message: message,
                       location: location, nodeName: nodeName, fixHint: fix ?? rule.fix)
    }

    static func unknown(_ identifier: String, at location: SourceLocation, nodeName: String?) -> Finding {
        let selector = RuleSelector(identifier)
        if selector.isCodePrefix, case let covered = RuleRegistry.descriptions.filter(selector.selects).map(\.code), !covered.isEmpty {
            return problem("'\(identifier)' is a code prefix; a suppression names single rules "
                           + "(\(covered.prefix(4).joined(separator: ", "))\(covered.count > 4 ? ", …" : ""))",
                           at: location, nodeName: nodeName)
        }
        var message = "'\(identifier)' is not a rule code or name"
        if let guess = selector.suggestion(among: RuleRegistry.descriptions) { message += "; did you mean '\(guess)'?" }
        return problem(message, at: location, nodeName: nodeName)
    }

    /// ML901 for every suppression of a selected rule that no pass used.
    static func unused(_ uses: [Use], selected: Set<String>) -> [Finding] {
        var order: [Key] = []
        var merged: [Key: Use] = [:]
        for use in uses {
            if merged[use.key] == nil { order.append(use.key); merged[use.key] = use } else if use.used { merged[use.key]?.used = true }
        }
        let rule = UnusedSuppression.description
        return order.compactMap { key in
            guard let use = merged[key], !use.used, selected.contains(use.ruleCode) else { return nil }
            let suppressed = RuleRegistry.rule(named: use.ruleCode)?.description
            guard suppressed?.isMeta != true else { return nil }
            let name = suppressed?.name ?? ""
            let place = key.nodeName.map { " on node '\($0)'" } ?? ""
            return Finding(ruleCode: rule.code, ruleName: rule.name, severity: rule.defaultSeverity,
                           message: "this suppression of \(use.ruleCode) (\(name))\(place) suppresses nothing",
                           location: key.location, nodeName: key.nodeName, fixHint: rule.fix)
        }
    }
}
