import Testing
@testable import MMCore

@Suite struct OrderReconcilerTests {
    static func quote(_ leg: QuoteLeg, _ price: String, _ size: String = "10") -> Quote {
        leg == .bid
            ? Quote(leg: .bid, outcome: .yes, side: .buy, price: try! Price(price), size: try! Quantity(size))
            : Quote(leg: .ask, outcome: .no, side: .buy, price: try! Price(price), size: try! Quantity(size))
    }

    /// Posts the plan and has the venue accept everything; returns the client ids posted.
    static func settle(_ reconciler: inout OrderReconciler, _ actions: [OrderAction], now: Int64 = 0) -> [String] {
        var posted: [String] = []
        for action in actions {
            switch action {
            case .post(let clientID, _):
                reconciler.signed(clientID: clientID, orderID: "0x" + clientID)
                reconciler.accepted(clientID: clientID, nowMilliseconds: now)
                posted.append(clientID)
            case .cancel(let ids): for id in ids { reconciler.gone(orderID: id) }
            case .resolve: break
            }
        }
        return posted
    }

    @Test func unchangedQuotesAreKeptNotReplaced() {
        var r = OrderReconciler(prefix: "m")
        let plan = [Self.quote(.bid, "0.48"), Self.quote(.ask, "0.48")]
        #expect(Self.settle(&r, r.reconcile(desired: plan, nowMilliseconds: 0)).count == 2)
        #expect(r.reconcile(desired: plan, nowMilliseconds: 1).isEmpty, "no cancel-all per requote")
    }

