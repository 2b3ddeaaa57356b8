import MMCore

/// Whether a market's quotes can reach its `rewardsMinSize`, shown at start, in `mmctl status` and by
/// the doctor: a market that cannot score is quoted for spread only, and says so.
public enum ScoringVerdict: Sendable, Hashable {
    /// Not evaluated yet (no requote so far).
    case unknown
    /// The market pays no liquidity rewards: nothing to size up for.
    case noRewardPool
    /// The configured size and limit already reach the minimum.
    case scores(minSize: Quantity)
    /// Sized up within the capital budget: leg size and limit raised to the minimum.
    case sizedUp(minSize: Quantity, limit: Quantity, capital: Money)
    /// Cannot score; the reason names the missing size, limit or budget.
    case cannotScore(reason: String)

    public var isScoring: Bool {
        switch self {
        case .scores, .sizedUp: true
        case .unknown, .cannotScore, .noRewardPool: false
        }
    }

    public var summary: String {
        switch self {
        case .unknown: "not evaluated yet"
        case .noRewardPool: "no reward pool"
        case .scores(let minSize): "scores (rewardsMinSize \(minSize))"
        case .sizedUp(let minSize, let limit, let capital):
            "scores: sized up to rewardsMinSize \(minSize), limit \(limit), about \(capital) pUSD of collateral"
        case .cannotScore(let reason): "cannot score: \(reason)"
        }
    }
}

extension MarketMachine {
    /// The quoter settings after sizing up to score, and the verdict.
    func scoringDecision(_ quoter: QuoterSettings) -> (QuoterSettings, ScoringVerdict) {
        let minSize = rewards.minSize
        guard rewards.dailyRate.micros > 0 else { return (quoter, .noRewardPool) }
        if quoter.orderSize >= minSize || Quoter.legSize(settings: quoter, rewards: rewards) >= minSize, quoter.maxNetExposure >= minSize {
            return (quoter, .scores(minSize: minSize))
        }
        // Both legs resting at the minimum lock about minSize × (p + 1 − p) = minSize pUSD.
        let capital = Money(micros: minSize.micros)
        guard settings.sizeUpToScore else {
            return (quoter, .cannotScore(reason: "rewardsMinSize \(minSize) is above the limit \(quoter.maxNetExposure) or order size \(quoter.orderSize), and strategy.sizeUpToScore is off"))
        }
        guard capital <= settings.capitalBudget else {
            return (
                quoter,
                .cannotScore(reason: "rewardsMinSize \(minSize) needs about \(capital) pUSD on both legs; limits.maxCapitalPerMarket is \(settings.capitalBudget) (raise it, or the market earns spread only)")
            )
        }
        var raised = quoter
        raised.orderSize = max(quoter.orderSize, minSize)
        raised.maxNetExposure = max(quoter.maxNetExposure, minSize)
        return (raised, .sizedUp(minSize: minSize, limit: raised.maxNetExposure, capital: capital))
    }

    func scoringSettings(_ quoter: QuoterSettings) -> QuoterSettings { scoringDecision(quoter).0 }

    /// Logs and records a change of verdict once.
    mutating func noteScoring(_ verdict: ScoringVerdict) {
        guard verdict != scoring else { return }
        scoring = verdict
        switch verdict {
        case .unknown, .scores, .noRewardPool: return
        case .sizedUp:
            log(.notice, "sized up to score", ["scoring": verdict.summary])
        case .cannotScore(let reason):
            log(.warning, "quotes cannot score for rewards", ["reason": reason])
            emit(.riskEvent(kind: "cannot-score", reason: reason))
        }
    }
}
