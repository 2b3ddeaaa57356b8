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

/// Momentum's own taker orders, decided by the machine's strategy on its timer.
@Suite struct MomentumTakingMachineTests {
    static func machine() -> MarketMachine {
        var settings = Fixture.settings(limit: 30)
        settings.volatility = VolatilitySettings(isEnabled: false, trendWindowMilliseconds: 60_000, trendThreshold: 30_000, isRelative: false)
        let parameters = LeanParameters(
            halfLifeMilliseconds: 600_000, lean: Ratio(micros: 500_000), maxLeanTicks: 2, direction: .with,
            taking: MomentumTaking(entryTicks: 3, exitTicks: 1, size: Quantity(shares: 10), maxPosition: Quantity(shares: 20), cooldownMilliseconds: 5_000))
        return MarketMachine(market: Fixture.market, settings: settings, ledger: PositionLedger(), clientPrefix: "m", strategy: LeanQuotingStrategy(parameters: parameters))
    }

    @Test func aSustainedRiseSendsAFakBuyAfterCancellingOurAskInItsWayAndARunBackSellsIt() throws {
        var machine = Self.machine()
        var now = Fixture.start
        _ = machine.handle(Fixture.book(bid: "0.49", ask: "0.51"), now: now)
        now += 1_000
        let quotes = machine.handle(.timer, now: now).posts
        #expect(!quotes.contains { $0.purpose == OrderRequest.Purpose.take }, "flat market: quotes only")
        _ = machine.accept(quotes, now: now)
        // The mid climbs 6 c over 40 s: the slow reference lags, the detector sees the move.
        var took: [OrderRequest] = []
        var cancelled: [String] = []
        for step in 1...8 where took.isEmpty {
            now += 5_000
            let bid = "0.\(49 + step)"
            let ask = "0.\(51 + step)"
            let actions = machine.handle(Fixture.book(bid: bid, ask: ask), now: now) + machine.handle(.timer, now: now + 100)
            took = actions.posts.filter { $0.purpose == OrderRequest.Purpose.take }
            cancelled = actions.cancels
            _ = machine.accept(actions.posts.filter { $0.purpose != OrderRequest.Purpose.take }, now: now + 100)
            _ = machine.confirmCancel(actions.cancels, now: now + 100)
        }
        let entry = try #require(took.first, "no entry during a 6 c climb")
        #expect(entry.outcome == .yes && entry.side == .buy && entry.timeInForce == .fillAndKill && entry.size == Quantity(shares: 10))
        // Our ask at or below its limit was pulled in the same round, before the taker order.
        #expect(!cancelled.isEmpty)
        // The entry fills; then the mid falls back below the reference: the position is sold.
        now += 6_000
        let fill = Fixture.fill(trade: "t1", order: "o-\(entry.clientID)", outcome: .yes, side: .buy, price: "0.56", shares: 10, at: now)
        _ = machine.handle(.fillReported(fill), now: now)
        _ = machine.handle(.fillStored(fill, .written(.inserted)), now: now)
        #expect(machine.inventory.net == Quantity(shares: 10))
        var exit: OrderRequest?
        for step in 1...12 where exit == nil {
            now += 6_000
            let bid = "0.\(max(55 - 2 * step, 30))"
            let ask = "0.\(max(57 - 2 * step, 32))"
            let actions = machine.handle(Fixture.book(bid: bid, ask: ask), now: now) + machine.handle(.timer, now: now + 100)
            // Early in the fall the mid is still above the reference and may add an (unfilled) entry.
            exit = actions.posts.first { $0.purpose == OrderRequest.Purpose.take && $0.side == .sell }
            _ = machine.accept(actions.posts.filter { $0.purpose != OrderRequest.Purpose.take }, now: now + 100)
            _ = machine.confirmCancel(actions.cancels, now: now + 100)
        }
        let sell = try #require(exit, "no exit when the rise reversed")
        #expect(sell.outcome == .yes && sell.timeInForce == .fillAndKill && sell.size == Quantity(shares: 10), "the filled 10 YES, all of them")
        #expect(sell.price < Fixture.price("0.52"), "sold into the fall, below the reference")
    }
}
