/// Parameters of the expected-value objective (`docs/strategy.md`).
public struct ExpectedValueSettings: Hashable, Sendable {
    /// Scales the inventory cost: C(net) = aversion × σ × net² / limit, σ the market's recent volatility.
    public var inventoryAversion: Ratio
    /// Candidate levels beyond the reward band's edge on each leg (they earn spread, not rewards).
    public var levelsOutsideBand: Int
    /// A leg keeps its current price while that price's value per capital is within this fraction of
    /// the best candidate's: the objective's noise does not churn orders.
    public var hysteresis: Ratio
    /// What the venue pays makers per filled share, as a fraction of p × (1 − p) (0 on current markets).
    public var makerRebateRate: Ratio
    /// What a taker exit costs per share, as a fraction of p × (1 − p) (the market's taker fee rate).
    public var takerFeeRate: Ratio
    /// The most collateral one leg's order may lock (`limits.maxCapitalPerMarket`); zero: no bound.
    public var capitalBudget: Money

    public init(
        inventoryAversion: Ratio = .one, levelsOutsideBand: Int = 2, hysteresis: Ratio = Ratio(micros: 100_000), makerRebateRate: Ratio = .zero,
        takerFeeRate: Ratio = .zero, capitalBudget: Money = .zero
    ) {
        self.capitalBudget = capitalBudget
        self.inventoryAversion = inventoryAversion
        self.levelsOutsideBand = levelsOutsideBand
        self.hysteresis = hysteresis
        self.makerRebateRate = makerRebateRate
        self.takerFeeRate = takerFeeRate
    }
}

/// What the market has taught the machine so far, for the objective: taker flow per side, the adverse
/// move that follows our fills, and recent volatility, all measured on the book without our orders.
public struct MarketEstimates: Hashable, Sendable {
    public var bidFlow: TakerFlowEstimator.Flow
    public var askFlow: TakerFlowEstimator.Flow
    /// Adverse move per filled share, micro-pUSD.
    public var adverseSelection: Int64
    /// Realized volatility of the mid over the volatility window, micro-pUSD.
    public var volatility: Int64

    public init(bidFlow: TakerFlowEstimator.Flow, askFlow: TakerFlowEstimator.Flow, adverseSelection: Int64, volatility: Int64) {
        self.bidFlow = bidFlow
        self.askFlow = askFlow
        self.adverseSelection = adverseSelection
        self.volatility = volatility
    }

    public func flow(_ leg: QuoteLeg) -> TakerFlowEstimator.Flow { leg == .bid ? bidFlow : askFlow }
}

/// The objective's verdict on one candidate (or the chosen quote) of a leg, for status and tests.
public struct LegValue: Hashable, Sendable {
    public var yesPrice: Price
    public var size: Quantity
    /// Expected reward per minute attributable to this order, micro-pUSD.
    public var reward: Int64
    /// Expected filled shares per minute, millionths.
    public var fillRate: Int64
    /// Per filled share: edge to mid − adverse selection − inventory cost + rebate, micro-pUSD.
    public var valuePerFilledShare: Int64
    /// Total expected value per minute, micro-pUSD.
    public var perMinute: Int64
    /// Value per minute per pUSD of capital the order ties up, micro-pUSD.
    public var perCapital: Int64
}
