import MMCore
import Testing

/// Momentum's taker: entries with a sustained move, exits on its reversal, and what holds it back.
struct MomentumTakerTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }

    static func context(
        bid: String, ask: String, reference: String?, trend: Trend, yes: Int64 = 0, no: Int64 = 0, limit: Int64 = 50, since: Int64? = nil
    ) -> MomentumTakeContext {
        MomentumTakeContext(
            book: OrderBook(bids: [BookLevel(price: price(bid), size: Quantity(shares: 100))], asks: [BookLevel(price: price(ask), size: Quantity(shares: 100))]),
            reference: reference.map(price), trend: trend, inventory: Inventory(yes: Quantity(shares: yes), no: Quantity(shares: no)),
            limit: Quantity(shares: limit), tick: .hundredth, venueMinimumSize: Quantity(shares: 5), sinceLastTakeMilliseconds: since)
    }

    static let taking = MomentumTaking(entryTicks: 3, exitTicks: 1, size: Quantity(shares: 10), maxPosition: Quantity(shares: 25), slippageTicks: 1)

    @Test func aSustainedRiseBuysYesThroughTheAskAndAFallBuysNo() throws {
        // Mid 0.565, 4.5 ticks above a 0.52 reference, the detector says up: BUY YES up to 0.58 (ask + a tick).
        let up = try #require(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up)))
        #expect(up.outcome == .yes && up.side == .buy && up.limit == Self.price("0.58") && up.size == Quantity(shares: 10))
        #expect(up.liftsAsks && up.yesLimit == Self.price("0.58"))
        // The mirror: BUY NO up to 1 − 0.43 + a tick = 0.58.
        let down = try #require(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.43", ask: "0.44", reference: "0.48", trend: .down)))
        #expect(down.outcome == .no && down.side == .buy && down.limit == Self.price("0.58"))
        #expect(!down.liftsAsks && down.yesLimit == Self.price("0.42"))
    }

    @Test func noEntryWithoutBothTheDeviationAndTheTrendNorBeyondTheBudget() {
        // The deviation without the detector's trend (a blip), or the trend within 3 ticks of the reference.
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .none)) == nil)
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.53", ask: "0.54", reference: "0.52", trend: .up)) == nil)
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .down)) == nil)
        // Long 20 of a 25 budget: the last 5 only; long 22: below the venue minimum, nothing.
        let last = MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up, yes: 20))
        #expect(last?.size == Quantity(shares: 5))
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up, yes: 22)) == nil)
        // The position limit binds below the budget.
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up, limit: 7))?.size == Quantity(shares: 7))
        // Within the cooldown nothing, after it the same entry.
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up, since: 29_999)) == nil)
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: "0.52", trend: .up, since: 30_000)) != nil)
        // No reference yet, or a one-sided book: nothing to judge against.
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.56", ask: "0.57", reference: nil, trend: .up)) == nil)
    }

    @Test func aReversalTakesTheWholePositionOutThroughTheBid() throws {
        // Long 12 YES (net 12) and the mid back a tick and a half below the reference: SELL 12 YES down to 0.49.
        let exit = try #require(
            MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.50", ask: "0.51", reference: "0.52", trend: .up, yes: 12)))
        #expect(exit.outcome == .yes && exit.side == .sell && exit.size == Quantity(shares: 12) && exit.limit == Self.price("0.49"))
        #expect(!exit.liftsAsks)
        // Holding 15 YES and 3 NO: only the net 12 is sold; the pair is flat.
        let paired = MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.50", ask: "0.51", reference: "0.52", trend: .none, yes: 15, no: 3))
        #expect(paired?.size == Quantity(shares: 12))
        // Short 8 (8 NO) and the mid back above the reference: SELL 8 NO down to 1 − 0.55 − a tick = 0.44.
        let cover = try #require(
            MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.54", ask: "0.55", reference: "0.52", trend: .down, no: 8)))
        #expect(cover.outcome == .no && cover.side == .sell && cover.size == Quantity(shares: 8) && cover.limit == Self.price("0.44"))
        #expect(cover.liftsAsks && cover.yesLimit == Self.price("0.56"))
        // Long but the mid still above the reference: held, no exit (and at the budget, no entry either).
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.53", ask: "0.54", reference: "0.52", trend: .up, yes: 25)) == nil)
        // A remainder below the venue minimum is left to the maker quotes.
        #expect(MomentumTaker.decide(parameters: Self.taking, context: Self.context(bid: "0.50", ask: "0.51", reference: "0.52", trend: .up, yes: 4)) == nil)
    }
}
