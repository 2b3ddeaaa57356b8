/// The expected-value quoter: every candidate price and size of each leg is valued by one objective, and
/// the leg quotes the candidate with the most value per minute within the market's capital budget (the
/// budget is the capital; equal values go to the one tying up the least collateral) (`docs/strategy.md`).
///
/// Value per minute of a resting order = expected reward (our marginal share of the pool, by the venue's
/// scoring formula against the competing orders) + expected filled shares per minute × (edge to mid −
/// adverse selection − change in inventory cost per share + maker rebate). A leg whose best value is not
/// positive is left empty. Risk policies stay outside as hard constraints: pulled legs, size caps, the
/// position limit, a minimum distance from mid (bait defence) reach the quoter through ``QuoteContext``.
///
/// Pure integer arithmetic; the same context always gives the same plan.
public enum ExpectedValueQuoter {
    public static func plan(settings: QuoterSettings, objective: ExpectedValueSettings, context: QuoteContext) -> QuotePlan {
        let others = context.competition ?? context.book
        guard let mid = others.sizeCutoffAdjustedMid(minimumSize: context.rewards.minSize) else {
            return QuotePlan(bid: .skipped(.noMidpoint), ask: .skipped(.noMidpoint), mid: nil, offsets: nil)
        }
        let model = Objective(settings: settings, objective: objective, context: context, others: others, mid: mid)
        var bid = model.legState(.bid)
        var ask = model.legState(.ask)
        // The bid is first valued as if the ask mirrored it, the ask against that bid, then the bid again
        // against the ask's choice (each leg's score depends on the other: both move the venue's midpoint).
        var bestBid = bid.candidates.isEmpty ? nil : model.best(.bid, bid, other: nil, below: nil, above: nil)
        var bestAsk = ask.candidates.isEmpty ? nil : model.best(.ask, ask, other: model.otherLeg(bestBid), below: nil, above: nil)
        if !bid.candidates.isEmpty { bestBid = model.best(.bid, bid, other: model.otherLeg(bestAsk), below: nil, above: nil) }
        // Never meet our own other leg: the weaker leg steps back.
        if let b = bestBid, let a = bestAsk, b.value.yesPrice >= a.value.yesPrice {
            if b.value.perMinute >= a.value.perMinute {
                bestAsk = model.best(.ask, ask, other: model.otherLeg(b), below: nil, above: b.value.yesPrice.micros)
            } else {
                bestBid = model.best(.bid, bid, other: model.otherLeg(a), below: a.value.yesPrice.micros, above: nil)
            }
        }
        bid.decide(bestBid, inventory: context.inventory)
        ask.decide(bestAsk, inventory: context.inventory)
        var plan = QuotePlan(bid: bid.decision, ask: ask.decision, mid: mid, offsets: nil)
        plan.bidValue = bid.decision.quote == nil ? nil : bestBid?.value
        plan.askValue = ask.decision.quote == nil ? nil : bestAsk?.value
        return plan
    }

    /// Every candidate of one leg with its value, best first (for tests, status and the benchmark).
    public static func candidates(_ leg: QuoteLeg, settings: QuoterSettings, objective: ExpectedValueSettings, context: QuoteContext) -> [LegValue] {
        let others = context.competition ?? context.book
        guard let mid = others.sizeCutoffAdjustedMid(minimumSize: context.rewards.minSize) else { return [] }
        let model = Objective(settings: settings, objective: objective, context: context, others: others, mid: mid)
        let state = model.legState(leg)
        return state.candidates.map { model.value(leg, $0, other: nil).value }.sorted { ($0.perMinute, $0.perCapital) > ($1.perMinute, $1.perCapital) }
    }
}

/// One candidate order: a price on the grid and a size.
struct Candidate {
    var price: Int64
    var size: Int64
    // What does not depend on the other leg, computed once per candidate (``Objective/appendCandidates``);
    // the reward score does (``Objective/score(_:_:other:)``).
    var fillRate: Int64 = 0
    var perShare: Int64 = 0
    /// fillRate × perShare, micro-pUSD per minute.
    var spread: Int64 = 0
    var capital: Int64 = 1
}

/// The candidates of one leg and, once chosen, its decision.
struct LegState {
    var leg: QuoteLeg
    var candidates: [Candidate] = []
    var skip: SkipReason?
    var decision = LegDecision.skipped(.negativeValue)

    mutating func decide(_ best: Objective.Valued?, inventory: Inventory) {
        if let skip { decision = .skipped(skip); return }
        guard let best else { decision = .skipped(.negativeValue); return }
        decision = .quote(Self.instrument(leg, yesPrice: best.value.yesPrice, size: best.value.size, inventory: inventory))
    }

    /// Sells held tokens when we hold enough (no collateral locked), else buys the complement.
    static func instrument(_ leg: QuoteLeg, yesPrice: Price, size: Quantity, inventory: Inventory) -> Quote {
        switch leg {
        case .bid:
            if inventory.no >= size { return Quote(leg: .bid, outcome: .no, side: .sell, price: yesPrice.complement, size: size) }
            return Quote(leg: .bid, outcome: .yes, side: .buy, price: yesPrice, size: size)
        case .ask:
            if inventory.yes >= size { return Quote(leg: .ask, outcome: .yes, side: .sell, price: yesPrice, size: size) }
            return Quote(leg: .ask, outcome: .no, side: .buy, price: yesPrice.complement, size: size)
        }
    }
}
