/// The band quoter's plan, shifted by the mid's deviation from its slow reference (``ReferencePrice``):
/// against it for mean reversion (`strategy.kind: mean-reversion`), with it for momentum
/// (`strategy.kind: momentum`).
///
/// Mean reversion: when the mid has run above the reference the quotes move down (the ask toward the
/// touch, keener to sell what is expected to come back; the bid away, slower to buy), and the reverse
/// below it. Momentum: the quotes move up with a rise (the bid toward the touch, buying into the move;
/// the ask away, holding what was bought), so the position follows a sustained move within the limit and
/// unwinds when the mid falls back through the reference (the lean flips, and the inventory skew leans
/// the flattening leg). The stop-loss stays the hard bound in both.
public struct LeanParameters: Hashable, Sendable {
    /// Against the deviation (mean reversion) or with it (momentum).
    public enum Direction: String, Hashable, Sendable {
        case against
        case with
    }

    /// How fast the reference follows the mid.
    public var halfLifeMilliseconds: Int64
    /// The share of the deviation the quotes move by (0.5: half of it).
    public var lean: Ratio
    /// At most this many ticks of shift, whatever the deviation.
    public var maxLeanTicks: Int64

    public var direction: Direction
    /// Momentum only: also take liquidity with a sustained move (``MomentumTaker``); `nil`: a maker only.
    public var taking: MomentumTaking?

    public init(
        halfLifeMilliseconds: Int64 = 300_000, lean: Ratio = Ratio(micros: 500_000), maxLeanTicks: Int64 = 3, direction: Direction = .against,
        taking: MomentumTaking? = nil
    ) {
        self.direction = direction
        self.taking = taking
        self.halfLifeMilliseconds = halfLifeMilliseconds
        self.lean = lean
        self.maxLeanTicks = maxLeanTicks
    }
}

public enum LeanQuoter {
    /// The shift of both quotes in the YES view, micro-pUSD, on the tick grid toward zero: −lean × (mid −
    /// reference) against the deviation, +lean × (mid − reference) with it, at most `maxLeanTicks` ticks
    /// either way. Zero without a mid or a reference.
    public static func shift(mid: Price?, reference: Price?, parameters: LeanParameters, tick: TickSize) -> Int64 {
        guard let mid, let reference else { return 0 }
        let deviation = parameters.lean.of(mid.micros - reference.micros, rounding: .towardZero)
        let raw = parameters.direction == .against ? -deviation : deviation
        let limit = parameters.maxLeanTicks * tick.micros
        let clamped = min(max(raw, -limit), limit)
        return clamped / tick.micros * tick.micros
    }

    /// The band plan with every quote moved by ``shift(mid:reference:parameters:tick:)``, never through the
    /// other side's best price (post-only) nor outside [tick, 1 − tick]; a leg that cannot move stays put.
    public static func plan(settings: QuoterSettings, parameters: LeanParameters, context: QuoteContext) -> QuotePlan {
        var plan = Quoter.plan(settings: settings, context: context)
        let others = context.competition ?? context.book
        let amount = shift(mid: others.mid, reference: context.reference, parameters: parameters, tick: context.tick)
        guard amount != 0 else { return plan }
        plan.bid = moved(plan.bid, by: amount, context: context, book: others)
        plan.ask = moved(plan.ask, by: amount, context: context, book: others)
        return plan
    }

    static func moved(_ decision: LegDecision, by amount: Int64, context: QuoteContext, book: OrderBook) -> LegDecision {
        guard var quote = decision.quote else { return decision }
        var yes = quote.yesPrice.micros + amount
        // Post-only: a bid stays below the best ask, an ask above the best bid.
        if quote.leg == .bid, let ask = book.asks.first?.price.micros { yes = min(yes, ask - context.tick.micros) }
        if quote.leg == .ask, let bid = book.bids.first?.price.micros { yes = max(yes, bid + context.tick.micros) }
        guard let price = Price(micros: yes), price >= context.tick.minimumPrice, price <= context.tick.maximumPrice else { return decision }
        quote.price = quote.outcome == .yes ? price : price.complement
        return .quote(quote)
    }
}
