public enum Severity: Int, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case note, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String {
        switch self {
        case .note: return "note"
        case .warning: return "warning"
        case .error: return "error"
        }
    }
    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = match
    }
}

/// A second place a finding involves: the producer of a bad value, the solver line.
public struct RelatedLocation: Hashable, Sendable {
    public var location: SourceLocation
    public var message: String
    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }
}

/// What a rule reports.
public struct Finding: Hashable, Sendable {
    public var ruleCode: String
    public var ruleName: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var nodeName: String?
    /// The node's `sourceModule`: where in the user's framework code the node came from.
    public var sourceModule: String?
    public var related: [RelatedLocation]
    /// Facts behind the verdict, one per line (`the input is 9 wide`, the interval, the assumption).
    public var evidence: [String]
    public var fixHint: String?

    public init(ruleCode: String, ruleName: String, severity: Severity, message: String, location: SourceLocation,
                nodeName: String? = nil, sourceModule: String? = nil, related: [RelatedLocation] = [], evidence: [String] = [],
                fixHint: String? = nil) {
        self.ruleCode = ruleCode
        self.ruleName = ruleName
        self.severity = severity
        self.message = message
        self.location = location
        self.nodeName = nodeName
        self.sourceModule = sourceModule
        self.related = related
        self.evidence = evidence
        self.fixHint = fixHint
    }
}

/// A message from modellint itself rather than from a rule: a file that could
/// not be parsed (error, exit 2), a file skipped or a net not found (note).
public struct Diagnostic: Hashable, Sendable {
    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(severity: Severity, message: String, location: SourceLocation) {
        self.severity = severity
        self.message = message
        self.location = location
    }
}

/// An error a frontend throws for a file it cannot read, with the position of
/// the problem; the engine turns any of them into an error `Diagnostic`.
public protocol LocatedError: Error {
    var message: String { get }
    var location: SourceLocation { get }
}
