import Foundation
import Logging
import MMConfig
import MMCore
import MMDaemon
import MMSim
import Testing

/// Issue 14's neg-risk check, end to end: the real engines, client and database against the simulator's
/// three-outcome event with a placeholder (`etc/scenarios/neg-risk-event.yaml`), with takers made
/// aggressive so every outcome gets hit. What is asserted is read from the venue's side once per
/// simulated second (our open orders there, our positions from the ledgers).
@Suite struct NegRiskEventBacktestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// The shipped scenario, 15 minutes, noise takers at 30 a minute of 25 shares on every outcome.
    static func scenario() throws -> Scenario {
        let path = root.appendingPathComponent("etc/scenarios/neg-risk-event.yaml").path
        var yaml = try String(contentsOfFile: path, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "durationSeconds: 3600", with: "durationSeconds: 900")
        yaml = yaml.replacingOccurrences(of: "noise: {ratePerMinute: 4, size: 10}", with: "noise: {ratePerMinute: 30, size: 25}")
        return try Scenario.load(yaml: yaml, source: path)
    }

    /// `etc/backtest.yaml` with the stop-loss off (its taker exits are a separate policy, not a quote)
    /// and, when given, `limits.maxEventExposure` as the event's worst-case-loss cap.
    static func configuration(cap: String?) throws -> MMConfiguration {
        var yaml = try String(contentsOf: root.appendingPathComponent("etc/backtest.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "stopLoss:                          # roadmap Phase 3\n  enabled: true", with: "stopLoss:\n  enabled: false")
        if let cap { yaml = yaml.replacingOccurrences(of: "  # maxEventExposure: 30", with: "  maxEventExposure: \(cap)") }
        let configuration = try MMConfiguration.load(yaml: yaml, source: "etc/backtest.yaml")
        #expect(!configuration.stopLoss.isEnabled)
        #expect(configuration.limits.maxEventExposure == cap.map { try! Quantity($0) })
        return configuration
    }

    static func run(cap: String?) async throws -> NegRiskWatch.Figures {
        var logger = Logger(label: "backtest")
        logger.logLevel = .critical
        var backtest = Backtest(scenario: try scenario(), configuration: try configuration(cap: cap), logger: logger)
        let watch = NegRiskWatch()
        backtest.negRiskWatch = watch
        _ = try await backtest.run()
        return watch.figures
    }

    @Test func placeholderUnquotedQuotesNeverAnArbitrageAndTheWorstCaseLossWithinTheCap() async throws {
        let cap = try Money("12")
        let figures = try await Self.run(cap: "12")
        #expect(figures.samples >= 890)
        #expect(figures.placeholderOrders == 0)
        // Takers hit us, and we often had an ask and a bid on all three outcomes at once.
        #expect(figures.fills > 10, "fills \(figures.fills)")
        #expect(figures.fullAskSets > 0 && figures.fullBidSets > 0, "\(figures)")
        // Σ asks ≥ 1 + tick and Σ bids ≤ 1 − tick at every sample with a full set.
        #expect((figures.lowestAskSum ?? .max) >= 1_010_000, "lowest Σ asks \(figures.lowestAskSum.map { FixedPoint.format(micros: $0) } ?? "-")")
        #expect((figures.highestBidSum ?? .min) <= 990_000, "highest Σ bids \(figures.highestBidSum.map { FixedPoint.format(micros: $0) } ?? "-")")
        let worst = try #require(figures.highestWorstCaseLoss)
        #expect(worst <= cap, "worst-case loss \(worst) above the cap \(cap)")
    }

    @Test func withoutTheCapTheSameTakersPushTheWorstCaseLossPastIt() async throws {
        // The cap above binds for a reason: uncapped, the same run's worst case goes beyond 12 pUSD.
        let figures = try await Self.run(cap: nil)
        let worst = try #require(figures.highestWorstCaseLoss)
        #expect(worst > (try Money("12")), "uncapped worst-case loss \(worst)")
        #expect((figures.lowestAskSum ?? .max) >= 1_010_000)
    }
}
