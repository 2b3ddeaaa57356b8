/// Momentum's taking side (`strategy.momentum.taking`, docs/strategy.md): off by default.
public struct MomentumTaking: Hashable, Sendable {
    /// Enter when the mid is at least this many ticks from its slow reference, in the direction the trend
    /// detector reports.
    public var entryTicks: Int64
    /// Exit a position once the mid is this many ticks back through the reference, against the position.
    public var exitTicks: Int64
    /// Shares per entry.
    public var size: Quantity
    /// The most net exposure the entries build (the position limit bounds it too).
    public var maxPosition: Quantity
    /// How far through the touch a taker order may reach (its limit), in ticks.
    public var slippageTicks: Int64
    /// The least time between two taker orders of the market (fills and books settle in between).
    public var cooldownMilliseconds: Int64

    public init(
        entryTicks: Int64 = 3, exitTicks: Int64 = 1, size: Quantity = Quantity(shares: 10), maxPosition: Quantity = Quantity(shares: 20),
        slippageTicks: Int64 = 1, cooldownMilliseconds: Int64 = 30_000
    ) {
        self.entryTicks = entryTicks
        self.exitTicks = exitTicks
        self.size = size
        self.maxPosition = maxPosition
        self.slippageTicks = slippageTicks
        self.cooldownMilliseconds = cooldownMilliseconds
    }
}

/// What the momentum taker sees at one instant.
public struct MomentumTakeContext: Sendable {
    /// The book without our orders.
    public var book: OrderBook
    /// The mid's slow reference (``ReferencePrice``).
    public var reference: Price?
    /// The trend detector's verdict over its window (``VolatilityMonitor/trend(nowMilliseconds:)``).
    public var trend: Trend
    public var inventory: Inventory
    /// The position limit in force (the quoter's, after the shared caps).
    public var limit: Quantity
    public var tick: TickSize
    public var venueMinimumSize: Quantity
    /// Since the market's last taker order; `nil`: none yet.
    public var sinceLastTakeMilliseconds: Int64?

    public init(
        book: OrderBook, reference: Price?, trend: Trend, inventory: Inventory, limit: Quantity, tick: TickSize, venueMinimumSize: Quantity,
        sinceLastTakeMilliseconds: Int64?
    ) {
        self.book = book
        self.reference = reference
        self.trend = trend
        self.inventory = inventory
        self.limit = limit
        self.tick = tick
        self.venueMinimumSize = venueMinimumSize
        self.sinceLastTakeMilliseconds = sinceLastTakeMilliseconds
    }
}

/// Momentum's taker: position with a sustained move by taking liquidity, and take the position back out
/// when the move reverses. Pure: the machine sends what it returns through its taker path (every risk
/// state can refuse, our own crossing quotes are cancelled first) and the fills, taker fees included,
/// reach the ledger as any fill does. The stop-loss stays the hard bound.
///
/// - Entry (up): the mid is `entryTicks` or more above the reference and the trend detector says up; the
///   net is below `maxPosition` and the limit: BUY YES, at most `size`, up to the best ask plus
///   `slippageTicks`. Down mirrors it with BUY NO against the best bid.
/// - Exit (long): the mid is `exitTicks` or more below the reference (the move reversed): SELL the YES
///   that make the net long, down to the best bid minus `slippageTicks`. Short mirrors it with SELL NO.
/// - Nothing within `cooldownMilliseconds` of the last taker order, nothing below the venue minimum, nothing
///   without both sides of the book.
public enum MomentumTaker {
    public static func decide(parameters: MomentumTaking, context: MomentumTakeContext) -> TakeOrder? {
        if let since = context.sinceLastTakeMilliseconds, since < parameters.cooldownMilliseconds { return nil }
        guard let reference = context.reference, let bid = context.book.bestBid?.price, let ask = context.book.bestAsk?.price,
            let mid = context.book.mid
        else { return nil }
        let tick = context.tick.micros
        let deviation = mid.micros - reference.micros
        let net = context.inventory.net.micros
        let slip = parameters.slippageTicks * tick

        // Exits first: a reversal against the position takes it out.
        if net > 0, deviation <= -parameters.exitTicks * tick {
            let size = Quantity(micros: min(net, context.inventory.yes.micros)).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard size >= context.venueMinimumSize, let limit = Price(micros: max(bid.micros - slip, tick)) else { return nil }
            return TakeOrder(outcome: .yes, side: .sell, limit: limit, size: size, reason: "momentum exit: the rise reversed")
        }
        if net < 0, deviation >= parameters.exitTicks * tick {
            let size = Quantity(micros: min(-net, context.inventory.no.micros)).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard size >= context.venueMinimumSize, let limit = Price(micros: max(ask.complement.micros - slip, tick)) else { return nil }
            return TakeOrder(outcome: .no, side: .sell, limit: limit, size: size, reason: "momentum exit: the fall reversed")
        }

        let budget = min(parameters.maxPosition.micros, context.limit.micros)
        if deviation >= parameters.entryTicks * tick, context.trend == .up {
            let size = Quantity(micros: min(parameters.size.micros, budget - net)).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard size >= context.venueMinimumSize, let limit = Price(micros: min(ask.micros + slip, FixedPoint.scale - tick)) else { return nil }
            return TakeOrder(outcome: .yes, side: .buy, limit: limit, size: size, reason: "momentum entry: a sustained rise")
        }
        if deviation <= -parameters.entryTicks * tick, context.trend == .down {
            let size = Quantity(micros: min(parameters.size.micros, budget + net)).truncated(toMultipleOf: Quantity.venueSizeStep)
            guard size >= context.venueMinimumSize, let limit = Price(micros: min(bid.complement.micros + slip, FixedPoint.scale - tick)) else { return nil }
            return TakeOrder(outcome: .no, side: .buy, limit: limit, size: size, reason: "momentum entry: a sustained fall")
        }
        return nil
    }
}
