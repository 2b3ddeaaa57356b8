/// A market's liquidity-reward parameters, as Gamma and `/clob-markets` publish them.
public struct RewardParameters: Hashable, Sendable {
    /// v: the maximum spread from the adjusted midpoint that still scores, in micro-pUSD (3c = 30_000).
    public var maxSpread: Int64
    /// The smallest order size that scores (`rewardsMinSize`).
    public var minSize: Quantity
    /// The market's reward pool per UTC day (`rewardsDailyRate`).
    public var dailyRate: Money

    public init(maxSpread: Int64, minSize: Quantity, dailyRate: Money = .zero) {
        self.maxSpread = maxSpread
        self.minSize = minSize
        self.dailyRate = dailyRate
    }
}

/// A reward score in micro-units of "share-equivalents" (S × size); never floating point.
public struct RewardScore: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
    public var micros: Int64
    public init(micros: Int64) { self.micros = micros }
    public static let zero = RewardScore(micros: 0)
    public static func + (lhs: RewardScore, rhs: RewardScore) -> RewardScore { RewardScore(micros: lhs.micros + rhs.micros) }
    public static func - (lhs: RewardScore, rhs: RewardScore) -> RewardScore { RewardScore(micros: lhs.micros - rhs.micros) }
    public static func < (lhs: RewardScore, rhs: RewardScore) -> Bool { lhs.micros < rhs.micros }
    public var description: String { FixedPoint.format(micros: micros) }
}

/// One resting order as the reward formula sees it.
public struct RewardOrder: Hashable, Sendable {
    public var outcome: Outcome
    public var side: Side
    public var price: Price
    public var size: Quantity

    public init(outcome: Outcome, side: Side, price: Price, size: Quantity) {
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
    }

    /// Whether the order counts toward Q_one (bids on m plus asks on m′) rather than Q_two.
    ///
    /// Q_one is the "buy YES" direction: a BUY YES, or a SELL NO, which the mirrored book shows as a YES bid.
    public var countsTowardQOne: Bool { (outcome == .yes) == (side == .buy) }

    /// The order's price in the YES view of the mirrored book.
    public var yesPrice: Price { outcome == .yes ? price : price.complement }
}

/// The venue's liquidity-reward formulas (docs: market-makers/liquidity-rewards), in exact integers.
public enum RewardScoring {
    /// The scaling factor c of Q_min; 3.0 on every market.
    public static let scalingFactor: Int64 = 3
    /// Inside [0.10, 0.90] single-sided liquidity scores at 1/c; outside it must be two-sided.
    public static let singleSidedBand: ClosedRange<Int64> = 100_000...900_000

    /// S(v, s) · size = ((v − s) / v)² · b · size. Orders at or beyond v score zero.
    ///
    /// - Parameters:
    ///   - maxSpread: v in micro-pUSD.
    ///   - spread: s, the order's distance from the adjusted midpoint in micro-pUSD.
    ///   - multiplier: b, the in-game multiplier (1 on current markets).
    public static func orderScore(maxSpread: Int64, spread: Int64, size: Quantity, multiplier: Int64 = 1) -> RewardScore {
        guard maxSpread > 0, spread >= 0, spread < maxSpread, size.micros > 0 else { return .zero }
        let distance = maxSpread - spread
        let weighted = FixedPoint.multiplyDivide(distance * distance, size.micros, dividingBy: maxSpread * maxSpread, rounding: .nearestEven) ?? 0
        return RewardScore(micros: weighted * multiplier)
    }

    /// Q_one and Q_two of a set of orders around the adjusted YES midpoint.
    ///
    /// Orders below `parameters.minSize` or outside the band contribute nothing. An order on the NO
    /// token is measured from the NO midpoint (1 − mid), which equals measuring its mirrored YES price
    /// from mid.
    public static func sides(of orders: some Sequence<RewardOrder>, mid: Price, parameters: RewardParameters) -> (qOne: RewardScore, qTwo: RewardScore) {
        var qOne = RewardScore.zero
        var qTwo = RewardScore.zero
        for order in orders where order.size >= parameters.minSize {
            let spread = (order.yesPrice.micros - mid.micros).magnitude
            let score = orderScore(maxSpread: parameters.maxSpread, spread: Int64(spread), size: order.size)
            if order.countsTowardQOne { qOne = qOne + score } else { qTwo = qTwo + score }
        }
        return (qOne, qTwo)
    }

    /// Q_min: inside [0.10, 0.90] `max(min(Q1, Q2), max(Q1/c, Q2/c))`; outside it `min(Q1, Q2)` (two-sided only).
    public static func qMin(qOne: RewardScore, qTwo: RewardScore, mid: Price) -> RewardScore {
        let twoSided = min(qOne, qTwo)
        guard singleSidedBand.contains(mid.micros) else { return twoSided }
        let singleSided = RewardScore(micros: max(qOne.micros, qTwo.micros) / scalingFactor)
        return max(twoSided, singleSided)
    }
}
