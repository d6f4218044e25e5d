/// ANSI styling for the text reporter.
/// Kept apart from the layout so the layout is written once and styling is a
/// switch: with colour off, `apply` returns its text untouched.
enum TerminalStyle: Sendable {
    case location   // bold, like clang's `file:line:col:`
    case message    // bold
    case error      // bold red
    case warning    // bold magenta (clang's choice; yellow is unreadable on light backgrounds)
    case note       // bold cyan
    case caret      // bold green

    private var sgr: String {
        switch self {
        case .location, .message: return "1"
        case .error: return "1;31"
        case .warning: return "1;35"
        case .note: return "1;36"
        case .caret: return "1;32"
        }
    }

    static let reset = "\u{1B}[0m"

    /// `text` wrapped in this style's escape sequence when `enabled`. Callers
    /// pass text already made safe by `TerminalSafe.sanitize`; the only escape
    /// sequences in the output are the ones added here.
    func apply(_ text: String, enabled: Bool) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(sgr)m" + text + TerminalStyle.reset
    }
}
