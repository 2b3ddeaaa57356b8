import Foundation
import Logging
import MMConfig
import MMCore
import MMDaemon
import MMSim
import Synchronization
import Testing

/// `mmd backtest --matrix` through its library API, on tiny scenarios (five simulated minutes) written
/// into a temporary directory, so a whole matrix runs in seconds.
@Suite struct BacktestMatrixTests {
    /// A busy one-market scenario: noise takers every few seconds, a reward pool, fair value wandering.
    static func busy(name: String, seed: Int) -> String {
        """
        name: \(name)
        seed: \(seed)
        durationSeconds: 300
        markets:
          - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            question: "Simulated: tiny"
            tick: 0.01
            rewards: {maxSpread: 0.03, minSize: 5, dailyRate: 500}
            fairValue: {start: 0.50, volatility: 0.003}
            background: {levels: 3, spacing: 0.01, distance: 0.02, size: 50}
            takers:
              noise: {ratePerMinute: 20, size: 5}
        accounts:
          - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
        """
    }

    /// A directory with two runnable scenarios, a three-market one, a note that is not a scenario, and `extra` files.
    static func directory(extra: [String: String] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-matrix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        var files = ["a-busy.yaml": busy(name: "busy", seed: 5), "b-other.yaml": busy(name: "other", seed: 6), "notes.txt": "not a scenario"]
        files["c-wide.yaml"] = "name: wide\ndurationSeconds: 300\ngenerate: {markets: 3}\naccounts:\n  - {address: \"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\", collateral: 1000}\n"
        for (name, text) in files.merging(extra, uniquingKeysWith: { $1 }) { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    static var logger: Logger {
        var logger = Logger(label: "matrix")
        logger.logLevel = .critical
        return logger
    }

    static func matrix(_ directory: URL, strategies: [MatrixStrategy], seeds: [UInt64], jobs: Int = 2) throws -> BacktestMatrix {
        let scenarios = try MatrixScenarios.load(directory: directory.path, maximumMarkets: 2)
        return BacktestMatrix(scenarios: scenarios, configuration: try BacktestTests.configuration(), strategies: strategies, seeds: seeds, jobs: jobs, logger: logger)
    }

    @Test func concurrentRunsGiveTheSameReportsAsRunsAlone() async throws {
        let scenario = try Scenario.load(yaml: Self.busy(name: "busy", seed: 5), source: "busy.yaml")
        let configuration = try BacktestTests.configuration()
        let alone = try await Backtest(scenario: scenario, configuration: configuration, seed: 3, logger: Self.logger).run()
        #expect(alone.totals.fills > 0, "the scenario must trade for the comparison to mean something")
        // Four copies of the same run beside two other seeds and a baseline, all at once.
        let reports = try await withThrowingTaskGroup(of: (UInt64, Bool, BacktestReport).self) { group in
            for (seed, baseline) in [(3, false), (3, false), (1, false), (3, false), (2, true), (3, false)] as [(UInt64, Bool)] {
                group.addTask { (seed, baseline, try await Backtest(scenario: scenario, configuration: configuration, seed: seed, baseline: baseline, logger: Self.logger).run()) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let same = reports.filter { $0.0 == 3 && !$0.1 }.map(\.2)
        #expect(same.count == 4)
        for report in same { #expect(report == alone) }
        #expect(reports.contains { $0.0 == 1 && $0.2 != alone })
    }

    @Test func matrixAggregatesEverySeedOfEveryScenarioAndComparesTwoStrategies() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var matrix = try Self.matrix(directory, strategies: [.band, .baseline], seeds: [1, 2, 3])
        let progress = ProgressLog()
        matrix.progress = { done, total, run in progress.append(done, total, run) }
        let report = try await matrix.run()

        #expect(report.scenarios.map(\.file) == ["a-busy.yaml", "b-other.yaml"])
        #expect(report.skipped.map(\.file) == ["c-wide.yaml"])
        #expect(report.skipped.first?.reason.contains("3 markets") == true)
        #expect(progress.entries.map(\.done).sorted() == Array(1...12) && progress.entries.allSatisfy { $0.total == 12 })
        let configuration = try BacktestTests.configuration()
        for scenario in report.scenarios {
            #expect(scenario.rows.map(\.strategy) == [.band, .baseline])
            let scenarioValue = try Scenario.load(yaml: try String(contentsOf: directory.appendingPathComponent(scenario.file), encoding: .utf8), source: scenario.file)
            for row in scenario.rows {
                #expect(row.runs.map(\.seed) == [1, 2, 3])
                // Each seed's figures are those of the same backtest run alone.
                let run = row.runs[1]
                let alone = try await Backtest(
                    scenario: scenarioValue, configuration: row.strategy.configuration(from: configuration), seed: 2, baseline: row.strategy == .baseline,
                    logger: Self.logger
                ).run()
                #expect(run == MatrixReport.SeedRun(alone))
                // The aggregates are the seeds' figures.
                let totals = row.runs.map(\.totalPnL.micros)
                #expect(row.worstTotalPnL.micros == totals.min())
                #expect(abs(row.meanTotalPnL.micros * 3 - totals.reduce(0, +)) <= 2)
                #expect(row.maxMaxDrawdown == row.runs.map(\.maxDrawdown).max())
                #expect(abs(row.meanFills.micros * 3 - Int64(row.runs.map(\.fills).reduce(0, +)) * 1_000_000) <= 2)
                let fractions = row.runs.compactMap(\.twoSidedFraction).map(\.micros)
                #expect(fractions.count == 3 && fractions.allSatisfy { (0...1_000_000).contains($0) })
                #expect(abs((row.meanTwoSidedFraction?.micros ?? -1) * 3 - fractions.reduce(0, +)) <= 2)
            }
            let comparison = try #require(scenario.comparison)
            #expect(comparison.a == .band && comparison.b == .baseline)
            #expect(comparison.totalPnL.difference.micros == scenario.rows[0].meanTotalPnL.micros - scenario.rows[1].meanTotalPnL.micros)
            #expect(comparison.rewardPnL.difference.micros == scenario.rows[0].meanRewardPnL.micros - scenario.rows[1].meanRewardPnL.micros)
        }
        // One JSON document that reads back into the same report; the text names every scenario and row.
        let decoded = try JSONDecoder().decode(MatrixReport.self, from: Data(report.json.utf8))
        #expect(decoded == report)
        #expect(!report.json.contains("e-0") && !report.json.contains("e+"), "no floating-point number in the JSON")
        let text = report.text
        #expect(text.contains("a-busy.yaml: busy") && text.contains("b-other.yaml: other") && text.contains("skipped c-wide.yaml"))
        #expect(text.contains("band − baseline: total P&L"))
    }

    @Test func theSameMatrixTwiceGivesTheSameReport() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await Self.matrix(directory, strategies: [.ev], seeds: [1, 2], jobs: 3).run()
        let second = try await Self.matrix(directory, strategies: [.ev], seeds: [1, 2], jobs: 1).run()
        #expect(first == second)
        #expect(first.scenarios.allSatisfy { $0.comparison == nil && $0.rows.count == 1 })
    }

    @Test func aBrokenScenarioIsNamed() throws {
        let directory = try Self.directory(extra: ["broken.yaml": "name: broken\ndurationSeconds: soon\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try MatrixScenarios.load(directory: directory.path)
        } throws: { error in
            "\(error)".contains("broken.yaml")
        }
        #expect(throws: MatrixError.self) { _ = try MatrixScenarios.load(directory: directory.appendingPathComponent("missing").path) }
    }

    @Test func excludedAndLargeScenarios() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let all = try MatrixScenarios.load(directory: directory.path, maximumMarkets: nil, excluding: ["b-other.yaml"])
        #expect(all.entries.map(\.file) == ["a-busy.yaml", "c-wide.yaml"])
        #expect(all.skipped.map(\.file) == ["b-other.yaml"] && all.skipped.map(\.reason) == ["excluded"])
        let byName = try MatrixScenarios.load(directory: directory.path, excluding: ["busy"])
        // Three markets are within the default limit of ten.
        #expect(byName.entries.map(\.file) == ["b-other.yaml", "c-wide.yaml"])
    }
}

/// Progress calls arrive from the matrix's tasks.
final class ProgressLog: Sendable {
    struct Entry: Sendable {
        var done: Int
        var total: Int
        var run: BacktestMatrix.Run
    }

    private let storage = Mutex<[Entry]>([])
    func append(_ done: Int, _ total: Int, _ run: BacktestMatrix.Run) { storage.withLock { $0.append(Entry(done: done, total: total, run: run)) } }
    var entries: [Entry] { storage.withLock { $0 } }
}
