import Foundation
import MMCore
import Polymarket
import Testing
@testable import MMSim

/// What calibrated scenarios need: empirical taker sizes, a fair value that resolves, informed takers
/// mixed with noise, and every shipped scenario loading.
@Suite struct CalibratedScenarioTests {
    static let id = "0x5eed000000000000000000000000000000000000000000000000000000000001"

    static func market(_ body: String, duration: Int = 900, timing: String = "steps") throws -> Scenario {
        let yaml = "seed: 5\ndurationSeconds: \(duration)\ntiming: \(timing)\nmarkets:\n  - id: \"\(id)\"\n    tick: 0.01\n" + body
        return try Scenario.load(yaml: yaml, source: "test.yaml")
    }

    @Test func empiricalSizesAreDrawnFromTheListWithItsFrequencies() throws {
        let sizes = try #require(
            SizeDistribution([
                .init(size: Quantity(shares: 5), weight: 40_000_000), .init(size: Quantity(shares: 20), weight: 30_000_000),
                .init(size: Quantity(shares: 100), weight: 20_000_000), .init(size: Quantity(shares: 1_000), weight: 10_000_000),
                .init(size: Quantity(shares: 7), weight: 0),
            ]))
        var random = SimRandom(seed: 42)
        var counts: [Int64: Int] = [:]
        let draws = 100_000
        for _ in 0..<draws { counts[sizes.draw(&random).micros, default: 0] += 1 }
        #expect(Set(counts.keys) == [5_000_000, 20_000_000, 100_000_000, 1_000_000_000], "only listed sizes, never a zero-weight one")
        // Binomial σ at n = 100 000 is at most 0.16 %; 1 % is over six σ.
        for (size, percent) in [(5_000_000, 40), (20_000_000, 30), (100_000_000, 20), (1_000_000_000, 10)] as [(Int64, Int)] {
            let expected = percent * draws / 100
            #expect(abs(counts[size, default: 0] - expected) < draws / 100, "size \(size): \(counts[size, default: 0]) of \(draws), expected ≈ \(expected)")
        }
    }

    @Test(arguments: ["steps", "events"])
    func noiseTakersTradeTheListedSizes(timing: String) throws {
        let scenario = try Self.market(
            """
                fairValue: {start: 0.5}
                background: {levels: 2, distance: 0.01, size: 100000}
                takers:
                  noise: {ratePerMinute: 30, sizes: [{size: 5, weight: 3}, {size: 40, weight: 1}]}
            """, duration: 1_800, timing: timing)
        var runner = ScenarioRunner(scenario: scenario)
        runner.runToEnd()
        let sizes = runner.exchange.trades.filter { $0.takerOwner == "sim-taker" }.map(\.size.micros)
        #expect(sizes.count > 600, "about 900 takers in 30 minutes (\(sizes.count))")
        #expect(Set(sizes) == [5_000_000, 40_000_000])
        let small = sizes.filter { $0 == 5_000_000 }.count
        #expect(abs(small * 4 - sizes.count * 3) < sizes.count / 10, "three in four are 5 shares (\(small) of \(sizes.count))")
    }

    @Test(arguments: [("YES", Int64(1_000_000)), ("NO", 0)])
    func resolutionDrivesFairValueToTheOutcomeAtItsTime(outcome: String, price: Int64) throws {
        let scenario = try Self.market(
            """
                fairValue: {start: 0.45, volatility: 0.01, resolution: {at: 600, outcome: \(outcome), rampSeconds: 120, closeVolatility: 0.03}}
                background: {levels: 3, distance: 0.01, size: 100}
                takers: {noise: {ratePerMinute: 6, size: 5}}
            """)
        var runner = ScenarioRunner(scenario: scenario)
        var path: [Int64: Int64] = [:]
        while runner.now < runner.engine.startMilliseconds + 900_000 {
            runner.step()
            path[(runner.now - runner.engine.startMilliseconds) / 1_000] = runner.engine.fairValues[0]
        }
        #expect((1...480).allSatisfy { (20_000...980_000).contains(path[$0]!) }, "before the ramp fair value stays inside [0.02, 0.98]")
        #expect(path[599]! != price, "not before its time")
        #expect((600...900).allSatisfy { path[$0] == price }, "from 600 s on fair value is \(price)")
        let distanceAtRampStart = abs(path[480]! - price)
        #expect(abs(path[590]! - price) < distanceAtRampStart / 4, "pulled toward the outcome over the ramp")
        let book = try #require(runner.exchange.book(token: scenario.markets[0].spec.yesToken))
        if price == 1_000_000 {
            #expect(book.bestAsk?.price.micros == 990_000 && book.bestBid?.price.micros == 980_000, "the resolved book sits at the grid's top")
        } else {
            #expect(book.bestBid?.price.micros == 10_000 && book.bestAsk?.price.micros == 20_000, "the resolved book sits at the grid's bottom")
        }
        let late = runner.exchange.trades.filter { $0.takerOwner == "sim-taker" && $0.matchTimeMilliseconds > runner.engine.startMilliseconds + 600_000 }
        #expect(late.isEmpty, "nobody but the settling arbitrage trades a resolved market")
    }

    @Test func aResolvedMarketTakesEveryOrderOnTheLosingSide() throws {
        let scenario = try Self.market("    fairValue: {start: 0.50, resolution: {at: 60, outcome: YES}}\n    background: {levels: 2, distance: 0.02, size: 50}\n")
        var runner = ScenarioRunner(scenario: scenario)
        runner.exchange.fund("0x00000000000000000000000000000000000000c3", collateral: 0, tokens: [scenario.markets[0].spec.yesToken: 100_000_000])
        for _ in 0..<30 { runner.step() }
        let ask = runner.exchange.placeAgentOrder(
            owner: "us", maker: "0x00000000000000000000000000000000000000c3", market: Self.id, outcome: .yes, side: .sell, price: Price(micros: 600_000)!,
            size: Quantity(shares: 20), orderType: .gtc, postOnly: true, nowMilliseconds: runner.now)
        guard case .success = ask else { Issue.record("the ask was refused: \(ask)"); return }
        for _ in 0..<40 { runner.step() }
        let taken = runner.exchange.trades.filter { $0.makers.contains { $0.owner == "us" } }
        #expect(taken.reduce(Int64(0)) { $0 + $1.size.micros } == 20_000_000, "a YES that won is worth 1: the 0.60 ask is bought at once")
    }

    @Test func fairResolutionPicksTheSideFairValueIsOn() throws {
        for (start, expected) in [("0.62", Int64(1_000_000)), ("0.38", 0), ("0.50", 1_000_000)] {
            var process = FairValueProcess(settings: try Self.market("    fairValue: {start: \(start), resolution: {at: 60, rampSeconds: 30}}\n").markets[0].fairValue)
            var random = SimRandom(seed: 1)
            for second in 1...59 { _ = process.step(elapsed: Int64(second) * 1_000, random: &random) }
            #expect(process.value(elapsed: 45_000) == process.raw(elapsed: 45_000) + (expected - process.raw(elapsed: 45_000)) / 2, "half way through the ramp, half way there")
            #expect(process.step(elapsed: 60_000, random: &random) == expected, "start \(start) resolves to \(expected)")
        }
    }

    @Test func volatilityGrowsLinearlyOverTheRamp() throws {
        let settings = try Self.market("    fairValue: {start: 0.5, volatility: 0.01, resolution: {at: 900, rampSeconds: 180, closeVolatility: 0.05}}\n").markets[0].fairValue
        let process = FairValueProcess(settings: settings)
        #expect(process.volatility(at: 0) == 10_000 && process.volatility(at: 720_000) == 10_000)
        #expect(process.volatility(at: 810_000) == 30_000)
        #expect(process.volatility(at: 900_000) == 50_000)
    }

    @Test func informedTakersInEventTimingSeeTheRandomPathAhead() throws {
        let scenario = try Self.market("    fairValue: {start: 0.5, volatility: 0.02, movesPerMinute: 12}\n", timing: "events")
        var runner = ScenarioRunner(scenario: scenario)
        for _ in 0..<100 { runner.step() }
        let elapsed = runner.now - runner.engine.startMilliseconds
        let predicted = runner.engine.futureFairValue(0, at: elapsed + 30_000)
        let now = runner.engine.fairValues[0]
        for _ in 0..<30 { runner.step() }
        #expect(predicted == runner.engine.fairValues[0], "what informed takers know is what happens")
        #expect(predicted != now, "and it is not simply the fair value now")
    }

    @Test func theInformedMixTradesWithTheComingMoveAndNoiseDoesNot() throws {
        var runner = ScenarioRunner(scenario: try ScenarioTests.load("calibrated-informed-mix.yaml"))
        var path: [Int64: Int64] = [:]
        for _ in 0..<1_800 {
            runner.step()
            path[runner.now] = runner.engine.fairValues[0]
        }
        func agreement(_ owner: String) -> (agree: Int, moved: Int) {
            var agree = 0, moved = 0
            for trade in runner.exchange.trades where trade.takerOwner == owner {
                let second = (trade.matchTimeMilliseconds + 999) / 1_000 * 1_000
                guard let now = path[second], let later = path[second + 30_000], later != now else { continue }
                moved += 1
                if (later > now) == (trade.side == .buy) { agree += 1 }
            }
            return (agree, moved)
        }
        let informed = agreement("sim-informed"), noise = agreement("sim-taker")
        #expect(informed.moved > 30 && noise.moved > 150, "both kinds trade (\(informed.moved) informed, \(noise.moved) noise)")
        #expect(informed.agree * 10 >= informed.moved * 8, "informed takers trade with the move 30 s ahead (\(informed.agree) of \(informed.moved))")
        #expect(noise.agree * 10 > noise.moved * 3 && noise.agree * 10 < noise.moved * 7, "noise is a coin flip (\(noise.agree) of \(noise.moved))")
    }

    @Test func badCalibratedKeysAndRangesAreNamed() {
        let yaml = """
            markets:
              - fairValue: {start: 0.5, resolution: {at: 0, outcome: MAYBE, rampSeconds: 30, closeVolatility: 0.6, when: 3}}
                background: {refillSeconds: 0, colour: red}
                takers:
                  noise: {ratePerMinute: 3, size: 5, sizes: [{size: 0, weight: 1}, {size: 5, weight: -1}], rate: 2}
                  informed: {ratePerMinute: 1, sizes: []}
              - id: "0x5eed000000000000000000000000000000000000000000000000000000000002"
                takers: {noise: {ratePerMinute: 3, sizes: [{size: 5, weight: 0}]}}
            """
        do {
            _ = try Scenario.load(yaml: yaml, source: "bad.yaml")
            Issue.record("accepted a bad scenario")
        } catch {
            let problems = error.problems
            for expected in [
                "markets[0].fairValue.resolution.when is not a known key", "markets[0].background.colour is not a known key",
                "markets[0].takers.noise.rate is not a known key",
            ] { #expect(problems.contains { $0.hasPrefix(expected) }, "\(expected) in \(problems)") }
            for expected in [
                "markets[0].fairValue.resolution.at (0) must be greater than 0 seconds", "markets[0].fairValue.resolution.rampSeconds (30) must be between 0 and at (0)",
                "markets[0].fairValue.resolution.outcome (MAYBE) must be YES, NO or fair",
                "markets[0].fairValue.resolution.closeVolatility (0.6) must be between 0 and 0.5", "markets[0].background.refillSeconds (0) must be greater than 0",
                "markets[0].takers.noise: size and sizes are alternatives; give one", "markets[0].takers.noise.sizes[0].size (0) must be greater than 0",
                "markets[0].takers.noise.sizes[1].weight (-1) must be 0 or more", "markets[0].takers.informed.sizes must list at least one {size, weight}",
            ] { #expect(problems.contains(expected), "\(expected) in \(problems)") }
            #expect(problems.contains { $0.hasPrefix("markets[1].takers.noise.sizes needs a positive weight") })
        }
    }

    @Test func everyShippedScenarioLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ScenarioTests.directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 10)
        for file in files {
            #expect(throws: Never.self, "\(file)") { _ = try ScenarioTests.load(file) }
        }
    }

    @Test(arguments: ["calibrated-fast.yaml", "calibrated-political.yaml", "calibrated-informed-mix.yaml"])
    func calibratedScenariosAreDeterministicAndTwoSided(name: String) throws {
        func run() throws -> ([SimTrade], OrderBook?) {
            var runner = ScenarioRunner(scenario: try ScenarioTests.load(name))
            for _ in 0..<600 { runner.step() }
            return (runner.exchange.trades, runner.exchange.book(token: runner.engine.scenario.markets[0].spec.yesToken))
        }
        let (trades, book) = try run()
        #expect(trades.count > 20, "\(name): \(trades.count) trades in 10 minutes")
        #expect(try run().0 == trades, "same seed, same trade log")
        #expect(book?.bestBid != nil && book?.bestAsk != nil, "\(name): the background book is two-sided")
    }

    @Test func theCalibratedFastMarketResolves() throws {
        var runner = ScenarioRunner(scenario: try ScenarioTests.load("calibrated-fast.yaml"))
        runner.runToEnd()
        #expect([0, 1_000_000].contains(runner.engine.fairValues[0]))
        let mid = try #require(runner.exchange.book(token: runner.engine.scenario.markets[0].spec.yesToken)?.mid)
        #expect(mid.micros == 15_000 || mid.micros == 985_000, "marked within 1.5 ticks of the outcome (\(mid))")
    }
}
