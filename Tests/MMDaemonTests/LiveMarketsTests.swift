import Foundation
import MMCore
import MMSim
import Testing
@testable import MMDaemon

/// `mmctl markets add|remove` against a running daemon on the simulator: a market added live is quoted at
/// the venue, one removed has every order cancelled, and bad requests are named.
@Suite(.serialized) struct LiveMarketsTests {
    static let second = "0x5eed000000000000000000000000000000000000000000000000000000000002"

    /// The busy market of the other tests, and a quiet second market (no takers: no fill can happen there).
    static let scenario = """
        name: two markets
        seed: 3
        durationSeconds: 3600
        markets:
          - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            tick: 0.01
            rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 100}
            fairValue: {start: 0.50, volatility: 0.001}
            background: {levels: 3, spacing: 0.01, distance: 0.03, size: 150}
            takers:
              noise: {ratePerMinute: 40, size: 5}
          - id: "\(second)"
            question: "Simulated: a second market"
            tick: 0.01
            rewards: {maxSpread: 0.03, minSize: 20, dailyRate: 100}
            fairValue: {start: 0.40}
            background: {levels: 3, spacing: 0.01, distance: 0.03, size: 150}
        accounts:
          - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
        """

    /// `mmctl ARGS --socket S`: its exit status and output (on a thread of its own: it blocks).
    static func mmctl(_ arguments: [String], socket: String) async throws -> (status: Int32, output: String) {
        try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary).deletingLastPathComponent().appendingPathComponent("mmctl")
            process.arguments = arguments + ["--socket", socket]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    func ours(_ sim: ExternalSimulator, in market: String) async -> Int {
        await sim.venue.exchange.orders.values.filter { $0.maker.lowercased() == DaemonProcessTests.maker && $0.market == market }.count
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func aMarketAddedLiveIsQuotedAndOneRemovedLeavesNoOrder() async throws {
        try await ExternalSimulator.run(scenarioYAML: Self.scenario) { sim in
            let daemon = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "40"])
            let socket = URL(fileURLWithPath: sim.database).deletingLastPathComponent().appendingPathComponent("mmd.sock").path
            // Wait for the daemon to answer (recovered).
            var listed = (status: Int32(-1), output: "")
            for _ in 0..<100 where listed.status != 0 {
                try await Task.sleep(for: .milliseconds(200))
                listed = try await Self.mmctl(["markets", "--json"], socket: socket)
            }
            #expect(listed.status == 0 && !listed.output.contains(Self.second), "\(listed.output)")
            #expect(await ours(sim, in: Self.second) == 0)

            // The venue's ranking through the daemon: both markets listed, the one not made among them.
            let discovered = try await Self.mmctl(["markets", "discover", "--json"], socket: socket)
            #expect(discovered.status == 0 && discovered.output.contains(Self.second) && discovered.output.contains("net_per_day"), "\(discovered.output)")
            let table = try await Self.mmctl(["markets", "discover", "--min-daily-reward", "50"], socket: socket)
            #expect(table.status == 0 && table.output.contains("NET/DAY") && table.output.contains("2 open markets listed"), "\(table.output)")
            let badFilter = try await Self.mmctl(["markets", "discover", "--max-spread", "wide"], socket: socket)
            #expect(badFilter.status != 0 && badFilter.output.contains("max_spread (wide) is not a decimal price"), "\(badFilter.output)")
            // A live daemon has no intended orders to show.
            let intended = try await Self.mmctl(["orders", "--intended"], socket: socket)
            #expect(intended.status != 0 && intended.output.contains("dry-run and paper runs only"), "\(intended.output)")
            // Bad requests are named and change nothing.
            let malformed = try await Self.mmctl(["markets", "add", "0x12"], socket: socket)
            #expect(malformed.status != 0 && malformed.output.contains("must be a condition id"), "\(malformed.output)")
            let unknown = try await Self.mmctl(["markets", "add", "0x" + String(repeating: "ab", count: 32)], socket: socket)
            #expect(unknown.status != 0 && unknown.output.contains("could not be loaded"), "\(unknown.output)")
            let notMade = try await Self.mmctl(["markets", "remove", Self.second], socket: socket)
            #expect(notMade.status != 0 && notMade.output.contains("is not being made"), "\(notMade.output)")

            // A live edit made before the market comes applies to it too.
            let switched = try await Self.mmctl(["config", "set", "strategy.kind", "grid"], socket: socket)
            #expect(switched.status == 0, "\(switched.output)")
            let added = try await Self.mmctl(["markets", "add", Self.second], socket: socket)
            #expect(added.status == 0 && added.output.contains("making \(Self.second)") && added.output.contains("2 markets now"), "\(added.output)")
            let again = try await Self.mmctl(["markets", "add", Self.second], socket: socket)
            #expect(again.status != 0 && again.output.contains("is being made already"), "\(again.output)")
            // Its quotes reach the venue, and it is listed.
            var resting = 0
            for _ in 0..<60 where resting == 0 {
                try await Task.sleep(for: .milliseconds(200))
                resting = await ours(sim, in: Self.second)
            }
            #expect(resting > 0, "no order of ours rests in the added market: \(String((try? String(contentsOf: sim.log, encoding: .utf8))?.suffix(1_500) ?? ""))")
            #expect(try await Self.mmctl(["markets", "--json"], socket: socket).output.contains(Self.second))
            let status = try await Self.mmctl(["status", "--json"], socket: socket)
            let markets = (try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])?["markets"] as? [[String: Any]]
            #expect(markets?.compactMap { $0["strategy"] as? String } == ["grid", "grid"], "\(status.output.prefix(800))")

            // Removed: every order of it cancelled at the venue, the other market still made.
            let removed = try await Self.mmctl(["markets", "remove", Self.second], socket: socket)
            #expect(removed.status == 0 && removed.output.contains("stopped making") && removed.output.contains("1 markets now"), "\(removed.output)")
            #expect(await ours(sim, in: Self.second) == 0)
            #expect(await ours(sim, in: "0x5eed000000000000000000000000000000000000000000000000000000000001") > 0)
            let after = try await Self.mmctl(["markets", "--json"], socket: socket)
            #expect(!after.output.contains(Self.second), "\(after.output)")
            // The audit log holds both actions.
            let log = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(log.contains("market added") && log.contains("market removed"))
            daemon.interrupt()
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            #expect(await sim.restingOrdersOfOurs() == 0)
        }
    }
}
