import Foundation
import Logging
import MMCore
import MMDecision
@_spi(Testing) import MMPersistence
import Polymarket
import Synchronization
import Testing

@testable import MMEngine

/// A store that stops taking writes (a full disk, a read-only remount) is a real SQLite failure here:
/// the database's test hook makes SQLite refuse every INSERT/UPDATE on a table.
@Suite struct StoreFailureTests {
    static func temporaryDatabase() throws -> (AppDatabase, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-store-failure-\(UUID().uuidString).sqlite").path
        return (try AppDatabase(path: path), path)
    }

    @Test func aFillThatCannotBeStoredStopsQuotingUntilTheStoreHeals() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let (database, path) = try Self.temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let engine = try MarketEngineTests.engine(gateway, database: database, clock: clock)
        await engine.handle(.market(MarketEngineTests.book))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 } == ["post 2"])

        try await database.injectWriteFailure(on: "fills", as: .diskFull)
        let fill = AttributedFill(
            tradeID: "t1", orderID: "o1", market: MarketEngineTests.market.id, assetID: "1", side: .buy, price: Price(micros: 440_000)!,
            size: Quantity(shares: 5), status: .matched, matchTimeMilliseconds: clock.now, isTaker: false)
        await engine.apply(fill, raw: nil)
        #expect(await engine.inventory.net == .zero, "a fill that is not durable does not count")
        #expect(await engine.storeFailure?.contains("full") == true, "the failure names the cause")
        #expect(await engine.riskState == .halted)
        #expect(gateway.calls.withLock { $0 }.contains("cancel 2"), "every quote withdrawn")
        #expect(await engine.liveOrderIDs.isEmpty)

        let before = gateway.calls.withLock { $0 }.count
        clock.advance(by: 2_000)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 }.count == before, "nothing is posted while the store fails (the probe fails too)")

        try await database.clearInjectedWriteFailures()
        clock.advance(by: 2_000)
        await engine.handle(.timer)
        #expect(await engine.storeFailure == nil)
        #expect(gateway.calls.withLock { $0 }.suffix(1) == ["post 2"], "quoting resumes once a probe write succeeds")
        #expect(try await database.riskEvents().map(\.kind).suffix(2) == ["store", "store-recovered"])
    }

    @Test func anIntentBatchThatCannotBeStoredIsNeverSent() async throws {
        let gateway = ScriptedGateway(rejectPosts: false)
        let clock = ManualClock(1_780_000_000_000)
        let (database, path) = try Self.temporaryDatabase()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let engine = try MarketEngineTests.engine(gateway, database: database, clock: clock)
        try await database.injectWriteFailure(on: "orders", as: .ioFailure)
        await engine.handle(.market(MarketEngineTests.book))
        clock.advance(by: 60)
        await engine.handle(.timer)
        #expect(gateway.calls.withLock { $0 }.filter { $0.hasPrefix("post") }.isEmpty, "an order whose intent is not durable never leaves")
        #expect(await engine.riskState == .halted)
        #expect(try await database.intents(in: Set(OrderState.allCases)).isEmpty)
    }
}
