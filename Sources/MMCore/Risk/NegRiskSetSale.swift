/// One outcome's token as a sale of held sets sells it: its bids (best, highest, first), what we hold of
/// it, and what the venue asks of a taker.
public struct SaleLadder: Hashable, Sendable {
    public var market: String
    /// The token sold: `.yes` for a YES set, `.no` for a NO set.
    public var outcome: Outcome
    /// On that token's own book, best (highest) first, our own orders taken out.
    public var bids: [BookLevel]
    /// What we hold of the token (a SELL can sell no more).
    public var held: Quantity
    public var takerFeeRate: Ratio
    public var minimumSize: Quantity

    public init(market: String, outcome: Outcome, bids: [BookLevel], held: Quantity, takerFeeRate: Ratio, minimumSize: Quantity) {
        self.market = market
        self.outcome = outcome
        self.bids = bids
        self.held = held
        self.takerFeeRate = takerFeeRate
        self.minimumSize = minimumSize
    }
}

/// Sets to sell: every leg a fill-and-kill SELL of the same size.
public struct SetSalePlan: Hashable, Sendable {
    public var kind: NegRiskArbitrage.Kind
    public var size: Quantity
    /// One SELL per market, limit the lowest bid the sale reaches.
    public var legs: [String: TakeOrder]
    /// What the legs bring, taker fees taken off.
    public var proceeds: Money
    /// What the sets would pay at resolution, at least (what the sale gives up).
    public var payout: Money

    /// The profit locked in over holding the sets to resolution, if every leg fills as planned.
    public var edge: Money { Money(micros: proceeds.micros - payout.micros) }
}

/// The other side of ``NegRiskArbitrage``: when an event's books **bid** more for a whole set than it pays
/// at resolution (Σ YES bids above 1, or Σ NO bids above n − 1), sets we already hold are sold into those
/// bids, locking in the difference. Selling a set needs one token of every outcome; a set we do not hold
/// would first need a split on chain (not built), so the size is bounded by the smallest holding.
extension NegRiskArbitrage {
    /// The largest profitable sale of held sets the books allow; `nil` when none of at least every leg's
    /// minimum earns `minEdgePerSet` per set. The walk mirrors the purchase: the proceeds of one more set,
    /// Σ_i (bid_i(q) − fee_i(bid_i(q))), only fall with depth q.
    public static func planSale(_ kind: Kind, ladders: [SaleLadder], outcomes: Int, minEdgePerSet: Money, maxSize: Quantity) -> SetSalePlan? {
        guard !ladders.isEmpty, maxSize.micros > 0 else { return nil }
        let payout = kind.payoutPerSet(outcomes: outcomes).micros
        let threshold = payout + minEdgePerSet.micros
        var level = [Int](repeating: 0, count: ladders.count)
        var used = [Int64](repeating: 0, count: ladders.count)
        var size: Int64 = 0
        let holding = ladders.map(\.held.micros).min() ?? 0
        walk: while size < min(maxSize.micros, holding) {
            var marginal: Int64 = 0
            var chunk = min(maxSize.micros, holding) - size
            for (index, ladder) in ladders.enumerated() {
                guard level[index] < ladder.bids.count else { break walk }
                let bid = ladder.bids[level[index]]
                marginal += bid.price.micros - feePerShare(bid.price, rate: ladder.takerFeeRate)
                chunk = min(chunk, bid.size.micros - used[index])
            }
            guard marginal >= threshold, chunk > 0 else { break }
            size += chunk
            for index in ladders.indices {
                used[index] += chunk
                if used[index] == ladders[index].bids[level[index]].size.micros {
                    level[index] += 1
                    used[index] = 0
                }
            }
        }
        size = size / sizeStep * sizeStep
        let minimum = ladders.map(\.minimumSize.micros).max() ?? 0
        guard size > 0, size >= minimum else { return nil }
        let sets = Quantity(micros: size)
        var legs: [String: TakeOrder] = [:]
        var proceeds: Int64 = 0
        for ladder in ladders {
            guard let (value, limit) = NegRiskHedge.walk(ladder.bids, sets, rate: ladder.takerFeeRate, buying: false) else { return nil }
            proceeds += value
            legs[ladder.market] = TakeOrder(outcome: ladder.outcome, side: .sell, limit: limit, size: sets, reason: "neg-risk \(kind.rawValue) sale")
        }
        let payoutTotal = FixedPoint.multiplyDivide(payout, size, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
        let required = FixedPoint.multiplyDivide(minEdgePerSet.micros, size, dividingBy: FixedPoint.scale, rounding: .up) ?? .max
        guard proceeds - payoutTotal > 0, proceeds - payoutTotal >= required else { return nil }
        return SetSalePlan(kind: kind, size: sets, legs: legs, proceeds: Money(micros: proceeds), payout: Money(micros: payoutTotal))
    }
}
