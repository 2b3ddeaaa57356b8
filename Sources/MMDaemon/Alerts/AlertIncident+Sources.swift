import MMCore
import MMEngine

/// The daemon's facts as alert incidents: which risk events become which alerts (the rest are left to
/// the log, the metrics and the `risk_events` table).
extension AlertIncident {
    public init?(_ incident: EngineIncident) {
        switch incident {
        case .riskEvent(let market, let kind, let reason):
            switch kind {
            case "stop": self.init(.stopLoss, market: market, summary: "stop-loss triggered: quotes cancelled, liquidating", description: reason)
            case "halt": self.init(.marketHalted, market: market, summary: "market halted", description: reason)
            case "store": self.init(.marketHalted, market: market, summary: "market halted: the store refused a write", description: reason)
            case "flat": self.init(.liquidationFinished, market: market, summary: "liquidation finished: position flat", description: reason)
            case "balance": self.init(.balanceShortfall, market: market, summary: "balance shortfall: a BUY quote kept back", description: reason)
            case "one-sided" where reason.contains("balance") || reason.contains("allowance"):
                self.init(.balanceShortfall, market: market, summary: "balance or allowance shortfall: quoting one-sided", description: reason)
            default: return nil
            }
        case .fillFailed(let market, let tradeID, let from):
            self.init(
                .fillFailed, market: market, summary: "fill FAILED after \(from.rawValue)",
                description: "trade \(tradeID) went FAILED on chain after it was reported \(from.rawValue); its fill was reversed in the ledger")
        }
    }

    /// Today's P&L across markets against `alerts.dailyLossThreshold`: an incident below it, `nil` at or above.
    static func dailyLoss(total: Money, threshold: Money) -> AlertIncident? {
        guard total < threshold else { return nil }
        return AlertIncident(.dailyLoss, summary: "daily loss \(total) pUSD past the threshold \(threshold) pUSD", description: "today's realized P&L and credits plus the open positions' unrealized P&L, every market")
    }

    /// A UTC day's rewards paid against the model's expectation: an incident when paid < ratio × expected.
    static func rewardShortfall(day: String, expectedMicros: Int64, paidMicros: Int64, ratio: Ratio) -> AlertIncident? {
        guard expectedMicros > 0, let floor = FixedPoint.multiplyDivide(expectedMicros, ratio.micros, dividingBy: FixedPoint.scale, rounding: .down), paidMicros < floor else {
            return nil
        }
        return AlertIncident(
            .rewardShortfall, market: nil, summary: "rewards for \(day) far below expectation",
            description: "paid \(FixedPoint.format(micros: paidMicros)) pUSD against \(FixedPoint.format(micros: expectedMicros)) expected (alert below \(ratio) of it)")
    }
}
