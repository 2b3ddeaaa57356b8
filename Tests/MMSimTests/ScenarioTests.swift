import Foundation
import MMCore
import Testing
@testable import MMSim

@Suite struct ScenarioTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../etc/scenarios")

    static func load(_ name: String) throws -> Scenario {
        let yaml = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try Scenario.load(yaml: yaml, source: name, directory: directory.path)
    }

    @Test(arguments: ["sideways.yaml", "crash-2024-12-29.yaml", "single-fill-2026-01-16.yaml", "informed-trend.yaml", "reward-bait.yaml", "jump.yaml"])
    func shippedScenariosLoadAndRun(name: String) throws {
        var runner = ScenarioRunner(scenario: try Self.load(name))
        for _ in 0..<600 { runner.step() }
        #expect(runner.eventCount > 0, "\(name) produced no market activity")
        let book = try #require(runner.exchange.book(token: runner.engine.scenario.markets[0].spec.yesToken))
        #expect(book.bestBid != nil && book.bestAsk != nil, "\(name): the background book is two-sided")
    }

    @Test func theSameScenarioAndSeedGiveTheSameTradeLog() throws {
        func trades() throws -> [SimTrade] {
            var runner = ScenarioRunner(scenario: try Self.load("sideways.yaml"))
            runner.runToEnd()
            return runner.exchange.trades
        }
        let first = try trades()
        #expect(first.count > 10)
        #expect(try trades() == first)
        var other = try Self.load("sideways.yaml")
        other.seed += 1
        var runner = ScenarioRunner(scenario: other)
        runner.runToEnd()
        #expect(runner.exchange.trades != first, "another seed gives another market")
    }

    @Test func waypointsScriptTheRoadmapCrash() throws {
        var scenario = try Self.load("crash-2024-12-29.yaml")
        scenario.markets[0].fairValue.volatility = 0
        let process = FairValueProcess(settings: scenario.markets[0].fairValue)
        #expect(process.value(elapsed: 0) == 440_000)
        #expect(process.value(elapsed: 900_000) == 495_000)
        #expect(process.value(elapsed: 1_800_000) == 550_000)
        #expect(process.value(elapsed: 2_400_000) == 320_000)
        #expect(process.value(elapsed: 3_000_000) == 320_000)
    }

    @Test func aBaitCompressesTheTouchThenTakesSize() throws {
        var runner = ScenarioRunner(scenario: try Self.load("reward-bait.yaml"))
        let token = runner.engine.scenario.markets[0].spec.yesToken
        while runner.now < runner.engine.startMilliseconds + 299_000 { runner.step() }
        let before = try #require(runner.exchange.book(token: token)?.spread)
        runner.step()
        let after = try #require(runner.exchange.book(token: token)?.spread)
        #expect(after < before && after <= 30_000, "the dust orders compressed the touch (\(before) → \(after))")
        while runner.now < runner.engine.startMilliseconds + 315_000 { runner.step() }
        #expect(runner.exchange.trades.contains { $0.takerOwner == "sim-taker" && $0.side == .sell }, "then size was sold into the bids")
    }

    @Test func badScenariosNameTheirKeys() {
        let yaml = """
            markets:
              - tick: 0.02
                fairValue: {start: 1.5}
                takers: {sweeps: [{at: 1, side: SIDEWAYS, size: 5}]}
            accounts:
              - {address: "nope"}
            """
        do {
            _ = try Scenario.load(yaml: yaml, source: "bad.yaml")
            Issue.record("accepted a bad scenario")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("markets[0].tick:") })
            #expect(error.problems.contains("markets[0].fairValue.start must be strictly between 0 and 1"))
            #expect(error.problems.contains("markets[0].takers.sweeps[0].side (SIDEWAYS) must be BUY or SELL"))
            #expect(error.problems.contains("accounts[0].address (nope) is not an address"))
        }
    }
}

@Suite struct ScenarioFaultTests {
    @Test func aScenarioCanCarryFaults() throws {
        let yaml = """
            markets:
              - fairValue: {start: 0.5}
            faults:
              http: [{path: /order, status: 425, count: 2}]
              batchRejectEvery: 3
              ws: {dropMillionths: 250000, freeze: true}
            """
        let scenario = try Scenario.load(yaml: yaml, source: "faults.yaml")
        #expect(scenario.faults.httpBursts == [SimFaults.HTTPBurst(path: "/order", status: 425, remaining: 2)])
        #expect(scenario.faults.batchRejectEvery == 3 && scenario.faults.dropMillionths == 250_000 && scenario.faults.freeze)
        #expect(throws: ScenarioError.self) { try Scenario.load(yaml: "markets:\n  - {}\nfaults: {gremlins: 1}\n", source: "x") }
    }
}
