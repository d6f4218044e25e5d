import ModelLintIR

/// Everything wrong with one configuration file, each problem at the
/// `path:line:column` of the offending key or value. A configuration with
/// any error is not used at all: the model files it governs are not linted
/// (a wrong input range would give wrong verdicts), and the run exits 2.
public struct ConfigurationError: Error, Equatable, Sendable {
    public struct Problem: Equatable, Sendable {
        public var message: String
        public var location: SourceLocation

        public init(message: String, location: SourceLocation) {
            self.message = message
            self.location = location
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// One error diagnostic per problem.
    public var diagnostics: [Diagnostic] {
        problems.map { Diagnostic(severity: .error, message: $0.message, location: $0.location) }
    }
}
