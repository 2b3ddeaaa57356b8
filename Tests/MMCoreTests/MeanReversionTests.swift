import MMCore
import Testing

/// The mean-reversion quoter: the slow reference, the lean and its bounds, on synthetic books.
struct MeanReversionTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }

    @Test func theReferenceFollowsTheMidByHalfItsDistanceInAboutAHalfLife() throws {
        var reference = ReferencePrice(halfLifeMilliseconds: 60_000)
        reference.observe(Self.price("0.50"), nowMilliseconds: 0)
        #expect(reference.price == Self.price("0.50"))
        // One observation a second at 0.60 for a half-life: the mean covers about half the way (within 4 %).
        for second in 1...60 { reference.observe(Self.price("0.60"), nowMilliseconds: Int64(second) * 1_000) }
        let covered = try #require(reference.micros) - 500_000
        #expect((48_000...52_000).contains(covered), "covered \(covered) of 100 000")
        // A repeated timestamp changes nothing; the same inputs give the same mean.
        let before = reference
        reference.observe(Self.price("0.90"), nowMilliseconds: 60_000)
        #expect(reference == before)
    }

    @Test func theLeanIsAgainstTheDeviationOnTheGridAndBounded() {
        let parameters = LeanParameters(lean: Ratio(micros: 500_000), maxLeanTicks: 3)
        // Mid 4 c above the mean: quotes move 2 c down.
        #expect(LeanQuoter.shift(mid: Self.price("0.54"), reference: Self.price("0.50"), parameters: parameters, tick: .hundredth) == -20_000)
        // Below it: up. A fraction of a tick rounds toward zero.
        #expect(LeanQuoter.shift(mid: Self.price("0.47"), reference: Self.price("0.50"), parameters: parameters, tick: .hundredth) == 10_000)
        // 20 c away: at most 3 ticks.
        #expect(LeanQuoter.shift(mid: Self.price("0.70"), reference: Self.price("0.50"), parameters: parameters, tick: .hundredth) == -30_000)
        #expect(LeanQuoter.shift(mid: Self.price("0.50"), reference: nil, parameters: parameters, tick: .hundredth) == 0)
    }

    static func context(bid: String, ask: String, reference: String?, net: Int64 = 0) -> QuoteContext {
        var context = QuoteContext(
            book: OrderBook(bids: [BookLevel(price: price(bid), size: Quantity(shares: 100))], asks: [BookLevel(price: price(ask), size: Quantity(shares: 100))]),
            tick: .hundredth, rewards: RewardParameters(maxSpread: 40_000, minSize: Quantity(shares: 5)),
            inventory: Inventory(yes: Quantity(shares: max(net, 0)), no: Quantity(shares: max(-net, 0))))
        context.reference = reference.map(price)
        return context
    }

    static let settings = QuoterSettings(
        orderSize: Quantity(shares: 5), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 50), venueMinimumSize: Quantity(shares: 5),
        skew: SkewSettings())

    @Test func aboveTheReferenceBothQuotesMoveDownTheAskNoFurtherThanTheBestBidPlusATick() throws {
        let parameters = LeanParameters(lean: Ratio(micros: 1_000_000), maxLeanTicks: 3)
        let band = Quoter.plan(settings: Self.settings, context: Self.context(bid: "0.49", ask: "0.53", reference: "0.51"))
        let above = LeanQuoter.plan(settings: Self.settings, parameters: parameters, context: Self.context(bid: "0.49", ask: "0.53", reference: "0.49"))
        let bandBid = try #require(band.bid.quote?.yesPrice)
        let bandAsk = try #require(band.ask.quote?.yesPrice)
        // Mid 0.51 against a mean of 0.49: a 2 c lean down; the ask stops at 0.50 (best bid 0.49 + a tick).
        #expect(above.bid.quote?.yesPrice == Price(micros: bandBid.micros - 20_000))
        #expect(above.ask.quote?.yesPrice == Price(micros: max(bandAsk.micros - 20_000, 500_000)))
        // At the reference nothing moves: the plan is the band quoter's.
        #expect(LeanQuoter.plan(settings: Self.settings, parameters: parameters, context: Self.context(bid: "0.49", ask: "0.53", reference: "0.51")) == band)
    }

    @Test func belowTheReferenceTheBidIsKeenerAndStaysBelowTheBestAsk() throws {
        let parameters = LeanParameters(lean: Ratio(micros: 1_000_000), maxLeanTicks: 5)
        let plan = LeanQuoter.plan(settings: Self.settings, parameters: parameters, context: Self.context(bid: "0.49", ask: "0.53", reference: "0.56"))
        let bid = try #require(plan.bid.quote?.yesPrice)
        #expect(bid == Self.price("0.52"), "moved up 5 ticks but held one tick under the 0.53 ask")
        #expect(try #require(plan.ask.quote?.yesPrice) > Self.price("0.53"))
    }
}

/// Momentum: the same lean, with the deviation.
struct MomentumLeanTests {
    @Test func theLeanFollowsTheMoveAndFlipsOnTheWayBack() throws {
        let parameters = LeanParameters(lean: Ratio(micros: 1_000_000), maxLeanTicks: 3, direction: .with)
        // Mid 2 c above the reference: both quotes up 2 c (the bid toward a 0.53 ask, held a tick below it).
        #expect(LeanQuoter.shift(mid: MeanReversionTests.price("0.51"), reference: MeanReversionTests.price("0.49"), parameters: parameters, tick: .hundredth) == 20_000)
        #expect(LeanQuoter.shift(mid: MeanReversionTests.price("0.47"), reference: MeanReversionTests.price("0.49"), parameters: parameters, tick: .hundredth) == -20_000)
        let band = Quoter.plan(settings: MeanReversionTests.settings, context: MeanReversionTests.context(bid: "0.49", ask: "0.53", reference: "0.51"))
        let up = LeanQuoter.plan(settings: MeanReversionTests.settings, parameters: parameters, context: MeanReversionTests.context(bid: "0.49", ask: "0.53", reference: "0.49"))
        let bandBid = try #require(band.bid.quote?.yesPrice)
        let bandAsk = try #require(band.ask.quote?.yesPrice)
        #expect(up.bid.quote?.yesPrice == Price(micros: min(bandBid.micros + 20_000, 520_000)))
        #expect(up.ask.quote?.yesPrice == Price(micros: bandAsk.micros + 20_000))
    }
}
