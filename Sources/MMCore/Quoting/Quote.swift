/// One leg of a two-sided quote, seen in the YES view of the mirrored book.
public enum QuoteLeg: String, Sendable, Hashable, CaseIterable, Codable {
    /// Buys YES exposure: BUY YES at p, or SELL NO at 1 − p. Raises net exposure.
    case bid
    /// Sells YES exposure: SELL YES at p, or BUY NO at 1 − p. Lowers net exposure.
    case ask
}

/// An order the quoter wants resting at the venue.
public struct Quote: Hashable, Sendable {
    public var leg: QuoteLeg
    /// The token the order is for.
    public var outcome: Outcome
    /// BUY or SELL of `outcome`.
    public var side: Side
    /// The limit price on `outcome`'s own book.
    public var price: Price
    public var size: Quantity

    public init(leg: QuoteLeg, outcome: Outcome, side: Side, price: Price, size: Quantity) {
        self.leg = leg
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
    }

    /// The price in the YES view: for NO orders 1 − price.
    public var yesPrice: Price { outcome == .yes ? price : price.complement }

    /// Collateral the order locks while resting: price × size for a BUY, nothing for a SELL of held tokens.
    public var collateralRequired: Money { side == .buy ? Money.notional(price, size, rounding: .up) : .zero }

    public var rewardOrder: RewardOrder { RewardOrder(outcome: outcome, side: side, price: price, size: size) }
}

/// Why the quoter left a leg empty.
public enum SkipReason: String, Sendable, Hashable, Codable {
    /// |net| is at the limit and this leg would add exposure.
    case positionLimit
    /// The room left under the limit is below the venue's minimum size.
    case headroomBelowMinimum
    /// The rounded price fell outside [tick, 1 − tick].
    case outsidePriceRange
    /// A risk policy (trend, bait defence, operator) pulled the leg.
    case pulled
    /// The book has no two-sided midpoint to quote around.
    case noMidpoint
    /// The leg would meet our own other leg (BUY YES + BUY NO ≥ 1).
    case wouldSelfCross
    /// Too little depth behind the touch for even the minimum size (bait defence).
    case thinBook
    /// The market's end date is too close: quoting stopped (near-resolution taper).
    case nearResolution
    /// No candidate price and size has positive expected value (the expected-value quoter sits the leg out).
    case negativeValue
}

/// The quoter's decision for one leg.
public enum LegDecision: Hashable, Sendable {
    case quote(Quote)
    case skipped(SkipReason)

    public var quote: Quote? {
        if case .quote(let quote) = self { return quote }
        return nil
    }
}

/// The quoter's whole decision for a market at one instant.
public struct QuotePlan: Hashable, Sendable {
    public var bid: LegDecision
    public var ask: LegDecision
    /// The adjusted midpoint the plan was built around, if there was one.
    public var mid: Price?
    public var offsets: SkewedOffsets?
    /// The objective's value of each quoted leg (expected-value quoter only).
    public var bidValue: LegValue?
    public var askValue: LegValue?
    /// Further levels behind `bid` and `ask` (the grid's ladder), each at its own price; empty for the
    /// one-quote-per-leg strategies.
    public var ladder: [Quote] = []

    public init(bid: LegDecision, ask: LegDecision, mid: Price?, offsets: SkewedOffsets?) {
        self.bid = bid
        self.ask = ask
        self.mid = mid
        self.offsets = offsets
    }

    /// Every quote of the plan, the bid leg first: its best level, then its ladder; then the ask leg's.
    public var quotes: [Quote] {
        if ladder.isEmpty { return [bid.quote, ask.quote].compactMap { $0 } }
        return [bid.quote].compactMap { $0 } + ladder.filter { $0.leg == .bid } + [ask.quote].compactMap { $0 } + ladder.filter { $0.leg == .ask }
    }
    public var isTwoSided: Bool { bid.quote != nil && ask.quote != nil }
}
