/// One of our orders as the order manager tracks it.
public struct TrackedOrder: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        /// Sent, no answer yet: the level is taken (never posted twice).
        case posting
        /// Resting at the venue.
        case live
        /// A cancel was sent: never cancelled twice.
        case cancelling
        /// Sent and unanswered: it may or may not exist; nothing else is sent for the market until resolved.
        case ambiguous
    }

    /// Our id, chosen before signing (the venue's id is the order hash, known once signed).
    public var clientID: String
    public var orderID: String?
    public var quote: Quote
    public var remaining: Quantity
    public var state: State
    public var sinceMilliseconds: Int64

    public init(clientID: String, orderID: String?, quote: Quote, remaining: Quantity, state: State, sinceMilliseconds: Int64) {
        self.clientID = clientID
        self.orderID = orderID
        self.quote = quote
        self.remaining = remaining
        self.state = state
        self.sinceMilliseconds = sinceMilliseconds
    }
}

/// What the order manager asks the engine to do.
public enum OrderAction: Sendable, Hashable {
    /// Post this quote under `clientID` (sign, store the intent, send).
    case post(clientID: String, quote: Quote)
    /// Cancel these venue order ids (batched).
    case cancel(orderIDs: [String])
    /// Ask the venue about these ambiguous orders before anything else is sent.
    case resolve(clientIDs: [String])
}

/// How a GTD quote near the end of its validity is replaced.
public enum ExpiryRefresh: Sendable, Hashable {
    /// Post the replacement first; cancel the old order once the replacement rests (no gap in the book).
    case postThenCancel
    /// Cancel first, then post (when both filling would breach the limit).
    case cancelThenPost
}

/// Tolerances that keep a resting order instead of replacing it.
public struct ReconcileTolerance: Sendable, Hashable {
    /// A live order within this many micro-pUSD of the desired price is kept (0 = exact).
    public var price: Int64
    /// A live order whose remaining size is within this fraction of the desired size is kept.
    public var size: Ratio

    public init(price: Int64 = 0, size: Ratio = Ratio(micros: 200_000)) {
        self.price = price
        self.size = size
    }
}

/// The desired-versus-live diff of one market: no cancel-all per requote, a level is never posted twice,
/// an order is never cancelled twice, and an ambiguous submit freezes the market until it is resolved.
///
/// Synchronous and deterministic: the engine feeds it plans and venue answers and performs its actions.
public struct OrderReconciler: Sendable {
    public var tolerance: ReconcileTolerance
    public private(set) var orders: [String: TrackedOrder] = [:]
    private var counter: UInt64 = 0
    public let prefix: String

    /// - Parameter prefix: makes client ids unique across markets and restarts (e.g. market + start time).
    public init(tolerance: ReconcileTolerance = ReconcileTolerance(), prefix: String) {
        self.tolerance = tolerance
        self.prefix = prefix
    }

    /// The actions that move what rests at the venue toward `desired` (one quote per leg, or a ladder of
    /// several at distinct prices for the grid).
    ///
    /// Each desired quote keeps at most one resting order that matches it; every other order of the leg is
    /// cancelled. A leg with an unanswered post that matches nothing posts nothing new until it is answered
    /// (a level is never posted twice).
    ///
    /// - Parameter expiring: live orders (by client id) that must be replaced before they lapse, and how.
    public mutating func reconcile(desired: [Quote], nowMilliseconds now: Int64, expiring: [String: ExpiryRefresh] = [:]) -> [OrderAction] {
        let ambiguous = orders.values.filter { $0.state == .ambiguous }.map(\.clientID).sorted()
        if !ambiguous.isEmpty { return [.resolve(clientIDs: ambiguous)] }

        var cancels: [String] = []
        var posts: [OrderAction] = []
        for leg in QuoteLeg.allCases {
            let wants = desired.filter { $0.leg == leg }
            // Orders that are not being replaced claim their level first; an expiring one is held beside
            // its replacement until the replacement rests.
            let current = orders.values.filter { $0.quote.leg == leg && $0.state != .cancelling }
                .sorted { (expiring[$0.clientID] != nil ? 1 : 0, $0.clientID) < (expiring[$1.clientID] != nil ? 1 : 0, $1.clientID) }
            var keepers = [TrackedOrder?](repeating: nil, count: wants.count)
            var held = [[TrackedOrder]](repeating: [], count: wants.count)
            var unmatchedPost = false
            for order in current {
                switch expiring[order.clientID] {
                case nil:
                    if let slot = wants.indices.first(where: { keepers[$0] == nil && keeps(order, wants[$0]) }) {
                        keepers[slot] = order
                        continue
                    }
                case .postThenCancel?:
                    if let slot = wants.indices.first(where: { held[$0].isEmpty && keeps(order, wants[$0]) }) {
                        held[slot].append(order)
                        continue
                    }
                case .cancelThenPost?:
                    break
                }
                // A posting order cannot be cancelled yet (no id): it is replaced once its answer arrives.
                if order.state == .posting { unmatchedPost = true }
                if order.state == .live, let id = order.orderID { markCancelling(order.clientID, id, now: now, into: &cancels) }
            }
            for slot in wants.indices {
                if let keeper = keepers[slot] {
                    guard keeper.state == .live else { continue }
                    for order in held[slot] { if let id = order.orderID { markCancelling(order.clientID, id, now: now, into: &cancels) } }
                } else if !unmatchedPost {
                    counter += 1
                    let clientID = "\(prefix)-\(counter)"
                    orders[clientID] = TrackedOrder(clientID: clientID, orderID: nil, quote: wants[slot], remaining: wants[slot].size, state: .posting, sinceMilliseconds: now)
                    posts.append(.post(clientID: clientID, quote: wants[slot]))
                }
            }
        }
        return (cancels.isEmpty ? [] : [.cancel(orderIDs: cancels)]) + posts
    }

