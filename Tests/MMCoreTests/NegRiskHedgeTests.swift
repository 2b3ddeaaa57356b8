import MMCore
import Testing

/// Making a partial neg-risk set whole: complete it, unwind it, or hold it when either would lose too much.
struct NegRiskHedgeTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }
    static func levels(_ entries: [(String, Int64)]) -> [BookLevel] { entries.map { BookLevel(price: price($0.0), size: Quantity(shares: $0.1)) } }

    static func leg(_ market: String, filled: Int64, paid: String, asks: [(String, Int64)], bids: [(String, Int64)], fee: Int64 = 0) -> HedgeLeg {
        HedgeLeg(
            market: market, outcome: .yes, filled: Quantity(shares: filled), paid: Money(micros: try! FixedPoint.parseMicros(paid)), asks: levels(asks),
            bids: levels(bids), takerFeeRate: Ratio(micros: fee))
    }

    static let minimum = Quantity(shares: 5)

    @Test func aMissedLegIsBoughtWhenCompletingStillPays() throws {
        // 30 sets planned at 0.41 + 0.26 + 0.21; C's ask vanished, the next is 0.30 (4 % fee): completing
        // costs 0.9784 a set, under the 1 pUSD payout.
        let legs = [
            Self.leg("A", filled: 30, paid: "12.30", asks: [("0.60", 100)], bids: [("0.40", 100)]),
            Self.leg("B", filled: 30, paid: "7.80", asks: [("0.40", 100)], bids: [("0.20", 100)]),
            Self.leg("C", filled: 0, paid: "0", asks: [("0.30", 100)], bids: [("0.10", 100)], fee: 40_000),
        ]
        let (decision, result) = NegRiskHedge.plan(.yesSet, legs: legs, outcomes: 3, maxLoss: Money(micros: 1_000_000), minimumSize: Self.minimum)
        guard case .complete(let buys) = decision else { Issue.record("expected a completion, got \(decision)"); return }
        #expect(Array(buys.keys) == ["C"])
        let order = try #require(buys["C"])
        #expect(order.side == .buy && order.outcome == .yes && order.size == Quantity(shares: 30) && order.limit == Self.price("0.30"))
        // 30 − 20.10 − 30 × (0.30 + 0.0084) = 0.648
        #expect(result == Money(micros: 648_000))
    }

    @Test func theExcessIsSoldWhenCompletingCostsMoreThanUnwinding() throws {
        // C's asks are now far above: completing loses more than selling A's and B's excess 20 into bids.
        let legs = [
            Self.leg("A", filled: 30, paid: "12.30", asks: [("0.60", 100)], bids: [("0.40", 100)]),
            Self.leg("B", filled: 30, paid: "7.80", asks: [("0.40", 100)], bids: [("0.25", 15), ("0.24", 100)]),
            Self.leg("C", filled: 10, paid: "2.10", asks: [("0.70", 100)], bids: [("0.19", 100)]),
        ]
        let (decision, result) = NegRiskHedge.plan(.yesSet, legs: legs, outcomes: 3, maxLoss: Money(micros: 1_000_000), minimumSize: Self.minimum)
        guard case .unwind(let sells) = decision else { Issue.record("expected an unwind, got \(decision)"); return }
        #expect(Set(sells.keys) == ["A", "B"])
        #expect(sells["A"] == TakeOrder(outcome: .yes, side: .sell, limit: Self.price("0.40"), size: Quantity(shares: 20), reason: "neg-risk yes-set hedge"))
        // B's 20 walk two levels: the limit is the deeper one.
        #expect(sells["B"]?.limit == Self.price("0.24") && sells["B"]?.size == Quantity(shares: 20))
        // 10 sets pay 10; paid 22.20; sold 8 + (3.75 + 1.20) = 12.95: +0.75 (completing: 30 − 22.20 − 14 = −6.20).
        #expect(result == Money(micros: 750_000))
    }

    @Test func aHedgeBeyondTheBoundIsHeldAndSaidAndEvenLegsNeedNothing() {
        let legs = [
            Self.leg("A", filled: 30, paid: "12.30", asks: [("0.90", 100)], bids: [("0.20", 100)]),
            Self.leg("B", filled: 0, paid: "0", asks: [("0.90", 100)], bids: [("0.05", 100)]),
        ]
        let (decision, result) = NegRiskHedge.plan(.yesSet, legs: legs, outcomes: 2, maxLoss: Money(micros: 1_000_000), minimumSize: Self.minimum)
        guard case .hold(let reason) = decision else { Issue.record("expected a hold, got \(decision)"); return }
        // Unwinding: 0 − 12.30 + 6 = −6.30; completing: 30 − 12.30 − 27 = −9.30.
        #expect(result == Money(micros: -6_300_000))
        #expect(reason.contains("beyond the 1 pUSD bound"), "\(reason)")
        // Too thin to do either, or a difference below the venue minimum: held, with the reason.
        let thin = [Self.leg("A", filled: 30, paid: "12", asks: [], bids: []), Self.leg("B", filled: 27, paid: "8", asks: [], bids: [])]
        if case .hold(let why) = NegRiskHedge.plan(.yesSet, legs: thin, outcomes: 2, maxLoss: Money(micros: 1_000_000), minimumSize: Self.minimum).0 {
            #expect(why.contains("cannot complete or unwind"))
        } else { Issue.record("a 3-share difference below the minimum must be held") }
        let even = [Self.leg("A", filled: 30, paid: "12", asks: [], bids: []), Self.leg("B", filled: 30, paid: "8", asks: [], bids: [])]
        #expect(NegRiskHedge.plan(.yesSet, legs: even, outcomes: 2, maxLoss: .zero, minimumSize: Self.minimum).0 == .balanced)
    }

    @Test func aNoSetPaysOneLessThanItsOutcomesAndItsBidsComeFromTheYesAsks() {
        // A NO set of 3 outcomes pays 2 a set. NO bids are the YES asks complemented, our own asks out.
        let book = OrderBook(
            bids: [BookLevel(price: Self.price("0.30"), size: Quantity(shares: 50))],
            asks: [BookLevel(price: Self.price("0.35"), size: Quantity(shares: 40)), BookLevel(price: Self.price("0.36"), size: Quantity(shares: 10))])
        let own = [RestingLeg(leg: .ask, yesPrice: Self.price("0.35"), size: Quantity(shares: 15))]
        #expect(
            ArbitrageLadder.bids(of: .no, in: book, excluding: own)
                == [BookLevel(price: Self.price("0.65"), size: Quantity(shares: 25)), BookLevel(price: Self.price("0.64"), size: Quantity(shares: 10))])
        #expect(ArbitrageLadder.bids(of: .yes, in: book, excluding: own) == [BookLevel(price: Self.price("0.30"), size: Quantity(shares: 50))])
        var legs = [
            Self.leg("A", filled: 10, paid: "6.50", asks: [("0.70", 100)], bids: [("0.64", 100)]),
            Self.leg("B", filled: 10, paid: "6.60", asks: [("0.70", 100)], bids: [("0.64", 100)]),
            Self.leg("C", filled: 0, paid: "0", asks: [("0.70", 100)], bids: [("0.64", 100)]),
        ]
        for index in legs.indices { legs[index].outcome = .no }
        // Complete: 20 − 13.10 − 7 = −0.10; unwind: 0 − 13.10 + 12.80 = −0.30: completing is better.
        let (decision, result) = NegRiskHedge.plan(.noSet, legs: legs, outcomes: 3, maxLoss: Money(micros: 500_000), minimumSize: Self.minimum)
        if case .complete(let buys) = decision { #expect(buys["C"]?.outcome == .no) } else { Issue.record("expected a completion, got \(decision)") }
        #expect(result == Money(micros: -100_000))
    }
}

