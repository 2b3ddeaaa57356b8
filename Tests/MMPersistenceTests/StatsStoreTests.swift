import Foundation
import MMCore
import Synchronization
import Testing
@_spi(Testing) @testable import MMPersistence

/// The store's side of `mmctl stats`: markouts summed per market and horizon, reward rows by day range,
/// and the commit-duration observer behind `mmd_sqlite_commit_duration_seconds`.
@Suite struct StatsStoreTests {
    static let t0 = AppDatabaseTests.t0

    @Test func markoutsAreSummedPerMarketAndHorizonWithTheFillsSize() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        // Trade 1: 5 shares in market 0; trade 3: 10 shares in market 0; trade 2 in market 1 (5 shares).
        _ = try await database.record(FillCommitterTests.fill(market: 0, trade: 1), nowMilliseconds: Self.t0)
        _ = try await database.record(FillCommitterTests.fill(market: 1, trade: 2), nowMilliseconds: Self.t0)
        var big = FillCommitterTests.fill(market: 0, trade: 3)
        big.fill.size = Quantity(shares: 10)
        _ = try await database.record(big, nowMilliseconds: Self.t0)
        try await database.record(
            markouts: [
                StoredMarkout(tradeID: "m0-t1", horizonMilliseconds: 1_000, market: "market-0", perShareMicros: 10_000),
                StoredMarkout(tradeID: "m0-t3", horizonMilliseconds: 1_000, market: "market-0", perShareMicros: -4_000),
                StoredMarkout(tradeID: "m0-t1", horizonMilliseconds: 60_000, market: "market-0", perShareMicros: 20_000),
                StoredMarkout(tradeID: "m1-t2", horizonMilliseconds: 1_000, market: "market-1", perShareMicros: 1_000),
            ], nowMilliseconds: Self.t0 + 1_000)
        // Recorded before the window: left out.
        try await database.record(
            markouts: [StoredMarkout(tradeID: "m0-t1", horizonMilliseconds: 10_000, market: "market-0", perShareMicros: 7)], nowMilliseconds: Self.t0 - 5_000)

        let all = try await database.markoutSummaries(sinceMilliseconds: Self.t0)
        #expect(all == [
            MarkoutSummary(market: "market-0", horizonMilliseconds: 1_000, fills: 2, perShareSumMicros: 6_000, valueMicros: 50_000 - 40_000),
            MarkoutSummary(market: "market-0", horizonMilliseconds: 60_000, fills: 1, perShareSumMicros: 20_000, valueMicros: 100_000),
            MarkoutSummary(market: "market-1", horizonMilliseconds: 1_000, fills: 1, perShareSumMicros: 1_000, valueMicros: 5_000),
        ])
        #expect(try await database.markoutSummaries(sinceMilliseconds: Self.t0, market: "market-1").map(\.market) == ["market-1"])
        #expect(try await database.markoutSummaries(sinceMilliseconds: Self.t0 - 10_000, market: "market-0").count == 3)
    }

    @Test func rewardRowsByDayRange() async throws {
        let database = try AppDatabase.inMemory()
        for day in ["2026-01-14", "2026-01-15", "2026-01-16"] {
            try await database.recordScoringRound([], expected: [(day, "a", 1_000)], nowMilliseconds: Self.t0)
        }
        try await database.recordPaidRewards(day: "2026-01-15", paid: ["a": 700], nowMilliseconds: Self.t0)
        let rows = try await database.rewardReconciliation(from: "2026-01-15", through: "2026-01-16")
        #expect(rows.map(\.day) == ["2026-01-15", "2026-01-16"])
        #expect(rows.map(\.paidMicros) == [700, nil])
    }

    @Test func everyCommittedWriteIsTimedAndFailedOnesAreNot() async throws {
        let database = try AppDatabase(path: AppDatabaseTests.temporaryPath())
        let durations = Mutex<[Duration]>([])
        database.observeCommitDurations { duration in durations.withLock { $0.append(duration) } }
        _ = try await database.record(FillCommitterTests.fill(market: 0, trade: 1), nowMilliseconds: Self.t0)
        try await FillCommitter(database: database).saveEconomics(market: "market-0", ledger: PositionLedger(), nowMilliseconds: Self.t0)
        let timed = durations.withLock { $0 }
        #expect(timed.count == 2)
        #expect(timed.allSatisfy { $0 > .zero })
        try await database.injectWriteFailure(on: "fills")
        let before = durations.withLock { $0.count }
        await #expect(throws: PersistenceError.self) { _ = try await database.record(FillCommitterTests.fill(market: 0, trade: 2), nowMilliseconds: Self.t0) }
        #expect(durations.withLock { $0.count } == before, "a write that did not commit is not a commit")
    }
}
