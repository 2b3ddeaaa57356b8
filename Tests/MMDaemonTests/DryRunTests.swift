import Foundation
import Logging
import Polymarket
import MMCore
import MMPersistence
import MMSim
import Testing
@testable import MMDaemon

/// `venue.mode: dry-run` against the simulator as the venue: the engine runs on real market data and
/// decides, signs and stores its orders, and the venue never hears of them.
@Suite(.serialized) struct DryRunTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func dryRunBuildsSignsAndStoresOrdersButSendsNothing() async throws {
        try await ExternalSimulator.run { sim in
            let text = try String(contentsOfFile: sim.config, encoding: .utf8)
            try text.replacingOccurrences(of: "venue: {kind: mmsim,", with: "venue: {kind: mmsim, mode: dry-run,").write(toFile: sim.config, atomically: true, encoding: .utf8)
            let daemon = try DaemonProcessTests.launch(sim.config, log: sim.log, arguments: ["--duration", "6"])
            // While it runs, the venue sees nothing of ours, and the status says dry-run with what would rest.
            var status: [String: Any]?
            for _ in 0..<50 where ((status?["dry_run"] as? [String: Any])?["posts_not_sent"] as? Int ?? 0) == 0 {
                try await Task.sleep(for: .milliseconds(200))
                let socket = URL(fileURLWithPath: sim.database).deletingLastPathComponent().appendingPathComponent("mmd.sock").path
                let data = try await onThread { try Self.status(socket: socket) }
                status = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
            #expect(await sim.restingOrdersOfOurs() == 0)
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            let dryRun = try #require(status?["dry_run"] as? [String: Any], "status has no dry_run section: \(String(describing: status)) \(Self.lastOutput)")
            #expect(status?["mode"] as? String == "dry-run")
            #expect((dryRun["posts_not_sent"] as? Int ?? 0) > 0)

            let log = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(log.contains("dry-run: would post"), "\(log.suffix(1_500))")
            // Nothing authenticated reached the venue: no API key was ever created or derived for our
            // address (so no L2 request could have been accepted either), and no order of ours exists.
            let key = await sim.venue.perform { exchange, _ in exchange.existingKey(for: DaemonProcessTests.maker, nonce: 0) }
            #expect(key == nil, "an API key was derived in dry-run")
            #expect(await sim.venue.exchange.orders.values.filter { $0.maker.lowercased() == DaemonProcessTests.maker }.isEmpty)
            #expect(await sim.venue.exchange.trades.allSatisfy { trade in trade.takerMaker.lowercased() != DaemonProcessTests.maker && !trade.makers.contains { $0.maker.lowercased() == DaemonProcessTests.maker } })
            // Every would-be order was signed and stored in the intent log, as live.
            let stored = try await AppDatabase(path: sim.database).intents(in: Set(OrderState.allCases))
            #expect(!stored.isEmpty)
        }
    }

    nonisolated(unsafe) static var lastOutput = ""

    /// `mmctl status --json`'s output (run on a thread of its own: it blocks).
    static func status(socket: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary).deletingLastPathComponent().appendingPathComponent("mmctl")
        process.arguments = ["status", "--socket", socket, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        lastOutput = String(decoding: data, as: UTF8.self)
        return data
    }

    /// The trades the market prints fill the would-be orders they reach, at the orders' prices, up to the
    /// trade's size; the P&L is marked at the market's last trade.
    @Test func printedTradesFillTheWouldBeOrdersTheyReach() async throws {
        let venue = DryRunVenue(logger: Logger(label: "dry-run-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        venue.register(tokens: ["11": ("m", .yes), "22": ("m", .no)])
        let signer = try OrderSigner(key: DoctorTests.funded, chain: .polygon, signatureType: .eoa)
        func order(_ token: String, _ side: Side, _ price: String, _ size: Int64, salt: UInt64) throws -> SignedOrder {
            let amounts = try ExactAmounts.limit(side: side, price: Price(price), size: Quantity(shares: size), tick: .hundredth)
            return signer.makeOrder(tokenID: UInt256(decimal: token)!, side: side, amounts: amounts, salt: UInt256(salt), timestampMilliseconds: 1, exchange: .standard)
        }
        let bid = try order("11", .buy, "0.45", 10, salt: 1)
        let ask = try order("11", .sell, "0.55", 10, salt: 2)
        _ = try await venue.postOrders([(bid, .gtc), (ask, .gtc)], postOnly: true)
        func print(_ token: String, _ price: String, _ size: String, _ side: String) throws -> LastTradePriceMessage {
            try JSONDecoder().decode(
                LastTradePriceMessage.self, from: Data(#"{"asset_id":"\#(token)","market":"m","price":"\#(price)","size":"\#(size)","side":"\#(side)"}"#.utf8))
        }
        venue.observe(try print("11", "0.50", "5", "SELL"), nowMilliseconds: 1)  // above our bid: not reached
        #expect(venue.tally.wouldHaveFilled == 0)
        venue.observe(try print("11", "0.44", "4", "SELL"), nowMilliseconds: 2)  // hits our 0.45 bid for 4
        #expect(venue.tally.wouldHaveFilled == 1)
        #expect(venue.tally.resting[bid.orderIDHex]?.size == Quantity(shares: 6))
        #expect(venue.tally.ledgers["m"]?.inventory.net == Quantity(shares: 4))
        venue.observe(try print("11", "0.60", "20", "BUY"), nowMilliseconds: 3)  // lifts our 0.55 ask in full
        #expect(venue.tally.wouldHaveFilled == 2 && venue.tally.resting[ask.orderIDHex] == nil)
        // Bought 4 at 0.45, sold 10 at 0.55: short 6 YES marked at 0.60.
        #expect(venue.tally.ledgers["m"]?.inventory.net == Quantity(shares: -6))
        #expect(venue.tally.wouldHaveBeenPnL == Money(micros: 4 * 100_000 - 6 * 50_000))
    }
}