/// Selling sets we hold when the books bid more than they pay, and making a partial sale whole.
struct NegRiskSetSaleTests {
    static func price(_ text: String) -> Price { NegRiskHedgeTests.price(text) }
    static func ladder(_ market: String, bids: [(String, Int64)], held: Int64, fee: Int64 = 0) -> SaleLadder {
        SaleLadder(
            market: market, outcome: .yes, bids: NegRiskHedgeTests.levels(bids), held: Quantity(shares: held), takerFeeRate: Ratio(micros: fee),
            minimumSize: Quantity(shares: 5))
    }

    @Test func heldSetsAreSoldIntoBidsAboveTheirPayoutUpToTheSmallestHoldingAndDepth() throws {
        // Bids 0.52 + 0.32 + 0.22 = 1.06 for 20, then 0.50 + 0.30 + 0.20 = 1.00 behind: 20 sets, and no more.
        let ladders = [
            Self.ladder("A", bids: [("0.52", 20), ("0.50", 100)], held: 30),
            Self.ladder("B", bids: [("0.32", 20), ("0.30", 100)], held: 30),
            Self.ladder("C", bids: [("0.22", 25), ("0.20", 100)], held: 30, fee: 40_000),
        ]
        let plan = try #require(NegRiskArbitrage.planSale(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Money(micros: 20_000), maxSize: Quantity(shares: 50)))
        #expect(plan.size == Quantity(shares: 20))
        #expect(plan.legs["A"] == TakeOrder(outcome: .yes, side: .sell, limit: Self.price("0.52"), size: Quantity(shares: 20), reason: "neg-risk yes-set sale"))
        // 20 × (1.06 − 0.04 × 0.22 × 0.78) = 21.06272 against a payout of 20.
        #expect(plan.proceeds == Money(micros: 21_062_720) && plan.edge == Money(micros: 1_062_720))
        // Holding 12 of B: 12 sets. Holding 3: below the minimum, nothing.
        var short = ladders
        short[1].held = Quantity(shares: 12)
        #expect(NegRiskArbitrage.planSale(.yesSet, ladders: short, outcomes: 3, minEdgePerSet: Money(micros: 20_000), maxSize: Quantity(shares: 50))?.size == Quantity(shares: 12))
        short[1].held = Quantity(shares: 3)
        #expect(NegRiskArbitrage.planSale(.yesSet, ladders: short, outcomes: 3, minEdgePerSet: Money(micros: 20_000), maxSize: Quantity(shares: 50)) == nil)
        // Bids worth less than the edge after fees: nothing.
        #expect(NegRiskArbitrage.planSale(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Money(micros: 60_000), maxSize: Quantity(shares: 50)) == nil)
    }

