extension TextReporter {
    /// Whether to colour output, given the process environment and whether
    /// standard output is a terminal. The command line calls this once and
    /// passes the answer to `init(useColor:)`, so the reporter itself never
    /// reads the environment and tests can render either way. In order:
    ///
    /// 1. `NO_COLOR` present and not empty: never colour
    ///    (https://no-color.org: "when present and not an empty string,
    ///    regardless of its value"). It wins over everything below, because it
    ///    is the user's explicit opt-out.
    /// 2. `CLICOLOR_FORCE` present, not empty and not `0` (normally
    ///    `CLICOLOR_FORCE=1`): colour even when output is not a terminal, for
    ///    CI log viewers that render ANSI (https://bixense.com/clicolors).
    /// 3. Not a terminal (a pipe, a file): no colour.
    /// 4. `TERM=dumb` or `CLICOLOR=0`: no colour; the terminal cannot show it,
    ///    or the user asked for none.
    /// 5. Otherwise colour.
    public static func shouldUseColor(environment: [String: String], isTerminal: Bool) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if let force = environment["CLICOLOR_FORCE"], !force.isEmpty, force != "0" { return true }
        guard isTerminal else { return false }
        if environment["TERM"] == "dumb" { return false }
        if environment["CLICOLOR"] == "0" { return false }
        return true
    }
}
