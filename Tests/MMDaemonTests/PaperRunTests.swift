import Foundation
import MMCore
import MMPersistence
import MMSim
import Testing
@testable import MMDaemon

/// `venue.mode: paper` against the simulator as the venue's market data: the engine quotes, its orders
/// fill locally against the trades the simulator prints, the fills go through the ledger into the
/// database tagged paper, and the venue never hears of any of it.
@Suite(.serialized) struct PaperRunTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func paperFillsFlowThroughTheLedgerTaggedPaperAndNothingReachesTheVenue() async throws {
        try await ExternalSimulator.run { sim in
            let text = try String(contentsOfFile: sim.config, encoding: .utf8)
            try text.replacingOccurrences(of: "venue: {kind: mmsim,", with: "venue: {kind: mmsim, mode: paper,").write(toFile: sim.config, atomically: true, encoding: .utf8)
            let daemon = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "20"])
            var status: [String: Any]?
            let socket = URL(fileURLWithPath: sim.database).deletingLastPathComponent().appendingPathComponent("mmd.sock").path
            for _ in 0..<90 where ((status?["paper"] as? [String: Any])?["fills"] as? Int ?? 0) == 0 {
                try await Task.sleep(for: .milliseconds(200))
                let data = try await onThread { try DryRunTests.status(socket: socket) }
                status = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
            #expect(await sim.restingOrdersOfOurs() == 0)
            // What would rest at the venue now: the paper orders with the size queued ahead of each.
            let intended = try await LiveMarketsTests.mmctl(["orders", "--intended", "--json"], socket: socket)
            #expect(intended.status == 0 && intended.output.contains("queue_ahead"), "\(intended.output)")
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            let log = try String(contentsOf: sim.log, encoding: .utf8)
            let paper = try #require(status?["paper"] as? [String: Any], "status has no paper section: \(String(describing: status)) \(log.suffix(1_500))")
            #expect(status?["mode"] as? String == "paper")
            #expect((paper["posts_not_sent"] as? Int ?? 0) > 0)
            #expect((paper["fills"] as? Int ?? 0) > 0, "no paper fill in 18 s: \(log.suffix(2_000))")

            // The fills are in the database, every one tagged paper, and the ledger counted them.
            let database = try AppDatabase(path: sim.database)
            let stored = try await database.fills()
            #expect(!stored.isEmpty)
            #expect(try await database.paperFillCount() == stored.count)
            #expect(try await database.ledgerKind() == .paper)
            #expect(log.contains("paper: filled"), "\(log.suffix(1_500))")
            // Nothing authenticated reached the venue: no API key for our address, no order or trade of ours.
            let key = await sim.venue.perform { exchange, _ in exchange.existingKey(for: DaemonProcessTests.maker, nonce: 0) }
            #expect(key == nil, "an API key was derived in paper mode")
            #expect(await sim.venue.exchange.orders.values.filter { $0.maker.lowercased() == DaemonProcessTests.maker }.isEmpty)
            #expect(await sim.venue.exchange.trades.allSatisfy { trade in
                trade.takerMaker.lowercased() != DaemonProcessTests.maker && !trade.makers.contains { $0.maker.lowercased() == DaemonProcessTests.maker }
            })

            // The same database cannot then be used live: its paper position would be taken for a real one.
            try text.write(toFile: sim.config, atomically: true, encoding: .utf8)
            let live = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "5"])
            await waitForExit(live)
            #expect(live.terminationStatus != 0)
            let after = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(after.contains("holds paper fills; live trading needs a database of its own"), "\(after.suffix(1_500))")
            #expect(await sim.venue.exchange.orders.values.filter { $0.maker.lowercased() == DaemonProcessTests.maker }.isEmpty)
        }
    }
}
