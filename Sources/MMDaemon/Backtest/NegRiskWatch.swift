import MMCore
import MMSim
import Synchronization

/// What the neg-risk checks look at, sampled by the backtest once per simulated second from the
/// venue's side (our open orders as the simulator holds them, our positions from the ledgers), so a test
/// can assert the quotes never summed to an arbitrage and the worst-case-loss cap held.
public final class NegRiskWatch: Sendable {
    public struct Figures: Sendable, Hashable {
        public var samples = 0
        /// Samples where we had an ask (a bid) on every named outcome of an event.
        public var fullAskSets = 0
        public var fullBidSets = 0
        /// The lowest Σ asks and highest Σ bids (YES view, micro-pUSD) over those samples.
        public var lowestAskSum: Int64?
        public var highestBidSum: Int64?
        /// The highest worst-case loss over outcomes of any event seen.
        public var highestWorstCaseLoss: Money?
        /// Our orders resting on placeholder outcomes (must stay 0).
        public var placeholderOrders = 0
        /// Our fills on the event's outcomes by the last sample (so a test knows takers hit us).
        public var fills = 0
    }

    private let state = Mutex(Figures())

    public init() {}

    public var figures: Figures { state.withLock { $0 } }

    /// Our best bid and ask per market in the YES view: BUY YES p and SELL NO 1 − p are bids; SELL YES p
    /// and BUY NO 1 − p are asks.
    static func touch(_ orders: [SimOrder]) -> (bid: Int64?, ask: Int64?) {
        var bid: Int64?
        var ask: Int64?
        for order in orders where order.remaining.micros > 0 {
            let yes = order.outcome == .yes ? order.price.micros : FixedPoint.scale - order.price.micros
            let isBid = (order.outcome == .yes) == (order.side == .buy)
            if isBid { bid = max(bid ?? yes, yes) } else { ask = min(ask ?? yes, yes) }
        }
        return (bid, ask)
    }

    /// One sample of one event: each named outcome's open orders and holdings, and the placeholders' orders.
    func sample(outcomes: [(orders: [SimOrder], holding: EventHolding)], hasPlaceholder: Bool, placeholderOrders: Int, fills: Int) {
        let touches = outcomes.map { Self.touch($0.orders) }
        let asks = touches.compactMap(\.ask)
        let bids = touches.compactMap(\.bid)
        let worst = NegRiskEvent.worstCaseLoss(outcomes.map(\.holding), unheldOutcome: hasPlaceholder)
        state.withLock { figures in
            figures.samples += 1
            figures.placeholderOrders += placeholderOrders
            figures.fills = max(figures.fills, fills)
            if asks.count == outcomes.count {
                figures.fullAskSets += 1
                figures.lowestAskSum = min(figures.lowestAskSum ?? .max, asks.reduce(0, +))
            }
            if bids.count == outcomes.count {
                figures.fullBidSets += 1
                figures.highestBidSum = max(figures.highestBidSum ?? .min, bids.reduce(0, +))
            }
            figures.highestWorstCaseLoss = max(figures.highestWorstCaseLoss ?? worst, worst)
        }
    }
}
