import Foundation
import MMCore
@_spi(Testing) @testable import MMPersistence
import Testing

/// Group commit on a real file database: many "markets" (tasks) writing at once share commits.
@Suite struct FillCommitterTests {
    static let t0 = AppDatabaseTests.t0

    static func fill(market: Int, trade: Int, _ status: TradeStatus = .matched) -> StoredFill {
        StoredFill(
            fill: Fill(
                key: FillKey(tradeID: "m\(market)-t\(trade)", orderID: "o\(market)"), outcome: trade % 2 == 0 ? .yes : .no, side: .buy,
                price: Price(micros: 480_000)!, size: Quantity(shares: 5), timestampMilliseconds: t0 + Int64(trade), status: status),
            market: "market-\(market)", assetID: trade % 2 == 0 ? "1" : "2")
    }

    @Test func concurrentDeliveriesFromManyMarketsAreStoredOnceInFewCommits() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let committer = FillCommitter(database: database)
        let markets = 40
        let perMarket = 8
        let before = database.committedTransactions
        // Every fill arrives twice at the same moment (say the user channel and a resync).
        let writes = try await withThrowingTaskGroup(of: (FillKey, FillWrite).self) { group in
            for market in 0..<markets {
                for trade in 0..<perMarket {
                    for _ in 0..<2 {
                        group.addTask {
                            let stored = Self.fill(market: market, trade: trade)
                            return (stored.fill.key, try await committer.record(stored, nowMilliseconds: Self.t0))
                        }
                    }
                }
            }
            var byKey: [FillKey: [FillWrite]] = [:]
            for try await (key, write) in group { byKey[key, default: []].append(write) }
            return byKey
        }
        let commits = database.committedTransactions - before
        #expect(writes.count == markets * perMarket)
        for (key, results) in writes {
            #expect(results.count(where: { $0 == .inserted }) == 1 && results.count(where: { $0 == .duplicate }) == 1, "\(key): \(results)")
        }
        #expect(try await database.fills().count == markets * perMarket)
        #expect(commits >= 1 && commits < markets * perMarket, "640 writes shared \(commits) commits")
    }

    @Test func eachCallerReturnsAfterItsCommitWithTheRightResult() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let committer = FillCommitter(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for market in 0..<25 {
                group.addTask {
                    var ledger = PositionLedger()
                    for trade in 0..<6 {
                        let matched = Self.fill(market: market, trade: trade)
                        #expect(try await committer.record(matched, nowMilliseconds: Self.t0) == .inserted)
                        // Committed before the call returned: a reader connection already sees it.
                        #expect(try await database.fills(market: "market-\(market)").count == trade + 1)
                        ledger.apply(matched.fill)
                        try await committer.saveEconomics(market: "market-\(market)", ledger: ledger, nowMilliseconds: Self.t0 + Int64(trade))
                        let confirmed = Self.fill(market: market, trade: trade, .confirmed)
                        #expect(try await committer.record(confirmed, nowMilliseconds: Self.t0) == .statusAdvanced(from: .matched, to: .confirmed))
                    }
                    let stored = try await database.economics(market: "market-\(market)")
                    #expect(stored?.yes == ledger.yes.position && stored?.no == ledger.no.position && stored?.updatedAtMilliseconds == Self.t0 + 5)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await database.fills().allSatisfy { $0.fill.status == .confirmed })
    }

    @Test func aFailingTransactionFailsEveryCallerInItAndWritesSucceedOnceCleared() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath(), retry: WriteRetryPolicy(attempts: 3, firstBackoff: .milliseconds(1)))
        let committer = FillCommitter(database: database)
        try await database.injectWriteFailure(on: "fills")
        let failed = await Self.recordConcurrently(committer, markets: 20, perMarket: 10)
        #expect(failed.count == 200)
        for outcome in failed {
            guard case .failure(.rejected(let context)) = outcome else {
                Issue.record("expected a rejected write, got \(outcome)")
                continue
            }
            #expect(context.attempts == 3 && context.sqliteMessage == "injected write failure on fills")
        }
        #expect(try await database.fills().isEmpty)

        try await database.clearInjectedWriteFailures()
        let succeeded = await Self.recordConcurrently(committer, markets: 20, perMarket: 10)
        #expect(succeeded.allSatisfy { $0 == .success(.inserted) }, "nothing of the failed transactions had been stored")
        #expect(try await database.fills().count == 200)
    }

    @Test func aTransientFailureInAGroupIsRetriedForEveryone() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let committer = FillCommitter(database: database)
        try await database.injectWriteFailure(on: "fills", times: 1)
        let outcomes = await Self.recordConcurrently(committer, markets: 10, perMarket: 10)
        #expect(outcomes.count == 100 && outcomes.allSatisfy { $0 == .success(.inserted) })
        #expect(try await database.fills().count == 100)
    }

    @Test func aBatchNeverExceedsItsBound() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let committer = FillCommitter(database: database, maximumBatch: 4)
        let before = database.committedTransactions
        let outcomes = await Self.recordConcurrently(committer, markets: 10, perMarket: 10)
        #expect(outcomes.allSatisfy { $0 == .success(.inserted) })
        #expect(database.committedTransactions - before >= 25, "100 writes in batches of at most 4")
    }

    @Test func economicsOfManyMarketsShareCommitsAndTheLatestLedgerWins() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        var older = PositionLedger()
        older.apply(Self.fill(market: 0, trade: 0).fill)
        var newer = older
        newer.apply(Self.fill(market: 0, trade: 1).fill)
        // Two saves of one market in one transaction: the later one is written.
        let before = database.committedTransactions
        let done = try await database.commit([
            .economics(market: "market-0", ledger: newer, now: Self.t0), .economics(market: "market-0", ledger: older, now: Self.t0 + 1),
        ]).get()
        #expect(done.count == 2 && database.committedTransactions == before + 1)
        let stored = try await database.economics(market: "market-0")
        #expect(stored?.yes == older.yes.position && stored?.no == older.no.position && stored?.updatedAtMilliseconds == Self.t0 + 1)

        let committer = FillCommitter(database: database)
        let ledger = newer
        let start = database.committedTransactions
        try await withThrowingTaskGroup(of: Void.self) { group in
            for market in 1...60 {
                group.addTask { try await committer.saveEconomics(market: "market-\(market)", ledger: ledger, nowMilliseconds: Self.t0 + Int64(market)) }
            }
            try await group.waitForAll()
        }
        #expect(database.committedTransactions - start < 60, "60 saves shared commits")
        for market in 1...60 { #expect(try await database.economics(market: "market-\(market)")?.updatedAtMilliseconds == Self.t0 + Int64(market)) }
    }

    /// `markets × perMarket` distinct fills recorded at once; the outcomes in completion order.
    static func recordConcurrently(_ committer: FillCommitter, markets: Int, perMarket: Int) async -> [Result<FillWrite, PersistenceError>] {
        await withTaskGroup(of: Result<FillWrite, PersistenceError>.self) { group in
            for market in 0..<markets {
                for trade in 0..<perMarket {
                    group.addTask {
                        do throws(PersistenceError) {
                            return .success(try await committer.record(Self.fill(market: market, trade: trade), nowMilliseconds: Self.t0))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
            }
            var outcomes: [Result<FillWrite, PersistenceError>] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }
}

/// The WAL is checkpointed on a second connection, off the commit path.
@Suite struct CheckpointTests {
    @Test func aSecondConnectionCheckpointsTheWriterWALWhileItIsOpen() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        for trade in 0..<40 { _ = try await database.record(AppDatabaseTests.stored("t\(trade)"), nowMilliseconds: AppDatabaseTests.t0) }
        let checkpointer = try #require(database.hooks.checkpointer)
        let result = try checkpointer.checkpointNow()
        #expect(result.walFrames > 0 && result.copiedFrames == result.walFrames, "every committed frame copied into the database file")
        #expect(database.checkpointHealth.failed == 0)
        #expect(try await database.fills().count == 40)
    }
}
