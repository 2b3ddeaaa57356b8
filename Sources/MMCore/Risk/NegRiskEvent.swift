/// Whole neg-risk events as one portfolio: the worst-case loss over outcomes (the event exposure
/// measure) and the no-arbitrage bounds on our quotes across outcomes. Pure and exact (micro-units).
///
/// An event has outcomes i = 0 … n−1 (its binary markets, exactly one resolves YES). Money is counted at
/// 1 pUSD per winning share.

/// Our holdings in one outcome of an event.
public struct EventHolding: Hashable, Sendable {
    public var yes: Quantity
    public var no: Quantity
    /// Net cash paid into the outcome's tokens: Σ buys − Σ sells, both tokens (from the ledger; zero when
    /// unknown, and the measure is then by position only). Net cash rather than the average-cost basis, so
    /// that a fill at price p moves the measure by exactly the amounts ``NegRiskEvent/legHeadroom`` reserves.
    public var cost: Money

    public init(yes: Quantity = .zero, no: Quantity = .zero, cost: Money = .zero) {
        self.yes = yes
        self.no = no
        self.cost = cost
    }
}

/// One of our orders that may rest on an outcome, in the YES view.
public struct RestingLeg: Hashable, Sendable {
    public var leg: QuoteLeg
    public var yesPrice: Price
    public var size: Quantity

    public init(leg: QuoteLeg, yesPrice: Price, size: Quantity) {
        self.leg = leg
        self.yesPrice = yesPrice
        self.size = size
    }

    /// What its fill adds to the loss of the scenarios it worsens: p × size for a bid (every other
    /// outcome winning), (1 − p) × size for an ask (its own outcome winning).
    public var raise: Money {
        Money.notional(leg == .bid ? yesPrice : yesPrice.complement, size, rounding: .up)
    }
}

/// A price bound one leg must respect so that our quotes over the event stay free of arbitrage.
public enum EventLegBound: Hashable, Sendable {
    /// No bound: some other outcome has no quote on this side.
    case free
    /// The ask must be at least / the bid at most this YES price (on the tick grid).
    case price(Price)
    /// No price on the grid satisfies the bound: the leg is not posted.
    case blocked
}

public enum NegRiskEvent {
    /// Loss if outcome `winner` wins (`nil`: an outcome we hold nothing in — the placeholder or an
    /// outcome we do not trade): Σ cost − payout(w), payout(w) = YES_w + Σ_{i≠w} NO_i.
    public static func loss(ifWins winner: Int?, _ holdings: [EventHolding]) -> Money {
        var micros: Int64 = 0
        for (index, holding) in holdings.enumerated() {
            micros += holding.cost.micros - (index == winner ? holding.yes.micros : holding.no.micros)
        }
        return Money(micros: micros)
    }

    /// The event exposure measure: max over outcomes w of ``loss(ifWins:_:)``. `unheldOutcome` adds the
    /// scenario where an outcome outside `holdings` wins (a placeholder, or an outcome we do not trade).
    public static func worstCaseLoss(_ holdings: [EventHolding], unheldOutcome: Bool) -> Money {
        var worst = unheldOutcome || holdings.isEmpty ? loss(ifWins: nil, holdings).micros : Int64.min
        for index in holdings.indices { worst = max(worst, loss(ifWins: index, holdings).micros) }
        return Money(micros: worst)
    }

    /// The largest size (YES terms, venue step) of `leg` at `yesPrice` on outcome `index` whose fill keeps
    /// the worst-case loss within max(cap, current worst case): a leg that lowers the worst case is always
    /// allowed, one that would raise it beyond the cap is shrunk or stopped. `nil` = unbounded.
    public static func legRoom(
        _ leg: QuoteLeg, yesPrice: Price, outcome index: Int, _ holdings: [EventHolding], unheldOutcome: Bool, cap: Money
    ) -> Quantity? {
        legHeadroom(leg, outcome: index, holdings, unheldOutcome: unheldOutcome, cap: cap).map { room(leg, yesPrice: yesPrice, headroom: $0) }
    }

    /// Each scenario's loss if every resting order that worsens it fills (index n: an unheld outcome wins).
    public static func committedLosses(_ holdings: [EventHolding], resting: [[RestingLeg]]) -> [Int64] {
        var losses = holdings.indices.map { loss(ifWins: $0, holdings).micros } + [loss(ifWins: nil, holdings).micros]
        for (outcome, legs) in resting.enumerated() {
            for order in legs {
                let raise = order.raise.micros
                if order.leg == .ask {
                    losses[outcome] += raise
                } else {
                    for scenario in losses.indices where scenario != outcome { losses[scenario] += raise }
                }
            }
        }
        return losses
    }

    /// How much the scenarios a fill of `leg` on outcome `index` makes worse may still rise: max(cap,
    /// current worst case) − the worst of those scenarios with every resting order that worsens them
    /// filled (`resting`, per outcome). Bid (BUY YES at p or SELL NO at 1 − p): every other outcome's loss
    /// rises by p per share and the outcome's own falls by 1 − p. Ask (SELL YES at p or BUY NO at 1 − p):
    /// the own outcome's loss rises by 1 − p, the others' fall by p. `nil` = no scenario gets worse (a lone
    /// outcome's bid). Reserving every post against this keeps the worst case within the cap whatever fills.
    public static func legHeadroom(
        _ leg: QuoteLeg, outcome index: Int, _ holdings: [EventHolding], resting: [[RestingLeg]] = [], unheldOutcome: Bool, cap: Money
    ) -> Money? {
        let bound = max(cap.micros, worstCaseLoss(holdings, unheldOutcome: unheldOutcome).micros)
        let committed = committedLosses(holdings, resting: resting)
        let rising: Int64?
        switch leg {
        case .bid:
            var others: Int64? = unheldOutcome ? committed[holdings.count] : nil
            for other in holdings.indices where other != index { others = max(others ?? .min, committed[other]) }
            rising = others
        case .ask:
            rising = committed[index]
        }
        return rising.map { Money(micros: max(bound - $0, 0)) }
    }

