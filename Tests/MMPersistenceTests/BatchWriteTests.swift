import Foundation
import MMCore
@_spi(Testing) import MMPersistence
import Testing

/// One transaction per batch: intents, transitions and fills, on a real file database (WAL, synchronous = FULL).
@Suite struct BatchWriteTests {
    static let t0 = AppDatabaseTests.t0
    static let market = AppDatabaseTests.market

    static func intent(_ id: String, _ side: Side = .buy, at t: Int64 = t0) -> OrderIntent {
        OrderIntent(
            orderID: id, clientID: "c-\(id)", market: market, assetID: "1", outcome: .yes, side: side, price: Price(micros: 480_000)!,
            size: Quantity(shares: 10), orderType: "GTC", postOnly: true, signedBody: "{\"order\":\"\(id)\"}", createdAtMilliseconds: t)
    }

    /// Every order in the log, whatever its state.
    static func allIntents(_ database: AppDatabase) async throws -> [OrderIntent] {
        try await database.intents(in: Set(OrderState.allCases))
    }

    @Test func anIntentBatchIsStoredAllOrNothing() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        // The orders rows would insert fine; the failure comes with the second statement of the first intent.
        try await database.injectWriteFailure(on: "order_transitions")
        let error = await #expect(throws: PersistenceError.self) { try await database.record(intents: [Self.intent("0xa"), Self.intent("0xb", .sell)]) }
        guard case .rejected(let context) = error else { Issue.record("expected .rejected, got \(String(describing: error))"); return }
        #expect(context.attempts == WriteRetryPolicy.standard.attempts && context.sqliteMessage.contains("injected write failure on order_transitions"))
        #expect(context.operation == "record 2 order intents" && context.database == database.path)
        #expect(try await Self.allIntents(database).isEmpty, "nothing of the failed batch is stored")

