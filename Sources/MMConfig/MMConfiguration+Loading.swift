import MMCore
import Yams

extension MMConfiguration {
    /// Parses and validates a YAML document.
    ///
    /// - Parameter source: a name for the document in error messages, usually its path.
    /// - Throws: ``ConfigurationError`` listing every problem with its key path; nothing is half-applied.
    public static func load(yaml: String, source: String = "mmd.yaml") throws(ConfigurationError) -> MMConfiguration {
        let file: ConfigurationFile
        do {
            if let node = try Yams.compose(yaml: yaml) {
                let unknown = KnownKeys.unknownKeys(in: node)
                if !unknown.isEmpty { throw ConfigurationError(source: source, issues: unknown) }
            }
            file = try YAMLDecoder().decode(ConfigurationFile.self, from: yaml.isEmpty ? "{}" : yaml)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw ConfigurationError(source: source, issues: [Self.issue(from: error)])
        } catch {
            throw ConfigurationError(source: source, issues: [ConfigurationIssue(path: "", "not valid YAML: \(error)")])
        }
        var validator = ConfigurationValidator()
        let configuration = validator.validate(file)
        guard validator.issues.isEmpty, let configuration else { throw ConfigurationError(source: source, issues: validator.issues) }
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
        case is Int.Type, is UInt64.Type: "a whole number"
        case is String.Type: "a scalar value"
        default: "a \(type)"
        }
    }
}
