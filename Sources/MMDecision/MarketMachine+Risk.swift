import MMCore

extension MarketMachine {
    /// What the supervisor sees now; `nil` without a two-sided book to mark against.
    func riskSnapshot(now: Int64) -> RiskSnapshot? {
        guard let mid = book.mid else { return nil }
        let today = ledger.figures(on: UTCDay(epochMilliseconds: now))
        return RiskSnapshot(
            inventory: ledger.inventory, mid: mid, tick: tick, unrealized: ledger.unrealized(mid: mid), realizedToday: today.realized + today.rewards,
            nowMilliseconds: now, minimumSize: market.venueMinimumSize)
    }

    /// Runs the stop-loss state machine (roadmap Phase 3) and performs what it decides.
    mutating func evaluateStopLoss(now: Int64) {
        guard let snapshot = riskSnapshot(now: now) else { return }
        perform(stopLoss.evaluate(snapshot), now: now)
    }

    /// `mmctl liquidate --mode …`: the same paths as an automatic stop.
    mutating func onLiquidate(_ mode: LiquidationMode, now: Int64) {
        guard let snapshot = riskSnapshot(now: now) else {
            log(.warning, "liquidation needs a two-sided book to price against; nothing sent")
            return
        }
        perform(stopLoss.liquidate(mode: mode, snapshot), now: now)
    }

    private mutating func perform(_ action: StopLossSupervisor.Action, now: Int64) {
        switch action {
        case .none:
            return
        case .stop(let trigger, let orders):
            log(.error, "stop-loss triggered: cancelling quotes and liquidating", ["reason": "\(trigger)", "orders": "\(orders.count)"])
            emit(.riskEvent(kind: "stop", reason: trigger.description))
            perform(reconciler.cancelAll(nowMilliseconds: now), now: now)
            sendLiquidation(orders, now: now, force: true)
        case .liquidate(let orders):
            sendLiquidation(orders, now: now, force: false)
        case .flat(let until):
            cancelLiquidation()
            let reason = until.map { "position flat; quoting resumes after the cooldown (\($0))" } ?? "position flat; stopped until the operator resumes"
            log(.notice, "liquidation complete", ["detail": reason])
            emit(.riskEvent(kind: "flat", reason: reason))
        case .resume:
            log(.notice, "stop-loss cooldown over: quoting again")
            emit(.riskEvent(kind: "resume", reason: "cooldown over"))
            gate = RequoteGate(threshold: gate.threshold)
        }
    }

    /// Liquidation orders: FAK (market mode) at most every 5 s while not flat; post-only GTC (limit mode)
    /// only when the price moved, replacing the resting one.
    private mutating func sendLiquidation(_ orders: [LiquidationOrder], now: Int64, force: Bool) {
        guard !orders.isEmpty else { return }
        let isMarket = orders[0].timeInForce == .fillAndKill
        let prices = orders.map(\.price.micros)
        if !force {
            if isMarket, now - lastLiquidationSentAt < 5_000 { return }
            if !isMarket, prices == lastLiquidationPrices { return }
        }
        cancelLiquidation()
        lastLiquidationSentAt = now
        lastLiquidationPrices = prices
        var requests: [OrderRequest] = []
        for order in orders {
            liquidationCounter += 1
            let clientID = "liq-\(reconciler.prefix)-\(liquidationCounter)"
            liquidationPending[clientID] = isMarket
            requests.append(
                OrderRequest(
                    clientID: clientID, outcome: order.outcome, side: order.side, price: order.price, size: order.size,
                    timeInForce: isMarket ? .fillAndKill : .goodTillCancelled, postOnly: !isMarket, purpose: .liquidation))
        }
        emit(.post(requests))
    }

    /// The venue's answer to one liquidation order.
    mutating func onLiquidationPosted(_ result: PostResult, isMarket: Bool) {
        guard let orderID = result.orderID else { return }
        // Taker orders (arbitrage legs, momentum) share this path; their client ids say which they are.
        let kind = result.clientID.hasPrefix("take-") ? "taker" : "liquidation"
        switch result.outcome {
        case .accepted(let status):
            let state: OrderState = isMarket ? (status == "matched" ? .filled : .cancelled) : .live
            emit(.recordTransitions([IntentTransition(orderID: orderID, state: state, detail: kind)]))
            if !isMarket { liquidationOrderIDs.append(orderID) }
        case .refused(let message), .refusedForBalance(let message), .notSent(let message), .ambiguous(let message):
            log(.warning, "\(kind) order refused", ["order_id": orderID, "error": message])
        case .keptBack:
            log(.warning, "\(kind) order kept back by the balance pre-flight", ["order_id": orderID])
        }
    }

    private mutating func cancelLiquidation() {
        guard !liquidationOrderIDs.isEmpty else { return }
        let ids = liquidationOrderIDs
        liquidationOrderIDs = []
        emit(.cancel(orderIDs: ids))
    }
}
