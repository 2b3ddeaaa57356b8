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
        discussion: """
            The report formats are documented in docs/backtest.md. Same scenario, configuration and seed give the same report.
            With --matrix, every scenario file of a directory runs with seeds 1…N, in parallel, and a table per scenario
            aggregates the seeds; --compare A,B puts two strategies side by side with Welch's t across seeds, and
            --strategies A,B,C (or all) gives one row per strategy.
            """)

    @Option(help: "The scenario file (see etc/scenarios/).") var scenario: String?
    @Option(help: "Run every *.yaml scenario of this directory with seeds 1…N (instead of --scenario).") var matrix: String?
    @Option(help: "The configuration file whose strategy and risk settings are tested (default: etc/mmd.yaml).") var config: String?
    @Option(help: "Override the scenario's seed.") var seed: UInt64?
    @Option(help: "Matrix: run seeds 1 through this (default: 20).") var seeds: UInt64?
    @Flag(help: "Run the roadmap's original behaviour instead: no skew, no stop-loss, no volatility or bait defence.") var baseline = false
    @Option(help: "The quoter: ev, band, mean-reversion, momentum or grid (default: the configuration's strategy.kind).") var strategy: String?
    @Option(help: "Matrix: run two of ev, band, mean-reversion, momentum, momentum-taking, grid, baseline and show the first minus the second, e.g. ev,baseline.") var compare: String?
    @Option(help: "Matrix: run these strategies side by side, one row each per scenario (comma-separated, or all).") var strategies: String?
    @Option(help: "Matrix: backtests at once (default: the active processor count).") var jobs: Int?
    @Option(help: "Matrix: skip scenarios with more markets than this (default: \(MatrixScenarios.defaultMaximumMarkets)).") var maxMarkets: Int?
    @Flag(help: "Matrix: run scenarios of every size (scale-1000.yaml takes hours).") var includeLarge = false
    @Option(help: "Matrix: leave out this scenario file or name (repeatable).") var exclude: [String] = []
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Keep the run's SQLite database at this path (default: a temporary file, removed).") var database: String?
    @Option(help: "Engine log level on stderr (default: error).") var logLevel: String = "error"

    func validate() throws {
        guard (scenario == nil) != (matrix == nil) else { throw ValidationError("give exactly one of --scenario FILE and --matrix DIRECTORY") }
        if matrix == nil {
            let matrixOnly = [("--seeds", seeds != nil), ("--compare", compare != nil), ("--strategies", strategies != nil), ("--jobs", jobs != nil), ("--max-markets", maxMarkets != nil),
                              ("--include-large", includeLarge), ("--exclude", !exclude.isEmpty)]
            if let (name, _) = matrixOnly.first(where: \.1) { throw ValidationError("\(name) needs --matrix") }
        } else {
            if seed != nil { throw ValidationError("--seed is for --scenario; a matrix runs seeds 1…--seeds") }
            if database != nil { throw ValidationError("--database is for --scenario; a matrix keeps no database") }
            if let seeds, seeds < 1 { throw ValidationError("--seeds (\(seeds)) must be at least 1") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs (\(jobs)) must be at least 1") }
            if let maxMarkets, maxMarkets < 1 { throw ValidationError("--max-markets (\(maxMarkets)) must be at least 1") }
            if maxMarkets != nil, includeLarge { throw ValidationError("--max-markets and --include-large exclude each other") }
        }
        if baseline, strategy != nil { throw ValidationError("--baseline runs the band quoter without protections; it excludes --strategy") }
        if compare != nil, baseline || strategy != nil { throw ValidationError("--compare names both strategies; it excludes --baseline and --strategy") }
        if strategies != nil, compare != nil || baseline || strategy != nil {
            throw ValidationError("--strategies names every row; it excludes --compare, --baseline and --strategy")
        }
        _ = try kind()
        _ = try compared()
        _ = try listed()
    }

    func run() async throws {
        var (configuration, _, _) = try loadConfiguration(config)
        if let kind = try kind() { configuration.strategy.kind = kind }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level \(logLevel) must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))") }
        var logger = Logger(label: "mmd.backtest")
        logger.logLevel = level
        if let matrix { return try await runMatrix(directory: matrix, configuration: configuration, logger: logger) }
        guard let scenario else { return }
        guard let yaml = try? String(contentsOfFile: scenario, encoding: .utf8) else { throw configurationFailure("cannot read the scenario file \(scenario)") }
        let loaded: Scenario
        do { loaded = try Scenario.load(yaml: yaml, source: scenario) } catch { throw configurationFailure(error.description) }
        var backtest = Backtest(scenario: loaded, configuration: configuration, seed: seed, baseline: baseline, databasePath: database, logger: logger)
        backtest.progress = { elapsed, total in
            guard elapsed % 600_000 == 0 else { return }
            FileHandle.standardError.write(Data("backtest: \(elapsed / 60_000)/\(total / 60_000) simulated minutes\n".utf8))
        }
        let report = try await backtest.run()
        print(json ? report.json : report.text)
    }

    func runMatrix(directory: String, configuration: MMConfiguration, logger: Logger) async throws {
        let scenarios: MatrixScenarios
        do {
            scenarios = try MatrixScenarios.load(
                directory: directory, maximumMarkets: includeLarge ? nil : maxMarkets ?? MatrixScenarios.defaultMaximumMarkets, excluding: Set(exclude))
        } catch { throw configurationFailure(error.description) }
        let rows = try compared() ?? listed() ?? [baseline ? .baseline : MatrixStrategy(rawValue: configuration.strategy.kind.rawValue) ?? .ev]
        var matrix = BacktestMatrix(
            scenarios: scenarios, configuration: configuration, strategies: rows, seeds: Array(1...(seeds ?? 20)),
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, logger: logger)
        matrix.progress = { done, total, run in FileHandle.standardError.write(Data("matrix: \(done)/\(total) runs done (\(run))\n".utf8)) }
        let report: MatrixReport
        do { report = try await matrix.run() } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        print(json ? report.json : report.text)
    }

    /// `--strategy` as the configuration's enum.
    func kind() throws -> StrategyKind? {
        guard let strategy else { return nil }
        guard let kind = StrategyKind(rawValue: strategy) else {
            throw ValidationError("--strategy \(strategy) must be one of \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    /// `--strategies A,B,…` (or `all`) as distinct strategies, in the order given.
    func listed() throws -> [MatrixStrategy]? {
        guard let strategies else { return nil }
        if strategies == "all" { return MatrixStrategy.allCases }
        let names = strategies.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let known = names.compactMap(MatrixStrategy.init(rawValue:))
        guard !names.isEmpty, known.count == names.count, Set(known).count == known.count else {
            throw ValidationError(
                "--strategies \(strategies) must name distinct strategies of \(MatrixStrategy.allCases.map(\.rawValue).joined(separator: ", ")) (or all)")
        }
        return known
    }

    /// `--compare A,B` as two distinct strategies.
    func compared() throws -> [MatrixStrategy]? {
        guard let compare else { return nil }
        let names = compare.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let strategies = names.compactMap(MatrixStrategy.init(rawValue:))
        guard names.count == 2, strategies.count == 2, strategies[0] != strategies[1] else {
            throw ValidationError("--compare \(compare) must name two different strategies of \(MatrixStrategy.allCases.map(\.rawValue).joined(separator: ", ")), e.g. ev,baseline")
        }
        return strategies
    }
}
