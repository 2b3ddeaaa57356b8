import Foundation
import MMCore

/// What `mmd backtest --matrix` produced: every scenario × strategy over the same seeds, with per-seed
/// figures and their aggregates. Amounts are exact decimal strings (``Decimal6``); the format and the
/// statistics are documented in `docs/backtest.md`.
public struct MatrixReport: Codable, Sendable, Hashable {
    /// The seeds every scenario ran with (each replaces the scenario's own seed).
    public var seeds: [UInt64]
    /// The strategies in row order; with two, the first is compared against the second.
    public var strategies: [MatrixStrategy]
    public var scenarios: [ScenarioResult]
    public var skipped: [MatrixScenarios.Skipped]
    /// |t| at or above this marks a difference of means as significant (``WelchTest/threshold``).
    public var significanceThreshold: Decimal6

    public struct ScenarioResult: Codable, Sendable, Hashable {
        public var file: String
        public var name: String
        public var markets: Int
        public var simulatedSeconds: Int64
        /// One row per strategy, in ``MatrixReport/strategies`` order.
        public var rows: [StrategyResult]
        /// First strategy minus second, when exactly two ran.
        public var comparison: Comparison?
    }

    /// One strategy on one scenario over every seed. Means are over seeds (rounded to the micro-unit);
    /// `sharpe` is mean ÷ σ of the per-seed total P&L (sample σ), absent when σ is 0.
    public struct StrategyResult: Codable, Sendable, Hashable {
        public var strategy: MatrixStrategy
        public var meanTotalPnL: Decimal6
        public var worstTotalPnL: Decimal6
        public var standardDeviationTotalPnL: Decimal6?
        public var sharpe: Decimal6?
        public var meanRewardPnL: Decimal6
        public var meanMaxDrawdown: Decimal6
        public var maxMaxDrawdown: Decimal6
        public var meanFills: Decimal6
        /// Mean over the seeds whose run has a reward share; absent when no run scored.
        public var meanRewardShare: Decimal6?
        /// Mean fraction of market time quoted on both legs; absent until backtests measure it.
        public var meanTwoSidedFraction: Decimal6?
        public var runs: [SeedRun]
    }

    /// One backtest's totals (sums over the scenario's markets; drawdown is the largest market's).
    public struct SeedRun: Codable, Sendable, Hashable {
        public var seed: UInt64
        public var totalPnL: Decimal6
        public var realizedPnL: Decimal6
        public var unrealizedPnL: Decimal6
        public var rewardPnL: Decimal6
        public var maxDrawdown: Decimal6
        public var fills: Int
        /// The mean over markets of our share of the reward score; absent when nobody scored anywhere.
        public var rewardShare: Decimal6?
        public var twoSidedFraction: Decimal6?
    }

    /// Differences of means between two strategies on one scenario, with Welch's t across seeds.
    public struct Comparison: Codable, Sendable, Hashable {
        public var a: MatrixStrategy
        public var b: MatrixStrategy
        public var totalPnL: Difference
        public var rewardPnL: Difference
        public var maxDrawdown: Difference
    }

    public struct Difference: Codable, Sendable, Hashable {
        /// mean A − mean B.
        public var difference: Decimal6
        /// Welch's t; absent when undefined (fewer than two seeds, or no spread on either side).
        public var t: Decimal6?
        public var significant: Bool
    }

    /// Pretty, stable JSON (sorted keys), one document.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

extension MatrixReport.StrategyResult {
    /// Aggregates one strategy's runs (in seed order).
    public init(strategy: MatrixStrategy, reports: [BacktestReport]) {
        let runs = reports.map(MatrixReport.SeedRun.init)
        let totals = SampleStatistics(runs.map(\.totalPnL.micros))
        let drawdowns = SampleStatistics(runs.map(\.maxDrawdown.micros))
        self.init(
            strategy: strategy, meanTotalPnL: Decimal6(micros: totals.mean), worstTotalPnL: Decimal6(micros: totals.minimum),
            standardDeviationTotalPnL: totals.standardDeviation.map(Decimal6.init), sharpe: totals.sharpe.map(Decimal6.init),
            meanRewardPnL: Decimal6(micros: SampleStatistics(runs.map(\.rewardPnL.micros)).mean), meanMaxDrawdown: Decimal6(micros: drawdowns.mean),
            maxMaxDrawdown: Decimal6(micros: drawdowns.maximum), meanFills: Decimal6(micros: SampleStatistics(runs.map { Int64($0.fills) * FixedPoint.scale }).mean),
            meanRewardShare: Self.mean(runs.compactMap(\.rewardShare)), meanTwoSidedFraction: Self.mean(runs.compactMap(\.twoSidedFraction)), runs: runs)
    }

    static func mean(_ values: [Decimal6]) -> Decimal6? { values.isEmpty ? nil : Decimal6(micros: SampleStatistics(values.map(\.micros)).mean) }

    func statistics(_ figure: KeyPath<MatrixReport.SeedRun, Decimal6>) -> SampleStatistics { SampleStatistics(runs.map { $0[keyPath: figure].micros }) }
}

extension MatrixReport.Comparison {
    public init(_ a: MatrixReport.StrategyResult, _ b: MatrixReport.StrategyResult) {
        func difference(_ figure: KeyPath<MatrixReport.SeedRun, Decimal6>) -> MatrixReport.Difference {
            let test = WelchTest(a.statistics(figure), b.statistics(figure))
            return MatrixReport.Difference(difference: Decimal6(micros: test.difference), t: test.t.map(Decimal6.init), significant: test.isSignificant)
        }
        self.init(a: a.strategy, b: b.strategy, totalPnL: difference(\.totalPnL), rewardPnL: difference(\.rewardPnL), maxDrawdown: difference(\.maxDrawdown))
    }
}

extension MatrixReport.SeedRun {
    public init(_ report: BacktestReport) {
        func amount(_ text: String) -> Decimal6 { Decimal6(micros: (try? FixedPoint.parseMicros(text)) ?? 0) }
        let shares = report.markets.compactMap(\.rewardScoreShare).map(amount)
        self.init(
            seed: report.seed, totalPnL: amount(report.totals.totalPnL), realizedPnL: amount(report.totals.realizedPnL),
            unrealizedPnL: amount(report.totals.unrealizedPnL), rewardPnL: amount(report.totals.rewardPnL), maxDrawdown: amount(report.totals.maxDrawdown),
            fills: report.totals.fills, rewardShare: MatrixReport.StrategyResult.mean(shares), twoSidedFraction: Self.twoSidedFraction(of: report))
    }

    /// The fraction of market time the run quoted on both legs.
    ///
    /// ``BacktestReport`` does not measure it yet. When `MarketReport` gains `secondsTwoSided`, return
    /// Σ secondsTwoSided ÷ (markets × simulatedSeconds) here: the table column and the JSON field appear
    /// as soon as any run has a value.
    /// The share of the run's market-seconds spent with both legs resting (mean over markets).
    static func twoSidedFraction(of report: BacktestReport) -> Decimal6? {
        guard report.simulatedSeconds > 0, !report.markets.isEmpty else { return nil }
        let seconds = report.markets.reduce(Int64(0)) { $0 + $1.secondsTwoSided }
        let total = report.simulatedSeconds * Int64(report.markets.count)
        return Decimal6(micros: FixedPoint.multiplyDivide(seconds, FixedPoint.scale, dividingBy: total, rounding: .down) ?? 0)
    }
}
