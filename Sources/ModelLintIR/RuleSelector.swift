/// How a user names rules, everywhere one is named (`--select`, `--ignore`,
/// `.modellint.yml`'s `select`, `ignore`, `severity` and `per-file-ignores`,
/// inline suppressions): a code (`ML201`), a name
/// (`pool-stride-exceeds-kernel`), or, where a set of rules is meant, a code
/// prefix (`ML2`, every layer rule). Case does not matter. One matcher and
/// one "did you mean" for all of them.
public struct RuleSelector: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    private let lowered: String

    public init(_ text: String) {
        self.text = text
        lowered = text.lowercased()
    }

    public var description: String { text }

    /// Names one rule exactly, by its code or its name.
    public func names(code: String, name: String) -> Bool {
        lowered == code.lowercased() || lowered == name.lowercased()
    }

    /// Names the rule exactly, or covers its code as a prefix (`ML`, `ML2`, `ML20`).
    public func selects(code: String, name: String) -> Bool {
        names(code: code, name: name) || (isCodePrefix && code.lowercased().hasPrefix(lowered))
    }

    public func names(_ rule: RuleDescription) -> Bool { names(code: rule.code, name: rule.name) }
    public func selects(_ rule: RuleDescription) -> Bool { selects(code: rule.code, name: rule.name) }

    /// `ML`, `ML2`, `ML20`: shorter than a code, and a code's beginning.
    public var isCodePrefix: Bool {
        lowered.hasPrefix("ml") && lowered.count < 5 && lowered.dropFirst(2).allSatisfy(\.isNumber)
    }

    /// The code or name among `rules` nearest to the text, when it is near
    /// enough to be a typo: at most max(2, a third of its length) edits.
    public func suggestion(among rules: [RuleDescription]) -> String? {
        EditDistance.nearest(to: text, among: rules.flatMap { [$0.code, $0.name] })
    }
}
