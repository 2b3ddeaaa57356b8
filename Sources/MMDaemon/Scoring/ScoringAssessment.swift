import MMCore

/// Why one of our orders does not earn liquidity rewards, as far as the reward model can tell.
public enum NonScoringReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its remaining size is below the market's `rewardsMinSize`.
    case sizeBelowMinimum = "size_below_min"
    /// Its price is at or beyond the band (v) around the size-cutoff-adjusted midpoint.
    case outsideBand = "outside_band"
    /// The midpoint is outside [0.10, 0.90], where Q_min = min(Q_one, Q_two), and we score on one side only.
    case oneSided = "one_sided"
    /// The book has no midpoint to measure from.
    case noMidpoint = "no_midpoint"
    /// The venue says it does not score and no documented rule explains why (a model gap or a venue change).
    case unexplained
}

/// The model's view of one resting order of ours.
public struct ModelVerdict: Sendable, Hashable {
    public var orderID: String
    public var scores: Bool
    /// Why not, when it does not score.
    public var reason: NonScoringReason?
}

/// The reward model applied to our own resting orders, one market at a time: pure and synchronous.
///
/// It applies the venue's documented rules (docs: market-makers/liquidity-rewards) with ``RewardScoring``:
/// an order counts when its size is at least `rewardsMinSize` and its distance from the size-cutoff-adjusted
/// midpoint is below v; when the midpoint is outside [0.10, 0.90] our orders count only if we score on both
/// sides (Q_one > 0 and Q_two > 0). Rules are tried in that order, so the first that fails is the reason.
public enum ScoringAssessment {
    /// One verdict per order, in input order.
    /// - Parameters:
    ///   - orders: Our resting orders in the market (id, quote, remaining size).
    ///   - book: The market's YES book as the feed shows it (our orders included, as at the venue).
    ///   - rewards: The reward parameters the model believes in.
    public static func verdicts(orders: [(id: String, order: RewardOrder)], book: OrderBook, rewards: RewardParameters) -> [ModelVerdict] {
        guard let mid = book.sizeCutoffAdjustedMid(minimumSize: rewards.minSize) else {
            return orders.map { ModelVerdict(orderID: $0.id, scores: false, reason: .noMidpoint) }
        }
        let (qOne, qTwo) = RewardScoring.sides(of: orders.map(\.order), mid: mid, parameters: rewards)
        let twoSidedNeeded = !RewardScoring.singleSidedBand.contains(mid.micros)
        return orders.map { id, order in
            if order.size < rewards.minSize { return ModelVerdict(orderID: id, scores: false, reason: .sizeBelowMinimum) }
            let spread = Int64((order.yesPrice.micros - mid.micros).magnitude)
            if RewardScoring.orderScore(maxSpread: rewards.maxSpread, spread: spread, size: order.size) == .zero {
                return ModelVerdict(orderID: id, scores: false, reason: .outsideBand)
            }
            if twoSidedNeeded, qOne == .zero || qTwo == .zero { return ModelVerdict(orderID: id, scores: false, reason: .oneSided) }
            return ModelVerdict(orderID: id, scores: true, reason: nil)
        }
    }

    /// The expected reward of our resting orders over `elapsedMilliseconds`, micro-pUSD, from
    /// ``RewardScoring/estimate(ours:book:mid:parameters:)`` (which takes our own sizes out of the book,
    /// so the competition is the book without us): the per-day expectation × elapsed ÷ one day, rounded down.
    public static func expectedReward(orders: [RewardOrder], book: OrderBook, rewards: RewardParameters, elapsedMilliseconds: Int64) -> Int64 {
        guard !orders.isEmpty, elapsedMilliseconds > 0, let mid = book.sizeCutoffAdjustedMid(minimumSize: rewards.minSize) else { return 0 }
        let estimate = RewardScoring.estimate(ours: orders, book: book, mid: mid, parameters: rewards)
        return FixedPoint.multiplyDivide(estimate.expectedPerDay.micros, elapsedMilliseconds, dividingBy: 86_400_000, rounding: .down) ?? 0
    }
}
