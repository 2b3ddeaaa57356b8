import Foundation
import Logging
import MMConfig
import MMCore
import MMSim

/// `mmd backtest --matrix`: every scenario × strategy × seed as an independent ``Backtest``, run in
/// parallel, aggregated into a ``MatrixReport``.
///
/// Each run owns its virtual clock, simulated venue and temporary database, and reads no wall clock, so
/// it gives the same report whether it runs alone or beside others (a test asserts it); only the order in
/// which runs finish varies, and the report is assembled in scenario, strategy, seed order regardless.
public struct BacktestMatrix: Sendable {
    /// One run of the matrix, as passed to ``progress``.
    public struct Run: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var strategy: MatrixStrategy
        public var seed: UInt64
        public var description: String { "\(file) \(strategy.rawValue) seed \(seed)" }
    }

    public var scenarios: MatrixScenarios
    /// The configuration under test; each strategy derives its own from it (``MatrixStrategy/configuration(from:)``).
    public var configuration: MMConfiguration
    public var strategies: [MatrixStrategy]
    public var seeds: [UInt64]
    /// How many backtests run at once. Runs are CPU-bound on the cooperative pool, which has one thread per
    /// core, so more jobs than cores only costs memory.
    public var jobs: Int
    public var logger: Logger
    /// Called after each run with (runs done, runs in total, the run that finished), from any task.
    public var progress: (@Sendable (Int, Int, Run) -> Void)?

    public init(scenarios: MatrixScenarios, configuration: MMConfiguration, strategies: [MatrixStrategy], seeds: [UInt64], jobs: Int = ProcessInfo.processInfo.activeProcessorCount, logger: Logger) {
        self.scenarios = scenarios
        self.configuration = configuration
        self.strategies = strategies
        self.seeds = seeds
        self.jobs = max(1, jobs)
        self.logger = logger
    }

    /// Runs every backtest and aggregates them.
    ///
    /// - Throws: ``MatrixError`` naming the scenario file, strategy and seed of the first run that failed;
    ///   the runs already in flight finish first (a backtest does not poll for cancellation), no new one starts.
    public func run() async throws(MatrixError) -> MatrixReport {
        var work: [(scenario: Int, run: Run)] = []
        for (index, entry) in scenarios.entries.enumerated() {
            for strategy in strategies {
                for seed in seeds { work.append((index, Run(file: entry.file, strategy: strategy, seed: seed))) }
            }
        }
        var reports: [Run: BacktestReport] = [:]
        do {
            try await withThrowingTaskGroup(of: (Run, BacktestReport).self) { group in
                var next = 0
                func launch() {
                    let (index, run) = work[next]
                    next += 1
                    let backtest = backtest(scenarios.entries[index].scenario, run)
                    group.addTask {
                        do { return (run, try await backtest.run()) } catch { throw MatrixError("\(run): \(error)") }
                    }
                }
                while next < min(jobs, work.count) { launch() }
                while let (run, report) = try await group.next() {
                    reports[run] = report
                    progress?(reports.count, work.count, run)
                    if next < work.count { launch() }
                }
            }
        } catch let error as MatrixError {
            throw error
        } catch {
            throw MatrixError("the matrix stopped: \(error)")
        }
        return report(reports)
    }

    func backtest(_ scenario: Scenario, _ run: Run) -> Backtest {
        // `baseline` applies the baseline on top of the derived configuration (idempotently) and marks the report.
        Backtest(scenario: scenario, configuration: run.strategy.configuration(from: configuration), seed: run.seed, baseline: run.strategy == .baseline, logger: logger)
    }

    func report(_ reports: [Run: BacktestReport]) -> MatrixReport {
        let results = scenarios.entries.map { entry in
            let rows = strategies.map { strategy in
                MatrixReport.StrategyResult(strategy: strategy, reports: seeds.map { reports[Run(file: entry.file, strategy: strategy, seed: $0)]! })
            }
            return MatrixReport.ScenarioResult(
                file: entry.file, name: entry.scenario.name, markets: entry.scenario.markets.count, simulatedSeconds: entry.scenario.durationMilliseconds / 1_000,
                rows: rows, comparison: rows.count == 2 ? MatrixReport.Comparison(rows[0], rows[1]) : nil)
        }
        return MatrixReport(
            seeds: seeds, strategies: strategies, scenarios: results, skipped: scenarios.skipped, significanceThreshold: Decimal6(micros: WelchTest.threshold))
    }
}
