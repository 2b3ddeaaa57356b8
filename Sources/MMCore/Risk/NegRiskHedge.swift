/// What one leg of a neg-risk set attempt left: the token it bought, how much of it filled, what that
/// cost, and that token's book as it is now (our own orders taken out).
public struct HedgeLeg: Hashable, Sendable {
    public var market: String
    /// The token the set buys (`.yes` for a YES set, `.no` for a NO set).
    public var outcome: Outcome
    /// Shares bought (a purchase of sets) or sold (a sale of sets).
    public var filled: Quantity
    /// The cash of those shares, fees included: paid for a purchase, received for a sale.
    public var paid: Money
    /// The token's asks, best (lowest) first.
    public var asks: [BookLevel]
    /// The token's bids, best (highest) first.
    public var bids: [BookLevel]
    public var takerFeeRate: Ratio

    public init(market: String, outcome: Outcome, filled: Quantity, paid: Money, asks: [BookLevel], bids: [BookLevel], takerFeeRate: Ratio) {
        self.market = market
        self.outcome = outcome
        self.filled = filled
        self.paid = paid
        self.asks = asks
        self.bids = bids
        self.takerFeeRate = takerFeeRate
    }
}

/// How a partial set is made whole.
public enum HedgeDecision: Hashable, Sendable {
    /// Every leg filled alike: nothing to do.
    case balanced
    /// Trade what the short legs miss the attempt's way, so that every set is complete (one per market).
    case complete([String: TakeOrder])
    /// Trade the long legs' excess back (taker SELLs after a purchase, BUYs after a sale), one per market.
    case unwind([String: TakeOrder])
    /// Neither way ends within the bound (or the books cannot take it): the partial set is left, and said.
    case hold(String)
}

/// Makes a partial neg-risk set whole after an arbitrage attempt (`strategy.negRiskArbitrage.maxHedgeLoss`).
///
/// When the legs filled unevenly the difference is a directional position. Two ways out, both priced on
/// the books now with taker fees: **complete** the sets (trade each short leg up to the longest, the way
/// the attempt traded) or **unwind** the excess (trade each long leg's excess back down to the shortest).
/// The attempt's result after each is exact. For a purchase of sets: complete = longest × payout −
/// everything paid − the completion's cost; unwind = shortest × payout − everything paid + the sale's
/// proceeds. For a sale of held sets (measured against holding them to resolution): complete = everything
/// received + the completion's proceeds − longest × payout; unwind = everything received − the buy-back's
/// cost − shortest × payout. The better one is chosen when it ends no worse than −`maxLoss` for the
/// whole attempt; otherwise the position is held (the event cap and the stop-loss still bound it) and the
/// caller reports it.
public enum NegRiskHedge {
    /// - Parameter side: how the attempt traded its legs: `.buy` for a purchase of sets, `.sell` for a sale.
    public static func plan(
        _ kind: NegRiskArbitrage.Kind, side: Side = .buy, legs: [HedgeLeg], outcomes: Int, maxLoss: Money, minimumSize: Quantity
    ) -> (HedgeDecision, result: Money?) {
        guard let longest = legs.map(\.filled).max(), let shortest = legs.map(\.filled).min() else { return (.balanced, nil) }
        if longest.micros - shortest.micros < NegRiskArbitrage.sizeStep { return (.balanced, nil) }
        let payout = kind.payoutPerSet(outcomes: outcomes).micros
        let cash = legs.reduce(0) { $0 + $1.paid.micros }
        let reason = "neg-risk \(kind.rawValue) hedge"
        let buying = side == .buy
        func payoutOf(_ sets: Quantity) -> Int64 { FixedPoint.multiplyDivide(sets.micros, payout, dividingBy: FixedPoint.scale, rounding: .down) ?? 0 }

        var options: [(HedgeDecision, Int64)] = []
        // Complete: trade each short leg's shortfall the attempt's way (buy from the asks, or sell into the bids).
        var completing: [String: TakeOrder] = [:]
        var completionCash: Int64 = 0
        var completable = true
        for leg in legs where leg.filled < longest {
            let need = longest - leg.filled
            guard need >= minimumSize, let (value, limit) = walk(buying ? leg.asks : leg.bids, need, rate: leg.takerFeeRate, buying: buying) else {
                completable = false
                break
            }
            completionCash += value
            completing[leg.market] = TakeOrder(outcome: leg.outcome, side: side, limit: limit, size: need, reason: reason)
        }
        if completable {
            let result = buying ? payoutOf(longest) - cash - completionCash : cash + completionCash - payoutOf(longest)
            options.append((.complete(completing), result))
        }
        // Unwind: trade each long leg's excess back (sell into the bids, or buy from the asks).
        var unwinding: [String: TakeOrder] = [:]
        var unwindCash: Int64 = 0
        var unwindable = true
        for leg in legs where leg.filled > shortest {
            let excess = leg.filled - shortest
            guard excess >= minimumSize, let (value, limit) = walk(buying ? leg.bids : leg.asks, excess, rate: leg.takerFeeRate, buying: !buying) else {
                unwindable = false
                break
            }
            unwindCash += value
            unwinding[leg.market] = TakeOrder(outcome: leg.outcome, side: side.opposite, limit: limit, size: excess, reason: reason)
        }
        if unwindable {
            let result = buying ? payoutOf(shortest) - cash + unwindCash : cash - unwindCash - payoutOf(shortest)
            options.append((.unwind(unwinding), result))
        }
        guard let best = options.max(by: { $0.1 < $1.1 }) else {
            return (.hold("the books cannot complete or unwind the partial set (too thin, or a difference below the venue minimum)"), nil)
        }
        guard best.1 >= -maxLoss.micros else {
            return (.hold("the best hedge ends the attempt at \(Money(micros: best.1)) pUSD, beyond the \(maxLoss) pUSD bound"), Money(micros: best.1))
        }
        return (best.0, Money(micros: best.1))
    }

    /// Taking `size` from `levels` (best first): what it costs (a BUY, fees added) or brings (a SELL, fees
    /// taken off), and the limit that reaches it; `nil` when the levels are too thin.
    static func walk(_ levels: [BookLevel], _ size: Quantity, rate: Ratio, buying: Bool) -> (Int64, Price)? {
        var left = size.micros
        var total: Int64 = 0
        var limit: Price?
        for level in levels where left > 0 {
            let take = min(left, level.size.micros)
            let fee = NegRiskArbitrage.feePerShare(level.price, rate: rate)
            let perShare = buying ? level.price.micros + fee : level.price.micros - fee
            total += FixedPoint.multiplyDivide(perShare, take, dividingBy: FixedPoint.scale, rounding: buying ? .up : .down) ?? 0
            limit = level.price
            left -= take
        }
        guard left == 0, let limit else { return nil }
        return (total, limit)
    }
}

extension ArbitrageLadder {
    /// The bids of `outcome`'s token from a YES-view book without our own orders: YES bids as they are, NO
    /// bids from the YES asks (a NO bid at 1 − p is a YES ask at p).
    public static func bids(of outcome: Outcome, in book: OrderBook, excluding own: [RestingLeg]) -> [BookLevel] {
        let leg: QuoteLeg = outcome == .yes ? .bid : .ask
        let levels = outcome == .yes ? book.bids : book.asks
        return levels.compactMap { level in
            let ours = own.filter { $0.leg == leg && $0.yesPrice == level.price }.reduce(0) { $0 + $1.size.micros }
            let left = level.size.micros - ours
            guard left > 0 else { return nil }
            return BookLevel(price: outcome == .yes ? level.price : level.price.complement, size: Quantity(micros: left))
        }
    }
}