    @Test func aPartialSaleIsCompletedBySellingTheShortLegOrUnwoundByBuyingBack() {
        // Sold 20 A and 20 B, C's bid vanished; C now bids 0.20 and asks 0.24, A asks 0.54, B 0.34.
        let legs = [
            HedgeLeg(market: "A", outcome: .yes, filled: Quantity(shares: 20), paid: Money(micros: 10_400_000), asks: NegRiskHedgeTests.levels([("0.54", 100)]),
                     bids: NegRiskHedgeTests.levels([("0.48", 100)]), takerFeeRate: .zero),
            HedgeLeg(market: "B", outcome: .yes, filled: Quantity(shares: 20), paid: Money(micros: 6_400_000), asks: NegRiskHedgeTests.levels([("0.34", 100)]),
                     bids: NegRiskHedgeTests.levels([("0.28", 100)]), takerFeeRate: .zero),
            HedgeLeg(market: "C", outcome: .yes, filled: .zero, paid: .zero, asks: NegRiskHedgeTests.levels([("0.24", 100)]),
                     bids: NegRiskHedgeTests.levels([("0.20", 100)]), takerFeeRate: .zero),
        ]
        // Complete: sell 20 C at 0.20: 16.80 + 4 − 20 = +0.80. Unwind: buy back A and B: 16.80 − 17.60 = −0.80.
        let (decision, result) = NegRiskHedge.plan(.yesSet, side: .sell, legs: legs, outcomes: 3, maxLoss: Money(micros: 500_000), minimumSize: Quantity(shares: 5))
        #expect(result == Money(micros: 800_000))
        #expect(decision == .complete(["C": TakeOrder(outcome: .yes, side: .sell, limit: Self.price("0.20"), size: Quantity(shares: 20), reason: "neg-risk yes-set hedge")]))
        // Without C's bid, buying A and B back is the only way; it loses 0.80, beyond a 0.50 bound: held.
        var thin = legs
        thin[2].bids = []
        if case .hold = NegRiskHedge.plan(.yesSet, side: .sell, legs: thin, outcomes: 3, maxLoss: Money(micros: 500_000), minimumSize: Quantity(shares: 5)).0 {
        } else { Issue.record("a −0.80 unwind is beyond the 0.50 bound") }
        let (unwind, _) = NegRiskHedge.plan(.yesSet, side: .sell, legs: thin, outcomes: 3, maxLoss: Money(micros: 1_000_000), minimumSize: Quantity(shares: 5))
        if case .unwind(let buys) = unwind {
            #expect(buys["A"]?.side == .buy && buys["A"]?.limit == Self.price("0.54") && buys["B"]?.size == Quantity(shares: 20))
        } else { Issue.record("expected an unwind, got \(unwind)") }
    }
}
