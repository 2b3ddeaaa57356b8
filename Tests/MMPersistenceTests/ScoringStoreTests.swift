import MMCore
import Testing
@testable import MMPersistence

/// The scoring verdicts and the expected-against-paid reward table.
@Suite struct ScoringStoreTests {
    @Test func verdictsKeepTheLatestCheckAndCountThem() async throws {
        let database = try AppDatabase.inMemory()
        let first = OrderScoringRecord(orderID: "0x1", market: "m", venueScores: true, modelScores: true, reason: nil, checkedAtMilliseconds: 1_000)
        try await database.recordScoringRound([first], expected: [], nowMilliseconds: 1_000)
        var second = first
        second.venueScores = false
        second.reason = "size_below_min"
        second.checkedAtMilliseconds = 61_000
        try await database.recordScoringRound([second], expected: [], nowMilliseconds: 61_000)
        #expect(try await database.orderScoring(market: "m") == [second])
        #expect(try await database.orderScoring(market: "other").isEmpty)
    }

    @Test func expectedAccruesPerDayAndPaidIsStoredBesideIt() async throws {
        let database = try AppDatabase.inMemory()
        try await database.recordScoringRound([], expected: [("2026-01-16", "a", 400), ("2026-01-16", "b", 100), ("2026-01-17", "a", 7)], nowMilliseconds: 1)
        try await database.recordScoringRound([], expected: [("2026-01-16", "a", 600), ("2026-01-16", "b", 0)], nowMilliseconds: 2)
        var rows = try await database.rewardReconciliation(day: "2026-01-16")
        #expect(rows.map(\.expectedMicros) == [1_000, 100])
        #expect(rows.allSatisfy { $0.paidMicros == nil && $0.ratio == nil })

        // The venue lists only markets that paid: b is stored as paid zero, c (not expected) is added.
        try await database.recordPaidRewards(day: "2026-01-16", paid: ["a": 950, "c": 5], nowMilliseconds: 3)
        rows = try await database.rewardReconciliation(day: "2026-01-16")
        #expect(rows.map(\.market) == ["a", "b", "c"])
        #expect(rows.map(\.paidMicros) == [950, 0, 5])
        #expect(rows.map(\.ratio) == [Ratio(micros: 950_000), Ratio(micros: 0), nil])
        #expect(rows.allSatisfy { $0.paidFetchedAtMilliseconds == 3 })
        // Accruing after the fetch keeps the paid figure; another day is untouched.
        try await database.recordScoringRound([], expected: [("2026-01-16", "a", 1_000)], nowMilliseconds: 4)
        #expect(try await database.rewardReconciliation(day: "2026-01-16").first?.paidMicros == 950)
        #expect(try await database.rewardReconciliation(day: "2026-01-17").map(\.paidMicros) == [nil])
    }
}
