import Foundation
import MMCore
import MMSim
import Testing
@testable import MMDaemon

/// `markets.auto` against the simulator: mmd makes the best markets by the venue's ranking, and drops
/// one whose reward pool is cut within one refresh, after cancelling its orders, picking up the next best.
@Suite(.serialized) struct AutoSelectionTests {
    static func id(_ n: Int) -> String { "0xa070" + String(repeating: "0", count: 59) + "\(n)" }

    /// Four quiet markets (no takers: positions stay flat) that differ only in their reward pool.
    static let scenario = """
        name: four pools
        seed: 5
        durationSeconds: 3600
        markets:
        \((1...4).map { n in """
          - id: "\(id(n))"
            question: "Simulated: pool \(500 - n * 100) a day"
            tick: 0.01
            rewards: {maxSpread: 0.03, minSize: 20, dailyRate: \(500 - n * 100)}
            fairValue: {start: 0.50}
            background: {levels: 3, spacing: 0.01, distance: 0.03, size: 150}
        """ }.joined(separator: "\n"))
        accounts:
          - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
        """

    func made(socket: String) async throws -> Set<String> {
        let listed = try await LiveMarketsTests.mmctl(["markets", "--json"], socket: socket)
        guard listed.status == 0, let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] else { return [] }
        return Set(rows.compactMap { $0["market"] as? String })
    }

    func ours(_ sim: ExternalSimulator, in market: String) async -> Int {
        await sim.venue.exchange.orders.values.filter { $0.maker.lowercased() == DaemonProcessTests.maker && $0.market == market }.count
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func theBestPoolsAreMadeAndACutPoolIsReplacedWithinOneRefresh() async throws {
        try await ExternalSimulator.run(scenarioYAML: Self.scenario) { sim in
            // The venue and storage lines the harness wrote, with markets chosen by mmd: two, refreshed every 3 s.
            let lines = try String(contentsOfFile: sim.config, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("venue:") || $0.hasPrefix("storage:") }
            try (lines.joined(separator: "\n") + "\nmarkets: {auto: {top: 2, refreshMinutes: 0.05}}\n").write(toFile: sim.config, atomically: true, encoding: .utf8)
            // The venue has books before mmd ranks it (the scenario's first step).
            for _ in 0..<50 where await sim.venue.exchange.book(token: SimDefaults.derivedToken(conditionID: Self.id(4), indexSet: 1))?.bestBid == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
            let daemon = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "60"])
            let socket = URL(fileURLWithPath: sim.database).deletingLastPathComponent().appendingPathComponent("mmd.sock").path
            var markets = Set<String>()
            for _ in 0..<100 where markets.isEmpty {
                try await Task.sleep(for: .milliseconds(200))
                markets = try await made(socket: socket)
            }
            let log = { (try? String(contentsOf: sim.log, encoding: .utf8)).map { String($0.suffix(2_500)) } ?? "" }
            #expect(markets == [Self.id(1), Self.id(2)], "the two largest pools: \(markets) \(log())")

            // The best pool is cut to nothing: within one refresh (3 s, plus the ranking) it is dropped, with no
            // order of ours left in it, and the next best is made instead.
            await sim.venue.perform { exchange, _ in
                exchange.setRewards(market: Self.id(1), to: RewardParameters(maxSpread: 30_000, minSize: Quantity(shares: 20), dailyRate: .zero))
            }
            for _ in 0..<60 where markets != [Self.id(2), Self.id(3)] {
                try await Task.sleep(for: .milliseconds(250))
                markets = try await made(socket: socket)
            }
            #expect(markets == [Self.id(2), Self.id(3)], "after the cut: \(markets) \(log())")
            #expect(await ours(sim, in: Self.id(1)) == 0)
            var quoted = 0
            for _ in 0..<40 where quoted == 0 {
                try await Task.sleep(for: .milliseconds(250))
                quoted = await ours(sim, in: Self.id(3))
            }
            #expect(quoted > 0, "the market picked up is not quoted: \(log())")
            let text = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(text.contains("auto selection: market dropped") && (text.contains("no longer ranked") || text.contains("ranks clearly worse")), "\(log())")
            #expect(text.contains("auto selection: market added"))
            daemon.interrupt()
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            #expect(await sim.restingOrdersOfOurs() == 0)
        }
    }
}
