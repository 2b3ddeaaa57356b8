import Foundation
import Testing
@testable import MMSim

/// Scenario files the fuzzer (Fuzz/, docs/fuzzing.md) found to crash the loader: times in seconds were
/// multiplied by 1000 unchecked. Each must now be a ScenarioError naming the key, never a trap.
@Suite struct ScenarioFuzzRegressionTests {
    static let market = "markets:\n  - id: \"0x1\"\n"

    @Test(arguments: [
        ("durationSeconds: 9223372036854775807\n" + ScenarioFuzzRegressionTests.market, "durationSeconds"),
        (ScenarioFuzzRegressionTests.market + "    fairValue: {waypoints: [{at: 9223372036854775807, price: 0.5}]}\n", "markets[0].fairValue.waypoints[0].at"),
        (ScenarioFuzzRegressionTests.market + "    fairValue: {resolution: {at: 9223372036854775, outcome: YES}}\n", "markets[0].fairValue.resolution.at"),
        (ScenarioFuzzRegressionTests.market + "    background: {refillSeconds: 9223372036854775}\n", "markets[0].background.refillSeconds"),
        (ScenarioFuzzRegressionTests.market + "    takers: {informed: {lookaheadSeconds: -9223372036854775808}}\n", "markets[0].takers.informed.lookaheadSeconds"),
        (ScenarioFuzzRegressionTests.market + "    takers: {bait: [{at: 10, takeSize: 5, delaySeconds: 9223372036854775807}]}\n", "markets[0].takers.bait[0].delaySeconds"),
        (ScenarioFuzzRegressionTests.market + "    takers: {sweeps: [{at: -9223372036854775807, side: BUY, size: 5}]}\n", "markets[0].takers.sweeps[0].at"),
        (ScenarioFuzzRegressionTests.market + "    tickSizeChanges: [{at: 9223372036854775807, tick: 0.001}]\n", "markets[0].tickSizeChanges[0].at"),
    ])
    func aTimeOutOfRangeIsAProblemNamingItsKey(yaml: String, key: String) {
        do {
            _ = try Scenario.load(yaml: yaml, source: "fuzz.yaml", directory: "/nonexistent")
            Issue.record("\(key): loaded")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix(key + " (") && $0.contains("must be between 0 and \(Scenario.maximumSeconds) seconds") }, "\(error)")
        }
    }

    /// `Yams.load` (the plain view for unknown keys and `faults:`) force-unwrapped a key that is not a scalar.
    /// The first input is the fuzzer's own.
    @Test(arguments: [
        ")                !t*@          :::::::::::::::::::::::::::::::   \n                     ?          te*@% : i@ ",
        "? [a, b]\n: 1\n" + ScenarioFuzzRegressionTests.market,
        ScenarioFuzzRegressionTests.market + "    fairValue: {? {x: 1} : 2}\n",
    ])
    func aKeyThatIsNotAScalarIsAProblemNotATrap(yaml: String) {
        #expect(throws: ScenarioError.self) { try Scenario.load(yaml: yaml, source: "fuzz.yaml", directory: "/nonexistent") }
    }

    @Test func anchorsStillLoadAndUnknownKeysStillCount() throws {
        let yaml = "base: &b {noise: {ratePerMinute: 1, size: 10}}\n" + Self.market
        #expect(throws: ScenarioError.self) { try Scenario.load(yaml: yaml, source: "fuzz.yaml", directory: "/nonexistent") }
        let merged = Self.market + "    takers: &t {noise: {ratePerMinute: 1, size: 10}}\n  - id: \"0x2\"\n    takers: *t\n"
        let scenario = try Scenario.load(yaml: merged, source: "fuzz.yaml", directory: "/nonexistent")
        #expect(scenario.markets.map(\.takers.noiseRatePerMinute) == [1_000_000, 1_000_000])
    }

    @Test func timesWithinRangeStillLoad() throws {
        let yaml = "durationSeconds: \(Scenario.maximumSeconds)\n" + Self.market + "    tickSizeChanges: [{at: 60, tick: 0.001}]\n"
        let scenario = try Scenario.load(yaml: yaml, source: "fuzz.yaml", directory: "/nonexistent")
        #expect(scenario.durationMilliseconds == Scenario.maximumSeconds * 1_000)
        #expect(scenario.markets[0].tickChanges.map { $0.atMilliseconds } == [60_000])
    }
}
