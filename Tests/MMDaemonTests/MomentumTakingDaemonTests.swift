import Foundation
import Logging
import MMConfig
import MMCore
import MMPersistence
import Testing
@testable import MMDaemon

/// `strategy.kind: momentum` with `taking` end to end: the whole daemon against the simulator, on a market
/// whose fair value holds, runs up 15 c and falls back. The daemon must take liquidity with the run (a
/// FAK BUY of YES), take the position back out when it reverses (a FAK SELL), keep every fill durable and
/// within the limits, and leave nothing behind.
@Suite(.serialized) struct MomentumTakingDaemonTests {
    static let market = "0x5eed0000000000000000000000000000000000000000000000000000000000a1"

    static func scenario(_ directory: URL) throws -> String {
        let yaml = """
            name: run-up and back
            seed: 11
            durationSeconds: 3600
            markets:
              - id: "\(market)"
                tick: 0.01
                rewards: {maxSpread: 0.03, minSize: 5, dailyRate: 10}
                fairValue:
                  start: 0.40
                  volatility: 0
                  waypoints: [{at: 8, price: 0.40}, {at: 16, price: 0.55}, {at: 19, price: 0.55}, {at: 27, price: 0.38}]
                background: {levels: 3, spacing: 0.01, distance: 0.01, size: 200}
            accounts:
              - {address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", collateral: 1000}
            """
        let path = directory.appendingPathComponent("run-up.yaml")
        try yaml.write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    @Test func takesWithTheRunExitsOnTheReversalAndLeavesNothingBehind() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-momentum-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let configuration = try MMConfiguration.load(yaml: """
            venue: {kind: simulated, scenario: "\(try Self.scenario(directory))"}
            strategy:
              kind: momentum
              orderSize: 5
              momentum:
                halfLifeSeconds: 10
                maxLeanTicks: 1
                taking: {enabled: true, entryTicks: 3, exitTicks: 1, size: 10, maxPosition: 10, slippageTicks: 1, cooldownSeconds: 2}
            limits: {maxNetExposure: 15}
            volatility: {trendWindowSeconds: 6, trendThreshold: 0.03, relative: false, pauseThreshold: 0.9, resumeThreshold: 0.5}
            stopLoss: {maxUnrealizedLoss: -3}
            markets:
              - id: "\(Self.market)"
            storage: {databasePath: "\(directory.appendingPathComponent("mmd.sqlite").path)"}
            """)
        var logger = Logger(label: "mmd-test")
        logger.logLevel = .warning
        let daemon = Daemon(configuration: configuration, baseDirectory: directory.path, logger: logger, runFor: .seconds(32))
        try await daemon.run()

        let database = try AppDatabase(path: daemon.databasePath)
        let everything = try await database.intents(in: Set(OrderState.allCases))
        let takes = everything.filter { $0.orderType == "FAK" }.sorted { $0.createdAtMilliseconds < $1.createdAtMilliseconds }
        let entry = try #require(takes.first { $0.outcome == .yes && $0.side == .buy }, "no FAK BUY of YES during the run-up: \(takes.map { "\($0.side) \($0.outcome)" })")
        let exit = try #require(takes.first { $0.outcome == .yes && $0.side == .sell }, "no FAK SELL of YES after the reversal")
        // Our own resting SELL of YES (the ask quote) was cancelled first, so the exit was not refused for balance.
        #expect(takes.contains { $0.side == .sell && $0.state == .filled }, "no exit matched: \(takes.map { "\($0.side) \($0.state)" })")
        #expect(entry.createdAtMilliseconds < exit.createdAtMilliseconds)
        #expect(!entry.postOnly && entry.size <= Quantity(shares: 10))
        let quotes = everything.filter { $0.orderType != "FAK" }
        #expect(!quotes.isEmpty && quotes.allSatisfy { $0.postOnly }, "the quotes stay makers")

        // Every fill is durable and the ledger is their sum; the taker fills are among them.
        let fills = try await database.fills(market: Self.market)
        // An entry can find the book moved and fill nothing (a FAK); one of them fills.
        let entries = Set(takes.filter { $0.outcome == .yes && $0.side == .buy }.map(\.orderID))
        #expect(fills.contains { entries.contains($0.fill.key.orderID) }, "no entry filled")
        let ledger = try await database.ledger(market: Self.market)
        #expect(ledger.yes.position == ledger.yes.bought - ledger.yes.sold - ledger.yes.merged)
        #expect(abs((ledger.yes.position - ledger.no.position).micros) <= 15_000_000, "the position stayed within its limit")
        // The stop-loss bound: the run never lost more than the 3 pUSD threshold plus a taker exit's slippage.
        #expect(ledger.realized.micros > -4_000_000, "realized \(ledger.realized)")
        #expect(try await database.intents().isEmpty, "after a graceful stop no order of ours may still rest")
    }
}
