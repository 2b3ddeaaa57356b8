import MMCore
import Testing
@testable import MMDaemon

/// Paper matching's rules on hand-made books and prints (``PaperMatcher``).
struct PaperMatcherTests {
    let market = "m"

    func price(_ text: String) -> Price { try! Price(text) }
    func shares(_ count: Int64) -> Quantity { Quantity(shares: count) }

    @Test func aRestingOrderWaitsBehindTheSizeShownAtItsPriceAndMovesUpOnlyAsFarAsTheLevelForces() {
        var matcher = PaperMatcher()
        matcher.replaceBook(market: market, bids: [(price("0.45"), shares(100))], asks: [(price("0.55"), shares(50))])
        let placement = matcher.place(id: "b", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(10), postOnly: true, lifetime: .rest)
        guard case .accepted(let taken, let resting?) = placement else { Issue.record("not resting: \(placement)"); return }
        #expect(taken.isEmpty && resting.queueAhead == shares(100))
        // 60 sold at our price: all of it to the 100 ahead.
        let r1 = matcher.trade(market: market, price: price("0.45"), size: shares(60), takerSide: .sell)
        #expect(r1.isEmpty)
        #expect(matcher.orders["b"]?.queueAhead == shares(40))
        // The level grows (others join behind us): nothing changes for us.
        matcher.setLevel(market: market, side: .buy, price: price("0.45"), size: shares(90))
        #expect(matcher.orders["b"]?.queueAhead == shares(40))
        // It shrinks to 20 without a print: at most 20 can still be ahead.
        matcher.setLevel(market: market, side: .buy, price: price("0.45"), size: shares(20))
        #expect(matcher.orders["b"]?.queueAhead == shares(20))
        // 25 sold at our price: 20 to those ahead, 5 to us.
        let fills = matcher.trade(market: market, price: price("0.45"), size: shares(25), takerSide: .sell)
        #expect(fills == [PaperMatcher.Fill(orderID: "b", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(5), isTaker: false)])
        // A print through our price fills the rest at our own price, and the order is gone.
        let through = matcher.trade(market: market, price: price("0.43"), size: shares(50), takerSide: .sell)
        #expect(through.map(\.size) == [shares(5)] && through.map(\.price) == [price("0.45")])
        #expect(matcher.orders["b"] == nil)
    }

    @Test func printsOnlyReachTheSideTheTakerTraded() {
        var matcher = PaperMatcher()
        _ = matcher.place(id: "a", market: market, outcome: .yes, side: .sell, price: price("0.55"), size: shares(10), postOnly: true, lifetime: .rest)
        _ = matcher.place(id: "b", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(10), postOnly: true, lifetime: .rest)
        // A seller at 0.56 reaches neither (our ask is below, our bid is far away); a buyer at 0.50 neither.
        let r2 = matcher.trade(market: market, price: price("0.56"), size: shares(5), takerSide: .sell)
        #expect(r2.isEmpty)
        let r3 = matcher.trade(market: market, price: price("0.50"), size: shares(5), takerSide: .buy)
        #expect(r3.isEmpty)
        // A buyer at 0.56 lifts our ask (no one was ahead of it); the bid stays.
        let r4 = matcher.trade(market: market, price: price("0.56"), size: shares(4), takerSide: .buy)
        #expect(r4.map(\.orderID) == ["a"])
        #expect(matcher.orders["a"]?.remaining == shares(6) && matcher.orders["b"]?.remaining == shares(10))
    }

    @Test func aNoOrderIsMatchedAsItsYesMirror() {
        var matcher = PaperMatcher()
        // BUY NO at 0.40 is a YES ask at 0.60: the YES book's asks at 0.60 are ahead of it.
        matcher.replaceBook(market: market, bids: [], asks: [(price("0.60"), shares(3))])
        _ = matcher.place(id: "n", market: market, outcome: .no, side: .buy, price: price("0.40"), size: shares(10), postOnly: true, lifetime: .rest)
        #expect(matcher.orders["n"]?.queueAhead == shares(3))
        let fills = matcher.trade(market: market, price: price("0.60"), size: shares(8), takerSide: .buy)
        #expect(fills == [PaperMatcher.Fill(orderID: "n", market: market, outcome: .no, side: .buy, price: price("0.40"), size: shares(5), isTaker: false)])
    }

