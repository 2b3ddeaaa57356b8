import Foundation
import MMCore
import Polymarket
import Testing
@testable import MMSim

/// `/orders-scoring`, `/order-scoring` and the user rewards endpoints: the venue client against the
/// simulator on loopback, the simulator answering from its own scoring rules and reward samples.
@Suite(.serialized) struct SimRewardsServerTests {
    typealias S = SimServerTests
    /// A second market whose book sits near 0.05, where only two-sided liquidity scores.
    static let lowMarket = SimMarketSpec(
        conditionID: "0x" + String(repeating: "cd", count: 32), question: "Low?", yesToken: "2001", noToken: "2002", tick: .hundredth,
        minOrderSize: Quantity(shares: 5), rewards: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 5), dailyRate: Money(micros: 144_000_000)))

    static func order(_ key: PrivateKey, token: String, _ side: Side, _ price: String, _ size: Int64, salt: UInt64) throws -> SignedOrder {
        let signer = try OrderSigner(key: key, chain: .polygon, signatureType: .eoa)
        let amounts = try ExactAmounts.limit(side: side, price: Price(price), size: Quantity(shares: size), tick: .hundredth)
        return signer.makeOrder(
            tokenID: UInt256(decimal: token)!, side: side, amounts: amounts, salt: UInt256(salt), timestampMilliseconds: UInt64(Date().timeIntervalSince1970 * 1_000),
            exchange: .standard)
    }

    @Test func scoringFollowsTheBandTheMinimumSizeAndTheTwoSidedRule() async throws {
        // A frozen venue clock: no minute boundary (and so no scheduled reward sample) falls inside the test.
        let frozen = Int64(Date().timeIntervalSince1970 * 1_000)
        try await S.withSimulator(now: { frozen }) { url, venue in
            await venue.perform { exchange, _ in
                exchange.list(Self.lowMarket)
                exchange.fund(S.taker.address.checksummed, tokens: [Self.lowMarket.yesToken: 1_000_000_000])
            }
            let alice = try await S.client(url, S.maker)
            let bob = try await S.client(url, S.taker)
            // The background around 0.50 (bob), then alice: one order in the band, one beyond it.
            _ = try await bob.postOrder(try S.order(S.taker, .yes, .buy, "0.49", 100, salt: 1), type: .gtc, postOnly: false)
            _ = try await bob.postOrder(try S.order(S.taker, .yes, .sell, "0.51", 100, salt: 2), type: .gtc, postOnly: false)
            let inBand = try await alice.postOrder(try S.order(S.maker, .yes, .buy, "0.48", 10, salt: 3), type: .gtc, postOnly: false).orderID
            let beyond = try await alice.postOrder(try S.order(S.maker, .no, .buy, "0.46", 10, salt: 4), type: .gtc, postOnly: false).orderID
            let unknown = "0x" + String(repeating: "0", count: 64)
            // One id per request: the batched call merges three answers.
            let answers = try await alice.areScoring(orderIDs: [inBand, beyond, unknown], batchSize: 1)
            #expect(answers == [inBand: true, beyond: false, unknown: false])
            #expect(try await alice.isScoring(orderID: inBand))

            // The venue raises rewardsMinSize live: the 10-share order stops scoring.
            await venue.perform { exchange, _ in
                exchange.setRewards(market: S.market.conditionID, to: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: Money(micros: 144_000_000)))
            }
            #expect(try await alice.areScoring(orderIDs: [inBand]) == [inBand: false])

            // Near 0.05 one side alone scores nothing; with the other side resting both score.
            _ = try await bob.postOrder(try Self.order(S.taker, token: "2001", .buy, "0.04", 100, salt: 5), type: .gtc, postOnly: false)
            _ = try await bob.postOrder(try Self.order(S.taker, token: "2001", .sell, "0.07", 100, salt: 6), type: .gtc, postOnly: false)
            let low = try await alice.postOrder(try Self.order(S.maker, token: "2001", .buy, "0.05", 10, salt: 7), type: .gtc, postOnly: false).orderID
            #expect(try await alice.areScoring(orderIDs: [low]) == [low: false])
            let other = try await alice.postOrder(try Self.order(S.maker, token: "2002", .buy, "0.94", 10, salt: 8), type: .gtc, postOnly: false).orderID
            #expect(try await alice.areScoring(orderIDs: [low, other]) == [low: true, other: true])
        }
    }

    @Test func rewardEndpointsAnswerFromTheSampledEarnings() async throws {
        // A frozen venue clock: no minute boundary (and so no scheduled reward sample) falls inside the test.
        let frozen = Int64(Date().timeIntervalSince1970 * 1_000)
        try await S.withSimulator(now: { frozen }) { url, venue in
            let alice = try await S.client(url, S.maker)
            let bob = try await S.client(url, S.taker)
            _ = try await bob.postOrder(try S.order(S.taker, .yes, .buy, "0.48", 100, salt: 1), type: .gtc, postOnly: false)
            _ = try await alice.postOrder(try S.order(S.maker, .yes, .buy, "0.49", 10, salt: 2), type: .gtc, postOnly: false)
            _ = try await alice.postOrder(try S.order(S.maker, .yes, .sell, "0.51", 10, salt: 3), type: .gtc, postOnly: false)
            let (day, credited) = await venue.perform { exchange, now -> (String, Int64) in
                exchange.sampleRewardsNow(nowMilliseconds: now)
                exchange.sampleRewardsNow(nowMilliseconds: now)
                let day = UTCDay(epochMilliseconds: now).description
                return (day, exchange.earnings(owner: alice.credentials!.key, day: day)[S.market.conditionID] ?? 0)
            }
            #expect(credited > 0 && credited < 200_000, "two minutes of a 144/day pool, shared with bob")

            let rows = try await alice.userRewards(date: day, signatureType: .eoa)
            #expect(rows.map(\.conditionID) == [S.market.conditionID])
            #expect(rows.first?.earningsMicros == credited)
            let total = try await alice.totalUserRewards(date: day, signatureType: .eoa)
            #expect(total.count == 1 && total.first?.earnings.microsTruncated == credited)
            let markets = try await alice.userRewardMarkets(date: day, signatureType: .eoa)
            let row = try #require(markets.first { $0.conditionID == S.market.conditionID })
            #expect(row.earnings.first?.earnings.microsTruncated == credited)
            #expect(row.rewardsMinSize?.quantity == Quantity(shares: 5) && row.rewardsMaxSpread?.micros == 3_000_000)
            #expect((row.earningPercentage?.micros ?? 0) > 50_000_000, "alice is two-sided and closer: most of the score")
            let percentages = try await alice.rewardPercentages(signatureType: .eoa)
            #expect(percentages[S.market.conditionID] == row.earningPercentage)
            // Another day paid nothing.
            #expect(try await alice.userRewards(date: "2001-01-01", signatureType: .eoa).isEmpty)
        }
    }

    @Test(arguments: [("0.1234567", Int64(123_456)), ("12", 12_000_000), ("0.000001", 1), ("3.", 3_000_000), ("-0.0000019", -1)])
    func earningsAreTruncatedToTheBaseUnit(text: String, micros: Int64) {
        #expect(WireDecimal(text).microsTruncated == micros)
    }

    @Test func earningsSentAsJSONNumbersDecodeWithoutADouble() throws {
        let json = #"{"date":"2026-01-16","condition_id":"0xab","maker_address":"0x1","earnings":0.123456789,"asset_rate":1}"#
        let row = try JSONDecoder().decode(UserRewardEarning.self, from: Data(json.utf8))
        #expect(row.earningsMicros == 123_456)
    }
}
