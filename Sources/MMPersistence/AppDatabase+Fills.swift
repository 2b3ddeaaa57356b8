import Foundation
import GRDB
import MMCore

/// A fill as stored: the ledger's `Fill` plus where it came from.
public struct StoredFill: Sendable, Hashable {
    public var fill: Fill
    public var market: String
    public var assetID: String
    public var isTaker: Bool
    /// The venue's event, kept verbatim for audits.
    public var raw: String?

    public init(fill: Fill, market: String, assetID: String, isTaker: Bool = false, raw: String? = nil) {
        self.fill = fill
        self.market = market
        self.assetID = assetID
        self.isTaker = isTaker
        self.raw = raw
    }
}

extension AppDatabase {
    /// Records a fill durably **before** anyone acts on it: inserted once per (trade id, order id), its
    /// status only ever moving forward. The caller applies the same fill to the ledger after this returns.
    /// One transaction (one fsync); many markets' fills should go through a ``FillCommitter`` instead.
    /// - Throws: ``PersistenceError`` once the retries are spent; the fill was not stored then.
    public func record(_ stored: StoredFill, nowMilliseconds now: Int64) async throws(PersistenceError) -> FillWrite {
        try await record([stored], nowMilliseconds: now)[0]
    }

    /// Records a batch of fills in **one** transaction: all stored or none.
    ///
    /// The results are in input order, and the fills are applied in that order inside the transaction, so
    /// the same key twice in one batch behaves exactly as two sequential ``record(_:nowMilliseconds:)`` calls
    /// (the second is `.duplicate` or `.statusAdvanced`).
    /// - Parameters:
    ///   - fills: The fills, in the order their events arrived.
    ///   - now: Stored as `recorded_at_ms`/`updated_at_ms` (UTC epoch milliseconds).
    /// - Returns: What each fill did, in input order (empty for an empty batch, without a transaction).
    /// - Throws: ``PersistenceError`` once the retries are spent; none of the batch was stored then.
    public func record(_ fills: [StoredFill], nowMilliseconds now: Int64) async throws(PersistenceError) -> [FillWrite] {
        guard !fills.isEmpty else { return [] }
        return try await write(fills.count == 1 ? "record a fill" : "record \(fills.count) fills") { db in
            try fills.map { try Self.write($0, nowMilliseconds: now, in: db) }
        }
    }

    /// Inserts or advances one fill inside the caller's transaction (cached statements: the hot path).
    static func write(_ stored: StoredFill, nowMilliseconds now: Int64, in db: Database) throws -> FillWrite {
        let fill = stored.fill
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO fills (trade_id, order_id, market, asset_id, outcome, side, price_micros, size_micros, status, match_time_ms,
                                   is_taker, raw, recorded_at_ms, updated_at_ms, paper)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        COALESCE((SELECT value = 'paper' FROM state WHERE key = 'ledger_kind'), 0))
                ON CONFLICT(trade_id, order_id) DO NOTHING
                """)
        try insert.execute(arguments: [
            fill.key.tradeID, fill.key.orderID, stored.market, stored.assetID, fill.outcome.rawValue, fill.side.rawValue, fill.price.micros,
            fill.size.micros, fill.status.rawValue, fill.timestampMilliseconds, stored.isTaker, stored.raw, now, now,
        ])
        if db.changesCount > 0 { return .inserted }
        let select = try db.cachedStatement(sql: "SELECT status FROM fills WHERE trade_id = ? AND order_id = ?")
        let known = try String.fetchOne(select, arguments: [fill.key.tradeID, fill.key.orderID]).flatMap(TradeStatus.init(rawValue:)) ?? .matched
        guard fill.status.rank > known.rank, known != .failed else { return .duplicate }
        let update = try db.cachedStatement(
            sql: "UPDATE fills SET status = ?, updated_at_ms = ?, raw = COALESCE(?, raw) WHERE trade_id = ? AND order_id = ?")
        try update.execute(arguments: [fill.status.rawValue, now, stored.raw, fill.key.tradeID, fill.key.orderID])
        return .statusAdvanced(from: known, to: fill.status)
    }

    /// Every stored fill of a market (FAILED ones included, so replays keep ignoring them), oldest first.
    public func fills(market: String? = nil, sinceMilliseconds: Int64? = nil, limit: Int? = nil) async throws -> [StoredFill] {
        try await writer.read { db in
            var sql = "SELECT * FROM fills WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let market {
                sql += " AND market = ?"
                arguments += [market]
            }
            if let sinceMilliseconds {
                sql += " AND match_time_ms >= ?"
                arguments += [sinceMilliseconds]
            }
            sql += " ORDER BY match_time_ms, trade_id, order_id"
            if let limit { sql += " LIMIT \(max(limit, 0))" }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.storedFill)
        }
    }

    static func storedFill(_ row: Row) -> StoredFill? {
        guard let outcome = Outcome(rawValue: row["outcome"]), let side = Side(rawValue: row["side"]), let price = Price(micros: row["price_micros"]),
            let status = TradeStatus(rawValue: row["status"])
        else { return nil }
        let fill = Fill(
            key: FillKey(tradeID: row["trade_id"], orderID: row["order_id"]), outcome: outcome, side: side, price: price,
            size: Quantity(micros: row["size_micros"]), timestampMilliseconds: row["match_time_ms"], status: status)
        return StoredFill(fill: fill, market: row["market"], assetID: row["asset_id"], isTaker: row["is_taker"], raw: row["raw"])
    }

    /// The newest match time stored, for the "fetch trades since the last seen one" resync.
    public func lastFillTime() async throws -> Int64? {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(match_time_ms) FROM fills") }
    }
}
