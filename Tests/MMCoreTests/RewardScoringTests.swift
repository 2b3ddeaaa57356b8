import Testing
@testable import MMCore

@Suite struct RewardScoringTests {
    /// The table: v = 3c, size 100.
    @Test(arguments: [(5, 694), (10, 444), (15, 250), (20, 111), (25, 28), (30, 0), (35, 0)] as [(Int64, Int64)])
    func orderScoreTable(spreadMillis: Int64, expectedTenths: Int64) {
        let score = RewardScoring.orderScore(maxSpread: cents(3), spread: spreadMillis * 1_000, size: shares("100"))
        let tenths = FixedPoint.multiplyDivide(score.micros, 10, dividingBy: 1_000_000, rounding: .nearestEven)!
        #expect(tenths == expectedTenths)
    }

    /// The docs' worked example: bids 100 @ 0.49 and 200 @ 0.48 on m, ask 100 @ 0.51 on m′ around 0.50.
    @Test func docsExampleQOne() {
        let params = RewardParameters(maxSpread: cents(3), minSize: shares("10"))
        let orders = [
            RewardOrder(outcome: .yes, side: .buy, price: price("0.49"), size: shares("100")),
            RewardOrder(outcome: .yes, side: .buy, price: price("0.48"), size: shares("200")),
            RewardOrder(outcome: .no, side: .sell, price: price("0.51"), size: shares("100")),
        ]
        let (qOne, qTwo) = RewardScoring.sides(of: orders, mid: price("0.5"), parameters: params)
        // (2/3)²·100 + (1/3)²·200 + (2/3)²·100 = 44.44 + 22.22 + 44.44
        #expect((qOne.micros - 111_111_111).magnitude <= 2)
        #expect(qTwo == .zero)
    }

    @Test func ordersBelowMinimumSizeOrOutsideTheBandDoNotScore() {
        let params = RewardParameters(maxSpread: cents(3), minSize: shares("50"))
        let orders = [
            RewardOrder(outcome: .yes, side: .buy, price: price("0.49"), size: shares("49.99")),
            RewardOrder(outcome: .yes, side: .sell, price: price("0.54"), size: shares("100")),
        ]
        let (qOne, qTwo) = RewardScoring.sides(of: orders, mid: price("0.5"), parameters: params)
        #expect(qOne == .zero && qTwo == .zero)
    }

    @Test func qMinScoresSingleSidedAtOneThirdOnlyInsideTheMiddleBand() {
        let one = RewardScore(micros: 90_000_000)
        #expect(RewardScoring.qMin(qOne: one, qTwo: .zero, mid: price("0.5")) == RewardScore(micros: 30_000_000))
        #expect(RewardScoring.qMin(qOne: one, qTwo: .zero, mid: price("0.1")) == RewardScore(micros: 30_000_000))
        #expect(RewardScoring.qMin(qOne: one, qTwo: .zero, mid: price("0.09")) == .zero, "outside [0.10, 0.90] two-sided is required")
        #expect(RewardScoring.qMin(qOne: one, qTwo: .zero, mid: price("0.91")) == .zero)
        let two = RewardScore(micros: 60_000_000)
        #expect(RewardScoring.qMin(qOne: one, qTwo: two, mid: price("0.5")) == two)
        #expect(RewardScoring.qMin(qOne: one, qTwo: two, mid: price("0.95")) == two)
    }

    @Test func noOrdersCountTowardTheMirroredSide() {
        #expect(RewardOrder(outcome: .yes, side: .buy, price: price("0.4"), size: shares("1")).countsTowardQOne)
        #expect(RewardOrder(outcome: .no, side: .sell, price: price("0.6"), size: shares("1")).countsTowardQOne)
        #expect(!RewardOrder(outcome: .no, side: .buy, price: price("0.6"), size: shares("1")).countsTowardQOne)
        #expect(!RewardOrder(outcome: .yes, side: .sell, price: price("0.6"), size: shares("1")).countsTowardQOne)
    }

    @Test func estimateSplitsThePoolWithCompetitors() {
        let params = RewardParameters(maxSpread: cents(3), minSize: shares("10"), dailyRate: money("144"))
        let ours = [
            RewardOrder(outcome: .yes, side: .buy, price: price("0.49"), size: shares("100")),
            RewardOrder(outcome: .no, side: .buy, price: price("0.49"), size: shares("100")),
        ]
        // The book holds our two orders plus an identical competitor on each side.
        let b = book(bids: [("0.49", "200")], asks: [("0.51", "200")])
        let estimate = RewardScoring.estimate(ours: ours, book: b, mid: price("0.5"), parameters: params)
        #expect(estimate.ourScore == estimate.competitorScore)
        #expect(estimate.shareMicros == 500_000)
        #expect(estimate.expectedPerDay == money("72"))
        #expect(estimate.expectedPerMinute == money("0.05"))
    }
}
