import ModelLintAnalysis
import ModelLintIR

/// What a rule sees of one graph (the analysed model: shapes inferred,
/// intervals computed once for all rules), and where it puts its findings.
public struct RuleContext {
    public let model: AnalysedModel
    public let rule: RuleDescription
    public var graph: Graph { model.graph }
    /// Every tensor's interval.
    public var intervals: IntervalAnalysis { model.intervals }
    public private(set) var findings: [Finding] = []
    /// Dangerous operations the rule proved safe (`--show-proofs`, SARIF `kind: "pass"`).
    public private(set) var proofs: [Finding] = []
    /// Dangerous operations neither proved safe nor shown to go wrong: the
    /// bound allows the bad values, nothing shows an input reaches them
    /// (`--show-unproven`, SARIF `kind: "review"`, counted in every summary).
    public private(set) var unproven: [Finding] = []
    /// Whether anyone will read the proofs (`--show-proofs`): their evidence is not built otherwise.
    public var recordsProofs = true
    /// Threshold values set by the configuration or the command line, by name;
    /// the rule's declared defaults apply to the others.
    public var thresholds: [String: Double] = [:]

    public init(model: AnalysedModel, rule: RuleDescription) {
        self.model = model
        self.rule = rule
    }

    /// Reports the frontend's schema violations of `kind` (see
    /// `SchemaViolation`), each at its node and field; returns the nodes reported.
    @discardableResult
    public mutating func reportSchemaViolations(_ kind: SchemaViolation.Kind, severity: Severity? = nil) -> Set<NodeID> {
        var reported = Set<NodeID>()
        for violation in graph.schemaViolations where violation.kind == kind {
            if let id = violation.node, graph.nodes.indices.contains(id) {
                report(violation.message, node: graph.nodes[id], field: violation.field, severity: violation.severity ?? severity,
                       fix: violation.fix)
                reported.insert(id)
            } else {
                report(violation.message, at: violation.location ?? .startOf(graph.source.path), severity: violation.severity ?? severity,
                       fix: violation.fix)
            }
        }
        return reported
    }

    /// The value of one of the rule's declared thresholds.
    public func threshold(_ name: String) -> Double {
        if let value = thresholds[name] { return value }
        guard let declared = rule.thresholds.first(where: { $0.name == name }) else {
            preconditionFailure("\(rule.code) reads threshold '\(name)', which it does not declare")
        }
        return declared.defaultValue
    }

    /// Reports a finding at `field` of `node` (at the node itself when the field is not written).
    public mutating func report(_ message: String, node: Node, field: NodeField? = nil, severity: Severity? = nil,
                                evidence: [String] = [], related: [RelatedLocation] = [], fix: String? = nil) {
        report(message, at: field.map(node.location(of:)) ?? node.location, nodeName: node.name,
               sourceModule: node.sourceModule, severity: severity, evidence: evidence, related: related + node.expansion, fix: fix)
    }

    /// Records that `node` was proved safe from this rule's hazard.
    public mutating func recordProof(_ message: String, node: Node, evidence: [String] = []) {
        proofs.append(Finding(ruleCode: rule.code, ruleName: rule.name, severity: .note, message: message,
                              location: node.location, nodeName: node.name, sourceModule: node.sourceModule,
                              related: node.expansion, evidence: evidence))
    }

    /// Records that `node` was neither proved safe nor shown to go wrong.
    public mutating func recordUnproven(_ message: String, node: Node, field: NodeField? = nil, evidence: [String] = []) {
        unproven.append(Finding(ruleCode: rule.code, ruleName: rule.name, severity: .note, message: message,
                                location: field.map(node.location(of:)) ?? node.location, nodeName: node.name,
                                sourceModule: node.sourceModule, related: node.expansion, evidence: evidence))
    }

    public mutating func report(_ message: String, at location: SourceLocation, nodeName: String? = nil,
                                sourceModule: String? = nil, severity: Severity? = nil, evidence: [String] = [],
                                related: [RelatedLocation] = [], fix: String? = nil) {
        findings.append(Finding(ruleCode: rule.code, ruleName: rule.name, severity: severity ?? rule.defaultSeverity,
                                message: message, location: location, nodeName: nodeName, sourceModule: sourceModule,
                                related: related, evidence: evidence, fixHint: fix ?? rule.fix))
    }
}
