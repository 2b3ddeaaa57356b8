import MMCore
import Testing

/// The neg-risk arbitrage planner on hand-made books: sizes, depth, fees, caps and the NO set's payout.
struct NegRiskArbitrageTests {
    static func price(_ text: String) -> Price { Price(micros: try! FixedPoint.parseMicros(text))! }
    static func ladder(_ market: String, _ levels: [(String, Int64)], outcome: Outcome = .yes, fee: String = "0", minimum: Int64 = 5) -> ArbitrageLadder {
        ArbitrageLadder(
            market: market, outcome: outcome, asks: levels.map { BookLevel(price: price($0.0), size: Quantity(shares: $0.1)) },
            takerFeeRate: Ratio(micros: try! FixedPoint.parseMicros(fee)), minimumSize: Quantity(shares: minimum))
    }
    static let edge = Money(micros: 10_000)

    @Test func aYesSetBelowOneIsBoughtUpToTheThinnestBook() throws {
        let ladders = [Self.ladder("a", [("0.30", 100)]), Self.ladder("b", [("0.30", 50)]), Self.ladder("c", [("0.30", 80)])]
        let plan = try #require(NegRiskArbitrage.plan(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 500)))
        #expect(plan.size == Quantity(shares: 50))
        #expect(plan.cost == Money(micros: 45_000_000))
        #expect(plan.payout == Money(micros: 50_000_000))
        #expect(plan.edge == Money(micros: 5_000_000))
        #expect(plan.legs.map(\.limit) == [Self.price("0.30"), Self.price("0.30"), Self.price("0.30")])
        #expect(plan.legs.allSatisfy { $0.size == Quantity(shares: 50) && $0.outcome == .yes })
    }

    @Test func theWalkStopsAtTheDepthWhereASetNoLongerPays() throws {
        // After 10 shares a's next level is 0.40: 0.40 + 0.30 + 0.30 = 1.00 > 0.99.
        let ladders = [Self.ladder("a", [("0.30", 10), ("0.40", 100)]), Self.ladder("b", [("0.30", 100)]), Self.ladder("c", [("0.30", 100)])]
        let plan = try #require(NegRiskArbitrage.plan(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 500)))
        #expect(plan.size == Quantity(shares: 10))
        // A deeper level that still pays is walked into, and its price becomes the leg's limit.
        let deeper = [Self.ladder("a", [("0.30", 10), ("0.35", 100)]), Self.ladder("b", [("0.30", 20)]), Self.ladder("c", [("0.30", 100)])]
        let walked = try #require(NegRiskArbitrage.plan(.yesSet, ladders: deeper, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 500)))
        #expect(walked.size == Quantity(shares: 20))
        #expect(walked.legs[0].limit == Self.price("0.35"))
        #expect(walked.legs[0].cost == Money(micros: 3_000_000 + 3_500_000))
    }

    @Test func takerFeesCountAgainstTheEdge() {
        // 0.33 × 3 = 0.99 pays exactly the 0.01 edge without fees; a 4 % fee rate (0.04 × 0.33 × 0.67 a share) spoils it.
        let bare = (0..<3).map { Self.ladder("m\($0)", [("0.33", 100)]) }
        #expect(NegRiskArbitrage.plan(.yesSet, ladders: bare, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 100))?.size == Quantity(shares: 100))
        let fee = (0..<3).map { Self.ladder("m\($0)", [("0.33", 100)], fee: "0.04") }
        #expect(NegRiskArbitrage.plan(.yesSet, ladders: fee, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 100)) == nil)
        #expect(NegRiskArbitrage.feePerShare(Self.price("0.33"), rate: Ratio(micros: 40_000)) == 8_844)
    }

    @Test func sizeIsBoundedByMaxSizeMaxCostAndTheMinimum() throws {
        let ladders = (0..<3).map { Self.ladder("m\($0)", [("0.30", 100)]) }
        let capped = try #require(NegRiskArbitrage.plan(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 7)))
        #expect(capped.size == Quantity(shares: 7))
        // 9 pUSD at 0.90 a set: 10 sets.
        let costly = try #require(
            NegRiskArbitrage.plan(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 100), maxCost: Money(micros: 9_000_000)))
        #expect(costly.size == Quantity(shares: 10))
        #expect(costly.budget <= Money(micros: 9_000_000))
        // Below the venue's minimum order size (5): nothing.
        #expect(NegRiskArbitrage.plan(.yesSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 4)) == nil)
        // Sizes are whole hundredths of a share.
        let odd = (0..<3).map { _ in ArbitrageLadder(market: "m", outcome: .yes, asks: [BookLevel(price: Self.price("0.30"), size: Quantity(micros: 12_345_678))], takerFeeRate: .zero, minimumSize: Quantity(shares: 5)) }
        #expect(NegRiskArbitrage.plan(.yesSet, ladders: odd, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 100))?.size == Quantity(micros: 12_340_000))
    }

    @Test func aNoSetPaysOneLessThanTheOutcomes() throws {
        // YES bids 0.40, 0.35, 0.30: NO asks 0.60, 0.65, 0.70 = 1.95 for a set paying 2.
        let books = ["0.40", "0.35", "0.30"].map { OrderBook(bids: [BookLevel(price: Self.price($0), size: Quantity(shares: 40))], asks: []) }
        let ladders = books.enumerated().map { index, book in
            ArbitrageLadder(market: "m\(index)", outcome: .no, asks: ArbitrageLadder.asks(of: .no, in: book, excluding: []), takerFeeRate: .zero, minimumSize: Quantity(shares: 5))
        }
        #expect(ladders[0].asks == [BookLevel(price: Self.price("0.60"), size: Quantity(shares: 40))])
        let plan = try #require(NegRiskArbitrage.plan(.noSet, ladders: ladders, outcomes: 3, minEdgePerSet: Self.edge, maxSize: Quantity(shares: 100)))
        #expect(plan.size == Quantity(shares: 40))
        #expect(plan.payout == Money(micros: 80_000_000))
        #expect(plan.edge == Money(micros: 2_000_000))
        // The same books priced as a YES set (nothing to buy) or a NO set needing more than 0.05 a set: nothing.
        #expect(NegRiskArbitrage.plan(.noSet, ladders: ladders, outcomes: 3, minEdgePerSet: Money(micros: 60_000), maxSize: Quantity(shares: 100)) == nil)
    }

    @Test func ourOwnOrdersAreNeverPartOfASet() {
        let book = OrderBook(
            bids: [BookLevel(price: Self.price("0.40"), size: Quantity(shares: 30))],
            asks: [BookLevel(price: Self.price("0.45"), size: Quantity(shares: 20)), BookLevel(price: Self.price("0.46"), size: Quantity(shares: 10))])
        let own = [RestingLeg(leg: .ask, yesPrice: Self.price("0.45"), size: Quantity(shares: 20)), RestingLeg(leg: .bid, yesPrice: Self.price("0.40"), size: Quantity(shares: 10))]
        #expect(ArbitrageLadder.asks(of: .yes, in: book, excluding: own) == [BookLevel(price: Self.price("0.46"), size: Quantity(shares: 10))])
        #expect(ArbitrageLadder.asks(of: .no, in: book, excluding: own) == [BookLevel(price: Self.price("0.60"), size: Quantity(shares: 20))])
    }
}
