import MMCore
import MMDecision
import Testing

/// Taker orders decided outside the market (a neg-risk arbitrage's legs) as the machine sends them.
@Suite struct TakeOrderMachineTests {
    static func quoting() throws -> (MarketMachine, [OrderRequest], Int64) {
        var machine = Fixture.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.45", ask: "0.55"), now: now)
        now += 60
        let quotes = machine.handle(.timer, now: now).posts
        _ = machine.accept(quotes, now: now)
        return (machine, quotes, now)
    }

    static func yesPrice(_ request: OrderRequest) -> Price { request.outcome == .yes ? request.price : request.price.complement }

    @Test func ourQuoteTheTakerWouldMeetIsCancelledFirstThenAFakBuyIsSent() throws {
        var (machine, quotes, now) = try Self.quoting()
        let ask = try #require(quotes.first { $0.purpose == .quote(.ask) })
        now += 10
        let actions = machine.handle(.take([TakeOrder(outcome: .yes, limit: Fixture.price("0.60"), size: Quantity(shares: 20), reason: "test")]), now: now).effects
        // The ask (at or below the 0.60 limit) is cancelled before the post; the bid is left alone.
        #expect(actions.count == 2)
        #expect(actions.first.map { [$0].cancels } == ["o-\(ask.clientID)"])
        let take = try #require(actions.last.map { [$0].posts }?.first)
        #expect(take.purpose == .take && take.side == .buy && take.outcome == .yes && take.timeInForce == .fillAndKill && !take.postOnly)
        #expect(take.price == Fixture.price("0.60") && take.size == Quantity(shares: 20))
        // A NO buy at 0.50 meets bids at or above 0.50 in the YES view: our 0.45-ish bid is not one of them.
        now += 10
        let no = machine.handle(.take([TakeOrder(outcome: .no, limit: Fixture.price("0.50"), size: Quantity(shares: 5), reason: "test")]), now: now).effects
        #expect(no.cancels.isEmpty)
        #expect(no.posts.map(\.outcome) == [.no])
        #expect(Self.yesPrice(try #require(quotes.first { $0.purpose == .quote(.bid) })) < Fixture.price("0.50"))
    }

    @Test func nothingIsSentWhileTheMarketMayNotTradeOrAnOrderItWouldMeetIsUnanswered() throws {
        var (machine, _, now) = try Self.quoting()
        let order = TakeOrder(outcome: .yes, limit: Fixture.price("0.99"), size: Quantity(shares: 5), reason: "test")
        let withdrawn = machine.handle(.pause, now: now).cancels
        #expect(machine.takeRefusal == "paused")
        #expect(machine.handle(.take([order]), now: now).posts.isEmpty)
        // The resume quotes at once; until the venue answers those posts they cannot be cancelled.
        let reposted = machine.handle(.resume, now: now).posts
        #expect(reposted.contains { $0.purpose == .quote(.ask) })
        #expect(machine.takeRefusal == nil)
        #expect(machine.takeRefusal(for: [order])?.hasPrefix("a quote of ours it would meet is not cancellable yet") == true)
        #expect(machine.handle(.take([order]), now: now).posts.isEmpty, "an ask of ours without an answer could meet the taker")
        _ = machine.accept(reposted, now: now)
        // The paused quotes' cancels are still in flight: they too could meet the taker until answered.
        #expect(machine.handle(.take([order]), now: now).posts.isEmpty)
        _ = machine.confirmCancel(withdrawn, now: now)
        #expect(machine.handle(.take([order]), now: now).posts.map(\.purpose) == [.take])
        _ = machine.handle(.halt(reason: "operator"), now: now)
        #expect(machine.takeRefusal == "halted: operator")
        #expect(machine.handle(.take([order]), now: now).effects.isEmpty)
    }
}
