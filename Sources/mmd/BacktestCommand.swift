import ArgumentParser
import Foundation
import Logging
import MMConfig
import MMDaemon
import MMSim

struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Run the real engines against the in-process simulator in accelerated time and report P&L and risk.",
        discussion: "The report format is documented in docs/backtest.md. Same scenario, configuration and seed give the same report.")

    @Option(help: "The scenario file (see etc/scenarios/).") var scenario: String
    @Option(help: "The configuration file whose strategy and risk settings are tested (default: etc/mmd.yaml).") var config: String?
    @Option(help: "Override the scenario's seed.") var seed: UInt64?
    @Flag(help: "Run the roadmap's original behaviour instead: no skew, no stop-loss, no volatility or bait defence.") var baseline = false
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Keep the run's SQLite database at this path (default: a temporary file, removed).") var database: String?
    @Option(help: "Engine log level on stderr (default: error).") var logLevel: String = "error"

    func run() async throws {
        let (configuration, _, _) = try loadConfiguration(config)
        guard let yaml = try? String(contentsOfFile: scenario, encoding: .utf8) else { throw configurationFailure("cannot read the scenario file \(scenario)") }
        let loaded: Scenario
        do { loaded = try Scenario.load(yaml: yaml, source: scenario) } catch { throw configurationFailure(error.description) }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level \(logLevel) must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))") }
        var logger = Logger(label: "mmd.backtest")
        logger.logLevel = level
        var backtest = Backtest(scenario: loaded, configuration: configuration, seed: seed, baseline: baseline, databasePath: database, logger: logger)
        backtest.progress = { elapsed, total in
            guard elapsed % 600_000 == 0 else { return }
            FileHandle.standardError.write(Data("backtest: \(elapsed / 60_000)/\(total / 60_000) simulated minutes\n".utf8))
        }
        let report = try await backtest.run()
        print(json ? report.json : report.text)
    }
}
