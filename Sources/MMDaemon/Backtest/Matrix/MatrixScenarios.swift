import Foundation
import MMSim

/// The scenario files of a matrix directory, loaded, with the ones it leaves out and why.
public struct MatrixScenarios: Sendable {
    /// A scenario that runs, and the file it came from (named in errors and in the report).
    public struct Entry: Sendable {
        public var file: String
        public var scenario: Scenario
    }

    /// A file left out of the matrix.
    public struct Skipped: Codable, Sendable, Hashable {
        public var file: String
        public var reason: String
    }

    /// Scenarios with more markets than this are skipped unless the caller includes large ones: a
    /// thousand-market day (`scale-1000.yaml`) is a scale test, and twenty seeds of it would take hours.
    public static let defaultMaximumMarkets = 10

    public var entries: [Entry]
    public var skipped: [Skipped]

    /// Loads every `*.yaml` file of `directory`, in file-name order.
    ///
    /// - Parameters:
    ///   - maximumMarkets: skip scenarios with more markets than this; `nil` includes every size.
    ///   - excluding: file names (`scale-1000.yaml`) or scenario names to leave out.
    /// - Throws: ``MatrixError`` naming the directory or the file that cannot be read or is invalid.
    public static func load(directory: String, maximumMarkets: Int? = defaultMaximumMarkets, excluding: Set<String> = []) throws(MatrixError) -> MatrixScenarios {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw MatrixError("cannot list the scenario directory \(directory): \(error.localizedDescription)")
        }
        var result = MatrixScenarios(entries: [], skipped: [])
        for name in names.filter({ $0.hasSuffix(".yaml") }).sorted() {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if excluding.contains(name) {
                result.skipped.append(Skipped(file: name, reason: "excluded"))
                continue
            }
            guard let yaml = try? String(contentsOfFile: path, encoding: .utf8) else { throw MatrixError("cannot read the scenario file \(path)") }
            let scenario: Scenario
            do { scenario = try Scenario.load(yaml: yaml, source: path) } catch { throw MatrixError(error.description) }
            if excluding.contains(scenario.name) {
                result.skipped.append(Skipped(file: name, reason: "excluded"))
            } else if let maximumMarkets, scenario.markets.count > maximumMarkets {
                result.skipped.append(Skipped(file: name, reason: "\(scenario.markets.count) markets, more than \(maximumMarkets) (--include-large runs it)"))
            } else {
                result.entries.append(Entry(file: name, scenario: scenario))
            }
        }
        guard !result.entries.isEmpty else { throw MatrixError("no scenario to run in \(directory) (\(result.skipped.count) skipped, no other *.yaml file)") }
        return result
    }
}

/// A matrix could not run: the message names the directory, scenario file, seed and strategy concerned.
public struct MatrixError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
