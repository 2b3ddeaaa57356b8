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

    @Test func quotesFillsPersistsAndLeavesNoOrderBehind() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try Self.scenario(directory))"}
            strategy: {orderSize: 5}
            markets:
              - id: "0x5eed000000000000000000000000000000000000000000000000000000000001"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        var logger = Logger(label: "mmd-test")
        logger.logLevel = .warning
        let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(12))
        try await daemon.run()

        let database = try AppDatabase(path: daemon.databasePath)
        let fills = try await database.fills()
        #expect(!fills.isEmpty, "no fill within 12 s of a busy market")
        #expect(Set(fills.map(\.fill.key)).count == fills.count, "each fill stored once")
        let ledger = try await database.ledger(market: "0x5eed000000000000000000000000000000000000000000000000000000000001")
        #expect(ledger.yes.position == ledger.yes.bought - ledger.yes.sold - ledger.yes.merged)
        let everything = try await database.intents(in: Set(OrderState.allCases))
        // The bid leg buys YES or sells NO; the ask leg buys NO or sells YES.
        let bids = everything.filter { ($0.outcome == .yes) == ($0.side == .buy) }
        let asks = everything.filter { ($0.outcome == .yes) != ($0.side == .buy) }
        #expect(!bids.isEmpty && !asks.isEmpty, "both sides were quoted")
        #expect(try await database.intents().isEmpty, "after a graceful stop no order of ours may still rest")
        for intent in everything {
            // Fair value stays near 0.50 here; quotes sit half the 3c band away from mid, so within 5c of 0.50.
            let yesPrice = intent.outcome == .yes ? intent.price : intent.price.complement
            #expect(abs(yesPrice.micros - 500_000) <= 50_000, "quote at \(yesPrice) is far from the band")
        }
    }
}
