import ModelLintIR

/// A lint rule: its description (code, name, documentation, examples) and a
/// check over one graph. Rules are stateless; everything they need is in the
/// context, and everything they find goes back through it.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    func check(_ context: inout RuleContext)
}

extension Rule {
    public var description: RuleDescription { Self.description }
}
