import Foundation
import MMCore
import Polymarket
import Testing
@testable import MMSim

/// `generate:`, event timing and what a step costs with many markets.
@Suite struct GeneratedScenarioTests {
    static func generated(_ markets: Int, extra: String = "") throws -> Scenario {
        try Scenario.load(yaml: "seed: 7\nstepMilliseconds: 1000\ngenerate:\n  markets: \(markets)\n  tokens: synthetic\n\(extra)", source: "generated.yaml")
    }

    @Test func generateMakesCalibratedMarketsWithDistinctIdsAndTokens() throws {
        let scenario = try Self.generated(300)
        #expect(scenario.markets.count == 300 && scenario.timing == .events)
        #expect(Set(scenario.markets.map(\.spec.conditionID)).count == 300)
        #expect(Set(scenario.markets.flatMap { [$0.spec.yesToken, $0.spec.noToken] }).count == 600)
        #expect(scenario.markets[0].spec.conditionID == "0x5ca1e" + String(repeating: "0", count: 59))
        for market in scenario.markets {
            let rewards = try #require(market.spec.rewards)
            #expect(rewards.maxSpread == 35_000)
            #expect((50_000_000...200_000_000).contains(rewards.minSize.micros) && rewards.minSize.micros % 1_000_000 == 0)
            #expect((150_000...850_000).contains(market.fairValue.start))
            #expect((1_000_000...5_000_000).contains(market.takers.noiseRatePerMinute))
        }
        #expect(Set(scenario.markets.map(\.fairValue.start)).count > 100, "fair values differ per market")
        #expect(try Self.generated(300).markets.map(\.fairValue.start) == scenario.markets.map(\.fairValue.start), "same seed, same markets")
    }

    @Test func theShippedScaleScenarioLoads() throws {
        let scenario = try ScenarioTests.load("scale-1000.yaml")
        #expect(scenario.markets.count == 1_000 && scenario.timing == .events && scenario.accounts.count == 1)
    }

    @Test func generatedTokensAreDerivedLikeTheCTFByDefault() throws {
        let scenario = try Scenario.load(yaml: "generate: {markets: 2}", source: "g.yaml")
        let id = scenario.markets[1].spec.conditionID
        #expect(scenario.markets[1].spec.yesToken == SimDefaults.derivedToken(conditionID: id, indexSet: 1))
        #expect(scenario.markets[1].spec.noToken == SimDefaults.derivedToken(conditionID: id, indexSet: 2))
    }

    @Test func tokenIdsGivenByTheScenarioAreUsedAsIs() throws {
        let yaml = "markets:\n  - {id: \"0x5eed000000000000000000000000000000000000000000000000000000000002\", yesToken: \"11\", noToken: \"12\"}\n"
        let spec = try Scenario.load(yaml: yaml, source: "given.yaml").markets[0].spec
        #expect(spec.yesToken == "11" && spec.noToken == "12")
    }

    @Test func badGenerateKeysAreNamed() {
        let yaml = """
            timing: sometimes
            generate:
              markets: 0
              tokens: borrowed
              colour: red
              rewards: {minSize: [200, 50]}
              takers: {noise: {rate: 3}}
            """
        do {
            _ = try Scenario.load(yaml: yaml, source: "bad.yaml")
            Issue.record("accepted a bad generate section")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("generate.colour is not a known key") })
            #expect(error.problems.contains { $0.hasPrefix("generate.takers.noise.rate is not a known key") })
            #expect(error.problems.contains("generate.markets (0) must be between 1 and \(Scenario.maximumGeneratedMarkets)"))
            #expect(error.problems.contains("timing (sometimes) must be steps or events"))
        }
        do {
            _ = try Scenario.load(yaml: "generate: {markets: 3, rewards: {minSize: [200, 50]}}", source: "bad.yaml")
            Issue.record("accepted an inverted range")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("generate.rewards.minSize [200, 50] must be a range low ≤ high") })
        }
    }

    @Test func manyGeneratedMarketsTradeAndStayTwoSided() throws {
        var runner = ScenarioRunner(scenario: try Self.generated(200))
        for _ in 0..<120 { runner.step() }
        let tradedMarkets = Set(runner.exchange.trades.map(\.market))
        #expect(tradedMarkets.count > 100, "noise takers at 1–5 a minute reach most markets in two minutes (\(tradedMarkets.count))")
        for market in runner.engine.scenario.markets {
            let book = try #require(runner.exchange.book(token: market.spec.yesToken))
            #expect(book.bestBid != nil && book.bestAsk != nil, "\(market.spec.conditionID) is two-sided")
        }
    }

    /// What a step costs: with event timing a market acts at its own arrivals, not every step.
    @Test func eventTimingWakesOnlyTheMarketsThatAreDue() throws {
        var runner = ScenarioRunner(scenario: try Self.generated(500, extra: "  fairValue: {movesPerMinute: 1}\n  takers: {noise: {ratePerMinute: 1}}\n"))
        runner.step()
        let afterFirst = runner.engine.wakes
        #expect(afterFirst == 500, "every market quotes its first book")
        for _ in 0..<60 { runner.step() }
        let minute = runner.engine.wakes - afterFirst
        // One move and one noise arrival a minute each (plus retries of refused levels): far from 60 steps.
        #expect(minute < 500 * 6, "\(minute) wakes of 500 markets in a minute")
        #expect(minute > 500)
    }

    @Test func stepTimingLetsStaticMarketsSleep() throws {
        let yaml = """
            markets:
              - {id: "0x5eed000000000000000000000000000000000000000000000000000000000001", yesToken: "1", noToken: "2", fairValue: {start: 0.5}}
              - {id: "0x5eed000000000000000000000000000000000000000000000000000000000002", yesToken: "3", noToken: "4", fairValue: {start: 0.5, volatility: 0.01}}
            """
        var runner = ScenarioRunner(scenario: try Scenario.load(yaml: yaml, source: "two.yaml"))
        for _ in 0..<100 { runner.step() }
        #expect(runner.engine.wakes == 1 + 100, "the static market acted once, the noisy one every step")
    }

    @Test func exponentialGapsHaveTheirMean() {
        var random = SimRandom(seed: 3)
        let gaps = (0..<20_000).map { _ in random.exponential(meanMilliseconds: 10_000) }
        let mean = gaps.reduce(0, +) / Int64(gaps.count)
        #expect((9_500...10_500).contains(mean), "mean \(mean)")
        #expect(gaps.allSatisfy { $0 >= 1 })
        let median = gaps.sorted()[gaps.count / 2]
        #expect((6_500...7_400).contains(median), "median \(median) ≈ mean × ln 2")
    }
}
