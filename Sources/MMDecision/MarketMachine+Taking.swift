import MMCore

/// A taker order decided outside this market (a neg-risk event's arbitrage leg): a fill-and-kill BUY of
/// `size` of `outcome`'s token at up to `limit`.
public struct TakeOrder: Sendable, Hashable {
    public var outcome: Outcome
    public var limit: Price
    public var size: Quantity
    /// Why, for the log line ("neg-risk yes-set arbitrage").
    public var reason: String

    public init(outcome: Outcome, limit: Price, size: Quantity, reason: String) {
        self.outcome = outcome
        self.limit = limit
        self.size = size
        self.reason = reason
    }
}

extension MarketMachine {
    /// Why this market takes no liquidity now (`nil`: it may): the same states that stop its quoting, and
    /// a stop-loss exit in progress (its own taker orders come first).
    public var takeRefusal: String? {
        if let haltReason { return "halted: \(haltReason)" }
        if let storeFailure { return "store failing: \(storeFailure)" }
        if isSuspended { return "suspended for the venue's heartbeat" }
        if isPaused { return "paused" }
        if case .liquidating = stopLoss.state { return "stop-loss exit in progress" }
        return nil
    }

    /// Sends the taker orders as FAK BUYs, unless ``takeRefusal`` says the market may not trade now, after
    /// cancelling our own quotes they would meet (a self-match; when one of those cannot be cancelled yet,
    /// nothing is sent). Their
    /// answers are handled as market-mode liquidation orders are: the fills come through the ledger as any
    /// fill does; nothing of them rests.
    mutating func onTake(_ orders: [TakeOrder], now: Int64) {
        guard !orders.isEmpty else { return }
        if let refusal = takeRefusal {
            log(.warning, "taker order not sent", ["reason": orders[0].reason, "refused": refusal])
            return
        }
        // Our own quotes the taker orders would meet go first: a YES buy at L meets our asks at or below L,
        // a NO buy at L our bids at or above 1 − L (the venue matches complementary orders). The engine
        // performs the cancel before the post.
        let crossing = { (tracked: TrackedOrder) -> Bool in
            orders.contains { take in
                take.outcome == .yes
                    ? tracked.quote.leg == .ask && tracked.quote.yesPrice <= take.limit : tracked.quote.leg == .bid && tracked.quote.yesPrice >= take.limit.complement
            }
        }
        guard let cancels = reconciler.cancel(where: crossing, nowMilliseconds: now) else {
            log(.warning, "taker order not sent", ["reason": orders[0].reason, "refused": "an order of ours it would meet is not yet cancellable (posting or unanswered)"])
            return
        }
        perform(cancels, now: now)
        var requests: [OrderRequest] = []
        for order in orders {
            liquidationCounter += 1
            let clientID = "take-\(reconciler.prefix)-\(liquidationCounter)"
            liquidationPending[clientID] = true
            log(.notice, "taker order", ["reason": order.reason, "outcome": order.outcome.rawValue, "limit": "\(order.limit)", "size": "\(order.size)"])
            requests.append(
                OrderRequest(
                    clientID: clientID, outcome: order.outcome, side: .buy, price: order.limit, size: order.size, timeInForce: .fillAndKill, postOnly: false,
                    purpose: .take))
        }
        emit(.post(requests))
    }
}
