import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import Testing
@testable import MMDaemon

/// The whole daemon against the in-process simulator: real client, real websockets, real SQLite file.
@Suite(.serialized) struct DaemonTests {
    static func scenario(_ directory: URL) throws -> String {
        // A busy market so fills come within seconds: takers every few seconds at the touch.
        let yaml = """
            name: busy
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
            accounts:
              - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
            """
        let path = directory.appendingPathComponent("busy.yaml")
        try yaml.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    /// Every quoting strategy through the real daemon (the default `ev`, the lean quoters with up to 2
    /// ticks of lean and the grid's 3 levels 2 c apart, hence the wider tolerances): fills durable, both
    /// sides quoted, the position within its limit, nothing left behind.
    @Test(arguments: [("ev", 50_000), ("mean-reversion", 70_000), ("momentum", 70_000), ("grid", 80_000)] as [(String, Int64)])
    func quotesFillsPersistsAndLeavesNoOrderBehind(kind: String, tolerance: Int64) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try Self.scenario(directory))"}
            strategy: {kind: \(kind), orderSize: 5, meanReversion: {halfLifeSeconds: 30, maxLeanTicks: 2}, momentum: {halfLifeSeconds: 30, maxLeanTicks: 2}, grid: {levels: 3, step: 0.02, sizePerLevel: 5}}
            limits: {maxNetExposure: 15}
            stopLoss: {maxUnrealizedLoss: -3}
            markets:
              - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        #expect(configuration.strategy.kind.rawValue == kind)
        var logger = Logger(label: "mmd-test")
        logger.logLevel = .warning
        let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(15))
        try await daemon.run()

        let database = try AppDatabase(path: daemon.databasePath)
        let fills = try await database.fills()
        #expect(!fills.isEmpty, "\(kind): no fill within 15 s of a busy market")
        let ledger = try await database.ledger(market: "0x5eed000000000000000000000000000000000000000000000000000000000001")
        #expect(ledger.yes.position == ledger.yes.bought - ledger.yes.sold - ledger.yes.merged)
        let net = ledger.yes.position - ledger.no.position
        // The 15-share limit, raised to the market's 20-share rewardsMinSize (strategy.sizeUpToScore).
        #expect(abs(net.micros) <= 20_000_000, "\(kind): net \(net) beyond the 20-share scoring limit")
        // The stop-loss bound: nothing lost beyond its 3 pUSD threshold plus a taker exit's slippage.
        #expect(ledger.realized.micros > -4_000_000, "\(kind): realized \(ledger.realized)")
        let everything = try await database.intents(in: Set(OrderState.allCases))
        // The bid leg buys YES or sells NO; the ask leg buys NO or sells YES.
        let bids = everything.filter { ($0.outcome == .yes) == ($0.side == .buy) }
        let asks = everything.filter { ($0.outcome == .yes) != ($0.side == .buy) }
        #expect(!bids.isEmpty && !asks.isEmpty, "both sides were quoted")
        #expect(try await database.intents().isEmpty, "after a graceful stop no order of ours may still rest")
        for intent in everything {
            // Fair value stays near 0.50 here; quotes sit half the 3c band away from mid, so within 5c of 0.50
            // (7c with the lean).
            let yesPrice = intent.outcome == .yes ? intent.price : intent.price.complement
            #expect(abs(yesPrice.micros - 500_000) <= tolerance, "\(kind): quote at \(yesPrice) is far from the band")
        }
        if kind == "grid" {
            // The ladder rests on the 2 c lines only, several levels per side at once (3 × 5 shares fit the
            // 15-share limit when flat).
            let prices = everything.map { $0.outcome == .yes ? $0.price : $0.price.complement }
            #expect(prices.allSatisfy { $0.micros % 20_000 == 0 }, "grid: a quote off the 2 c lines: \(prices)")
            #expect(Set(bids.map { $0.outcome == .yes ? $0.price : $0.price.complement }).count >= 3, "grid: fewer than 3 bid levels")
        }
    }
}

/// The `mmd` program itself, as systemd would run and stop it. Every test that launches the binary lives
/// in this one serialized suite, so they never compete for the machine with each other.
@Suite(.serialized) struct DaemonProcessTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/mmd").standardized.path

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary))) func sigtermCancelsEveryOrderAndExitsZero() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let scenario = try DaemonTests.scenario(directory)
        let database = directory.appendingPathComponent("mmd.sqlite").path
        try """
            venue: {kind: simulated, scenario: "\(scenario)"}
            markets:
              - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            storage: {databasePath: "\(database)"}
            """.write(to: directory.appendingPathComponent("etc/mmd.yaml"), atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("mmd.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--config", directory.appendingPathComponent("etc/mmd.yaml").path]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Wait until it quotes, then stop it the way `systemctl stop` does.
        var quoted = false
        for _ in 0..<300 where !quoted {
            try await Task.sleep(for: .milliseconds(100))
            quoted = (try? String(contentsOf: log, encoding: .utf8))?.contains("quote posted") == true
        }
        #expect(quoted, "mmd did not quote within 30 s")
        process.terminate()  // SIGTERM
        await waitForExit(process)
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "exit status \(process.terminationStatus): \(output.suffix(500))")
        #expect(output.contains("open_orders_left=0"))
        let remaining = try await AppDatabase(path: database).intents()
        #expect(remaining.isEmpty, "orders left behind: \(remaining.map(\.orderID))")
    }
}

