import Foundation
import Logging
import MMConfig
import MMCore
import MMDaemon
import MMSim
import Testing

/// The acceptance checks, asserted on backtest reports of the shipped scenarios with the
/// shipped backtest configuration (`etc/backtest.yaml`: stop-loss on at −1.5 pUSD).
@Suite struct BacktestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    static func configuration(orderSize: String? = nil) throws -> MMConfiguration {
        var yaml = try String(contentsOf: root.appendingPathComponent("etc/backtest.yaml"), encoding: .utf8)
        if let orderSize { yaml = yaml.replacingOccurrences(of: "  orderSize: 5 ", with: "  orderSize: \(orderSize) ") }
        return try MMConfiguration.load(yaml: yaml, source: "etc/backtest.yaml")
    }

    static func run(_ scenario: String, baseline: Bool = false, seed: UInt64? = nil, configuration: MMConfiguration? = nil) async throws -> BacktestReport {
        let path = root.appendingPathComponent("etc/scenarios/\(scenario).yaml").path
        let loaded = try Scenario.load(yaml: try String(contentsOfFile: path, encoding: .utf8), source: path)
        var logger = Logger(label: "backtest")
        logger.logLevel = .critical
        return try await Backtest(scenario: loaded, configuration: try configuration ?? Self.configuration(), seed: seed, baseline: baseline, logger: logger).run()
    }

    @Test func sameSeedGivesTheSameReportAndAnotherSeedAnotherMarket() async throws {
        let first = try await Self.run("sideways", seed: 3)
        let second = try await Self.run("sideways", seed: 3)
        #expect(first == second)
        #expect(first.json == second.json)
        let other = try await Self.run("sideways", seed: 4)
        #expect(other != first)
    }

    @Test func crashLossStaysWithinTheStopPlusSlippageAndBelowTheBaseline() async throws {
        let configuration = try Self.configuration()
        let protected = try await Self.run("crash-2024-12-29").markets[0]
        let baseline = try await Self.run("crash-2024-12-29", baseline: true).markets[0]
        // The most the crash can cost: the stop threshold, plus the slippage cap on a full position (at the
        // limit the market ran with: sized up to the reward minimum when the capital budget allows).
        let limit = try FixedPoint.parseMicros(protected.netLimit)
        #expect(limit >= configuration.limits.maxNetExposure.micros)
        let bound = -configuration.stopLoss.maxUnrealizedLoss.micros
            + FixedPoint.multiplyDivide(configuration.stopLoss.slippageCap, limit, dividingBy: FixedPoint.scale, rounding: .up)!
        #expect(protected.drawdown.micros <= bound, "crash loss \(protected.maxDrawdown) exceeds stop + slippage \(FixedPoint.format(micros: bound))")
        #expect(protected.drawdown < baseline.drawdown, "protected \(protected.maxDrawdown) vs baseline \(baseline.maxDrawdown)")
        // The baseline really is hurt by this scenario, so the comparison means something.
        #expect(baseline.drawdown.micros > bound)
    }

    @Test func skewBringsNetBackWithinThirtyPercentWithinTenMinutes() async throws {
        let report = try await Self.run("sideways").markets[0]
        // A one-sided fill took |net| beyond 30 % of the limit…
        #expect(report.largestNet.micros > BacktestMetrics.beyondFraction.of(Quantity(shares: 10).micros))
        #expect(report.fills > 1)
        // …and no stretch beyond it lasted longer than 10 simulated minutes.
        #expect(report.longestSecondsBeyond30Percent <= 600, "longest stretch beyond 30 %: \(report.longestSecondsBeyond30Percent) s")
    }

    @Test func rewardBaitNeverFillsAboveTheDepthCap() async throws {
        let configuration = try Self.configuration(orderSize: "10")
        let protected = try await Self.run("reward-bait", configuration: configuration).markets[0]
        let baseline = try await Self.run("reward-bait", baseline: true, configuration: configuration).markets[0]
        // The scenario's whole background depth on one side is 3 levels × 6; the cap is half of it.
        let cap = configuration.baitDefence.depthCap.of(Quantity(shares: 18).micros, rounding: .down)
        #expect(protected.fills >= 1)
        #expect(protected.largestFill.micros <= cap, "largest fill \(protected.maxFillSize) above the cap \(FixedPoint.format(micros: cap))")
        #expect(baseline.largestFill.micros > cap, "the baseline must show what the cap prevents")
    }

    @Test func volatilityPausesOnTheJumpAndResumesAfterTheCalmPeriod() async throws {
        let configuration = try Self.configuration()
        let full = try await Self.run("jump")
        let report = full.markets[0]
        let pause = try #require(report.riskEvents.first { $0.kind == "volatility-pause" })
        let resume = try #require(report.riskEvents.first { $0.kind == "volatility-resume" })
        // The jump is at 600 s.
        #expect((600...620).contains(pause.atSecond), "paused at \(pause.atSecond) s")
        #expect(resume.atSecond - pause.atSecond >= configuration.volatility.calmPeriodMilliseconds / 1_000)
        #expect(resume.atSecond < full.simulatedSeconds)
        #expect(report.ordersPosted > 0)
        let baseline = try await Self.run("jump", baseline: true).markets[0]
        #expect(!baseline.riskEvents.contains { $0.kind == "volatility-pause" })
    }
}

extension BacktestTests {
    @Test func aLargeTakerNeverPushesNetBeyondTheLimit() async throws {
        let report = try await Self.run("single-fill-2026-01-16").markets[0]
        #expect(report.fills >= 1)
        #expect(report.largestNet <= Quantity(shares: 10), "max |net| \(report.maxAbsNet) beyond the limit 10")
    }
}
