import Testing
@testable import MMCore

@Suite struct BaitDefenceTests {
    @Test func aCompressedTouchIsNotJoined() {
        var defence = BaitDefence(settings: BaitDefenceSettings(lookbackMilliseconds: 30_000, compressionTicks: 2))
        let wide = book(bids: [("0.45", "100")], asks: [("0.55", "100")])
        defence.record(wide, nowMilliseconds: 0)
        #expect(defence.extraOffset(current: wide, tick: .hundredth, nowMilliseconds: 0) == 0)
        // A dust bid and ask squeeze the touch to 0.49/0.51: 8 ticks of compression.
        let baited = book(bids: [("0.49", "1"), ("0.45", "100")], asks: [("0.51", "1"), ("0.55", "100")])
        defence.record(baited, nowMilliseconds: 5_000)
        #expect(defence.extraOffset(current: baited, tick: .hundredth, nowMilliseconds: 5_000) == 40_000, "keep the pre-compression distance")
        #expect(defence.extraOffset(current: baited, tick: .hundredth, nowMilliseconds: 36_000) == 0, "forgotten after the lookback")
    }

    @Test func sizeIsCappedByTheDepthBehindTheTouch() {
        let defence = BaitDefence(settings: BaitDefenceSettings(depthCap: Ratio(micros: 500_000)))
        let thin = book(bids: [("0.49", "1"), ("0.48", "8"), ("0.47", "4")], asks: [("0.51", "100")])
        #expect(defence.sizeCap(.bid, book: thin) == Quantity(shares: 6))
        #expect(defence.sizeCap(.ask, book: thin) == .zero)
        let settings = QuoterSettings(orderSize: Quantity(shares: 10), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 100), venueMinimumSize: Quantity(shares: 5), skew: SkewSettings())
        let plan = Quoter.plan(settings: settings, context: QuoteContext(
            book: thin, tick: .hundredth, rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5)), inventory: Inventory(),
            sizeCaps: [.bid: defence.sizeCap(.bid, book: thin)!, .ask: defence.sizeCap(.ask, book: thin)!]))
        #expect(plan.bid.quote?.size == Quantity(shares: 6), "no fill above the cap")
        #expect(plan.ask == .skipped(.thinBook), "nothing behind the touch: the leg is pulled")
    }
}
