import ModelLintAnalysis
import ModelLintIR

/// How an operand's interval relates to the values that make an operation
/// produce NaN or Inf: the three verdicts of DESIGN.md.
public enum Verdict: String, Sendable {
    /// No value in the interval is bad.
    case proved
    /// Some values are bad, and the values that reach them are shown to be
    /// attained (manifest), or are the idiom's own operand (local): a warning.
    case possible
    /// The bound allows bad values, but nothing shows an input reaches them:
    /// counted in the summary, listed by `--show-unproven`, never a warning
    /// (Infer's Pulse calls these latent).
    case unproven
    /// Every value is bad: an error.
    case definite

    /// The verdict for `interval` against the bad set described by `isBad`
    /// (on single values) and `someBad` / `allBad` (on the interval's bounds).
    public static func of(_ interval: Interval, someBad: Bool, allBad: Bool) -> Verdict {
        if interval.isNumericEmpty { return interval.mayBeNaN ? .possible : .proved }
        return allBad ? .definite : (someBad ? .possible : .proved)
    }
}

extension RuleContext {
    /// Reports a numerical hazard, or records the proof when `verdict` is
    /// `.proved` (the unproven operation when `.unproven`): the message, the
    /// operand's interval, the chain of producers that led to it, and the
    /// input ranges the verdict assumed. A possible hazard fed by an op that
    /// has no interval semantics is unproven: its bound says nothing about
    /// what is reached.
    public mutating func reportHazard(_ message: String, node: Node, verdict: Verdict, operand: Interval,
                                      operandName: String, field: NodeField? = nil, fix: String? = nil,
                                      fact: String? = nil) {
        if verdict == .proved && !recordsProofs { return }
        var verdict = verdict
        var evidence = ["\(operandName) lies in \(operand)\(operand.mayBeNaN ? ", and may be NaN" : "")"]
        if let fact { evidence.append(fact) }
        if let chain = producerChain(of: node) { evidence.append("computed by \(chain)") }
        let opaque = opaqueAncestors(of: node)
        if !opaque.isEmpty, verdict == .possible { verdict = .unproven }
        if !opaque.isEmpty {
            let names = opaque.prefix(3).map { "'\($0.name)' (\($0.sourceType))" }.joined(separator: ", ")
            evidence.append("modellint has no interval semantics for \(names)\(opaque.count > 3 ? " and \(opaque.count - 3) more" : ""), "
                            + "so \(opaque.count == 1 ? "its output was" : "their outputs were") taken as any value, NaN included")
        }
        if !intervals.unboundedInputs.isEmpty {
            evidence.append("assuming any finite value for the input\(intervals.unboundedInputs.count == 1 ? "" : "s") "
                            + intervals.unboundedInputs.map { "'\($0)'" }.joined(separator: ", ")
                            + "; declare ranges with --input-range or input-ranges: in .modellint.yml to sharpen the proof")
        }
        evidence.append("verdict: \(verdict.rawValue)")
        guard verdict != .proved else {
            recordProof("'\(node.name)' (\(node.sourceType)) cannot go wrong by \(rule.name)", node: node, evidence: evidence)
            return
        }
        guard verdict != .unproven else {
            recordUnproven(message, node: node, field: field, evidence: evidence)
            return
        }
        report(message, node: node, field: field, severity: verdict == .definite ? .error : .warning,
               evidence: evidence, fix: fix)
    }

    /// Judges the hazard of `node` whose operand is `operand` (input
    /// `operandIndex` of the node, when it is one as it stands) with `judge`,
    /// and reports it. A bad result that a `Where` throws away wherever the
    /// operand is bad is proved safe: `where(t < c, t, log(t / c))`.
    public mutating func reportHazard(_ message: String, node: Node, operand: Interval, operandIndex: Int?,
                                      operandName: String, field: NodeField? = nil, judge: (Interval) -> Verdict) {
        let verdict = judge(operand)
        if verdict != .proved, let operandIndex,
           let kept = intervals.guardedOperand(of: node, operandIndex: operandIndex, in: graph), judge(kept.interval) == .proved {
            reportHazard(message, node: node, verdict: .proved, operand: kept.interval, operandName: operandName + " where it is kept",
                         field: field, fact: "the result is used only through '\(kept.guardNode.name)' (\(kept.guardNode.sourceType)), which keeps it where \(operandName) lies in \(kept.interval)")
            return
        }
        reportHazard(message, node: node, verdict: verdict, operand: operand, operandName: operandName, field: field)
    }

    /// The nodes without a transfer function that feed `node`, nearest first
    /// (a bounded search: at most 256 producers back).
    private func opaqueAncestors(of node: Node) -> [Node] {
        let opaque = Set(intervals.opaqueNodes)
        guard !opaque.isEmpty else { return [] }
        var found: [Node] = []
        var seen = Set<NodeID>()
        var queue = node.inputs.compactMap { graph.producer(of: $0) }
        var index = 0
        while index < queue.count, seen.count < 256 {
            let current = queue[index]
            index += 1
            guard seen.insert(current.id).inserted else { continue }
            if opaque.contains(current.id) { found.append(current) }
            queue += current.inputs.compactMap { graph.producer(of: $0) }
        }
        return found
    }

    /// `'relu' (Relu) <- 'fc' (MatMul) <- ...`, up to three producers back from input 0.
    private func producerChain(of node: Node) -> String? {
        var steps: [String] = []
        var current = node.inputs.first
        while let tensor = current, steps.count < 3, let producer = graph.producer(of: tensor) {
            steps.append("'\(producer.name)' (\(producer.sourceType))")
            current = producer.inputs.first
        }
        return steps.isEmpty ? nil : steps.joined(separator: " <- ")
    }
}
