import MMConfig
import MMCore

/// What a matrix row runs: one of the configuration's quoters, or the roadmap's original behaviour.
public enum MatrixStrategy: String, Codable, Sendable, Hashable, CaseIterable {
    /// The expected-value quoter (`strategy.kind: ev`) with every protection of the configuration.
    case ev
    /// The reward-band quoter (`strategy.kind: band`) with every protection of the configuration.
    case band
    /// The mean-reversion quoter (`strategy.kind: mean-reversion`) with every protection of the configuration.
    case meanReversion = "mean-reversion"
    /// The momentum quoter (`strategy.kind: momentum`) with every protection of the configuration.
    case momentum
    /// Momentum that also takes liquidity with a sustained move (`strategy.momentum.taking` enabled with
    /// its defaults unless the configuration sets it).
    case momentumTaking = "momentum-taking"
    /// The grid (`strategy.kind: grid`) with every protection of the configuration.
    case grid
    /// ``MMConfiguration/baseline``: the band quoter without skew, stop-loss, volatility or bait defence.
    case baseline

    /// The configuration a run of this strategy uses, derived from the one under test.
    public func configuration(from base: MMConfiguration) -> MMConfiguration {
        var copy = base
        switch self {
        case .ev: copy.strategy.kind = .ev
        case .band: copy.strategy.kind = .band
        case .meanReversion: copy.strategy.kind = .meanReversion
        case .momentum: copy.strategy.kind = .momentum
        case .momentumTaking:
            copy.strategy.kind = .momentum
            if copy.strategy.momentum.taking == nil { copy.strategy.momentum.taking = MomentumTaking() }
        case .grid: copy.strategy.kind = .grid
        case .baseline: return base.baseline
        }
        return copy
    }
}
