import MMCore

/// How a market's quotes are chosen. The machine owns everything around the choice (risk policies, the
/// requote gate, order management, durability); a strategy only turns settings and the market's context
/// into a plan, so new strategies (grid, mean reversion, momentum) plug in without touching the engine.
public protocol QuotingStrategy: Sendable {
    /// A stable name, for logs and configuration.
    var name: String { get }
    func plan(settings: QuoterSettings, context: QuoteContext) -> QuotePlan
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
