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
}
