import MMCore

extension MarketMachine {
    /// The venue answered a batch of posts (quotes and liquidation orders alike).
    mutating func onPosted(_ results: [PostResult], now: Int64) {
        defer { settleFillsAwaitingAnswer(named: results.compactMap(\.orderID)) }
        for result in results {
            if let isMarket = liquidationPending.removeValue(forKey: result.clientID) {
                onLiquidationPosted(result, isMarket: isMarket)
                continue
            }
            guard let order = reconciler.orders[result.clientID] else { continue }
            if let orderID = result.orderID { reconciler.signed(clientID: result.clientID, orderID: orderID) }
            let leg = order.quote.leg
            if order.quote.side == .buy, !result.outcome.isKeptBack { balanceShortfallNoted = false }
            switch result.outcome {
            case .accepted:
                balanceFailures[leg] = 0
                reconciler.accepted(clientID: result.clientID, nowMilliseconds: now)
                quotesPosted += 1
                log(
                    .info, "quote posted",
                    [
                        "order_id": result.orderID ?? "", "side": order.quote.side.rawValue, "price": "\(order.quote.price)", "size": "\(order.quote.size)",
                        "outcome": order.quote.outcome.rawValue,
                    ])
            case .refusedForBalance(let message):
                reconciler.rejected(clientID: result.clientID)
                log(.warning, "quote rejected", ["order_id": result.orderID ?? "", "error": message])
                balanceFailed(leg, message: message, now: now)
            case .refused(let message):
                reconciler.rejected(clientID: result.clientID)
                log(.warning, "quote rejected", ["order_id": result.orderID ?? "", "error": message])
            case .notSent(let message):
                reconciler.rejected(clientID: result.clientID)
                log(.warning, "quote not sent", ["order_id": result.orderID ?? "", "error": message])
            case .ambiguous(let message):
                reconciler.ambiguous(clientID: result.clientID, nowMilliseconds: now)
                log(.warning, "quote batch unanswered: asking the venue before anything else is sent", ["order_id": result.orderID ?? "", "error": message])
            case .keptBack(let available):
                reconciler.rejected(clientID: result.clientID)
                noteBalanceShortfall(order.quote, available: available)
            }
        }
    }

    /// A leg without balance or allowance is skipped for a while (one-sided, with a warning); when both
    /// legs keep failing the market halts with a reason, recorded as a risk event.
    private mutating func balanceFailed(_ leg: QuoteLeg, message: String, now: Int64) {
        balanceFailures[leg, default: 0] += 1
        legBlockedUntil[leg] = now + settings.legCooldownMilliseconds
        log(.warning, "quoting one-sided: no balance or allowance for a leg", ["leg": leg.rawValue, "failures": "\(balanceFailures[leg, default: 0])"])
        emit(.riskEvent(kind: "one-sided", reason: "\(leg.rawValue) leg: \(message)"))
        let limit = settings.haltAfterFailures
        if QuoteLeg.allCases.allSatisfy({ balanceFailures[$0, default: 0] >= limit }) {
            let reason = "both sides failed \(limit) times in a row for lack of balance or allowance"
            haltReason = reason
            log(.error, "market halted", ["reason": reason])
            emit(.riskEvent(kind: "halt", reason: reason))
            perform(reconciler.cancelAll(nowMilliseconds: now), now: now)
        }
    }

    /// Logs and records, once per shortfall, a BUY the pre-flight kept back for lack of collateral.
    private mutating func noteBalanceShortfall(_ quote: Quote, available: Int64) {
        guard !balanceShortfallNoted else { return }
        balanceShortfallNoted = true
        let reason =
            "\(quote.leg.rawValue) leg: BUY \(quote.size) at \(quote.price) exceeds the free collateral (\(FixedPoint.format(micros: available)) pUSD)"
        log(.warning, "quoting one-sided", ["reason": reason])
        emit(.riskEvent(kind: "balance", reason: reason))
    }

    mutating func onCancelled(_ result: CancelResult) {
        switch result {
        case .answered(let canceled, let notCanceled, _):
            for id in canceled {
                releaseCollateral(of: id)
                forget(orderID: id)
            }
            // "not found or already canceled": it is gone either way (filled or cancelled).
            for id in notCanceled.keys.sorted() { forget(orderID: id) }
        case .failed(let requested, let message):
            for id in requested { reconciler.cancelFailed(orderID: id) }
            log(.warning, "cancel failed", ["error": message])
        }
    }

    /// A cancelled BUY's cost goes back to the balance pre-flight (the next venue refresh corrects any drift).
    private mutating func releaseCollateral(of orderID: String) {
        guard let order = reconciler.orders.values.first(where: { $0.orderID == orderID }), order.quote.side == .buy else { return }
        let cost = FixedPoint.multiplyDivide(order.quote.price.micros, order.remaining.micros, dividingBy: FixedPoint.scale, rounding: .down) ?? 0
        emit(.releaseCollateral(Money(micros: cost)))
    }

