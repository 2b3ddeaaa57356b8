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

/// What writing a fill did.
public enum FillWrite: Sendable, Hashable {
    /// First time seen: committed.
    case inserted
    /// Known, and its status moved forward (e.g. MATCHED → CONFIRMED, or → FAILED).
    case statusAdvanced(from: TradeStatus, to: TradeStatus)
    /// Known with the same or a later status: nothing written.
    case duplicate
}

extension AppDatabase {
    /// Records a fill durably **before** anyone acts on it: inserted once per (trade id, order id), its
    /// status only ever moving forward. The caller applies the same fill to the ledger after this returns.
    public func record(_ stored: StoredFill, nowMilliseconds now: Int64) async throws -> FillWrite {
        try await writer.write { db in
            let fill = stored.fill
            if let row = try Row.fetchOne(db, sql: "SELECT status FROM fills WHERE trade_id = ? AND order_id = ?", arguments: [fill.key.tradeID, fill.key.orderID]) {
                let known = TradeStatus(rawValue: row["status"]) ?? .matched
                guard fill.status.rank > known.rank, known != .failed else { return .duplicate }
                try db.execute(
                    sql: "UPDATE fills SET status = ?, updated_at_ms = ?, raw = COALESCE(?, raw) WHERE trade_id = ? AND order_id = ?",
                    arguments: [fill.status.rawValue, now, stored.raw, fill.key.tradeID, fill.key.orderID])
                return .statusAdvanced(from: known, to: fill.status)
            }
            try db.execute(
                sql: """
                    INSERT INTO fills (trade_id, order_id, market, asset_id, outcome, side, price_micros, size_micros, status, match_time_ms,
                                       is_taker, raw, recorded_at_ms, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    fill.key.tradeID, fill.key.orderID, stored.market, stored.assetID, fill.outcome.rawValue, fill.side.rawValue, fill.price.micros,
                    fill.size.micros, fill.status.rawValue, fill.timestampMilliseconds, stored.isTaker, stored.raw, now, now,
                ])
            return .inserted
        }
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

    /// Rebuilds a market's ledger from the database: the same economics as before a restart.
    public func ledger(market: String) async throws -> PositionLedger {
        let fills = try await fills(market: market)
        let (merges, credits) = try await writer.read { db in
            let merges = try Row.fetchAll(db, sql: "SELECT * FROM merges WHERE market = ?", arguments: [market]).map {
                Merge(id: $0["id"], size: Quantity(micros: $0["size_micros"]), timestampMilliseconds: $0["at_ms"])
            }
            let credits = try Row.fetchAll(db, sql: "SELECT * FROM credits WHERE market = ?", arguments: [market]).compactMap { row -> Credit? in
                guard let kind = Credit.Kind(rawValue: row["kind"]) else { return nil }
                return Credit(id: row["id"], kind: kind, amount: Money(micros: row["amount_micros"]), timestampMilliseconds: row["at_ms"])
            }
            return (merges, credits)
        }
        var ledger = PositionLedger()
        for stored in fills { ledger.apply(stored.fill) }
        for merge in merges { ledger.apply(merge) }
        for credit in credits { ledger.apply(credit) }
        return ledger
    }

    public func record(merge: Merge, market: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO merges (id, market, size_micros, at_ms) VALUES (?, ?, ?, ?)", arguments: [merge.id, market, merge.size.micros, merge.timestampMilliseconds])
        }
    }

    public func record(credit: Credit, market: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO credits (id, market, kind, amount_micros, at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [credit.id, market, credit.kind.rawValue, credit.amount.micros, credit.timestampMilliseconds])
        }
    }

    /// Stores the derived economics of a market (for `mmctl pnl` without recomputation), one transaction.
    public func saveEconomics(market: String, ledger: PositionLedger, nowMilliseconds now: Int64) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO economics (market, yes_position_micros, no_position_micros, yes_avg_micros, no_avg_micros, realized_micros, rewards_micros, rebates_micros, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(market) DO UPDATE SET yes_position_micros = excluded.yes_position_micros, no_position_micros = excluded.no_position_micros,
                      yes_avg_micros = excluded.yes_avg_micros, no_avg_micros = excluded.no_avg_micros, realized_micros = excluded.realized_micros,
                      rewards_micros = excluded.rewards_micros, rebates_micros = excluded.rebates_micros, updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [
                    market, ledger.yes.position.micros, ledger.no.position.micros, ledger.yes.averageCost?.micros, ledger.no.averageCost?.micros,
                    ledger.realized.micros, ledger.rewards.micros, ledger.rebates.micros, now,
                ])
            for (day, figures) in ledger.daily {
                try db.execute(
                    sql: """
                        INSERT INTO daily_pnl (day, market, realized_micros, rewards_micros, rebates_micros, fills, volume_micros) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(day, market) DO UPDATE SET realized_micros = excluded.realized_micros, rewards_micros = excluded.rewards_micros,
                          rebates_micros = excluded.rebates_micros, fills = excluded.fills, volume_micros = excluded.volume_micros
                        """,
                    arguments: [day.description, market, figures.realized.micros, figures.rewards.micros, figures.rebates.micros, figures.fills, figures.volume.micros])
            }
        }
    }

    /// The newest match time stored, for the "fetch trades since the last seen one" resync.
    public func lastFillTime() async throws -> Int64? {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(match_time_ms) FROM fills") }
    }
}