    @Test func ourOwnOrdersAtOneLevelKeepTimePriorityAndShareTheQueueAhead() {
        var matcher = PaperMatcher()
        matcher.replaceBook(market: market, bids: [(price("0.45"), shares(10))], asks: [])
        _ = matcher.place(id: "first", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(2), postOnly: true, lifetime: .rest)
        _ = matcher.place(id: "second", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(5), postOnly: true, lifetime: .rest)
        // 15 sold: 10 to those ahead of both, 2 to the first, 3 to the second.
        let fills = matcher.trade(market: market, price: price("0.45"), size: shares(15), takerSide: .sell)
        #expect(fills.map(\.orderID) == ["first", "second"] && fills.map(\.size) == [shares(2), shares(3)])
    }

    @Test func crossingOrdersAreRefusedWhenPostOnlyAndTakeTheShownLiquidityOtherwise() {
        var matcher = PaperMatcher()
        matcher.replaceBook(market: market, bids: [(price("0.45"), shares(10))], asks: [(price("0.55"), shares(4)), (price("0.57"), shares(6))])
        let r5 = matcher.place(id: "p", market: market, outcome: .yes, side: .buy, price: price("0.55"), size: shares(1), postOnly: true, lifetime: .rest)
        #expect(r5 == .refused(.wouldCross))
        let r6 = matcher.place(id: "k", market: market, outcome: .yes, side: .buy, price: price("0.57"), size: shares(11), postOnly: false, lifetime: .fillOrKill)
        #expect(r6 == .refused(.notFilledInFull))
        let r7 = matcher.place(id: "f", market: market, outcome: .yes, side: .buy, price: price("0.54"), size: shares(1), postOnly: false, lifetime: .fillAndKill)
        #expect(r7 == .refused(.noMatch))
        // A GTC BUY for 12 at 0.57 takes 4 at 0.55 and 6 at 0.57, and rests 2 at 0.57.
        guard case .accepted(let fills, let resting?) = matcher.place(
            id: "g", market: market, outcome: .yes, side: .buy, price: price("0.57"), size: shares(12), postOnly: false, lifetime: .rest)
        else { Issue.record("the GTC order did not rest"); return }
        #expect(fills.map(\.price) == [price("0.55"), price("0.57")] && fills.map(\.size) == [shares(4), shares(6)] && fills.allSatisfy(\.isTaker))
        #expect(resting.remaining == shares(2) && resting.queueAhead == .zero)
        #expect(matcher.shown(market: market, side: .sell, price: price("0.55")) == .zero)
        // Selling NO at 0.50 mirrors a YES BUY at 0.50: it would meet YES asks, and those were all taken.
        let r8 = matcher.place(id: "s", market: market, outcome: .no, side: .sell, price: price("0.50"), size: shares(1), postOnly: true, lifetime: .rest)
        #expect(r8 != .refused(.wouldCross))
        // Selling YES at 0.40 takes the 10 bid at 0.45, at 0.45.
        guard case .accepted(let sold, nil) = matcher.place(
            id: "t", market: market, outcome: .yes, side: .sell, price: price("0.40"), size: shares(10), postOnly: false, lifetime: .fillOrKill)
        else { Issue.record("the FOK sell was not filled in full"); return }
        #expect(sold.map(\.price) == [price("0.45")])
    }

    @Test func cancellingTakesTheOrderOffAndSaysWhetherItWasResting() {
        var matcher = PaperMatcher()
        _ = matcher.place(id: "x", market: market, outcome: .yes, side: .buy, price: price("0.45"), size: shares(1), postOnly: true, lifetime: .rest)
        let r9 = matcher.cancel(id: "x")
        #expect(r9)
        let r10 = matcher.cancel(id: "x")
        #expect(!r10)
        let r11 = matcher.trade(market: market, price: price("0.40"), size: shares(10), takerSide: .sell)
        #expect(r11.isEmpty)
    }
}
