import MMCore
import MMDecision
import Testing

/// The neg-risk event's bounds as the machine applies them to its plan.
@Suite struct EventLimitsMachineTests {
    @Test func theAskMovesUpToTheEventBoundABlockedBidIsPulledAndBothComeBackWhenFree() throws {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let first = machine.handle(.timer, now: now).posts
        _ = machine.accept(first, now: now)
        let ask = try #require(first.first { $0.purpose == .quote(.ask) })
        let askYes = ask.outcome == .yes ? ask.price : ask.price.complement
        let bound = Price(micros: askYes.micros + 20_000)!
        _ = machine.handle(.eventLimits(EventQuoteLimits(ask: .price(bound), bid: .blocked)), now: now)
        now += 1_100
        let moved = machine.handle(.timer, now: now)
        #expect(Set(moved.cancels) == Set(first.map { "o-\($0.clientID)" }), "both legs change: the bid is pulled, the ask moves")
        #expect(moved.posts.count == 1)
        let reposted = try #require(moved.posts.first)
        #expect(reposted.purpose == .quote(.ask))
        #expect((reposted.outcome == .yes ? reposted.price : reposted.price.complement) == bound, "moved just to the bound, on the grid")
        _ = machine.accept(moved.posts, now: now)
        _ = machine.confirmCancel(moved.cancels, now: now)
        #expect(machine.restingLegs.map(\.leg) == [.ask])
        // Freed, the plan is posted as the quoter wants it again.
        _ = machine.handle(.eventLimits(nil), now: now)
        now += 1_100
        let back = machine.handle(.timer, now: now).posts
        #expect(Set(back.map(\.purpose)) == [.quote(.bid), .quote(.ask)])
    }

    @Test func aLegIsShrunkToTheEventHeadroomAndDroppedBelowTheMinimum() {
        var machine = Fixture.machine()
        var now = Fixture.start
        // Bid headroom 1 pUSD: below 0.45 × 5 shares, so the bid goes; the ask keeps its full size.
        _ = machine.handle(.eventLimits(EventQuoteLimits(bidHeadroom: Money(micros: 1_000_000))), now: now)
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let posts = machine.handle(.timer, now: now).posts
        #expect(posts.map(\.purpose) == [.quote(.ask)])
        #expect(posts.first?.size == Quantity(shares: 5))
    }
}