    @Test func onlyTheLegThatMovedIsReplaced() {
        var r = OrderReconciler(prefix: "m")
        _ = Self.settle(&r, r.reconcile(desired: [Self.quote(.bid, "0.48"), Self.quote(.ask, "0.48")], nowMilliseconds: 0))
        let actions = r.reconcile(desired: [Self.quote(.bid, "0.47"), Self.quote(.ask, "0.48")], nowMilliseconds: 1)
        #expect(actions.count == 2)
        #expect(actions.first == .cancel(orderIDs: ["0xm-1"]))
        if case .post(_, let quote) = actions.last { #expect(quote.leg == .bid && quote.price == (try! Price("0.47"))) } else { Issue.record("expected a post") }
    }

    @Test func aLevelIsNeverPostedTwiceAndAnOrderNeverCancelledTwice() {
        var r = OrderReconciler(prefix: "m")
        let first = r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 0)
        #expect(first.count == 1)
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 1).isEmpty, "still posting: not posted again")
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.47")], nowMilliseconds: 2).isEmpty, "posting: not replaced until answered")
        _ = Self.settle(&r, first)
        let replace = r.reconcile(desired: [Self.quote(.bid, "0.47")], nowMilliseconds: 3)
        #expect(replace.contains(.cancel(orderIDs: ["0xm-1"])))
        // The cancel is in flight; asking again must not cancel it again (a new post may be in flight too).
        let again = r.reconcile(desired: [Self.quote(.bid, "0.46")], nowMilliseconds: 4)
        #expect(!again.contains { if case .cancel(let ids) = $0 { ids.contains("0xm-1") } else { false } })
    }

    @Test func anAmbiguousSubmitFreezesTheMarketUntilResolved() {
        var r = OrderReconciler(prefix: "m")
        let actions = r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 0)
        guard case .post(let clientID, _) = actions.first else { Issue.record("no post"); return }
        r.signed(clientID: clientID, orderID: "0xabc")
        r.ambiguous(clientID: clientID, nowMilliseconds: 1)
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.47"), Self.quote(.ask, "0.48")], nowMilliseconds: 2) == [.resolve(clientIDs: [clientID])])
        r.resolved(clientID: clientID, exists: true, nowMilliseconds: 3)
        let after = r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 4)
        #expect(after.isEmpty, "it existed: adopted as live, nothing re-posted")
    }

    @Test func withinToleranceIsKept() {
        var r = OrderReconciler(tolerance: ReconcileTolerance(price: 10_000, size: Ratio(micros: 300_000)), prefix: "m")
        _ = Self.settle(&r, r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 0))
        r.filled(orderID: "0xm-1", size: try! Quantity("2"))
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.49")], nowMilliseconds: 1).isEmpty, "one tick and 8/10 remaining are within tolerance")
        #expect(!r.reconcile(desired: [Self.quote(.bid, "0.50")], nowMilliseconds: 2).isEmpty)
    }

    @Test func aVanishedLegIsCancelledAndCancelAllTakesEverythingLive() {
        var r = OrderReconciler(prefix: "m")
        _ = Self.settle(&r, r.reconcile(desired: [Self.quote(.bid, "0.48"), Self.quote(.ask, "0.48")], nowMilliseconds: 0))
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.48")], nowMilliseconds: 1) == [.cancel(orderIDs: ["0xm-2"])])
        #expect(r.cancelAll(nowMilliseconds: 2) == [.cancel(orderIDs: ["0xm-1"])])
        #expect(r.cancelAll(nowMilliseconds: 3).isEmpty, "never cancelled twice")
    }

    // MARK: Ladders (several quotes per leg, the grid)

    static func posts(_ actions: [OrderAction]) -> [String] {
        actions.compactMap { if case .post(_, let quote) = $0 { "\(quote.leg.rawValue) \(quote.price)" } else { nil } }
    }

    @Test func aLadderPostsEveryLevelOnceAndKeepsItsLevelsWhenUnchanged() {
        var r = OrderReconciler(prefix: "m")
        let ladder = [Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49"), Self.quote(.bid, "0.48"), Self.quote(.ask, "0.49"), Self.quote(.ask, "0.48")]
        let first = r.reconcile(desired: ladder, nowMilliseconds: 0)
        #expect(Self.posts(first) == ["bid 0.5", "bid 0.49", "bid 0.48", "ask 0.49", "ask 0.48"])
        #expect(r.reconcile(desired: ladder, nowMilliseconds: 1).isEmpty, "posting levels are not posted again")
        _ = Self.settle(&r, first)
        #expect(r.reconcile(desired: ladder, nowMilliseconds: 2).isEmpty, "no cancel-all per requote")
        #expect(r.liveOrderIDs.count == 5)
    }

    @Test func aRollingLadderCancelsOnlyTheLevelItLeftAndPostsOnlyTheNewOne() {
        var r = OrderReconciler(prefix: "m")
        _ = Self.settle(&r, r.reconcile(desired: [Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49"), Self.quote(.bid, "0.48")], nowMilliseconds: 0))
        // The mid rose a line: 0.51 joins, 0.48 leaves; 0.50 and 0.49 stay where they are.
        let rolled = r.reconcile(desired: [Self.quote(.bid, "0.51"), Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49")], nowMilliseconds: 1)
        #expect(rolled.first == .cancel(orderIDs: ["0xm-3"]))
        #expect(Self.posts(rolled) == ["bid 0.51"])
        // A fill that empties a level: the level is posted again, once.
        r.filled(orderID: "0xm-1", size: try! Quantity("10"))
        let refill = r.reconcile(desired: [Self.quote(.bid, "0.51"), Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49")], nowMilliseconds: 2)
        #expect(Self.posts(refill) == ["bid 0.5"])
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.51"), Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49")], nowMilliseconds: 3).isEmpty)
    }

    @Test func anUnansweredPostThatNoLevelWantsHoldsBackNewLevelsOfItsLeg() {
        var r = OrderReconciler(prefix: "m")
        let first = r.reconcile(desired: [Self.quote(.bid, "0.50"), Self.quote(.ask, "0.52")], nowMilliseconds: 0)
        #expect(first.count == 2)
        // Before any answer the bid ladder moves: the old post cannot be cancelled yet, so nothing new is
        // posted on that leg; the ask leg is unaffected.
        #expect(r.reconcile(desired: [Self.quote(.bid, "0.49"), Self.quote(.bid, "0.48"), Self.quote(.ask, "0.52")], nowMilliseconds: 1).isEmpty)
        _ = Self.settle(&r, first)
        let moved = r.reconcile(desired: [Self.quote(.bid, "0.49"), Self.quote(.bid, "0.48"), Self.quote(.ask, "0.52")], nowMilliseconds: 2)
        #expect(moved.first == .cancel(orderIDs: ["0xm-1"]))
        #expect(Self.posts(moved) == ["bid 0.49", "bid 0.48"])
    }

    @Test func anExpiringLevelIsHeldUntilItsReplacementRestsWhicheverWasPostedFirst() {
        var r = OrderReconciler(prefix: "m")
        _ = Self.settle(&r, r.reconcile(desired: [Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49")], nowMilliseconds: 0))
        let desired = [Self.quote(.bid, "0.50"), Self.quote(.bid, "0.49")]
        // m-1 (0.50) nears its expiry: its replacement is posted, nothing cancelled.
        let refresh = r.reconcile(desired: desired, nowMilliseconds: 1, expiring: ["m-1": .postThenCancel])
        #expect(Self.posts(refresh) == ["bid 0.5"])
        #expect(!refresh.contains { if case .cancel = $0 { true } else { false } })
        // While the replacement (m-3) is unanswered the old one stays.
        #expect(r.reconcile(desired: desired, nowMilliseconds: 2, expiring: ["m-1": .postThenCancel]).isEmpty)
        _ = Self.settle(&r, refresh)
        #expect(r.reconcile(desired: desired, nowMilliseconds: 3, expiring: ["m-1": .postThenCancel]) == [.cancel(orderIDs: ["0xm-1"])])
    }
}

