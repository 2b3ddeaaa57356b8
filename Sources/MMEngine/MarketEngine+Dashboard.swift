import MMCore
import MMDecision

/// What the dashboard reads from one engine in one actor hop: the live figures of the overview row and
/// the time series, plus (cheaply, the arrays are copy-on-write) the book, our orders and the reward
/// parameters that the market page draws. Amounts are micro-units; nothing is a `Double`.
public struct DashboardView: Sendable {
    /// One order of ours the machine tracks, in the YES view of the book.
    public struct Order: Sendable {
        public var orderID: String?
        public var leg: QuoteLeg
        public var outcome: Outcome
        public var side: Side
        /// The price on the outcome's own book.
        public var price: Price
        /// The same price in the YES view (the complement for a NO order).
        public var yesPrice: Price
        public var remaining: Quantity
        /// `live`, `posting`, `cancelling` or `ambiguous`.
        public var state: String
        public var sinceMilliseconds: Int64
    }

    public var market: String
    public var riskState: RiskState
    public var book: OrderBook
    public var mid: Price?
    /// The size-cutoff-adjusted midpoint the reward band is measured from.
    public var rewardMid: Price?
    public var rewards: RewardParameters
    public var orders: [Order]
    public var inventory: Inventory
    /// The per-market position limit in force.
    public var limit: Quantity
    public var realized: Money
    public var unrealized: Money
    /// Liquidity rewards and maker rebates credited.
    public var rewardsEarned: Money
    public var isScoring: Bool
    public var scoringSummary: String
    public var isTwoSided: Bool
    public var fillsApplied: Int
    public var strategy: String
    public var haltReason: String?

    /// Our best live bid in the YES view (the highest bid-leg price), if any.
    public var ourBid: Price? { orders.filter { $0.leg == .bid && $0.state == "live" }.map(\.yesPrice).max() }
    /// Our best live ask in the YES view, if any.
    public var ourAsk: Price? { orders.filter { $0.leg == .ask && $0.state == "live" }.map(\.yesPrice).min() }
    /// Realized + unrealized + rewards and rebates.
    public var total: Money { realized + unrealized + rewardsEarned }

    /// Our share of the market's reward pool now by the venue's formula (``RewardScoring/estimate``, our
    /// sizes taken out of the competition), in millionths; 0 without a midpoint or live orders.
    public var rewardShareMicros: Int64 {
        let ours = orders.filter { $0.state == "live" }.map { RewardOrder(outcome: $0.outcome, side: $0.side, price: $0.price, size: $0.remaining) }
        guard !ours.isEmpty, let rewardMid else { return 0 }
        return RewardScoring.estimate(ours: ours, book: book, mid: rewardMid, parameters: rewards).shareMicros
    }
}

extension MarketEngine {
    /// The dashboard's view of this market now (one actor hop; no copy of the book is made).
    public var dashboardView: DashboardView {
        let ledger = machine.ledger
        let book = machine.book
        let mid = book.mid
        let rewards = machine.rewards
        let orders = machine.trackedOrders.map { tracked in
            let yesPrice = tracked.quote.outcome == .yes ? tracked.quote.price : tracked.quote.price.complement
            return DashboardView.Order(
                orderID: tracked.orderID, leg: tracked.quote.leg, outcome: tracked.quote.outcome, side: tracked.quote.side, price: tracked.quote.price,
                yesPrice: yesPrice, remaining: tracked.remaining, state: Self.name(tracked.state), sinceMilliseconds: tracked.sinceMilliseconds)
        }
        return DashboardView(
            market: market.id, riskState: machine.riskState, book: book, mid: mid, rewardMid: book.sizeCutoffAdjustedMid(minimumSize: rewards.minSize),
            rewards: rewards, orders: orders, inventory: ledger.inventory, limit: machine.scoringLimit, realized: ledger.realized,
            unrealized: mid.map { ledger.unrealized(mid: $0) } ?? .zero, rewardsEarned: ledger.rewards + ledger.rebates, isScoring: machine.scoring.isScoring,
            scoringSummary: machine.scoring.summary, isTwoSided: machine.isTwoSided, fillsApplied: machine.fillsApplied, strategy: machine.strategyName,
            haltReason: machine.haltReason)
    }

    static func name(_ state: TrackedOrder.State) -> String {
        switch state {
        case .posting: "posting"
        case .live: "live"
        case .cancelling: "cancelling"
        case .ambiguous: "ambiguous"
        }
    }
}