import MMSim

/// Crash safety against an external simulator: kill -9 in the middle of a run, then restart.
extension DaemonProcessTests {
    static let maker = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"

    static func launch(_ config: String, log: URL, arguments: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcessTests.binary)
        process.arguments = ["--config", config] + arguments
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func killMinusNineThenRestartLosesNoFillAndLeavesNoStrayOrder() async throws {
        try await ExternalSimulator.run { sim in
            // First run: wait for a stored fill and resting quotes, then kill -9.
            let first = try Self.launch(sim.config, log: sim.log)
            var ready = false
            for _ in 0..<300 where !ready {
                try await Task.sleep(for: .milliseconds(100))
                let fills = (try? await AppDatabase(path: sim.database).fills().count) ?? 0
                let resting = await sim.restingOrdersOfOurs()
                ready = fills > 0 && resting > 0
            }
            #expect(ready, "no fill and resting quote within 30 s")
            kill(first.processIdentifier, SIGKILL)
            await waitForExit(first)
            #expect(await sim.restingOrdersOfOurs() > 0, "the crash left orders at the venue (what the restart must adopt or clean up)")

            // Restart within the venue's 10 s heartbeat window, run briefly, stop gracefully.
            let second = try Self.launch(sim.config, log: sim.log, arguments: ["--duration", "6"])
            await waitForExit(second)
            #expect(second.terminationStatus == 0)
            let output = (try? String(contentsOf: sim.log, encoding: .utf8)) ?? ""
            #expect(output.contains("adopted our live orders from an earlier run"), "the intent log let the restart adopt its own orders")
            #expect(await sim.restingOrdersOfOurs() == 0, "no stray order after reconciliation and stop")

            // Every fill of ours the venue knows is stored exactly once, including those made while down.
            let stored = try await AppDatabase(path: sim.database).fills().map(\.fill.key)
            #expect(Set(stored) == (await sim.venueFills()), "stored \(stored.count)")
            #expect(stored.count == Set(stored).count)
        }
    }
}

extension DaemonProcessTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func aFillMissedDuringADisconnectIsRecoveredByTheResync() async throws {
        try await ExternalSimulator.run { sim in
            let daemon = try Self.launch(sim.config, log: sim.log, arguments: ["--duration", "40"])
            // Wait until it quotes, then lose every websocket message until a fill happens at the venue.
            for _ in 0..<300 where (await sim.restingOrdersOfOurs()) == 0 { try await Task.sleep(for: .milliseconds(100)) }
            try await sim.venue.applyFaults(json: ["ws": ["dropMillionths": 1_000_000]])
            let before = await sim.venueFills()
            var missed: Set<FillKey> = []
            for _ in 0..<300 where missed.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                missed = await sim.venueFills().subtracting(before)
            }
            #expect(!missed.isEmpty, "no fill happened during the outage")
            let storedDuringOutage = Set(try await AppDatabase(path: sim.database).fills().map(\.fill.key))
            #expect(storedDuringOutage.isDisjoint(with: missed), "the outage really hid the fill")

            // Restore delivery and drop the connections: the client reconnects and resyncs.
            try await sim.venue.applyFaults(json: ["ws": ["dropMillionths": 0], "disconnect": true])
            var recovered = false
            for _ in 0..<300 where !recovered {
                try await Task.sleep(for: .milliseconds(100))
                recovered = missed.isSubset(of: Set(try await AppDatabase(path: sim.database).fills().map(\.fill.key)))
            }
            #expect(recovered, "the resync after reconnecting did not recover the missed fill")
            daemon.terminate()
            await waitForExit(daemon)
        }
    }
}

/// An in-process simulator running the busy scenario, with an `mmd` configuration pointing at it.
struct ExternalSimulator {
    let venue: SimVenue
    let config: String
    let database: String
    let log: URL

