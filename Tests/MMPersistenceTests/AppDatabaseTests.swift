import Foundation
import MMCore
import Testing
@testable import MMPersistence

@Suite struct AppDatabaseTests {
    static let market = "0x" + String(repeating: "ab", count: 32)
    static let t0: Int64 = 1_768_570_208_000

    /// A fresh database file in a temporary directory (a real file: WAL, reopenable).
    static func temporaryPath() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("mmd.sqlite").path
    }

    static func stored(_ trade: String, _ order: String = "o1", _ outcome: Outcome = .no, _ side: Side = .buy, _ price: Int64 = 520_000, _ size: Int64 = 20_000_000, at t: Int64 = t0, _ status: TradeStatus = .matched) -> StoredFill {
        StoredFill(
            fill: Fill(key: FillKey(tradeID: trade, orderID: order), outcome: outcome, side: side, price: Price(micros: price)!, size: Quantity(micros: size), timestampMilliseconds: t, status: status),
            market: market, assetID: outcome == .yes ? "1" : "2", raw: "{\"id\":\"\(trade)\"}")
    }

    @Test func aFileDatabaseUsesWAL() async throws {
        let database = try AppDatabase(path: Self.temporaryPath())
        #expect(try await database.journalMode() == "wal")
    }

    @Test func aFillDeliveredThreeTimesIsStoredOnceAndSurvivesAReopen() async throws {
        let path = Self.temporaryPath()
        let database = try AppDatabase(path: path)
        #expect(try await database.record(Self.stored("t1"), nowMilliseconds: Self.t0) == .inserted)
        #expect(try await database.record(Self.stored("t1"), nowMilliseconds: Self.t0 + 1) == .duplicate)
        #expect(try await database.record(Self.stored("t1"), nowMilliseconds: Self.t0 + 2) == .duplicate)
        #expect(try await database.record(Self.stored("t1", "o1", .no, .buy, 520_000, 20_000_000, at: Self.t0, .confirmed), nowMilliseconds: Self.t0 + 3) == .statusAdvanced(from: .matched, to: .confirmed))
        #expect(try await database.record(Self.stored("t1"), nowMilliseconds: Self.t0 + 4) == .duplicate, "a late MATCHED after CONFIRMED changes nothing")

        let reopened = try AppDatabase(path: path)
        let fills = try await reopened.fills(market: Self.market)
        #expect(fills.count == 1 && fills.first?.fill.status == .confirmed && fills.first?.raw == "{\"id\":\"t1\"}")
        #expect(try await reopened.record(Self.stored("t1"), nowMilliseconds: Self.t0 + 5) == .duplicate, "dedup holds across restarts")
    }

    @Test func theLedgerRebuiltFromTheDatabaseEqualsTheLiveOne() async throws {
        let database = try AppDatabase.inMemory()
        var live = PositionLedger()
        let inputs = [
            Self.stored("t1", "a", .yes, .buy, 400_000, 10_000_000, at: Self.t0),
            Self.stored("t2", "b", .no, .buy, 550_000, 6_000_000, at: Self.t0 + 1),
            Self.stored("t3", "a", .yes, .sell, 450_000, 4_000_000, at: Self.t0 + 2),
            Self.stored("t4", "c", .yes, .buy, 420_000, 5_000_000, at: Self.t0 + 3),
            Self.stored("t4", "c", .yes, .buy, 420_000, 5_000_000, at: Self.t0 + 3, .failed),
        ]
        for stored in inputs {
            _ = try await database.record(stored, nowMilliseconds: Self.t0)
            live.apply(stored.fill)
        }
        try await database.record(merge: Merge(id: "m1", size: Quantity(shares: 1), timestampMilliseconds: Self.t0 + 4), market: Self.market)
        live.apply(Merge(id: "m1", size: Quantity(shares: 1), timestampMilliseconds: Self.t0 + 4))
        try await database.record(credit: Credit(id: "r1", kind: .reward, amount: Money(micros: 1_250_000), timestampMilliseconds: Self.t0 + 5), market: Self.market)
        live.apply(Credit(id: "r1", kind: .reward, amount: Money(micros: 1_250_000), timestampMilliseconds: Self.t0 + 5))
        let rebuilt = try await database.ledger(market: Self.market)
        #expect(rebuilt == live)
        #expect(rebuilt.yes.position == Quantity(shares: 5) && rebuilt.no.position == Quantity(shares: 5), "the FAILED trade stays reversed after a rebuild")
        try await database.saveEconomics(market: Self.market, ledger: rebuilt, nowMilliseconds: Self.t0)
        #expect(try await database.lastFillTime() == Self.t0 + 3)
    }

    @Test func theIntentLogStoresTheSignedBodyBeforeSendingAndEveryTransition() async throws {
        let path = Self.temporaryPath()
        let database = try AppDatabase(path: path)
        let intent = OrderIntent(
            orderID: "0xabc", clientID: "c-1", market: Self.market, assetID: "1", outcome: .yes, side: .buy, price: Price(micros: 480_000)!,
            size: Quantity(shares: 10), orderType: "GTC", postOnly: true, signedBody: "{\"order\":{}}", createdAtMilliseconds: Self.t0)
        try await database.record(intent: intent)
        try await database.transition(orderID: "0xabc", to: .posting, nowMilliseconds: Self.t0 + 1)
        try await database.transition(orderID: "0xabc", to: .ambiguous, detail: "timeout after sending", nowMilliseconds: Self.t0 + 2)
        #expect(try await database.transition(orderID: "0xnope", to: .live, nowMilliseconds: Self.t0) == false)

        // After a crash: the reopened log still lists the order as possibly live, with its signed body.
        let reopened = try AppDatabase(path: path)
        let open = try await reopened.intents()
        #expect(open.map(\.orderID) == ["0xabc"] && open.first?.state == .ambiguous && open.first?.signedBody == "{\"order\":{}}")
        try await reopened.transition(orderID: "0xabc", to: .live, nowMilliseconds: Self.t0 + 3)
        try await reopened.transition(orderID: "0xabc", to: .cancelled, nowMilliseconds: Self.t0 + 4)
        #expect(try await reopened.intents().isEmpty)
        #expect(try await reopened.transitions(orderID: "0xabc") == [.signed, .posting, .ambiguous, .live, .cancelled])
    }

    @Test func riskEventsAuditLogMarketsAndState() async throws {
        let database = try AppDatabase.inMemory()
        try await database.recordRiskEvent(market: Self.market, kind: "stop", reason: "unrealized P&L -10.01 below -10", nowMilliseconds: Self.t0)
        try await database.audit(actor: "uid 1000", action: "pause", detail: Self.market, nowMilliseconds: Self.t0)
        try await database.saveMarket(id: Self.market, name: "Test", yesToken: "1", noToken: "2", tick: .hundredth, negRisk: false, rewards: nil, nowMilliseconds: Self.t0)
        try await database.setState("heartbeat_id", "hb-1")
        try await database.setState("heartbeat_id", "hb-2")
        #expect(try await database.riskEvents(market: Self.market).map(\.kind) == ["stop"])
        #expect(try await database.auditLog().map(\.action) == ["pause"])
        #expect(try await database.state("heartbeat_id") == "hb-2")
    }
}
