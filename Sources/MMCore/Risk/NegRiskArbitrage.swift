/// The arbitrage a neg-risk event's own books can offer, as a taker (`strategy.negRiskArbitrage`).
/// Pure and exact (micro-units); the daemon's `NegRiskArbitrageur` sends the legs.
///
/// Exactly one outcome of a neg-risk event resolves YES, so two sets pay a known amount whoever wins:
/// - **a YES set** (one YES of every outcome) pays 1 pUSD; only an event with no placeholder and no
///   outcome we lack a book for is complete enough for it;
/// - **a NO set** (one NO of each of the n named outcomes) pays n − 1 pUSD (n when a placeholder wins),
///   so it needs a book for every named outcome but tolerates a placeholder.
/// When the books sell a set below its payout (taker fees included), buying sets locks in the difference,
/// held to resolution (converting NO sets early goes through the neg-risk adapter on chain, which mmd
/// does not do).
public enum NegRiskArbitrage {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case yesSet = "yes-set"
        case noSet = "no-set"

        /// What one set pays at resolution, at least, for an event of `outcomes` named outcomes.
        public func payoutPerSet(outcomes: Int) -> Money {
            Money(micros: self == .yesSet ? FixedPoint.scale : Int64(max(outcomes - 1, 0)) * FixedPoint.scale)
        }
    }

    /// Size granularity of a set: 0.01 share, the venue's size precision.
    public static let sizeStep: Int64 = 10_000

    /// The taker fee per share at `price` (V2: rate × p × (1 − p)), rounded up.
    public static func feePerShare(_ price: Price, rate: Ratio) -> Int64 {
        guard rate.micros > 0 else { return 0 }
        let variance = FixedPoint.multiplyDivide(price.micros, FixedPoint.scale - price.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? 0
        return FixedPoint.multiplyDivide(variance, rate.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? 0
    }

    /// The largest profitable set size the books allow, and its legs; `nil` when no set of at least every
    /// leg's minimum size earns `minEdgePerSet` per set.
    ///
    /// Sets are bought level by level: at depth q the cost of one more set is Σ_i (p_i(q) + fee_i(p_i(q))),
    /// which only rises with q, so the walk stops at the first depth where it passes the payout less the edge.
    /// - Parameters:
    ///   - ladders: One per outcome, the asks of the token a set buys, best first (our own orders taken out).
    ///   - maxSize: At most this many sets.
    ///   - maxCost: At most this much spent (fees included), e.g. the event's headroom under its cap.
    public static func plan(
        _ kind: Kind, ladders: [ArbitrageLadder], outcomes: Int, minEdgePerSet: Money, maxSize: Quantity, maxCost: Money? = nil
    ) -> ArbitragePlan? {
        guard !ladders.isEmpty, maxSize.micros > 0 else { return nil }
        let payout = kind.payoutPerSet(outcomes: outcomes).micros
        let threshold = payout - minEdgePerSet.micros
        var level = [Int](repeating: 0, count: ladders.count)
        var used = [Int64](repeating: 0, count: ladders.count)
        var size: Int64 = 0
        var spent: Int64 = 0
        walk: while size < maxSize.micros {
            var marginal: Int64 = 0
            var chunk = maxSize.micros - size
            for (index, ladder) in ladders.enumerated() {
                guard level[index] < ladder.asks.count else { break walk }
                let ask = ladder.asks[level[index]]
                marginal += ask.price.micros + feePerShare(ask.price, rate: ladder.takerFeeRate)
                chunk = min(chunk, ask.size.micros - used[index])
            }
            guard marginal <= threshold else { break }
            if let maxCost {
                let affordable = FixedPoint.multiplyDivide(maxCost.micros - spent, FixedPoint.scale, dividingBy: marginal, rounding: .down) ?? 0
                chunk = min(chunk, affordable)
            }
            guard chunk > 0 else { break }
            size += chunk
            spent += FixedPoint.multiplyDivide(marginal, chunk, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
            for index in ladders.indices {
                used[index] += chunk
                if used[index] == ladders[index].asks[level[index]].size.micros {
                    level[index] += 1
                    used[index] = 0
                }
            }
        }
        size = size / sizeStep * sizeStep
        let minimum = ladders.map(\.minimumSize.micros).max() ?? 0
        guard size > 0, size >= minimum else { return nil }
        let sets = Quantity(micros: size)
        let legs = ladders.map { $0.leg(buying: sets) }
        let cost = legs.reduce(0) { $0 + $1.cost.micros }
        let payoutTotal = FixedPoint.multiplyDivide(payout, size, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        let edge = payoutTotal - cost
        let required = FixedPoint.multiplyDivide(minEdgePerSet.micros, size, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
        guard edge > 0, edge >= required else { return nil }
        return ArbitragePlan(kind: kind, size: sets, legs: legs, cost: Money(micros: cost), payout: Money(micros: payoutTotal))
    }
}

/// One outcome's token as a set buys it: its asks (best first) and what the venue asks of a taker.
public struct ArbitrageLadder: Hashable, Sendable {
    public var market: String
    /// The token bought: `.yes` for a YES set, `.no` for a NO set.
    public var outcome: Outcome
    /// On that token's own book, best (lowest) first.
    public var asks: [BookLevel]
    public var takerFeeRate: Ratio
    public var minimumSize: Quantity

    public init(market: String, outcome: Outcome, asks: [BookLevel], takerFeeRate: Ratio, minimumSize: Quantity) {
        self.market = market
        self.outcome = outcome
        self.asks = asks
        self.takerFeeRate = takerFeeRate
        self.minimumSize = minimumSize
    }

    /// The asks of `outcome`'s token from a YES-view book without the given own orders: YES asks as they
    /// are, NO asks from the YES bids (a NO ask at 1 − p is a YES bid at p). Our own orders that may rest
    /// (`own`, YES view) are taken out of their level, so a set never trades against us.
    public static func asks(of outcome: Outcome, in book: OrderBook, excluding own: [RestingLeg]) -> [BookLevel] {
        let leg: QuoteLeg = outcome == .yes ? .ask : .bid
        let levels = outcome == .yes ? book.asks : book.bids
        return levels.compactMap { level in
            let ours = own.filter { $0.leg == leg && $0.yesPrice == level.price }.reduce(0) { $0 + $1.size.micros }
            let left = level.size.micros - ours
            guard left > 0 else { return nil }
            return BookLevel(price: outcome == .yes ? level.price : level.price.complement, size: Quantity(micros: left))
        }
    }

    /// Buying `size` from the asks: the limit price (the deepest level reached) and the cost with fees.
    func leg(buying size: Quantity) -> ArbitrageLeg {
        var left = size.micros
        var cost: Int64 = 0
        var limit = asks.first?.price ?? Price(micros: FixedPoint.scale)!
        for ask in asks where left > 0 {
            let take = min(left, ask.size.micros)
            let perShare = ask.price.micros + NegRiskArbitrage.feePerShare(ask.price, rate: takerFeeRate)
            cost += FixedPoint.multiplyDivide(perShare, take, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
            limit = ask.price
            left -= take
        }
        return ArbitrageLeg(market: market, outcome: outcome, limit: limit, size: size, cost: Money(micros: cost), takerFeeRate: takerFeeRate)
    }
}

/// One order of a set: buy `size` of `outcome`'s token at up to `limit`, expected to cost `cost` (fees in).
public struct ArbitrageLeg: Hashable, Sendable {
    public var market: String
    public var outcome: Outcome
    public var limit: Price
    public var size: Quantity
    public var cost: Money
    public var takerFeeRate: Ratio
}

/// Sets to buy: every leg the same size; `payout` is what they pay at resolution, at least.
public struct ArbitragePlan: Hashable, Sendable {
    public var kind: NegRiskArbitrage.Kind
    public var size: Quantity
    public var legs: [ArbitrageLeg]
    public var cost: Money
    public var payout: Money

    /// The profit locked in if every leg fills as planned.
    public var edge: Money { Money(micros: payout.micros - cost.micros) }

    /// The most the legs may spend if filled at their limits (a FAK BUY's budget), fees included: what a
    /// cap must have room for.
    public var budget: Money {
        Money(micros: legs.reduce(0) { total, leg in
            let perShare = leg.limit.micros + NegRiskArbitrage.feePerShare(leg.limit, rate: leg.takerFeeRate)
            return total + (FixedPoint.multiplyDivide(perShare, leg.size.micros, dividingBy: FixedPoint.scale, rounding: .up) ?? .max)
        })
    }
}