    /// The shares of `leg` at `yesPrice` that `headroom` allows (venue size step, rounded down).
    public static func room(_ leg: QuoteLeg, yesPrice: Price, headroom: Money) -> Quantity {
        let perShare = leg == .bid ? yesPrice.micros : FixedPoint.scale - yesPrice.micros
        let shares = FixedPoint.multiplyDivide(headroom.micros, FixedPoint.scale, dividingBy: perShare, rounding: .down) ?? Int64.max
        return Quantity(micros: shares).truncated(toMultipleOf: Quantity.venueSizeStep)
    }

    /// The bound on one outcome's ask given the other outcomes' asks (YES terms; `nil` = no ask there):
    /// when every outcome has an ask, Σ asks ≥ 1 + tick, else a taker buying every YES from us would pay
    /// less than the 1 pUSD one of them must pay. The own ask must be ≥ 1 + tick − Σ others, rounded up.
    public static func askBound(othersAsks: [Price?], tick: TickSize) -> EventLegBound {
        var sum: Int64 = 0
        for ask in othersAsks {
            guard let ask else { return .free }
            sum += ask.micros
        }
        let needed = tick.round(FixedPoint.scale + tick.micros - sum, .up)
        if needed <= tick.micros { return .free }
        return needed > tick.maximumPrice.micros ? .blocked : .price(Price(micros: needed)!)
    }

    /// The bound on one outcome's bid given the others' bids: when every outcome has a bid, Σ bids ≤
    /// 1 − tick, else a taker selling us every YES (or buying every NO from our bids' other side) would
    /// collect more than the 1 pUSD the set is worth. The own bid must be ≤ 1 − tick − Σ others, rounded down.
    public static func bidBound(othersBids: [Price?], tick: TickSize) -> EventLegBound {
        var sum: Int64 = 0
        for bid in othersBids {
            guard let bid else { return .free }
            sum += bid.micros
        }
        let allowed = tick.round(FixedPoint.scale - tick.micros - sum, .down)
        if allowed >= tick.maximumPrice.micros { return .free }
        return allowed < tick.micros ? .blocked : .price(Price(micros: allowed)!)
    }

    /// Whether a full set of asks or bids (one per outcome, YES terms) is an arbitrage against us.
    public static func isArbitrage(asks: [Price], tick: TickSize) -> Bool { asks.reduce(0) { $0 + $1.micros } < FixedPoint.scale + tick.micros }
    public static func isArbitrage(bids: [Price], tick: TickSize) -> Bool { bids.reduce(0) { $0 + $1.micros } > FixedPoint.scale - tick.micros }
}

/// What the shared event registry tells one market's engine before it quotes.
public struct EventQuoteLimits: Hashable, Sendable {
    public var ask: EventLegBound
    public var bid: EventLegBound
    /// What each leg's fill may add to the worst-case loss (``NegRiskEvent/legHeadroom(_:outcome:_:unheldOutcome:cap:)``);
    /// `nil` = no cap.
    public var askHeadroom: Money?
    public var bidHeadroom: Money?

    public init(ask: EventLegBound = .free, bid: EventLegBound = .free, askHeadroom: Money? = nil, bidHeadroom: Money? = nil) {
        self.ask = ask
        self.bid = bid
        self.askHeadroom = askHeadroom
        self.bidHeadroom = bidHeadroom
    }

    /// The quotes moved just far enough (ask up, bid down, on the grid) and shrunk to the room; a quote
    /// that cannot comply, or whose size falls below `minimumSize`, is dropped. A leg's quotes share its
    /// headroom in order (a grid's ladder cannot add more than one quote could).
    public func apply(to quotes: [Quote], minimumSize: Quantity) -> [Quote] {
        var left: [QuoteLeg: Money] = [:]
        if let askHeadroom { left[.ask] = askHeadroom }
        if let bidHeadroom { left[.bid] = bidHeadroom }
        return quotes.compactMap { quote in
            var quote = quote
            let bound = quote.leg == .ask ? ask : bid
            switch bound {
            case .free: break
            case .blocked: return nil
            case .price(let limit):
                let moved = quote.leg == .ask ? max(quote.yesPrice, limit) : min(quote.yesPrice, limit)
                quote.price = quote.outcome == .yes ? moved : moved.complement
            }
            if let headroom = left[quote.leg] {
                let room = NegRiskEvent.room(quote.leg, yesPrice: quote.yesPrice, headroom: headroom)
                if room < quote.size {
                    guard room >= minimumSize, room.micros > 0 else { return nil }
                    quote.size = room
                }
                let perShare = quote.leg == .bid ? quote.yesPrice.micros : FixedPoint.scale - quote.yesPrice.micros
                let used = FixedPoint.multiplyDivide(quote.size.micros, perShare, dividingBy: FixedPoint.scale, rounding: .up) ?? headroom.micros
                left[quote.leg] = Money(micros: max(headroom.micros - used, 0))
            }
            return quote
        }
    }

}
