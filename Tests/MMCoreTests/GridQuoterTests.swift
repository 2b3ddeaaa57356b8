import MMCore
import Testing

/// The grid: its lines, its ladder on each side, and how fills (inventory) reshape it, on synthetic books.
struct GridQuoterTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }

    static func context(bid: String, ask: String, yes: Int64 = 0, no: Int64 = 0, minSize: Int64 = 5) -> QuoteContext {
        QuoteContext(
            book: OrderBook(bids: [BookLevel(price: price(bid), size: Quantity(shares: 100))], asks: [BookLevel(price: price(ask), size: Quantity(shares: 100))]),
            tick: .hundredth, rewards: RewardParameters(maxSpread: 40_000, minSize: Quantity(shares: minSize)),
            inventory: Inventory(yes: Quantity(shares: yes), no: Quantity(shares: no)))
    }

    static func settings(limit: Int64 = 100) -> QuoterSettings {
        QuoterSettings(
            orderSize: Quantity(shares: 10), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: limit), venueMinimumSize: Quantity(shares: 5),
            skew: SkewSettings())
    }

    /// (leg, YES price, size) of every quote, in the plan's order.
    static func levels(_ plan: QuotePlan) -> [String] {
        plan.quotes.map { "\($0.leg.rawValue) \($0.yesPrice) \($0.outcome.rawValue) \($0.side.rawValue) \($0.size)" }
    }

    @Test func laddersSitOnTheLinesBelowAndAboveTheMid() {
        // Mid 0.505: bids on 0.50, 0.49, 0.48; asks on 0.51, 0.52, 0.53. Sizes: max(orderSize 10, minSize 5).
        let plan = GridQuoter.plan(settings: Self.settings(), parameters: GridParameters(levels: 3), context: Self.context(bid: "0.50", ask: "0.51"))
        #expect(
            Self.levels(plan) == [
                "bid 0.5 YES BUY 10", "bid 0.49 YES BUY 10", "bid 0.48 YES BUY 10",
                "ask 0.51 NO BUY 10", "ask 0.52 NO BUY 10", "ask 0.53 NO BUY 10",
            ])
        #expect(plan.isTwoSided)
        // Mid 0.50 on a line of a 0.02 grid: neither side rests on it; the lines are multiples of the step.
        let onLine = GridQuoter.plan(
            settings: Self.settings(), parameters: GridParameters(levels: 2, step: 20_000), context: Self.context(bid: "0.47", ask: "0.53"))
        #expect(Self.levels(onLine) == ["bid 0.48 YES BUY 10", "bid 0.46 YES BUY 10", "ask 0.52 NO BUY 10", "ask 0.54 NO BUY 10"])
    }

    @Test func aSmallMoveOfTheMidKeepsEveryLineAndCrossingALineRollsTheLadder() {
        let parameters = GridParameters(levels: 2)
        let before = GridQuoter.plan(settings: Self.settings(), parameters: parameters, context: Self.context(bid: "0.51", ask: "0.54"))
        let nudged = GridQuoter.plan(settings: Self.settings(), parameters: parameters, context: Self.context(bid: "0.51", ask: "0.55"))
        // Mids 0.525 and 0.53: same lines below; the asks start above the mid.
        #expect(before.quotes.filter { $0.leg == .bid }.map(\.yesPrice) == [Self.price("0.52"), Self.price("0.51")])
        #expect(nudged.quotes.filter { $0.leg == .bid }.map(\.yesPrice) == [Self.price("0.52"), Self.price("0.51")])
        let crossed = GridQuoter.plan(settings: Self.settings(), parameters: parameters, context: Self.context(bid: "0.53", ask: "0.55"))
        #expect(crossed.quotes.filter { $0.leg == .bid }.map(\.yesPrice) == [Self.price("0.53"), Self.price("0.52")])
        #expect(crossed.quotes.filter { $0.leg == .ask }.map(\.yesPrice) == [Self.price("0.55"), Self.price("0.56")])
    }

    @Test func filledBidsShrinkTheBidLadderAndHeldTokensAreSoldOnTheAskLadder() {
        // Long 25 YES of a 40 limit: 15 shares of bid room, one full level of 10 and one of 5.
        let plan = GridQuoter.plan(settings: Self.settings(limit: 40), parameters: GridParameters(levels: 3), context: Self.context(bid: "0.50", ask: "0.51", yes: 25))
        #expect(
            Self.levels(plan) == [
                "bid 0.5 YES BUY 10", "bid 0.49 YES BUY 5",
                // The 25 YES cover two ask levels as SELL YES (no collateral); the third buys NO.
                "ask 0.51 YES SELL 10", "ask 0.52 YES SELL 10", "ask 0.53 NO BUY 10",
            ])
        // At the limit the bid leg is empty and says why; the ask ladder stays to sell the position back.
        let full = GridQuoter.plan(settings: Self.settings(limit: 40), parameters: GridParameters(levels: 3), context: Self.context(bid: "0.50", ask: "0.51", yes: 40))
        #expect(full.bid == .skipped(.positionLimit))
        #expect(full.quotes.filter { $0.leg == .ask }.count == 3)
        // Room below the venue minimum: no level.
        let thin = GridQuoter.plan(settings: Self.settings(limit: 40), parameters: GridParameters(levels: 3), context: Self.context(bid: "0.50", ask: "0.51", yes: 37))
        #expect(thin.bid == .skipped(.headroomBelowMinimum))
    }

    @Test func boundsSizesAndRiskPoliciesShapeTheLadder() {
        // Bounds [0.49, 0.52]: two bids and two asks at most, whatever `levels` says.
        let bounded = GridQuoter.plan(
            settings: Self.settings(), parameters: GridParameters(levels: 5, lowerBound: Self.price("0.49"), upperBound: Self.price("0.52")),
            context: Self.context(bid: "0.50", ask: "0.51"))
        #expect(bounded.quotes.map(\.yesPrice) == ["0.50", "0.49", "0.51", "0.52"].map(Self.price))
        // A mid above the upper bound: no ask at all, bids only on lines inside the bounds.
        let above = GridQuoter.plan(
            settings: Self.settings(), parameters: GridParameters(levels: 3, upperBound: Self.price("0.40")), context: Self.context(bid: "0.50", ask: "0.51"))
        #expect(above.ask == .skipped(.outsidePriceRange))
        #expect(above.quotes.map(\.yesPrice) == ["0.40", "0.39", "0.38"].map(Self.price))
        // The default size scores: at least the market's rewardsMinSize.
        let scoring = GridQuoter.plan(settings: Self.settings(), parameters: GridParameters(levels: 1), context: Self.context(bid: "0.50", ask: "0.51", minSize: 50))
        #expect(scoring.quotes.map(\.size) == [Quantity(shares: 50), Quantity(shares: 50)])
        // An explicit size per level; a pulled leg; a bait cap.
        var context = Self.context(bid: "0.50", ask: "0.51")
        context.pulledLegs = [.ask]
        context.sizeCaps = [.bid: Quantity(shares: 7)]
        let shaped = GridQuoter.plan(settings: Self.settings(), parameters: GridParameters(levels: 2, sizePerLevel: Quantity(shares: 20)), context: context)
        #expect(shaped.ask == .skipped(.pulled))
        #expect(shaped.quotes.map(\.size) == [Quantity(shares: 7), Quantity(shares: 7)])
        // A step finer than the tick rounds up to the tick.
        let fine = GridQuoter.plan(settings: Self.settings(), parameters: GridParameters(levels: 2, step: 1_000), context: Self.context(bid: "0.50", ask: "0.51"))
        #expect(fine.quotes.map(\.yesPrice) == ["0.50", "0.49", "0.51", "0.52"].map(Self.price))
    }

    @Test func theMidIsTheCompetitionsNotOurOwnLadders() {
        // Our own bid at 0.55 inside a 0.50/0.60 market would pull the full book's mid up; the grid reads
        // the book without our orders.
        var context = Self.context(bid: "0.55", ask: "0.60")
        context.competition = OrderBook(
            bids: [BookLevel(price: Self.price("0.50"), size: Quantity(shares: 100))], asks: [BookLevel(price: Self.price("0.60"), size: Quantity(shares: 100))])
        let plan = GridQuoter.plan(settings: Self.settings(), parameters: GridParameters(levels: 1), context: context)
        #expect(plan.mid == Self.price("0.55"))
        #expect(plan.quotes.map(\.yesPrice) == ["0.54", "0.56"].map(Self.price))
    }
}
