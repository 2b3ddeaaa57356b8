import MMCore

/// How a market's quotes are chosen. The machine owns everything around the choice (risk policies, the
/// requote gate, order management, durability); a strategy only turns settings and the market's context
/// into a plan, so new strategies (grid, mean reversion, momentum) plug in without touching the engine.
public protocol QuotingStrategy: Sendable {
    /// A stable name, for logs and configuration.
    var name: String { get }
    func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan
    /// Whether the strategy values quotes against the market without our orders, with the machine's
    /// estimates (flow, adverse selection, volatility) instead of offsets: the machine then passes no
    /// volatility widening, keeps bait defence as a minimum distance, and lets a price change requote.
    var isObjectiveDriven: Bool { get }
    /// The half-life of the mid's slow reference the machine keeps for this strategy (``QuoteContext/reference``);
    /// `nil`: none.
    var referenceHalfLifeMilliseconds: Int64? { get }
    /// Whether the strategy ever takes liquidity (the machine asks ``take(context:)`` only then).
    var takesLiquidity: Bool { get }
    /// A taker order the strategy wants now (momentum with `taking`); the machine sends it through its
    /// taker path, which every risk state can refuse.
    func take(context: MomentumTakeContext) -> TakeOrder?
}

extension QuotingStrategy {
    public var isObjectiveDriven: Bool { false }
    public var referenceHalfLifeMilliseconds: Int64? { nil }
    public var takesLiquidity: Bool { false }
    public func take(context: MomentumTakeContext) -> TakeOrder? { nil }
}

/// The lean quoters (``LeanQuoter``): the band quoter's plan moved by the mid's deviation from its slow
/// reference, against it (mean reversion) or with it (momentum), as `parameters.direction` says.
public struct LeanQuotingStrategy: QuotingStrategy {
    public var parameters: LeanParameters

    public init(parameters: LeanParameters) { self.parameters = parameters }

    public var name: String { parameters.direction == .against ? "mean-reversion" : "momentum" }
    public var referenceHalfLifeMilliseconds: Int64? { parameters.halfLifeMilliseconds }

    public func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan {
        LeanQuoter.plan(settings: settings, parameters: parameters, context: context)
    }

    public var takesLiquidity: Bool { parameters.direction == .with && parameters.taking != nil }

    public func take(context: MomentumTakeContext) -> TakeOrder? {
        guard parameters.direction == .with, let taking = parameters.taking else { return nil }
        return MomentumTaker.decide(parameters: taking, context: context)
    }
}

/// The grid (``GridQuoter``): a ladder of resting orders on fixed price lines around the mid.
public struct GridQuotingStrategy: QuotingStrategy {
    public var parameters: GridParameters

    public init(parameters: GridParameters = GridParameters()) { self.parameters = parameters }

    public var name: String { "grid" }

    public func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan {
        GridQuoter.plan(settings: settings, parameters: parameters, context: context)
    }
}

/// The expected-value quoter (``ExpectedValueQuoter``): one objective for every price and size.
public struct ExpectedValueQuotingStrategy: QuotingStrategy {
    public var objective: ExpectedValueSettings

    public init(objective: ExpectedValueSettings = ExpectedValueSettings()) { self.objective = objective }

    public var name: String { "ev" }
    public var isObjectiveDriven: Bool { true }

    public func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan {
        ExpectedValueQuoter.plan(settings: settings, objective: objective, context: context)
    }
}

/// The reward-band quoter: a fixed fraction of the band from the size-cutoff-adjusted mid, skewed by
/// inventory (``Quoter``).
public struct BandQuotingStrategy: QuotingStrategy {
    public init() {}

    public var name: String { "band" }

    public func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan {
        Quoter.plan(settings: settings, context: context)
    }
}
