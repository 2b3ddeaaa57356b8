import MMCore
import Yams

extension MMConfiguration {
    /// Parses and validates a YAML document.
    ///
    /// Every problem is collected in one pass: unknown keys (with the likely intended key), values of the
    /// wrong type (dropped, their defaults standing in, so the rest is still decoded and validated) and every
    /// rule of ``ConfigurationValidator``, in the order of the document.
    ///
    /// - Parameter source: a name for the document in error messages, usually its path.
    /// - Throws: ``ConfigurationError`` listing every problem with its key path; nothing is half-applied.
    public static func load(yaml: String, source: String = "mmd.yaml") throws(ConfigurationError) -> MMConfiguration {
        let root: Node
        do {
            // The decoder's own resolver: scalars keep their text, so decimals never pass through a Double.
            root = try Yams.compose(yaml: yaml, Resolver.basic.appending(Resolver.Rule.merge)) ?? .mapping(Node.Mapping([]))
        } catch {
            throw ConfigurationError(source: source, issues: [ConfigurationIssue(path: "", "not valid YAML: \(error)")])
        }
        var schema = SchemaCheck()
        guard let checked = schema.check(root) else { throw ConfigurationError(source: source, issues: schema.issues) }
        let file: ConfigurationFile
        do {
            file = try YAMLDecoder().decode(ConfigurationFile.self, from: checked)
        } catch let error as DecodingError {
            // The schema mirrors ConfigurationFile, so this is a gap in KnownKeys: still report what was found.
            throw ConfigurationError(source: source, issues: schema.ordered(schema.issues + [Self.issue(from: error)]))
        } catch {
            throw ConfigurationError(source: source, issues: schema.issues + [ConfigurationIssue(path: "", "not readable: \(error)")])
        }
        var validator = ConfigurationValidator()
        let configuration = validator.validate(file)
        let issues = schema.ordered(schema.issues + validator.issues.filter { !schema.isAboutMistypedKey($0) })
        guard issues.isEmpty, let configuration else {
            throw ConfigurationError(source: source, issues: issues.isEmpty ? validator.issues : issues)
        }
        return configuration
    }

    private static func issue(from error: DecodingError) -> ConfigurationIssue {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { text, key in
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            let at = path(context.codingPath)
            return ConfigurationIssue(path: at, "\(at) has the wrong type: expected \(Self.friendlyName(of: type))")
        case .valueNotFound(let type, let context):
            let at = path(context.codingPath)
            return ConfigurationIssue(path: at, "\(at) is empty: expected \(Self.friendlyName(of: type))")
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return ConfigurationIssue(path: at, "\(at) is required")
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return ConfigurationIssue(path: at, "\(at.isEmpty ? "the document" : at) is not readable: \(context.debugDescription)")
        @unknown default:
            return ConfigurationIssue(path: "", "\(error)")
        }
    }

    private static func friendlyName(of type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type, is UInt32.Type: "a whole number"
        case is String.Type: "a scalar value"
        default: "a \(type)"
        }
    }
}
