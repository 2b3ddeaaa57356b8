import MMCore

extension MarketMachine {
    mutating func onPause(now: Int64) {
        isPaused = true
        perform(reconciler.cancelAll(nowMilliseconds: now), now: now)
    }

    /// The operator's resume lifts a pause, a halt and a stopped stop-loss, and quotes at once.
    mutating func onResume(now: Int64) {
        isPaused = false
        haltReason = nil
        if stopLoss.state != .armed { _ = stopLoss.resume() }
        gate = RequoteGate(threshold: gate.threshold)
        requote(now: now)
    }

    /// `mmctl halt`: every order cancelled, no quoting until resumed; shown as `halted`.
    mutating func onHalt(_ reason: String, now: Int64) {
        haltReason = reason
        withdrawAll(now: now)
    }

    /// The heartbeat failed: withdraw every order before the venue's switch fires.
    mutating func onSuspend(now: Int64) {
        isSuspended = true
        withdrawAll(now: now)
    }

    /// Only the suspension is lifted: an operator's pause or halt outlives the outage.
    mutating func onHeartbeatRestored(now: Int64) {
        guard isSuspended else { return }
        isSuspended = false
        gate = RequoteGate(threshold: gate.threshold)
        requote(now: now)
    }

    mutating func onShutdown(now: Int64) {
        isPaused = true
        withdrawAll(now: now)
    }

    /// Cancels every order: the tracked ones by id, then a venue-side sweep of the market, which also
    /// catches an order whose post was in flight and whose answer was lost.
    mutating func withdrawAll(now: Int64) {
        perform(reconciler.cancelAll(nowMilliseconds: now), now: now)
        if !liquidationOrderIDs.isEmpty {
            emit(.cancel(orderIDs: liquidationOrderIDs))
            liquidationOrderIDs = []
        }
        emit(.sweep)
    }
}
