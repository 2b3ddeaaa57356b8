import MMConfig
import MMCore
import MMDecision

extension MMConfiguration {
    /// The quoter settings of one market: the strategy defaults with the market's overrides.
    func quoterSettings(market id: String, venueMinimumSize: Quantity) -> QuoterSettings {
        let overrides = markets.first { $0.id.rawValue == id }
        return QuoterSettings(
            orderSize: overrides?.orderSize ?? strategy.orderSize, spreadFraction: overrides?.spreadFraction ?? strategy.spreadFraction,
            maxNetExposure: overrides?.maxNetExposure ?? limits.maxNetExposure, venueMinimumSize: venueMinimumSize, skew: skew)
    }

    /// The strategy a market runs: its own `markets[].strategy`, else `strategy.kind`.
    public func strategyKind(market id: String) -> StrategyKind {
        markets.first { $0.id.rawValue == id }?.strategy ?? strategy.kind
    }

    /// The quoting strategy of `market` (``strategyKind(market:)``), with the parameters of its section.
    public func quotingStrategy(market id: String, takerFeeRate: Ratio) -> any QuotingStrategy {
        quotingStrategy(kind: strategyKind(market: id), takerFeeRate: takerFeeRate)
    }

    /// The quoting strategy `kind` names, with the parameters of its section.
    public func quotingStrategy(kind: StrategyKind, takerFeeRate: Ratio) -> any QuotingStrategy {
        switch kind {
        case .band: BandQuotingStrategy()
        case .meanReversion: LeanQuotingStrategy(parameters: strategy.meanReversion.leanParameters(.against))
        case .momentum: LeanQuotingStrategy(parameters: strategy.momentum.leanParameters(.with))
        case .grid:
            GridQuotingStrategy(
                parameters: GridParameters(
                    levels: strategy.grid.levels, step: strategy.grid.step, sizePerLevel: strategy.grid.sizePerLevel, lowerBound: strategy.grid.lowerBound,
                    upperBound: strategy.grid.upperBound))
        case .ev: ExpectedValueQuotingStrategy(objective: ExpectedValueSettings(inventoryAversion: strategy.inventoryAversion, takerFeeRate: takerFeeRate, capitalBudget: limits.maxCapitalPerMarket))
        }
    }

    /// The roadmap's original behaviour, for `mmd backtest --baseline`: symmetric quotes (no skew), no
    /// stop-loss, the band quoter, no volatility pause or widening, no reward-bait defence. Position limits stay.
    public var baseline: MMConfiguration {
        var copy = self
        copy.strategy.kind = .band
        copy.strategy.sizeUpToScore = false
        copy.skew.isEnabled = false
        copy.stopLoss.isEnabled = false
        copy.volatility.isEnabled = false
        copy.baitDefence.isEnabled = false
        return copy
    }
}

extension LeanConfiguration {
    /// As the pure quoter takes them.
    func leanParameters(_ direction: LeanParameters.Direction) -> LeanParameters {
        LeanParameters(
            halfLifeMilliseconds: Int64(halfLifeSeconds) * 1_000, lean: lean, maxLeanTicks: Int64(maxLeanTicks), direction: direction,
            taking: direction == .with ? taking : nil)
    }
}