    /// - Parameter scenarioYAML: the simulator's scenario; the busy one-market scenario when `nil`.
    static func run(scenarioYAML: String? = nil, _ body: (ExternalSimulator) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-external-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let scenario = try Scenario.load(yaml: scenarioYAML ?? String(contentsOfFile: try DaemonTests.scenario(directory), encoding: .utf8), source: "busy")
        let venue = SimVenue(exchange: SimExchange(markets: []), nowMilliseconds: { Int64(Date().timeIntervalSince1970 * 1_000) })
        await venue.run(scenario: scenario)
        var logger = Logger(label: "sim")
        logger.logLevel = .critical
        let server = SimServer(venue: venue, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let database = directory.appendingPathComponent("mmd.sqlite").path
            let config = directory.appendingPathComponent("etc/mmd.yaml").path
            try """
                venue: {kind: mmsim, clobUrl: "http://127.0.0.1:\(port)", wsUrl: "ws://127.0.0.1:\(port)", gammaUrl: "http://127.0.0.1:\(port)/gamma"}
                markets:
                  - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
                storage: {databasePath: "\(database)"}
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let log = directory.appendingPathComponent("mmd.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            try await body(ExternalSimulator(venue: venue, config: config, database: database, log: log))
            group.cancelAll()
        }
    }

    /// Our maker fills as the venue knows them.
    func venueFills() async -> Set<FillKey> {
        let key = await venue.perform { exchange, _ in exchange.apiKey(for: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", nonce: 0).key }
        return Set(await venue.exchange.trades.flatMap { trade in trade.makers.filter { $0.owner == key }.map { FillKey(tradeID: trade.id, orderID: $0.orderID) } })
    }

    func restingOrdersOfOurs() async -> Int { await venue.exchange.orders.values.filter { $0.maker == DaemonProcessTests.maker }.count }
}

extension DaemonProcessTests {
    /// Every user-channel message duplicated and many reordered: each fill is still stored once, and the
    /// economics match the venue's record of our fills.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func duplicatedAndReorderedMessagesChangeNothing() async throws {
        try await ExternalSimulator.run { sim in
            try await sim.venue.applyFaults(json: ["ws": ["duplicateMillionths": 1_000_000, "reorderMillionths": 300_000]])
            let daemon = try Self.launch(sim.config, log: sim.log, arguments: ["--duration", "10"])
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            let database = try AppDatabase(path: sim.database)
            let stored = try await database.fills()
            #expect(!stored.isEmpty)
            #expect(Set(stored.map(\.fill.key)) == (await sim.venueFills()))
            // The ledger from the stored fills equals one built from the venue's own record of them.
            var fromVenue = PositionLedger()
            let key = await sim.venue.perform { exchange, _ in exchange.apiKey(for: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", nonce: 0).key }
            let market = await sim.venue.exchange.markets["0x5eed000000000000000000000000000000000000000000000000000000000001"]!
            for trade in await sim.venue.exchange.trades {
                for maker in trade.makers where maker.owner == key {
                    fromVenue.apply(Fill(
                        key: FillKey(tradeID: trade.id, orderID: maker.orderID), outcome: maker.outcome, side: maker.side, price: maker.price, size: maker.size,
                        timestampMilliseconds: trade.matchTimeMilliseconds, status: .matched))
                }
            }
            let ledger = try await database.ledger(market: market.conditionID)
            #expect(ledger.yes.position == fromVenue.yes.position && ledger.no.position == fromVenue.no.position)
            #expect(ledger.realized == fromVenue.realized)
        }
    }
}

extension DaemonProcessTests {
    /// Every trade fails after MATCHED: the daemon stores each fill, then its FAILED status, and the
    /// economics end where they started.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func failedTradesAreReversed() async throws {
        try await ExternalSimulator.run { sim in
            try await sim.venue.applyFaults(json: ["failMatchedMillionths": 1_000_000])
            let daemon = try Self.launch(sim.config, log: sim.log, arguments: ["--duration", "10"])
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            let database = try AppDatabase(path: sim.database)
            let stored = try await database.fills()
            #expect(!stored.isEmpty, "no trade happened")
            // Trades fail 2 s after matching; all but possibly the last few seconds' have failed by now.
            let failed = stored.filter { $0.fill.status == .failed }
            #expect(!failed.isEmpty, "no FAILED status was stored")
            let ledger = try await database.ledger(market: "0x5eed000000000000000000000000000000000000000000000000000000000001")
            let live = stored.filter { $0.fill.status != .failed }
            var expected = PositionLedger()
            for fill in live { expected.apply(fill.fill) }
            #expect(ledger.yes.position == expected.yes.position && ledger.no.position == expected.no.position, "failed fills count for nothing")
        }
    }
}

extension DaemonProcessTests {
    /// Secrets never reach a log: a run with known credentials (the simulator's test key and the API
    /// credentials the venue derived for it) leaves none of them in stdout, stderr or the database.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: DaemonProcessTests.binary)))
    func noSecretReachesTheOutputOrTheDatabase() async throws {
        try await ExternalSimulator.run { sim in
            let daemon = try Self.launch(sim.config, log: sim.log, arguments: ["--duration", "6"])
            await waitForExit(daemon)
            #expect(daemon.terminationStatus == 0)
            let credentials = await sim.venue.perform { exchange, _ in exchange.apiKey(for: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", nonce: 0) }
            // The public Hardhat #0 key the daemon uses against a simulator.
            let privateKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
            let secrets = ["private key": privateKey, "API secret": credentials.secret, "API passphrase": credentials.passphrase]
            let output = try String(contentsOf: sim.log, encoding: .utf8)
            #expect(output.contains("authenticated") && output.contains("quote posted"), "the run authenticated and traded")
            var stored = Data()
            for suffix in ["", "-wal"] { stored += FileManager.default.contents(atPath: sim.database + suffix) ?? Data() }
            let database = String(decoding: stored, as: UTF8.self)
            for (name, secret) in secrets {
                #expect(!output.lowercased().contains(secret.lowercased()), "the \(name) reached the daemon's output")
                #expect(!database.contains(secret), "the \(name) reached the database")
            }
        }
    }
}
