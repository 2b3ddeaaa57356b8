/// One problem in a configuration file, named by its key path and the rule it breaks.
public struct ConfigurationIssue: Hashable, Sendable, CustomStringConvertible {
    /// Dotted key path, e.g. `markets[0].orderSize`.
    public var path: String
    /// The whole sentence, starting with the path: `markets[0].orderSize (20) must be ≤ limits.maxNetExposure (10)`.
    public var description: String

    public init(path: String, _ description: String) {
        self.path = path
        self.description = description
    }
}

/// Every problem found in a configuration, reported together so one edit can fix them all.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var issues: [ConfigurationIssue]

    public init(source: String, issues: [ConfigurationIssue]) {
        self.source = source
        self.issues = issues
    }

    public var description: String {
        let noun = issues.count == 1 ? "problem" : "problems"
        return "\(source): \(issues.count) configuration \(noun):\n" + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}