        try await database.clearInjectedWriteFailures()
        let before = database.committedTransactions
        try await database.record(intents: [Self.intent("0xa"), Self.intent("0xb", .sell)])
        #expect(database.committedTransactions == before + 1, "one batch, one commit")
        #expect(try await Self.allIntents(database).map(\.orderID) == ["0xa", "0xb"])
        #expect(try await database.transitions(orderID: "0xa") == [.signed])
        #expect(try await database.transitions(orderID: "0xb") == [.signed])
    }

    @Test func aTransientFailureIsAbsorbedByTheRetry() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        try await database.injectWriteFailure(on: "orders", times: WriteRetryPolicy.standard.attempts - 1)
        let before = database.committedTransactions
        try await database.record(intents: [Self.intent("0xa")])
        #expect(database.committedTransactions == before + 1, "the failed tries rolled back; only the last one committed")
        #expect(try await Self.allIntents(database).map(\.orderID) == ["0xa"])
    }

    @Test func transitionsOfABatchGoInOneTransactionInOrder() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        try await database.record(intents: [Self.intent("0xa"), Self.intent("0xb", .sell)])
        let before = database.committedTransactions
        let unknown = try await database.apply([
            OrderTransition(orderID: "0xa", state: .posting, atMilliseconds: Self.t0 + 1),
            OrderTransition(orderID: "0xb", state: .posting, atMilliseconds: Self.t0 + 1),
            OrderTransition(orderID: "0xa", state: .live, matched: Quantity(shares: 2), atMilliseconds: Self.t0 + 2),
            OrderTransition(orderID: "0xnope", state: .live, atMilliseconds: Self.t0 + 2),
            OrderTransition(orderID: "0xb", state: .rejected, detail: "not enough balance", atMilliseconds: Self.t0 + 2),
        ])
        #expect(unknown == ["0xnope"])
        #expect(database.committedTransactions == before + 1)
        #expect(try await database.transitions(orderID: "0xa") == [.signed, .posting, .live])
        #expect(try await database.transitions(orderID: "0xb") == [.signed, .posting, .rejected])
        #expect(try await database.intent(orderID: "0xa")?.matched == Quantity(shares: 2))
        #expect(try await database.intents().map(\.orderID) == ["0xa"], "the rejected order no longer counts as possibly live")
        #expect(try await database.transition(orderID: "0xnope", to: .cancelled, nowMilliseconds: Self.t0 + 3) == false)
    }

    @Test func aFailedTransitionBatchChangesNothing() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        try await database.record(intents: [Self.intent("0xa"), Self.intent("0xb")])
        try await database.injectWriteFailure(on: "order_transitions", as: .ioFailure)
        let error = await #expect(throws: PersistenceError.self) {
            try await database.apply([
                OrderTransition(orderID: "0xa", state: .posting, atMilliseconds: Self.t0 + 1),
                OrderTransition(orderID: "0xb", state: .posting, atMilliseconds: Self.t0 + 1),
            ])
        }
        guard case .ioFailure = error else { Issue.record("expected .ioFailure, got \(String(describing: error))"); return }
        #expect(try await Self.allIntents(database).map(\.state) == [.signed, .signed])
    }

    /// The fills of the table-driven check: duplicates and status changes of the same keys, in one batch.
    static let fillSequence: [StoredFill] = [
        AppDatabaseTests.stored("t1"),
        AppDatabaseTests.stored("t1"),
        AppDatabaseTests.stored("t1", "o1", .no, .buy, 520_000, 20_000_000, at: t0, .confirmed),
        AppDatabaseTests.stored("t1", "o1", .no, .buy, 520_000, 20_000_000, at: t0, .mined),
        AppDatabaseTests.stored("t2", "o2", .yes, .sell, 470_000, 5_000_000, at: t0 + 1),
        AppDatabaseTests.stored("t2", "o2", .yes, .sell, 470_000, 5_000_000, at: t0 + 1, .failed),
        AppDatabaseTests.stored("t2", "o2", .yes, .sell, 470_000, 5_000_000, at: t0 + 1, .confirmed),
        AppDatabaseTests.stored("t2", "o3", .yes, .sell, 470_000, 1_000_000, at: t0 + 1),
    ]

    @Test func aFillBatchBehavesLikeSequentialCallsInOneCommit() async throws {
        let batched = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let sequential = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let before = batched.committedTransactions
        let results = try await batched.record(Self.fillSequence, nowMilliseconds: Self.t0)
        #expect(batched.committedTransactions == before + 1)
        var expected: [FillWrite] = []
        for fill in Self.fillSequence { expected.append(try await sequential.record(fill, nowMilliseconds: Self.t0)) }
        #expect(results == expected)
        #expect(
            results == [
                .inserted, .duplicate, .statusAdvanced(from: .matched, to: .confirmed), .duplicate, .inserted,
                .statusAdvanced(from: .matched, to: .failed), .duplicate, .inserted,
            ])
        #expect(try await batched.fills() == sequential.fills())
        #expect(try await batched.fills().map(\.fill.status) == [.confirmed, .failed, .matched])
        #expect(try await batched.record([], nowMilliseconds: Self.t0).isEmpty)
    }

    @Test func aFullDiskSaysSoAndWhatToDo() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath(), retry: WriteRetryPolicy(attempts: 2, firstBackoff: .milliseconds(1)))
        try await database.injectWriteFailure(on: "fills", as: .diskFull)
        let error = await #expect(throws: PersistenceError.self) { try await database.record(AppDatabaseTests.stored("t1"), nowMilliseconds: Self.t0) }
        guard case .diskFull(let context) = error else { Issue.record("expected .diskFull, got \(String(describing: error))"); return }
        #expect(context.attempts == 2 && context.sqliteCode == 13)
        #expect(error?.description.contains("free space on the volume holding \(database.path)") == true)
        #expect(try await database.fills().isEmpty)
        try await database.clearInjectedWriteFailures()
        #expect(try await database.record(AppDatabaseTests.stored("t1"), nowMilliseconds: Self.t0) == .inserted)
    }
}