    /// An order left the book (cancel confirmed, expired, swept): no longer tracked anywhere.
    mutating func forget(orderID: String) {
        reconciler.gone(orderID: orderID)
        adoptedAt[orderID] = nil
        liquidationOrderIDs.removeAll { $0 == orderID }
    }

    /// The venue removed an order: an expiry or a cancel is a terminal state in the intent log (a fill
    /// is recorded by its own path, with the trade).
    mutating func onOrderGone(_ orderID: String, status: String) {
        let known = reconciler.orders.values.contains { $0.orderID == orderID } || liquidationOrderIDs.contains(orderID)
        forget(orderID: orderID)
        let upper = status.uppercased()
        guard known, !upper.contains("MATCHED") else { return }
        let state: OrderState = upper.contains("EXPIRED") ? .expired : .cancelled
        if state == .expired { log(.notice, "quote expired at the venue", ["order_id": orderID]) }
        emit(.recordTransitions([IntentTransition(orderID: orderID, state: state, detail: status)]))
    }

    mutating func onSwept(_ ids: [String]) {
        for id in ids { forget(orderID: id) }
    }

    mutating func onOpenOrders(_ purpose: OpenOrdersPurpose, _ orders: [VenueOrder]?, now: Int64) {
        switch purpose {
        case .resolveAmbiguous:
            guard let orders else { return }
            let live = Set(orders.map(\.id))
            var transitions: [IntentTransition] = []
            var vanished = false
            for order in reconciler.orders.values.sorted(by: { $0.clientID < $1.clientID }) where order.state == .ambiguous {
                guard let orderID = order.orderID else {
                    reconciler.resolved(clientID: order.clientID, exists: false, nowMilliseconds: now)
                    continue
                }
                let exists = live.contains(orderID)
                if !exists { vanished = true }
                reconciler.resolved(clientID: order.clientID, exists: exists, nowMilliseconds: now)
                transitions.append(IntentTransition(orderID: orderID, state: exists ? .live : .lost, detail: "resolved by asking the venue"))
                log(.notice, "ambiguous submit resolved", ["order_id": orderID, "exists": "\(exists)"])
            }
            if !transitions.isEmpty { emit(.recordTransitions(transitions)) }
            // An order the venue no longer lists may never have rested, or may have rested and filled in
            // full while the fills were lost to the user channel: the trades are fetched before the leg is
            // quoted again (the engine performs this sync before its next input), as a restart does.
            if vanished {
                log(.notice, "an unanswered order is gone from the venue: syncing trades before quoting its leg again")
                emit(.syncTrades)
            }
        case .resync:
            if let orders {
                let live = Set(orders.map(\.id))
                for id in reconciler.liveOrderIDs where !live.contains(id) { forget(orderID: id) }
            }
            requote(now: now)
        }
    }

    /// Startup reconciliation against the intent log: our orders still resting at the venue (a crash, a
    /// kill -9) are adopted when the log knows them and still match a leg, orders of ours the log does not
    /// know are cancelled as strays, and intents the venue no longer has are marked lost.
    mutating func onStartup(open: [VenueOrder], intents: [KnownIntent], now: Int64) {
        let known = Dictionary(intents.map { ($0.orderID, $0) }, uniquingKeysWith: { first, _ in first })
        var strays: [String] = []
        var adoptedLegs = Set<QuoteLeg>()
        var transitions: [IntentTransition] = []
        for order in open {
            guard let intent = known[order.id], let outcome = market.outcome(of: order.assetID) else {
                strays.append(order.id)
                continue
            }
            let leg: QuoteLeg = (outcome == .yes) == (intent.side == .buy) ? .bid : .ask
            guard !adoptedLegs.contains(leg) else {
                strays.append(order.id)
                continue
            }
            adoptedLegs.insert(leg)
            let quote = Quote(leg: leg, outcome: outcome, side: intent.side, price: intent.price, size: intent.size)
            adoptedAt[order.id] = now
            reconciler.adopt(
                TrackedOrder(
                    clientID: intent.clientID, orderID: order.id, quote: quote, remaining: order.originalSize - order.sizeMatched, state: .live,
                    sinceMilliseconds: now))
            if let expiration = intent.expirationSeconds {
                validUntil[intent.clientID] = (expiration - MarketMachineSettings.expirySecurityThresholdSeconds) * 1_000
            }
            transitions.append(IntentTransition(orderID: order.id, state: .live, detail: "adopted at startup"))
        }
        if !adoptedLegs.isEmpty { log(.notice, "adopted our live orders from an earlier run", ["count": "\(adoptedLegs.count)"]) }
        let venueIDs = Set(open.map(\.id))
        for intent in intents where !venueIDs.contains(intent.orderID) {
            transitions.append(IntentTransition(orderID: intent.orderID, state: .lost, detail: "not at the venue at startup"))
        }
        if !transitions.isEmpty { emit(.recordTransitions(transitions)) }
        if !strays.isEmpty {
            log(.notice, "cancelling stray orders", ["count": "\(strays.count)"])
            emit(.cancel(orderIDs: strays))
        }
    }
}

extension PostResult.Outcome {
    var isKeptBack: Bool {
        if case .keptBack = self { return true }
        return false
    }
}
