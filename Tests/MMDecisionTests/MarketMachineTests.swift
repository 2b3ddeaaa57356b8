import MMCore
import Testing

@testable import MMDecision

@Suite struct MarketMachineQuotingTests {
    @Test func aBurstOfBookChangesIsQuotedOnceAfterTheDebounce() {
        var machine = Fixture.machine()
        var now = Fixture.start
        for _ in 0..<5 { #expect(machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now).effects.isEmpty) }
        #expect(machine.nextWakeMilliseconds == now + 50, "the scheduler is told when the debounce ends")
        now += 20
        #expect(machine.handle(.timer, now: now).posts.isEmpty, "nothing inside the debounce window")
        now += 40
        let posts = machine.handle(.timer, now: now).posts
        #expect(posts.count == 2, "one batch with both legs")
        #expect(posts.allSatisfy { $0.postOnly && $0.timeInForce == .goodTillCancelled })
        #expect(Set(posts.map(\.purpose)) == [.quote(.bid), .quote(.ask)])
        _ = machine.accept(posts, now: now)
        now += 1_100
        #expect(machine.handle(.timer, now: now).effects.isEmpty, "an unchanged book requotes nothing")
        #expect(machine.quotesPosted == 2)
    }

    @Test func aMovedBookReplacesBothQuotesWithOneCancelAndOnePost() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let first = machine.handle(.timer, now: now).posts
        _ = machine.accept(first, now: now)
        _ = machine.handle(Fixture.book(bid: "0.35", ask: "0.45"), now: now)
        now += 60
        let actions = machine.handle(.timer, now: now)
        #expect(Set(actions.cancels) == Set(first.map { "o-\($0.clientID)" }))
        #expect(actions.posts.count == 2)
        guard case .cancel = actions.effects.first else {
            Issue.record("cancels go before posts")
            return
        }
    }

    @Test func anUnansweredPostFreezesTheMarketUntilTheVenueIsAsked() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let posts = machine.handle(.timer, now: now).posts
        let answers = posts.map { PostResult(clientID: $0.clientID, orderID: "o-\($0.clientID)", outcome: .ambiguous(message: "timeout")) }
        _ = machine.handle(.posted(answers), now: now)
        _ = machine.handle(Fixture.book(bid: "0.35", ask: "0.45"), now: now)
        now += 60
        let frozen = machine.handle(.timer, now: now).effects
        #expect(frozen == [.queryOpenOrders(.resolveAmbiguous)], "nothing is sent before the ambiguity is resolved")
        let venue = [VenueOrder(id: "o-\(posts[0].clientID)", assetID: "1", originalSize: Quantity(shares: 5), sizeMatched: .zero)]
        let resolved = machine.handle(.openOrders(.resolveAmbiguous, venue), now: now).effects
        #expect(
            resolved == [
                .recordTransitions([
                    IntentTransition(orderID: "o-\(posts[0].clientID)", state: .live, detail: "resolved by asking the venue"),
                    IntentTransition(orderID: "o-\(posts[1].clientID)", state: .lost, detail: "resolved by asking the venue"),
                ]),
                // The missing one may have filled with its fills lost: the trades come before it is quoted again.
                .syncTrades,
            ])
        #expect(machine.liveOrderIDs == ["o-\(posts[0].clientID)"])
    }

    @Test func theOperatorsPauseOutlivesAHeartbeatOutage() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        _ = machine.accept(machine.handle(.timer, now: now).posts, now: now)
        let paused = machine.handle(.pause, now: now)
        #expect(paused.cancels.count == 2)
        let suspended = machine.handle(.suspendForHeartbeat, now: now)
        #expect(suspended.effects.contains(.sweep))
        #expect(machine.riskState == .halted)
        #expect(machine.handle(.heartbeatRestored, now: now).posts.isEmpty, "still paused")
        #expect(machine.riskState == .paused)
        #expect(machine.handle(.resume, now: now).posts.count == 2)
    }

    @Test func bothLegsRefusedForBalanceGoOneSidedThenHalt() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        var kinds: [String] = []
        for _ in 0..<10 where machine.haltReason == nil {
            now += 1_100
            let actions = machine.handle(.timer, now: now)
            kinds += actions.riskKinds
            let refusals = actions.posts.map { PostResult(clientID: $0.clientID, orderID: "o-\($0.clientID)", outcome: .refusedForBalance(message: "not enough balance")) }
            kinds += machine.handle(.posted(refusals), now: now).riskKinds
        }
        #expect(machine.haltReason?.contains("both sides failed 3 times") == true)
        #expect(kinds.filter { $0 == "one-sided" }.count >= 6 && kinds.last == "halt")
        now += 60_000
        #expect(machine.handle(.timer, now: now).posts.isEmpty, "a halted market sends nothing")
    }
}

