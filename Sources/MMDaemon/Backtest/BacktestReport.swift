import Foundation
import MMCore

/// What a backtest produced. Amounts are exact decimal strings (pUSD, shares); times are simulated
/// seconds from the start. The format is documented in `docs/backtest.md`.
public struct BacktestReport: Codable, Sendable, Hashable {
    public var scenario: String
    public var seed: UInt64
    /// `true` for the roadmap's original behaviour (no skew, no stop-loss, no volatility or bait defence).
    public var baseline: Bool
    public var simulatedSeconds: Int64
    public var markets: [MarketReport]
    public var totals: Totals

    public struct MarketReport: Codable, Sendable, Hashable {
        public var market: String
        public var realizedPnL: String
        public var unrealizedPnL: String
        public var rewardPnL: String
        public var totalPnL: String
        public var finalMid: String?
        public var finalNet: String
        public var maxDrawdown: String
        public var maxAbsNet: String
        public var netLimit: String
        public var secondsBeyond30Percent: Int64
        /// Seconds with both legs resting (sampled once a simulated second).
        public var secondsTwoSided: Int64
        public var longestSecondsBeyond30Percent: Int64
        public var fills: Int
        public var maxFillSize: String
        public var requotes: Int
        public var ordersPosted: Int
        /// Our share of all reward score the venue sampled in this market, 0…1; `nil` when nobody scored.
        public var rewardScoreShare: String?
        public var riskEvents: [RiskEvent]
        /// The market's risk state when the run ended (before the final cancels).
        public var finalRiskState: String
    }

    public struct RiskEvent: Codable, Sendable, Hashable {
        public var atSecond: Int64
        public var kind: String
        public var reason: String
    }

    public struct Totals: Codable, Sendable, Hashable {
        public var realizedPnL: String
        public var unrealizedPnL: String
        public var rewardPnL: String
        public var totalPnL: String
        public var maxDrawdown: String
        public var fills: Int
        public var requotes: Int
    }

    /// Compact, stable JSON (sorted keys), one object.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A readable summary for the terminal.
    public var text: String {
        var lines = ["backtest \(scenario) seed \(seed)\(baseline ? " (baseline: no skew, no stop-loss)" : ""), \(simulatedSeconds / 60) simulated minutes"]
        for market in markets {
            lines.append("market \(market.market)")
            lines.append("  P&L        realized \(market.realizedPnL)  unrealized \(market.unrealizedPnL)  rewards \(market.rewardPnL)  total \(market.totalPnL)")
            lines.append("  risk       max drawdown \(market.maxDrawdown)  max |net| \(market.maxAbsNet) of \(market.netLimit)  beyond 30 %: \(market.secondsBeyond30Percent) s (longest \(market.longestSecondsBeyond30Percent) s)")
            lines.append("  state      \(market.finalRiskState) at the end, two-sided \(market.secondsTwoSided) of \(simulatedSeconds) s")
            lines.append("  activity   fills \(market.fills) (largest \(market.maxFillSize))  requotes \(market.requotes)  orders \(market.ordersPosted)  reward share \(market.rewardScoreShare ?? "–")")
            for event in market.riskEvents { lines.append("  t+\(event.atSecond)s \(event.kind): \(event.reason)") }
        }
        lines.append("total      realized \(totals.realizedPnL)  unrealized \(totals.unrealizedPnL)  rewards \(totals.rewardPnL)  total \(totals.totalPnL)  max drawdown \(totals.maxDrawdown)")
        return lines.joined(separator: "\n")
    }
}

extension BacktestReport.MarketReport {
    /// Parsed amounts for assertions and comparisons.
    public var total: Money { Money(micros: (try? FixedPoint.parseMicros(totalPnL)) ?? 0) }
    public var drawdown: Money { Money(micros: (try? FixedPoint.parseMicros(maxDrawdown)) ?? 0) }
    public var largestFill: Quantity { Quantity(micros: (try? FixedPoint.parseMicros(maxFillSize)) ?? 0) }
    public var largestNet: Quantity { Quantity(micros: (try? FixedPoint.parseMicros(maxAbsNet)) ?? 0) }
}
