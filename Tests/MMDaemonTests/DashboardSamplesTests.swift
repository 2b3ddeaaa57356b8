import Foundation
import MMPersistence
import Synchronization
import Testing
@testable import MMDaemon

/// The dashboard's time series on a real SQLite file: one transaction per round, thinning to a row a
/// minute, ageing out, and queries that downsample to the last sample of each bucket.
@Suite struct DashboardSamplesTests {
    static func database() throws -> (AppDatabase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mmd-samples-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try AppDatabase(path: directory.appendingPathComponent("mmd.sqlite").path), directory)
    }

    static func sample(_ market: String, _ at: Int64, mid: Int64) -> MarketSample {
        MarketSample(
            market: market, atMilliseconds: at, mid: mid, bestBid: mid - 10_000, bestAsk: mid + 10_000, ourBid: nil, ourAsk: mid + 20_000, yes: at, no: 0, net: at,
            realized: 0, unrealized: -at, rewards: 0, total: -at)
    }

    /// Three minutes of one-second samples of two markets, written one round (one transaction) a second.
    static func threeMinutes(_ database: AppDatabase, base: Int64) async throws {
        for second in Int64(0)..<180 {
            let at = base + second * 1_000
            try await database.record(samples: [sample("a", at, mid: 500_000 + second), sample("b", at, mid: 400_000)])
        }
    }

    @Test func aRoundIsOneTransactionAndRoundTripsEveryField() async throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = database.committedTransactions
        let round = (0..<50).map { Self.sample("m\($0)", 1_000, mid: 500_000 + Int64($0)) }
        try await database.record(samples: round)
        #expect(database.committedTransactions == before + 1)
        #expect(try await database.sampleCount() == 50)
        let back = try await database.samples(market: "m7", from: 0, to: 2_000, bucketMilliseconds: 1_000)
        #expect(back == [round[7]])
        #expect(try await database.samples(market: "unknown", from: 0, to: 2_000, bucketMilliseconds: 1_000).isEmpty)
    }

    @Test func thinningKeepsTheLastSampleOfEachMinuteAndAgeingDeletes() async throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base: Int64 = 1_800_000_000_000 // on a minute boundary
        try await Self.threeMinutes(database, base: base)
        #expect(try await database.sampleCount(market: "a") == 180)
        // The first two minutes are thinned (one row each, the minute's last); nothing is old enough to delete.
        let deleted = try await database.compactSamples(since: 0, fineBefore: base + 120_500, keepAfter: base - 1)
        #expect(deleted == 2 * 118)
        let a = try await database.samples(market: "a", from: base, to: base + 200_000, bucketMilliseconds: 1_000)
        #expect(a.count == 2 + 60)
        #expect(a[0].atMilliseconds == base + 59_000 && a[0].mid == 500_059)
        #expect(a[1].atMilliseconds == base + 119_000 && a[1].mid == 500_119)
        #expect(a[2].atMilliseconds == base + 120_000)
        // Thinning again from where it stopped changes nothing; ageing out the first minute deletes its row.
        #expect(try await database.compactSamples(since: base + 120_000, fineBefore: base + 120_500, keepAfter: base - 1) == 0)
        #expect(try await database.compactSamples(since: base + 120_000, fineBefore: base + 120_500, keepAfter: base + 60_000) == 2)
        #expect(try await database.sampleCount(market: "a") == 61)
    }

    @Test func aLongRangeIsDownsampledToTheLastSampleOfEachBucketWithThePointBefore() async throws {
        let (database, directory) = try Self.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base: Int64 = 1_800_000_000_000
        try await Self.threeMinutes(database, base: base)
        let points = try await database.samples(market: "a", from: base + 30_000, to: base + 179_000, bucketMilliseconds: 30_000)
        // The point just before the range, then one per 30 s bucket (1:00…1:29 … 2:30…2:59 → 5 buckets).
        #expect(points.map(\.atMilliseconds) == [base + 29_000, base + 59_000, base + 89_000, base + 119_000, base + 149_000, base + 179_000])
        #expect(points.map(\.mid) == [500_029, 500_059, 500_089, 500_119, 500_149, 500_179])
        #expect(points.allSatisfy { $0.ourBid == nil && $0.ourAsk == ($0.mid ?? 0) + 20_000 && $0.total == -$0.atMilliseconds })
        let other = try await database.samples(market: "b", from: base, to: base + 179_000, bucketMilliseconds: 60_000)
        #expect(other.count == 3 && other.allSatisfy { $0.market == "b" && $0.mid == 400_000 })
    }

    @Test func unchangedFiguresAreRecognised() {
        let first = Self.sample("a", 1_000, mid: 500_000)
        var later = first
        later.atMilliseconds = 9_000
        #expect(first.sameFigures(as: later))
        later.net += 1
        #expect(!first.sameFigures(as: later))
    }
}

/// The sampler's housekeeping against a real file: a backlog is thinned ten minutes a pass, from the
/// oldest row on, until everything older than the fine window is one row a minute.
@Suite struct DashboardCompactionTests {
    @Test func aBacklogIsThinnedTenMinutesAPass() async throws {
        let (database, directory) = try DashboardSamplesTests.database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base: Int64 = 1_800_000_000_000
        for chunk in 0..<18 {
            let samples = (0..<600).map { DashboardSamplesTests.sample("a", base + Int64(chunk * 600 + $0) * 1_000, mid: 500_000) }
            try await database.record(samples: samples)
        }
        let monitor = DaemonMonitor()
        monitor.state.withLock { $0.database = database }
        let now = base + 3 * 3_600_000
        let sampler = DashboardSampler(monitor: monitor, logger: MonitoringTests.logger, nowMilliseconds: { now })
        await sampler.compact(since: 0, now: now)
        #expect(try await database.sampleCount() == 10_800 - 10 * 59)
        for _ in 0..<11 { await sampler.compact(since: sampler.state.withLock { $0.compactedUpTo }, now: now) }
        #expect(try await database.sampleCount() == 10_800 - 120 * 59)
        // Caught up: the last hour keeps its seconds.
        await sampler.compact(since: sampler.state.withLock { $0.compactedUpTo }, now: now)
        #expect(try await database.sampleCount() == 10_800 - 120 * 59)
        #expect(sampler.state.withLock { $0.compactedUpTo } == base + 2 * 3_600_000)
        let lastHour = try await database.samples(market: "a", from: base + 2 * 3_600_000, to: now, bucketMilliseconds: 1_000)
        #expect(lastHour.count == 3_600 + 1)
    }
}
