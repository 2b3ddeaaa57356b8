import Testing

@testable import MMCore

/// Where the venue measures our reward score: from the size-cutoff-adjusted midpoint of the book **with**
/// our orders, which a scoring-size order moves.
@Suite struct ExpectedValueScoringTests {
    static func price(_ text: String) -> Price { ExpectedValueQuoterTests.price(text) }

    /// The competition rests 100 shares at 0.47 and 0.56 (their midpoint 0.515); the band is 3c wide.
    static func objective() -> Objective {
        let book = ExpectedValueQuoterTests.book(bid: "0.47", ask: "0.56")
        let context = QuoteContext(
            book: book, tick: .hundredth, rewards: ExpectedValueQuoterTests.rewards, inventory: Inventory(), competition: book,
            estimates: ExpectedValueQuoterTests.estimates())
        return Objective(
            settings: ExpectedValueQuoterTests.settings, objective: ExpectedValueSettings(), context: context, others: book,
            mid: book.sizeCutoffAdjustedMid(minimumSize: ExpectedValueQuoterTests.rewards.minSize)!)
    }

    static func bid(_ yes: String, size: Int64 = 20) -> Candidate { Candidate(price: price(yes).micros, size: Quantity(shares: size).micros) }

    @Test func aLoneBidThatPullsTheMidpointToTheBandEdgeScoresNothing() {
        let model = Self.objective()
        let alone = Objective.OtherLeg(score: 0, price: nil)
        // 2c under the competition's midpoint, but our 20 shares make 0.50 the best qualifying bid: the
        // venue's midpoint becomes (0.50 + 0.56) / 2 = 0.53, exactly 3c away.
        #expect(model.score(.bid, Self.bid("0.50"), other: alone) == 0)
        // One tick higher: midpoint 0.535, 2.5c away, inside the band.
        let higher = model.score(.bid, Self.bid("0.51"), other: alone)
        #expect(higher == RewardScoring.orderScore(maxSpread: 30_000, spread: 25_000, size: Quantity(shares: 20)).micros)
        #expect(higher > 0)
        // Below the reward minimum our order does not count for the midpoint, and does not score.
        #expect(model.score(.bid, Self.bid("0.51", size: 10), other: alone) == 0)
    }

    @Test func ourOtherLegAtScoringSizeSetsTheMidpointToo() {
        let model = Self.objective()
        // With our ask at 0.52 the midpoint is (0.50 + 0.52) / 2 = 0.51: the bid at 0.50 is 1c away.
        let paired = model.score(.bid, Self.bid("0.50"), other: Objective.OtherLeg(score: 1, price: Self.price("0.52").micros))
        #expect(paired == RewardScoring.orderScore(maxSpread: 30_000, spread: 10_000, size: Quantity(shares: 20)).micros)
        // An ask of ours below scoring size leaves the competition's 0.56 in charge.
        let small = model.otherLeg(Objective.Valued(value: LegValue(
            yesPrice: Self.price("0.52"), size: Quantity(shares: 5), reward: 0, fillRate: 0, valuePerFilledShare: 0, perMinute: 0, perCapital: 0), score: 0))
        #expect(small.price == nil)
        #expect(model.score(.bid, Self.bid("0.50"), other: small) == 0)
    }

    @Test func theVenueMidpointRoundsHalfAMicroToEven() {
        #expect(Objective.midpoint(500_000, 530_000) == 515_000)
        #expect(Objective.midpoint(500_000, 500_001) == 500_000)
        #expect(Objective.midpoint(500_001, 500_002) == 500_002)
        for (bid, ask) in [(470_000, 560_001), (1, 2), (999_997, 999_998)] as [(Int64, Int64)] {
            #expect(Objective.midpoint(bid, ask) == OrderBook.midpoint(bid: Price(micros: bid), ask: Price(micros: ask))!.micros)
        }
    }
}