@Suite struct MarketMachineDurabilityTests {
    static func quoting() -> (MarketMachine, [OrderRequest], Int64) {
        var machine = Fixture.machine()
        let now = Fixture.start + 60
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: Fixture.start)
        let posts = machine.handle(.timer, now: now).posts
        _ = machine.accept(posts, now: now)
        return (machine, posts, now)
    }

    @Test func aFillCountsOnlyAfterTheStoreSaysItIsWritten() {
        var (machine, posts, now) = Self.quoting()
        let bid = posts.first { $0.purpose == .quote(.bid) }!
        let reported = Fixture.fill(trade: "t1", order: "o-\(bid.clientID)", outcome: .yes, side: .buy, price: "0.44", shares: 5, at: now)
        #expect(machine.handle(.fillReported(reported), now: now) == [.storeFill(reported)])
        #expect(machine.inventory.net == .zero, "nothing changes before the commit")
        let applied = machine.handle(.fillStored(reported, .written(.inserted)), now: now)
        #expect(machine.inventory.net == Quantity(shares: 5))
        #expect(applied.effects.contains(.exposure(net: Quantity(shares: 5))) && applied.effects.contains(.saveEconomics))
        #expect(machine.liveOrderIDs.count == 1, "the fully filled bid left the book")
        #expect(machine.handle(.fillStored(reported, .written(.duplicate)), now: now).isEmpty, "a duplicate changes nothing")
        #expect(machine.inventory.net == Quantity(shares: 5))
    }

    @Test func aFailingStoreStopsQuotingUntilItIsHealthyThenSyncsTrades() {
        var (machine, posts, now) = Self.quoting()
        let reported = Fixture.fill(trade: "t1", order: "o-\(posts[0].clientID)", outcome: .yes, side: .buy, price: "0.44", shares: 5, at: now)
        let failed = machine.handle(.fillStored(reported, .failed(reason: "disk I/O error")), now: now)
        #expect(machine.inventory.net == .zero, "an unstored fill does not count")
        #expect(Set(failed.cancels) == Set(posts.map { "o-\($0.clientID)" }), "every quote withdrawn")
        #expect(failed.riskKinds == ["store"])
        #expect(machine.riskState == .halted)
        _ = machine.confirmCancel(failed.cancels, now: now)
        _ = machine.handle(Fixture.book(bid: "0.40", ask: "0.50"), now: now)
        now += 2_000
        #expect(machine.handle(.timer, now: now).posts.isEmpty, "nothing posted while the store fails")
        let healed = machine.handle(.storeHealthy, now: now)
        #expect(healed.effects.contains(.syncTrades), "a fill missed meanwhile is fetched again")
        #expect(healed.posts.count == 2, "quoting resumes")
    }
}

@Suite struct MarketMachineExpiryTests {
    @Test func gtdQuotesCarryTheVenuesSecurityThresholdAndAreRefreshedBeforeTheyLapse() {
        var machine = Fixture.machine(expirySeconds: 120, limit: 20)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let first = machine.handle(.timer, now: now).posts
        #expect(first.allSatisfy { $0.timeInForce == .goodTillDate(expirationSeconds: now / 1_000 + 60 + 120) })
        _ = machine.accept(first, now: now)
        // Valid for 120 s; a quarter of the lifetime (30 s) before the end, replacements go out first.
        now += 89_000
        #expect(machine.handle(.timer, now: now).posts.isEmpty, "not yet")
        now += 2_000
        let refresh = machine.handle(.timer, now: now)
        #expect(refresh.posts.count == 2 && refresh.cancels.isEmpty, "post first: no gap in the book")
        _ = machine.accept(refresh.posts, now: now)
        now += 1_000
        let retire = machine.handle(.timer, now: now)
        #expect(Set(retire.cancels) == Set(first.map { "o-\($0.clientID)" }), "the old quotes go once the new ones rest")
        #expect(retire.posts.isEmpty)
    }

    @Test func nearTheLimitAnExpiringQuoteIsCancelledBeforeItsReplacement() {
        var machine = Fixture.machine(expirySeconds: 120, limit: 5)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let first = machine.handle(.timer, now: now).posts
        _ = machine.accept(first, now: now)
        now += 91_000
        let refresh = machine.handle(.timer, now: now)
        #expect(Set(refresh.cancels) == Set(first.map { "o-\($0.clientID)" }), "both filling would breach the limit of 5")
        #expect(refresh.posts.count == 2)
    }

