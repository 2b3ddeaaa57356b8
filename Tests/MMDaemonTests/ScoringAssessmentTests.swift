import MMCore
import Testing
@testable import MMDaemon

/// The reward model applied to our resting orders: which rule fails first is the reason.
@Suite struct ScoringAssessmentTests {
    static let rewards = RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: Money(micros: 1_440_000_000))

    static func book(bid: String, ask: String, size: Int64 = 100) throws -> OrderBook {
        var book = OrderBook()
        book.replace(bids: [BookLevel(price: try Price(bid), size: Quantity(shares: size))], asks: [BookLevel(price: try Price(ask), size: Quantity(shares: size))])
        return book
    }

    static func order(_ outcome: Outcome, _ side: Side, _ price: String, _ size: Int64) throws -> RewardOrder {
        RewardOrder(outcome: outcome, side: side, price: try Price(price), size: Quantity(shares: size))
    }

    @Test func insideTheSingleSidedBandEachRuleNamesItsReason() throws {
        let book = try Self.book(bid: "0.49", ask: "0.51")
        let verdicts = ScoringAssessment.verdicts(
            orders: [
                ("scores", try Self.order(.yes, .buy, "0.48", 20)), ("small", try Self.order(.yes, .buy, "0.49", 19)),
                ("wide", try Self.order(.no, .buy, "0.47", 50)), ("edge", try Self.order(.yes, .sell, "0.53", 20)),
            ], book: book, rewards: Self.rewards)
        #expect(verdicts.map(\.scores) == [true, false, false, false])
        #expect(verdicts.map(\.reason) == [nil, .sizeBelowMinimum, .outsideBand, .outsideBand], "0.53 is exactly v away: S = 0")
    }

    @Test func outsideTheBandOneSidedScoresNothingUntilTheOtherSideRests() throws {
        let book = try Self.book(bid: "0.04", ask: "0.07")
        let bid = ("bid", try Self.order(.yes, .buy, "0.05", 20))
        #expect(ScoringAssessment.verdicts(orders: [bid], book: book, rewards: Self.rewards).map(\.reason) == [.oneSided])
        let ask = ("ask", try Self.order(.no, .buy, "0.94", 20))
        #expect(ScoringAssessment.verdicts(orders: [bid, ask], book: book, rewards: Self.rewards).map(\.scores) == [true, true])
        // A too-small ask does not make the bid two-sided.
        let small = ("small", try Self.order(.no, .buy, "0.94", 5))
        #expect(ScoringAssessment.verdicts(orders: [bid, small], book: book, rewards: Self.rewards).map(\.reason) == [.oneSided, .sizeBelowMinimum])
    }

    @Test func anEmptySideLeavesNoMidpoint() {
        let verdicts = ScoringAssessment.verdicts(orders: [("x", try! Self.order(.yes, .buy, "0.5", 20))], book: OrderBook(), rewards: Self.rewards)
        #expect(verdicts.map(\.reason) == [.noMidpoint])
    }

    @Test func expectedRewardIsTheEstimatesDailyFigureProRata() throws {
        let book = try Self.book(bid: "0.49", ask: "0.51", size: 20)
        // Alone in the book (the book's levels are ours): the whole pool, 1440/day = 1 per minute.
        let ours = [try Self.order(.yes, .buy, "0.49", 20), try Self.order(.yes, .sell, "0.51", 20)]
        #expect(ScoringAssessment.expectedReward(orders: ours, book: book, rewards: Self.rewards, elapsedMilliseconds: 60_000) == 1_000_000)
        #expect(ScoringAssessment.expectedReward(orders: ours, book: book, rewards: Self.rewards, elapsedMilliseconds: 30_000) == 500_000)
        #expect(ScoringAssessment.expectedReward(orders: [], book: book, rewards: Self.rewards, elapsedMilliseconds: 60_000) == 0)
    }
}