    private mutating func markCancelling(_ clientID: String, _ id: String, now: Int64, into cancels: inout [String]) {
        cancels.append(id)
        orders[clientID]?.state = .cancelling
        orders[clientID]?.sinceMilliseconds = now
    }

    /// Cancels everything live (stop, halt, shutdown); posting and ambiguous orders are left to resolve.
    public mutating func cancelAll(nowMilliseconds now: Int64) -> [OrderAction] {
        let ids = orders.values.filter { $0.state == .live }.compactMap(\.orderID).sorted()
        for (clientID, order) in orders where order.state == .live {
            orders[clientID]?.state = .cancelling
            orders[clientID]?.sinceMilliseconds = now
        }
        return ids.isEmpty ? [] : [.cancel(orderIDs: ids)]
    }

    /// Cancels the live orders `picks` selects (ours that a taker order of ours would otherwise meet);
    /// `nil`, with nothing changed, when one it selects cannot be cancelled now (a post without an answer
    /// yet, an ambiguous one, a cancel already in flight).
    public mutating func cancel(where picks: (TrackedOrder) -> Bool, nowMilliseconds now: Int64) -> [OrderAction]? {
        let picked = orders.values.filter(picks).sorted { $0.clientID < $1.clientID }
        guard picked.allSatisfy({ $0.state == .live && $0.orderID != nil }) else { return nil }
        var cancels: [String] = []
        for order in picked { markCancelling(order.clientID, order.orderID!, now: now, into: &cancels) }
        return cancels.isEmpty ? [] : [.cancel(orderIDs: cancels)]
    }

    private func keeps(_ order: TrackedOrder, _ want: Quote) -> Bool {
        guard order.state == .live || order.state == .posting else { return false }
        guard order.quote.outcome == want.outcome, order.quote.side == want.side else { return false }
        guard (order.quote.price.micros - want.price.micros).magnitude <= tolerance.price.magnitude else { return false }
        let slack = tolerance.size.of(want.size.micros)
        return (order.remaining.micros - want.size.micros).magnitude <= slack.magnitude
    }

    // MARK: Venue answers

    /// The order was signed: its venue id is known (before sending).
    public mutating func signed(clientID: String, orderID: String) { orders[clientID]?.orderID = orderID }

    public mutating func accepted(clientID: String, nowMilliseconds now: Int64) {
        orders[clientID]?.state = .live
        orders[clientID]?.sinceMilliseconds = now
    }

    public mutating func rejected(clientID: String) { orders[clientID] = nil }

    /// No answer to a post: the order may exist.
    public mutating func ambiguous(clientID: String, nowMilliseconds now: Int64) {
        orders[clientID]?.state = .ambiguous
        orders[clientID]?.sinceMilliseconds = now
    }

    /// The venue was asked about an ambiguous order: it rests (`exists`) or it does not.
    public mutating func resolved(clientID: String, exists: Bool, nowMilliseconds now: Int64) {
        if exists { accepted(clientID: clientID, nowMilliseconds: now) } else { orders[clientID] = nil }
    }

    /// A cancel was confirmed, or the order left the book any other way.
    public mutating func gone(orderID: String) {
        if let entry = orders.first(where: { $0.value.orderID == orderID }) { orders[entry.key] = nil }
    }

    /// A cancel failed for a reason other than "already gone": the order is live again.
    public mutating func cancelFailed(orderID: String) {
        if let entry = orders.first(where: { $0.value.orderID == orderID }) { orders[entry.key]?.state = .live }
    }

    /// A fill of `size` on one of our orders; a fully filled order leaves the book.
    public mutating func filled(orderID: String, size: Quantity) {
        guard let entry = orders.first(where: { $0.value.orderID == orderID }) else { return }
        let remaining = entry.value.remaining - size
        if remaining.micros <= 0 { orders[entry.key] = nil } else { orders[entry.key]?.remaining = remaining }
    }

    /// Adopts an order found at the venue during reconciliation (ours, from the intent log).
    public mutating func adopt(_ order: TrackedOrder) { orders[order.clientID] = order }

    /// Orders that may rest at the venue (for shutdown accounting and status).
    public var liveOrderIDs: [String] {
        orders.values.filter { $0.state != .posting }.compactMap(\.orderID).sorted()
    }
}
