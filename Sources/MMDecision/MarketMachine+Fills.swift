import MMCore

extension MarketMachine {
    /// A fill of ours: it is stored before anything counts it.
    mutating func onFillReported(_ reported: MarketFill) {
        guard market.outcome(of: reported.assetID) != nil else { return }
        emit(.storeFill(reported))
    }

    /// The store answered: a new fill (or a status that moved forward) reaches the ledger, the order
    /// manager and the exposure caps; a failed write stops quoting until the store is healthy.
    mutating func onFillStored(_ reported: MarketFill, _ result: FillStoreResult, now: Int64) {
        let write: FillWrite
        switch result {
        case .failed(let reason):
            log(.error, "fill could not be stored; not applied", ["trade_id": reported.fill.key.tradeID, "error": reason])
            onStoreFailed(reason, now: now)
            return
        case .written(let written):
            write = written
        }
        guard write != .duplicate else { return }
        let fill = reported.fill
        let ledgerOutcome = ledger.apply(fill)
        if write == .inserted {
            fillsApplied += 1
            if !reported.isTaker, let mid = midWithoutOurOrders() {
                let leg: QuoteLeg = (fill.outcome == .yes) == (fill.side == .buy) ? .bid : .ask
                let yesPrice = fill.outcome == .yes ? fill.price : fill.price.complement
                markouts.record(tradeID: fill.key.tradeID, leg: leg, yesPrice: yesPrice, mid: mid, nowMilliseconds: now)
            }
            settleOrder(of: fill, now: now)
        }
        emit(.exposure(net: ledger.inventory.net))
        if ledgerOutcome == .reversed { withdrawAfterFailedFill(fill, now: now) }
        let mid = book.mid ?? (fill.outcome == .yes ? fill.price : fill.price.complement)
        // The P&L block marks at the YES mid (the ledger mirrors it for NO).
        let report = PnLReport(ledger: ledger, mid: mid)
        log(
            .notice, "\(PnLReport.fillLine(fill)) [\(fill.status.rawValue)] \(report.lines.joined(separator: " | "))",
            [
                "trade_id": fill.key.tradeID, "order_id": fill.key.orderID, "ledger": "\(ledgerOutcome)", "side": fill.side.rawValue,
                "outcome": fill.outcome.rawValue, "price": "\(fill.price)", "size": "\(fill.size)", "status": fill.status.rawValue,
                "net": "\(ledger.inventory.net)",
            ])
        emit(.saveEconomics)
    }

    /// The order manager's side of a new fill: the order's remaining size shrinks, and an order gone
    /// (filled in full, or not ours to track) is recorded `filled`. Two cases wait instead: a fill for an
    /// order id the machine cannot name while a post is unanswered (it may be that post's order, still
    /// resting), and a fill that an order adopted at startup had already matched before the venue listed it.
    mutating func settleOrder(of fill: Fill, now: Int64) {
        let orderID = fill.key.orderID
        let tracked = reconciler.orders.values.contains { $0.orderID == orderID }
        if tracked {
            // Match times come in whole seconds (the venue's `match_time`), rounded either way: a fill stamped
            // up to a second after the adoption may be one the venue's matched size already held.
            if let adopted = adoptedAt[orderID], fill.timestampMilliseconds <= adopted + Self.matchTimeResolutionMilliseconds { return }
            reconciler.filled(orderID: orderID, size: fill.size)
            if !reconciler.orders.values.contains(where: { $0.orderID == orderID }) {
                adoptedAt[orderID] = nil
                emit(.recordTransitions([IntentTransition(orderID: orderID, state: .filled, detail: fill.key.tradeID)]))
            }
        } else if hasUnnamedPosts {
            fillsAwaitingAnswer[orderID, default: 0] += fill.size.micros
        } else {
            emit(.recordTransitions([IntentTransition(orderID: orderID, state: .filled, detail: fill.key.tradeID)]))
        }
    }

    /// A trade of ours FAILED after it matched, so the position every resting order was sized for is gone:
    /// an order that kept the position within the limit before may now take it beyond, and one whose post is
    /// unanswered cannot even be cancelled by id. Soak finding E: a SELL sized on 32 held YES, in flight
    /// when the BUY that brought them failed, filled after and took |net| from 20 to 46 against a limit of 30.
    /// Everything in the market is withdrawn (by id, then the venue-side sweep, which also catches the
    /// order in flight); the once-a-second requote quotes again on the corrected position.
    mutating func withdrawAfterFailedFill(_ fill: Fill, now: Int64) {
        log(.warning, "a fill of ours failed after it matched: every order in this market withdrawn, then quoted again on the corrected position", [
            "trade_id": fill.key.tradeID, "net": "\(ledger.inventory.net)",
        ])
        emit(.riskEvent(kind: "failed-fill", reason: "trade \(fill.key.tradeID) failed after it matched; orders withdrawn"))
        withdrawAll(now: now)
    }

    /// How coarse a trade's match time is: the venue reports whole seconds.
    static let matchTimeResolutionMilliseconds: Int64 = 1_000

    /// Whether a post of ours is unanswered (its order id is not known yet).
    var hasUnnamedPosts: Bool { reconciler.orders.values.contains { $0.orderID == nil && $0.state == .posting } }

    /// A post's answer named its order: fills that arrived before it are taken off now. Once no post is
    /// unanswered, fills still waiting were for orders the machine does not track (liquidation orders,
    /// an earlier run's): recorded `filled` as they would have been at once.
    mutating func settleFillsAwaitingAnswer(named orderIDs: [String]) {
        guard !fillsAwaitingAnswer.isEmpty else { return }
        var transitions: [IntentTransition] = []
        for orderID in orderIDs {
            guard let filled = fillsAwaitingAnswer.removeValue(forKey: orderID) else { continue }
            if reconciler.orders.values.contains(where: { $0.orderID == orderID }) {
                reconciler.filled(orderID: orderID, size: Quantity(micros: filled))
                if reconciler.orders.values.contains(where: { $0.orderID == orderID }) { continue }
            }
            transitions.append(IntentTransition(orderID: orderID, state: .filled, detail: "filled before its post was answered"))
        }
        if !hasUnnamedPosts {
            for orderID in fillsAwaitingAnswer.keys.sorted() { transitions.append(IntentTransition(orderID: orderID, state: .filled, detail: "fill of an untracked order")) }
            fillsAwaitingAnswer = [:]
        }
        if !transitions.isEmpty { emit(.recordTransitions(transitions)) }
    }

    /// The store cannot make fills or intents durable: every quote is withdrawn and nothing is posted
    /// until it recovers (a fill that happens meanwhile is fetched again by a trade sync then).
    mutating func onStoreFailed(_ reason: String, now: Int64) {
        guard storeFailure == nil else { return }
        storeFailure = reason
        log(.error, "store failing: quoting stopped in this market until writes succeed again", ["error": reason])
        emit(.riskEvent(kind: "store", reason: reason))
        perform(reconciler.cancelAll(nowMilliseconds: now), now: now)
    }

    mutating func onStoreHealthy(now: Int64) {
        guard storeFailure != nil else { return }
        storeFailure = nil
        log(.notice, "store healthy again: syncing trades, then quoting")
        emit(.riskEvent(kind: "store-recovered", reason: "writes succeed again"))
        emit(.syncTrades)
        gate = RequoteGate(threshold: gate.threshold)
        requote(now: now)
    }
}
