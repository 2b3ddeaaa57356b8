/// A fill-and-kill order that takes liquidity: a neg-risk event's arbitrage leg (a BUY decided outside
/// the market) or momentum's entry and exit (``MomentumTaker``).
public struct TakeOrder: Sendable, Hashable {
    public var outcome: Outcome
    public var side: Side
    /// The worst price on `outcome`'s own book: at most this for a BUY, at least this for a SELL.
    public var limit: Price
    public var size: Quantity
    /// Why, for the log line ("neg-risk yes-set arbitrage", "momentum entry").
    public var reason: String

    public init(outcome: Outcome, side: Side = .buy, limit: Price, size: Quantity, reason: String) {
        self.outcome = outcome
        self.side = side
        self.limit = limit
        self.size = size
        self.reason = reason
    }

    /// Whether, in the YES view, it takes asks (BUY YES, or SELL NO) rather than bids (SELL YES, or BUY NO).
    public var liftsAsks: Bool { (outcome == .yes) == (side == .buy) }

    /// The limit in the YES view: the highest YES ask it lifts or the lowest YES bid it hits.
    public var yesLimit: Price { outcome == .yes ? limit : limit.complement }
}