    @Test func anExpiredOrderReportedByTheVenueIsForgottenAndReplaced() {
        var machine = Fixture.machine(expirySeconds: 120)
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let first = machine.handle(.timer, now: now).posts
        _ = machine.accept(first, now: now)
        let gone = machine.handle(.orderGone(orderID: "o-\(first[0].clientID)", status: "CANCELED_EXPIRED_ORDER"), now: now).effects
        #expect(gone == [.recordTransitions([IntentTransition(orderID: "o-\(first[0].clientID)", state: .expired, detail: "CANCELED_EXPIRED_ORDER")])])
        #expect(machine.liveOrderIDs.count == 1)
        now += 1_100
        #expect(machine.handle(.timer, now: now).posts.map(\.purpose) == [first[0].purpose])
    }
}

@Suite struct MarketMachineStartupTests {
    @Test func startupAdoptsKnownOrdersCancelsStraysAndMarksTheMissingLost() {
        var machine = Fixture.machine()
        let open = [
            VenueOrder(id: "known", assetID: "1", originalSize: Quantity(shares: 5), sizeMatched: Quantity(shares: 1)),
            VenueOrder(id: "stray", assetID: "2", originalSize: Quantity(shares: 5), sizeMatched: .zero),
        ]
        let intents = [
            KnownIntent(orderID: "known", clientID: "old-1", side: .buy, price: Fixture.price("0.44"), size: Quantity(shares: 5)),
            KnownIntent(orderID: "gone", clientID: "old-2", side: .sell, price: Fixture.price("0.56"), size: Quantity(shares: 5)),
        ]
        let actions = machine.handle(.startup(open: open, intents: intents), now: Fixture.start).effects
        #expect(
            actions == [
                .recordTransitions([
                    IntentTransition(orderID: "known", state: .live, detail: "adopted at startup"),
                    IntentTransition(orderID: "gone", state: .lost, detail: "not at the venue at startup"),
                ]),
                .cancel(orderIDs: ["stray"]),
            ])
        #expect(machine.liveOrderIDs == ["known"])
        #expect(machine.trackedOrders.first?.remaining == Quantity(shares: 4), "what is left of the adopted order")
    }
}

@Suite struct MarketMachineDeterminismTests {
    /// A long, varied input stream (book moves, fills, answers, operator commands) through two fresh
    /// machines gives identical actions: the property that lets the backtest stand for the daemon.
    @Test func theSameInputsGiveTheSameActions() {
        func run() -> [[MarketAction]] {
            var machine = Fixture.machine(expirySeconds: 90, stopLoss: StopLossSettings(isEnabled: true, maxUnrealizedLoss: Money(micros: -2_000_000)))
            var now = Fixture.start
            var log: [[MarketAction]] = []
            var seed: UInt64 = 42
            func next() -> UInt64 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return seed >> 33
            }
            for step in 0..<400 {
                now += Int64(next() % 700)
                let mid = 30 + Int64(next() % 40)
                var actions = machine.handle(Fixture.book(bid: "0.\(mid - 2)", ask: "0.\(mid + 2)"), now: now)
                actions += machine.handle(.timer, now: now + 60)
                let posts = actions.posts
                if !posts.isEmpty { actions += machine.accept(posts, now: now + 61) }
                if step % 7 == 0, let live = machine.liveOrderIDs.first {
                    let reported = Fixture.fill(trade: "t\(step)", order: live, outcome: .yes, side: .buy, price: "0.\(mid)", shares: 5, at: now)
                    actions += machine.handle(.fillReported(reported), now: now + 62)
                    actions += machine.handle(.fillStored(reported, .written(.inserted)), now: now + 63)
                }
                if !actions.cancels.isEmpty { actions += machine.confirmCancel(actions.cancels, now: now + 64) }
                if step % 97 == 0 { actions += machine.handle(.pause, now: now) + machine.handle(.resume, now: now + 1) }
                log.append(actions)
            }
            return log
        }
        let first = run()
        #expect(first.flatMap(\.posts).count > 20, "the stream exercises quoting")
        #expect(first == run())
    }
}

@Suite struct MarketMachineSchedulingTests {
    @Test func aMarketThatMayNotQuoteStillWakesOnlyOnceASecond() {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        _ = machine.handle(.halt(reason: "operator"), now: now)
        now += 60
        _ = machine.handle(.timer, now: now)
        #expect(machine.nextWakeMilliseconds == now + 1_000, "a halted market is not woken every tick")
        now += 1_000
        #expect(machine.handle(.timer, now: now).posts.isEmpty)
        #expect(machine.nextWakeMilliseconds == now + 1_000)
    }
}
