import GRDB
import MMCore

/// One market at one moment, as the dashboard's time series stores it: prices in micro-pUSD (YES view),
/// positions in micro-shares, P&L in micro-pUSD. `nil` where the book or our quotes had no such price.
public struct MarketSample: Sendable, Hashable, Codable {
    public var market: String
    public var atMilliseconds: Int64
    public var mid: Int64?
    public var bestBid: Int64?
    public var bestAsk: Int64?
    public var ourBid: Int64?
    public var ourAsk: Int64?
    public var yes: Int64
    public var no: Int64
    public var net: Int64
    public var realized: Int64
    public var unrealized: Int64
    public var rewards: Int64
    public var total: Int64

    public init(
        market: String, atMilliseconds: Int64, mid: Int64?, bestBid: Int64?, bestAsk: Int64?, ourBid: Int64?, ourAsk: Int64?, yes: Int64, no: Int64, net: Int64,
        realized: Int64, unrealized: Int64, rewards: Int64, total: Int64
    ) {
        self.market = market
        self.atMilliseconds = atMilliseconds
        self.mid = mid
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.ourBid = ourBid
        self.ourAsk = ourAsk
        self.yes = yes
        self.no = no
        self.net = net
        self.realized = realized
        self.unrealized = unrealized
        self.rewards = rewards
        self.total = total
    }

    /// Whether `other` shows the same figures (the time aside): an unchanged market need not be written again.
    public func sameFigures(as other: MarketSample) -> Bool {
        var copy = other
        copy.atMilliseconds = atMilliseconds
        return copy == self
    }
}

extension AppDatabase {
    /// The dashboard's time series, appended after the earlier migrations. Markets get a small integer key
    /// so a row is ~70 bytes rather than carrying the 66-character condition id.
    static func registerSamplesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("dashboard-samples-v1") { db in
            try db.create(table: "sample_markets") { t in
                t.primaryKey("key", .integer)
                t.column("market", .text).notNull().unique()
            }
            try db.create(table: "market_samples", options: [.withoutRowID]) { t in
                t.column("market_key", .integer).notNull()
                t.column("at_ms", .integer).notNull()
                t.primaryKey(["market_key", "at_ms"])
                for column in ["mid", "best_bid", "best_ask", "our_bid", "our_ask"] { t.column(column, .integer) }
                for column in ["yes", "no", "net", "realized", "unrealized", "rewards", "total"] { t.column(column, .integer).notNull() }
            }
            try db.create(index: "market_samples_at", on: "market_samples", columns: ["at_ms"])
        }
    }

    /// Stores one round of samples in one transaction (one fsync for every market of the round). A second
    /// sample of a market at the same millisecond replaces the first.
    /// - Throws: ``PersistenceError`` once the retries are spent; nothing of the round is stored then.
    public func record(samples: [MarketSample]) async throws(PersistenceError) {
        guard !samples.isEmpty else { return }
        try await write("record \(samples.count) dashboard samples") { db in
            let key = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sample_markets (market) VALUES (?)")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO market_samples
                    (market_key, at_ms, mid, best_bid, best_ask, our_bid, our_ask, yes, no, net, realized, unrealized, rewards, total)
                    VALUES ((SELECT key FROM sample_markets WHERE market = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for sample in samples {
                try key.execute(arguments: [sample.market])
                try insert.execute(arguments: [
                    sample.market, sample.atMilliseconds, sample.mid, sample.bestBid, sample.bestAsk, sample.ourBid, sample.ourAsk, sample.yes, sample.no,
                    sample.net, sample.realized, sample.unrealized, sample.rewards, sample.total,
                ])
            }
        }
    }

    /// Thins and ages the series in one transaction: rows older than `fineBefore` are thinned to the last
    /// one of each market and minute, and every row older than `keepAfter` is deleted. Only rows at or after
    /// `since` are thinned (the earlier ones were thinned by a previous call).
    /// - Returns: How many rows were deleted.
    @discardableResult
    public func compactSamples(since: Int64, fineBefore: Int64, keepAfter: Int64) async throws(PersistenceError) -> Int {
        let minute: Int64 = 60_000
        let cutoff = fineBefore / minute * minute
        return try await write("compact the dashboard samples") { db in
            try db.execute(
                sql: """
                    DELETE FROM market_samples WHERE at_ms >= ? AND at_ms < ? AND (market_key, at_ms) NOT IN
                    (SELECT market_key, MAX(at_ms) FROM market_samples WHERE at_ms >= ? AND at_ms < ? GROUP BY market_key, at_ms / \(minute))
                    """, arguments: [since, cutoff, since, cutoff])
            var deleted = db.changesCount
            try db.execute(sql: "DELETE FROM market_samples WHERE at_ms < ?", arguments: [keepAfter])
            deleted += db.changesCount
            return deleted
        }
    }

    /// A market's series between `from` and `to` (Unix ms), downsampled to buckets of `bucketMilliseconds`
    /// (the last sample of each bucket, stamped with its own time), oldest first. The sample just before
    /// `from` comes first when there is one, so a chart knows where a quiet market stood.
    public func samples(market: String, from: Int64, to: Int64, bucketMilliseconds: Int64) async throws -> [MarketSample] {
        let bucket = max(bucketMilliseconds, 1)
        return try await writer.read { db in
            guard let key = try Int64.fetchOne(db, sql: "SELECT key FROM sample_markets WHERE market = ?", arguments: [market]) else { return [] }
            let columns = "mid, best_bid, best_ask, our_bid, our_ask, yes, no, net, realized, unrealized, rewards, total"
            let before = try Row.fetchOne(
                db, sql: "SELECT at_ms, \(columns) FROM market_samples WHERE market_key = ? AND at_ms < ? ORDER BY at_ms DESC LIMIT 1", arguments: [key, from])
            // SQLite takes the bare columns from the row holding MAX(at_ms): the last sample of each bucket.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT MAX(at_ms) AS at_ms, \(columns) FROM market_samples
                    WHERE market_key = ? AND at_ms >= ? AND at_ms <= ? GROUP BY at_ms / ? ORDER BY at_ms
                    """, arguments: [key, from, to, bucket])
            return ([before].compactMap { $0 } + rows).map { row in
                MarketSample(
                    market: market, atMilliseconds: row["at_ms"], mid: row["mid"], bestBid: row["best_bid"], bestAsk: row["best_ask"], ourBid: row["our_bid"],
                    ourAsk: row["our_ask"], yes: row["yes"], no: row["no"], net: row["net"], realized: row["realized"], unrealized: row["unrealized"],
                    rewards: row["rewards"], total: row["total"])
            }
        }
    }

    /// The time of the oldest stored sample (any market), if there is one.
    public func oldestSampleTime() async throws -> Int64? {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(at_ms) FROM market_samples") }
    }

    /// How many sample rows are stored (all markets), for tests and the docs' cost figures.
    public func sampleCount(market: String? = nil) async throws -> Int {
        try await writer.read { db in
            if let market {
                return try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM market_samples WHERE market_key = (SELECT key FROM sample_markets WHERE market = ?)", arguments: [market]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM market_samples") ?? 0
        }
    }
}
