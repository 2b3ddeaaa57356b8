/// What our resting orders are expected to earn from a market's reward pool.
public struct RewardEstimate: Hashable, Sendable {
    /// Our Q_min for one sample.
    public var ourScore: RewardScore
    /// The estimated Q_min of everyone else resting in the band.
    public var competitorScore: RewardScore
    /// Our share of the per-minute pool, in millionths (1_000_000 = all of it).
    public var shareMicros: Int64
    /// Our expected reward per minute at this share: share × dailyRate ÷ 1440.
    public var expectedPerMinute: Money
    /// Our expected reward per day if the book stayed as it is.
    public var expectedPerDay: Money
}

extension RewardScoring {
    /// Estimates our share of the reward pool from our orders and the competing liquidity in the book.
    ///
    /// The book shows aggregate levels, not makers, so competitors are treated as one aggregate maker
    /// whose orders are the book's levels minus our own sizes at the same prices. That overstates their
    /// Q_min when they are many one-sided makers (each would score at 1/c), so the share is a
    /// conservative estimate: the paid share is at least this when the book is as seen.
    public static func estimate(
        ours: [RewardOrder], book: OrderBook, mid: Price, parameters: RewardParameters
    ) -> RewardEstimate {
        let (ourOne, ourTwo) = sides(of: ours, mid: mid, parameters: parameters)
        let ourScore = qMin(qOne: ourOne, qTwo: ourTwo, mid: mid)

        var ownAtYesPrice: [Int64: (bid: Int64, ask: Int64)] = [:]
        for order in ours {
            var entry = ownAtYesPrice[order.yesPrice.micros] ?? (0, 0)
            if order.countsTowardQOne { entry.bid += order.size.micros } else { entry.ask += order.size.micros }
            ownAtYesPrice[order.yesPrice.micros] = entry
        }
        var others: [RewardOrder] = []
        others.reserveCapacity(book.bids.count + book.asks.count)
        for level in book.bids {
            let size = level.size.micros - (ownAtYesPrice[level.price.micros]?.bid ?? 0)
            if size > 0 { others.append(RewardOrder(outcome: .yes, side: .buy, price: level.price, size: Quantity(micros: size))) }
        }
        for level in book.asks {
            let size = level.size.micros - (ownAtYesPrice[level.price.micros]?.ask ?? 0)
            if size > 0 { others.append(RewardOrder(outcome: .yes, side: .sell, price: level.price, size: Quantity(micros: size))) }
        }
        let (theirOne, theirTwo) = sides(of: others, mid: mid, parameters: parameters)
        let competitorScore = qMin(qOne: theirOne, qTwo: theirTwo, mid: mid)

        let total = ourScore.micros + competitorScore.micros
        let share = total > 0 ? FixedPoint.multiplyDivide(ourScore.micros, FixedPoint.scale, dividingBy: total, rounding: .down)! : 0
        let perDay = Money(micros: FixedPoint.multiplyDivide(parameters.dailyRate.micros, share, dividingBy: FixedPoint.scale, rounding: .down)!)
        return RewardEstimate(
            ourScore: ourScore, competitorScore: competitorScore, shareMicros: share,
            expectedPerMinute: Money(micros: perDay.micros / 1440), expectedPerDay: perDay)
    }
}
