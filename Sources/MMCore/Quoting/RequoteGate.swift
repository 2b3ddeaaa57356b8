/// Decides whether a fresh quote plan is worth sending, so orders keep their queue position and reward samples.
///
/// Requoting on every tick cancels orders before they are sampled and loses queue priority (field notes
/// §11.9). The gate lets a new plan through only when the midpoint moved by at least the rebalance
/// threshold since the last accepted plan, when a live quote drifted out of the reward band, or when the
/// plan's shape changed (a leg appeared, vanished or changed instrument or size).
public struct RequoteGate: Sendable, Hashable {
    /// Minimum mid move, in micro-pUSD, that justifies repricing.
    public var threshold: Int64
    public private(set) var lastMid: Price?
    public private(set) var lastQuotes: [Quote] = []

    public init(threshold: Int64) { self.threshold = threshold }

    /// Whether `plan` should replace what is live.
    ///
    /// - Parameter maxSpread: the reward band's v; a live quote farther than v from the new mid no longer scores.
    /// - Parameter comparingPrices: also requote when a leg's price changed (an objective-driven plan
    ///   moves prices for reasons other than the mid; its own hysteresis keeps that from churning).
    public func shouldRequote(_ plan: QuotePlan, maxSpread: Int64, comparingPrices: Bool = false) -> Bool {
        guard let mid = plan.mid else { return !lastQuotes.isEmpty }
        guard let lastMid else { return true }
        if (mid.micros - lastMid.micros).magnitude >= threshold.magnitude { return true }
        // Plans list their quotes in a fixed order (bid leg first, best level first): compare them in order.
        let current = plan.quotes
        if current.count != lastQuotes.count { return true }
        for (a, b) in zip(current, lastQuotes) where a.leg != b.leg || a.outcome != b.outcome || a.side != b.side || a.size != b.size { return true }
        if comparingPrices, zip(current, lastQuotes).contains(where: { $0.price != $1.price }) { return true }
        return lastQuotes.contains { ($0.yesPrice.micros - mid.micros).magnitude > maxSpread }
    }

    /// Records that `plan` was accepted and sent.
    public mutating func accept(_ plan: QuotePlan) {
        lastMid = plan.mid
        lastQuotes = plan.quotes
    }
}
