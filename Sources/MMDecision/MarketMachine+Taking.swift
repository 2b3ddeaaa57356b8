import MMCore

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

    static let uncancellable = "a quote of ours it would meet is not cancellable yet (posting, unanswered or cancelling)"

    /// Whether a quote of ours would meet one of the taker orders. In the YES view a take that lifts asks
    /// (BUY YES at L, or SELL NO at L = BUY YES at 1 − L) meets our asks at or below its YES limit; one
    /// that hits bids (SELL YES at L, or BUY NO at L = SELL YES at 1 − L) our bids at or above it (the
    /// venue matches complementary orders).
    static func crosses(_ tracked: TrackedOrder, _ orders: [TakeOrder]) -> Bool {
        orders.contains { take in
            take.liftsAsks ? tracked.quote.leg == .ask && tracked.quote.yesPrice <= take.yesLimit : tracked.quote.leg == .bid && tracked.quote.yesPrice >= take.yesLimit
        }
    }

    /// Whether a quote of ours must go before the taker orders: it would meet one, or it sells the tokens a
    /// taker SELL needs (the venue reserves a SELL's tokens while it rests and refuses the taker for balance).
    static func standsInTheWay(_ tracked: TrackedOrder, _ orders: [TakeOrder]) -> Bool {
        crosses(tracked, orders)
            || orders.contains { $0.side == .sell && tracked.quote.side == .sell && tracked.quote.outcome == $0.outcome }
    }

    /// Why these taker orders would not be sent now (`nil`: they would): ``takeRefusal``, or a quote of
    /// ours they would meet that cannot be cancelled first. The neg-risk arbitrage asks every outcome
    /// before sending any leg, so a set is not left partial for a reason known in advance.
    public func takeRefusal(for orders: [TakeOrder]) -> String? {
        if let refusal = takeRefusal { return refusal }
        let blocking = reconciler.orders.values.contains { Self.standsInTheWay($0, orders) && !($0.state == .live && $0.orderID != nil) }
        return blocking ? Self.uncancellable : nil
    }

    /// Sends the taker orders as FAK orders, unless ``takeRefusal`` says the market may not trade now, after
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
        // Our own quotes the taker orders would meet go first (the engine performs the cancel before the post).
        guard let cancels = reconciler.cancel(where: { Self.standsInTheWay($0, orders) }, nowMilliseconds: now) else {
            log(.warning, "taker order not sent", ["reason": orders[0].reason, "refused": Self.uncancellable])
            return
        }
        perform(cancels, now: now)
        var requests: [OrderRequest] = []
        for order in orders {
            liquidationCounter += 1
            let clientID = "take-\(reconciler.prefix)-\(liquidationCounter)"
            liquidationPending[clientID] = true
            log(.notice, "taker order", ["reason": order.reason, "side": order.side.rawValue, "outcome": order.outcome.rawValue, "limit": "\(order.limit)", "size": "\(order.size)"])
            requests.append(
                OrderRequest(
                    clientID: clientID, outcome: order.outcome, side: order.side, price: order.limit, size: order.size, timeInForce: .fillAndKill, postOnly: false,
                    purpose: .take))
        }
        emit(.post(requests))
    }
}
