/// One market's risk state as the operator sees it (`mmctl status`, the periodic status line), most
/// severe first: the first that applies is shown.
public enum RiskState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Both legs failed repeatedly (balance or allowance) or the operator halted: no quoting until resumed.
    case halted
    /// Stop-loss fired and is closing the position.
    case liquidating
    /// Stop-loss fired and the position is flat; waiting for the operator.
    case stopped
    /// Flat after a stop; quoting resumes when the cooldown ends.
    case cooldown
    /// Paused by the operator.
    case paused
    /// Paused by the volatility monitor until the market is calm.
    case pausedForVolatility = "paused-volatility"
    /// Quoting one leg only (limit, trend, thin book, balance…).
    case oneSided = "one-sided"
    /// Quoting both legs with an inventory skew.
    case skewed
    /// Quoting both legs symmetrically.
    case quoting

    /// Derives the state from the engine's parts.
    public static func derive(
        halted: Bool, operatorPaused: Bool, stopLoss: StopLossSupervisor.State, volatilityPaused: Bool, skippedLegs: Int, net: Quantity,
        limit: Quantity, skew: SkewSettings
    ) -> RiskState {
        if halted { return .halted }
        switch stopLoss {
        case .liquidating: return .liquidating
        case .stopped: return .stopped
        case .cooldown: return .cooldown
        case .armed: break
        }
        if operatorPaused { return .paused }
        if volatilityPaused { return .pausedForVolatility }
        if skippedLegs > 0 { return .oneSided }
        if skew.isEnabled, limit.micros > 0, abs(net.micros) >= skew.startAt.of(limit.micros), net.micros != 0 { return .skewed }
        return .quoting
    }
}
