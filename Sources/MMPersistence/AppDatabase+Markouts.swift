import GRDB
import MMCore

/// A fill's markout at one horizon: per share, positive when the market moved our way.
public struct StoredMarkout: Sendable, Hashable {
    public var tradeID: String
    public var horizonMilliseconds: Int64
    public var market: String
    public var perShareMicros: Int64

    public init(tradeID: String, horizonMilliseconds: Int64, market: String, perShareMicros: Int64) {
        self.tradeID = tradeID
        self.horizonMilliseconds = horizonMilliseconds
        self.market = market
        self.perShareMicros = perShareMicros
    }
}

extension AppDatabase {
    /// Stores markouts with their fills; a repeat (a replayed fill) keeps the first.
    public func record(markouts: [StoredMarkout], nowMilliseconds now: Int64) async throws(PersistenceError) {
        guard !markouts.isEmpty else { return }
        try await write("record \(markouts.count) fill markouts") { db in
            for markout in markouts {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO fill_markouts (trade_id, horizon_ms, market, markout_micros, at_ms) VALUES (?, ?, ?, ?, ?)",
                    arguments: [markout.tradeID, markout.horizonMilliseconds, markout.market, markout.perShareMicros, now])
            }
        }
    }

    public func markouts(market: String? = nil) async throws -> [StoredMarkout] {
        try await writer.read { db in
            let rows = market == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM fill_markouts ORDER BY at_ms, trade_id, horizon_ms")
                : try Row.fetchAll(db, sql: "SELECT * FROM fill_markouts WHERE market = ? ORDER BY at_ms, trade_id, horizon_ms", arguments: [market])
            return rows.map { StoredMarkout(tradeID: $0["trade_id"], horizonMilliseconds: $0["horizon_ms"], market: $0["market"], perShareMicros: $0["markout_micros"]) }
        }
    }
}
