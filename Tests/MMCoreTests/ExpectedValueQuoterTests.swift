import Testing

@testable import MMCore

/// The expected-value objective: each term moves the value the way the model says, exactly.
@Suite struct ExpectedValueQuoterTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }

    static let settings = QuoterSettings(
        orderSize: Quantity(shares: 20), spreadFraction: Ratio(micros: 500_000), maxNetExposure: Quantity(shares: 100),
        venueMinimumSize: Quantity(shares: 5), skew: SkewSettings())
    static let rewards = RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: Money(micros: 144_000_000))

    /// A book around 0.50 with a competitor of `size` on each side at 0.48 and 0.52 (inside the band).
    static func book(competitor size: Int64 = 100, bid: String = "0.48", ask: String = "0.52") -> OrderBook {
        OrderBook(
            bids: [BookLevel(price: price(bid), size: Quantity(shares: size)), BookLevel(price: price("0.40"), size: Quantity(shares: 500))],
            asks: [BookLevel(price: price(ask), size: Quantity(shares: size)), BookLevel(price: price("0.60"), size: Quantity(shares: 500))])
    }

    static func estimates(adverse: Int64 = 0, volatility: Int64 = 10_000) -> MarketEstimates {
        let flow = TakerFlowEstimator.Flow(arrivalsPerMinute: 2_000_000, meanSize: Quantity(shares: 10))
        return MarketEstimates(bidFlow: flow, askFlow: flow, adverseSelection: adverse, volatility: volatility)
    }

    static func context(book: OrderBook = book(), net: Int64 = 0, adverse: Int64 = 0, rewards: RewardParameters = rewards) -> QuoteContext {
        let inventory = net >= 0 ? Inventory(yes: Quantity(shares: net)) : Inventory(no: Quantity(shares: -net))
        return QuoteContext(
            book: book, tick: .hundredth, rewards: rewards, inventory: inventory, competition: book, estimates: estimates(adverse: adverse))
    }

    static func value(_ leg: QuoteLeg, at yes: String, size: Int64 = 20, context: QuoteContext, objective: ExpectedValueSettings = ExpectedValueSettings()) -> LegValue? {
        ExpectedValueQuoter.candidates(leg, settings: settings, objective: objective, context: context)
            .first { $0.yesPrice == price(yes) && $0.size == Quantity(shares: size) }
    }

    @Test func atEqualCompetitionALevelCloserToMidEarnsMoreReward() throws {
        let context = Self.context()
        let near = try #require(Self.value(.bid, at: "0.49", context: context))
        let far = try #require(Self.value(.bid, at: "0.48", context: context))
        let edge = try #require(Self.value(.bid, at: "0.47", context: context))
        #expect(near.reward > far.reward)
        #expect(far.reward > 0)
        #expect(edge.reward == 0, "0.47 is at the edge of a 3c band around 0.50: it scores nothing")
        let outside = try #require(Self.value(.bid, at: "0.46", context: context))
        #expect(outside.reward == 0, "beyond the band nothing scores")
        // Alone in the band, one leg already takes the whole pool (single-sided at 1/c): the other adds nothing.
        let alone = try #require(Self.value(.bid, at: "0.49", context: Self.context(book: Self.book(bid: "0.40", ask: "0.60"))))
        #expect(alone.reward == 0)
    }

    @Test func aSizeBelowTheRewardMinimumEarnsNoReward() throws {
        let context = Self.context()
        let small = try #require(Self.value(.bid, at: "0.49", size: 5, context: context))
        #expect(small.reward == 0)
        #expect(small.fillRate > 0)
    }

    @Test func aMarkoutThatEatsTheEdgeKeepsTheLevelOut() throws {
        // With a 1.5c adverse move per fill, a bid 1c under mid loses on every fill; without rewards it is not quoted.
        let noPool = RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: .zero)
        let adverse = Self.context(adverse: 15_000, rewards: noPool)
        let value = try #require(Self.value(.bid, at: "0.49", context: adverse))
        #expect(value.valuePerFilledShare < 0)
        #expect(value.perMinute < 0)
        let plan = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: adverse)
        if let quote = plan.bid.quote { #expect(quote.yesPrice < Self.price("0.485"), "only levels far enough to beat the markout") }
        // The same level without the markout is worth quoting.
        let calm = try #require(Self.value(.bid, at: "0.49", context: Self.context(rewards: noPool)))
        #expect(calm.perMinute > 0)
    }

    @Test func nearTheLimitTheFlatteningLegGainsAndTheAddingLegLoses() throws {
        let flat = Self.context(net: 0)
        let long = Self.context(net: 80)
        let addingFlat = try #require(Self.value(.bid, at: "0.49", context: flat))
        let addingLong = try #require(Self.value(.bid, at: "0.49", context: long))
        let flatteningFlat = try #require(Self.value(.ask, at: "0.51", context: flat))
        let flatteningLong = try #require(Self.value(.ask, at: "0.51", context: long))
        #expect(addingLong.valuePerFilledShare < addingFlat.valuePerFilledShare)
        #expect(flatteningLong.valuePerFilledShare > flatteningFlat.valuePerFilledShare)
        // Skew falls out of the objective: long, the plan's ask sits no farther from mid than its bid.
        let plan = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: long)
        let ask = try #require(plan.ask.quote)
        if let bid = plan.bid.quote {
            #expect(ask.yesPrice.micros - 500_000 <= 500_000 - bid.yesPrice.micros + Int64(TickSize.hundredth.micros))
        }
    }

    @Test func aCompetitorManyTimesOurScoreMakesTheRewardNegligible() throws {
        let alone = try #require(Self.value(.bid, at: "0.49", context: Self.context(book: Self.book(competitor: 20))))
        #expect(alone.reward > 0)
        let crowded = try #require(Self.value(.bid, at: "0.49", context: Self.context(book: Self.book(competitor: 100_000, bid: "0.49", ask: "0.51"))))
        #expect(crowded.reward * 100 < alone.reward, "crowded \(crowded.reward) vs alone \(alone.reward)")
    }

    @Test func valuesAreExactAndDeterministic() {
        let context = Self.context(net: 30, adverse: 2_000)
        let first = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: context)
        let second = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: context)
        #expect(first == second)
        #expect(first.bidValue != nil || first.askValue != nil)
        let values = ExpectedValueQuoter.candidates(.bid, settings: Self.settings, objective: ExpectedValueSettings(), context: context)
        #expect(values == ExpectedValueQuoter.candidates(.bid, settings: Self.settings, objective: ExpectedValueSettings(), context: context))
        // The per-minute total is exactly reward + fill rate × value per share.
        for value in values {
            let spread = FixedPoint.multiplyDivide(value.fillRate, value.valuePerFilledShare, dividingBy: FixedPoint.scale, rounding: .down)!
            #expect(value.perMinute == value.reward + spread)
        }
    }

    @Test func everyQuoteRespectsTheHardConstraints() throws {
        var context = Self.context(net: 98)
        context.pulledLegs = [.ask]
        let plan = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: context)
        #expect(plan.ask == .skipped(.pulled))
        #expect(plan.bid == .skipped(.headroomBelowMinimum), "2 shares of room is below the venue minimum")
        var capped = Self.context()
        capped.sizeCaps = [.bid: Quantity(shares: 7)]
        let cappedPlan = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: capped)
        #expect((cappedPlan.bid.quote?.size ?? .zero) <= Quantity(shares: 7))
        // Post-only: never at or through the other side of the book; never meeting our own other leg.
        let tight = Self.context(book: Self.book(bid: "0.49", ask: "0.50"))
        let tightPlan = ExpectedValueQuoter.plan(settings: Self.settings, objective: ExpectedValueSettings(), context: tight)
        if let bid = tightPlan.bid.quote { #expect(bid.yesPrice < Self.price("0.50")) }
        if let ask = tightPlan.ask.quote { #expect(ask.yesPrice > Self.price("0.49")) }
        if let bid = tightPlan.bid.quote, let ask = tightPlan.ask.quote { #expect(bid.yesPrice < ask.yesPrice) }
    }

    @Test func theDecayTableMatchesKnownValues() {
        #expect(DecayTable.negativeExponential(0, over: 1) == 1_000_000)
        #expect(abs(DecayTable.negativeExponential(1, over: 1) - 367_879) <= 2)
        #expect(abs(DecayTable.negativeExponential(1, over: 2) - 606_531) <= 2)
        #expect(abs(DecayTable.negativeExponential(5, over: 1) - 6_738) <= 2)
        #expect(DecayTable.negativeExponential(17, over: 1) == 0)
    }
}
