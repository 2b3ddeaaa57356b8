import Testing
@testable import MMCore

@Suite struct QuoterTests {
    static let rewards = RewardParameters(maxSpread: cents(4), minSize: shares("5"))
    static let settings = QuoterSettings(
        orderSize: shares("5"), spreadFraction: Ratio(micros: 500_000), maxNetExposure: shares("10"),
        venueMinimumSize: shares("5"), skew: SkewSettings())

    static func plan(_ b: OrderBook, inventory: Inventory = Inventory(), tick: TickSize = .hundredth, settings: QuoterSettings = settings) -> QuotePlan {
        Quoter.plan(settings: settings, context: QuoteContext(book: b, tick: tick, rewards: rewards, inventory: inventory))
    }

    @Test func flatCollateralOnlyQuotesBuyYesAndBuyNoInsideTheBand() throws {
        let p = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]))
        let bid = try #require(p.bid.quote)
        let ask = try #require(p.ask.quote)
        #expect(bid.outcome == .yes && bid.side == .buy && bid.price == price("0.48"))
        #expect(ask.outcome == .no && ask.side == .buy && ask.price == price("0.48"), "BUY NO at 1 − 0.52")
        #expect(bid.price.micros + ask.price.micros < 1_000_000)
        #expect(bid.size == shares("5"))
    }

    @Test func roundsAwayFromMid() throws {
        // mid 0.505, offset 0.02 → bid 0.485 rounds down to 0.48, ask 0.525 rounds up to 0.53.
        let p = Self.plan(book(bids: [("0.50", "100")], asks: [("0.51", "100")]))
        #expect(try #require(p.bid.quote).price == price("0.48"))
        #expect(try #require(p.ask.quote).yesPrice == price("0.53"))
    }

    @Test func sellsHeldTokensInsteadOfLockingCollateral() throws {
        let p = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]), inventory: Inventory(yes: shares("6"), no: shares("6")))
        let bid = try #require(p.bid.quote)
        let ask = try #require(p.ask.quote)
        #expect(bid.outcome == .no && bid.side == .sell && bid.price == price("0.52"))
        #expect(ask.outcome == .yes && ask.side == .sell && ask.price == price("0.52"))
        #expect(bid.collateralRequired == .zero && ask.collateralRequired == .zero)
    }

    @Test func neverJoinsOrCrossesTheOppositeBest() throws {
        // A one-tick-wide book far from the adjusted mid: a dust ask at 0.46 sits under our natural bid.
        let b = book(bids: [("0.30", "100"), ("0.45", "1")], asks: [("0.46", "1"), ("0.70", "100")])
        let p = Self.plan(b)
        #expect(try #require(p.bid.quote).price < price("0.46"))
        #expect(try #require(p.ask.quote).yesPrice > price("0.45"))
    }

    @Test func atTheLimitTheAddingSideIsBlocked() {
        let p = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]), inventory: Inventory(yes: .zero, no: shares("10")))
        #expect(p.ask == .skipped(.positionLimit))
        #expect(p.bid.quote != nil)
    }

    @Test func addingSideSizeIsCutToTheRoomUnderTheLimit() throws {
        var settings = Self.settings
        settings.venueMinimumSize = shares("1")
        let p = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]), inventory: Inventory(yes: shares("7")), settings: settings)
        #expect(try #require(p.bid.quote).size == shares("3"))
        let tight = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]), inventory: Inventory(yes: shares("7")))
        #expect(tight.bid == .skipped(.headroomBelowMinimum), "3 shares of room is below the venue minimum of 5")
    }

    @Test func noMidpointMeansNoQuotes() {
        let p = Self.plan(book(bids: [("0.45", "100")], asks: []))
        #expect(p.quotes.isEmpty)
        #expect(p.bid == .skipped(.noMidpoint))
    }

    @Test func sizeIsRaisedToTheRewardMinimum() throws {
        let rewards = RewardParameters(maxSpread: cents(4), minSize: shares("50"))
        var settings = Self.settings
        settings.maxNetExposure = shares("100")
        let p = Quoter.plan(settings: settings, context: QuoteContext(book: book(bids: [("0.45", "100")], asks: [("0.55", "100")]), tick: .hundredth, rewards: rewards, inventory: Inventory()))
        #expect(try #require(p.bid.quote).size == shares("50"))
    }

    @Test func pulledLegsAreSkipped() {
        let context = QuoteContext(book: book(bids: [("0.45", "100")], asks: [("0.55", "100")]), tick: .hundredth, rewards: Self.rewards, inventory: Inventory(), pulledLegs: [.ask])
        let p = Quoter.plan(settings: Self.settings, context: context)
        #expect(p.ask == .skipped(.pulled) && p.bid.quote != nil)
    }

    /// Property: for random books, ticks, inventories and settings, every quote is on the grid, inside
    /// (0, 1), never at or through the opposite best, and our two legs never cross (BUY YES + BUY NO < 1).
    @Test(arguments: 0..<8)
    func quotesAreAlwaysOnGridInsideAndNeverCross(seed: UInt64) {
        var rng = SeededGenerator(seed: 1_000 + seed)
        for _ in 0..<500 {
            let tick = TickSize.all.randomElement(using: &rng)!
            let t = tick.micros
            let levels = 1_000_000 / t - 1
            var b = OrderBook()
            let bidTop = Int64.random(in: 1...max(1, levels - 1), using: &rng)
            let askTop = Int64.random(in: (bidTop + 1)...levels, using: &rng)
            for i in 0..<Int64.random(in: 1...5, using: &rng) where bidTop - i >= 1 {
                b.set(.buy, price: Price(micros: (bidTop - i) * t)!, size: Quantity(shares: Int64.random(in: 1...200, using: &rng)))
            }
            for i in 0..<Int64.random(in: 1...5, using: &rng) where askTop + i <= levels {
                b.set(.sell, price: Price(micros: (askTop + i) * t)!, size: Quantity(shares: Int64.random(in: 1...200, using: &rng)))
            }
            let rewards = RewardParameters(maxSpread: Int64.random(in: 1...60, using: &rng) * 1_000, minSize: Quantity(shares: Int64.random(in: 1...60, using: &rng)))
            let settings = QuoterSettings(
                orderSize: Quantity(shares: Int64.random(in: 1...20, using: &rng)), spreadFraction: Ratio(micros: Int64.random(in: 1...1_000_000, using: &rng)),
                maxNetExposure: Quantity(shares: Int64.random(in: 20...100, using: &rng)), venueMinimumSize: Quantity(shares: 5),
                skew: SkewSettings(isEnabled: Bool.random(using: &rng), factor: Ratio(micros: Int64.random(in: 0...1_000_000, using: &rng)), startAt: Ratio(micros: 300_000)))
            let inventory = Inventory(yes: Quantity(shares: Int64.random(in: 0...120, using: &rng)), no: Quantity(shares: Int64.random(in: 0...120, using: &rng)))
            let plan = Quoter.plan(settings: settings, context: QuoteContext(
                book: b, tick: tick, rewards: rewards, inventory: inventory, extraOffset: Int64.random(in: 0...20_000, using: &rng)))
            for quote in plan.quotes {
                #expect(tick.isOnGrid(quote.price), "off grid: \(quote) tick \(tick)")
                #expect(quote.price.micros >= t && quote.price.micros <= 1_000_000 - t)
                #expect(quote.size.micros % Quantity.venueSizeStep == 0 && quote.size >= settings.venueMinimumSize)
            }
            if let bid = plan.bid.quote {
                #expect(bid.yesPrice < b.bestAsk!.price, "bid at or through the best ask")
                #expect((inventory.net + bid.size).micros <= settings.maxNetExposure.micros, "a bid fill would overshoot the limit")
            }
            if let ask = plan.ask.quote {
                #expect(ask.yesPrice > b.bestBid!.price, "ask at or through the best bid")
                #expect((inventory.net - ask.size).micros >= -settings.maxNetExposure.micros, "an ask fill would overshoot the limit")
            }
            if let bid = plan.bid.quote, let ask = plan.ask.quote {
                #expect(bid.yesPrice < ask.yesPrice, "self-cross")
            }
            if inventory.net.micros >= settings.maxNetExposure.micros { #expect(plan.bid.quote == nil) }
            if -inventory.net.micros >= settings.maxNetExposure.micros { #expect(plan.ask.quote == nil) }
        }
    }

    @Test func requoteGateWaitsForTheThresholdOrAShapeChange() {
        var gate = RequoteGate(threshold: 5_000)
        let first = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]))
        #expect(gate.shouldRequote(first, maxSpread: cents(4)))
        gate.accept(first)
        let small = Self.plan(book(bids: [("0.45", "100")], asks: [("0.555", "100")]))
        #expect(!gate.shouldRequote(small, maxSpread: cents(4)), "mid moved 0.25c, below the 0.5c threshold")
        let big = Self.plan(book(bids: [("0.46", "100")], asks: [("0.56", "100")]))
        #expect(gate.shouldRequote(big, maxSpread: cents(4)))
        let oneSided = Self.plan(book(bids: [("0.45", "100")], asks: [("0.55", "100")]), inventory: Inventory(no: shares("10")))
        #expect(gate.shouldRequote(oneSided, maxSpread: cents(4)), "a leg vanished")
    }
}
