import GRDB
import MMCore

extension AppDatabase {
    /// Rebuilds a market's ledger from the database: the same economics as before a restart.
    public func ledger(market: String) async throws -> PositionLedger {
        try await ledgers(markets: [market])[market] ?? PositionLedger()
    }

    /// Rebuilds the ledgers of many markets in one read (start-up with a thousand markets).
    public func ledgers(markets ids: [String]) async throws -> [String: PositionLedger] {
        var result = Dictionary(uniqueKeysWithValues: ids.map { ($0, PositionLedger()) })
        guard !ids.isEmpty else { return result }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let arguments = StatementArguments(ids)
        let (fills, merges, credits) = try await writer.read { db in
            let fills = try Row.fetchAll(
                db, sql: "SELECT * FROM fills WHERE market IN (\(placeholders)) ORDER BY match_time_ms, trade_id, order_id", arguments: arguments
            ).compactMap(Self.storedFill)
            let merges = try Row.fetchAll(db, sql: "SELECT * FROM merges WHERE market IN (\(placeholders))", arguments: arguments).map {
                (market: $0["market"] as String, merge: Merge(id: $0["id"], size: Quantity(micros: $0["size_micros"]), timestampMilliseconds: $0["at_ms"]))
            }
            let credits = try Row.fetchAll(db, sql: "SELECT * FROM credits WHERE market IN (\(placeholders))", arguments: arguments).compactMap {
                row -> (market: String, credit: Credit)? in
                guard let kind = Credit.Kind(rawValue: row["kind"]) else { return nil }
                return (row["market"], Credit(id: row["id"], kind: kind, amount: Money(micros: row["amount_micros"]), timestampMilliseconds: row["at_ms"]))
            }
            return (fills, merges, credits)
        }
        for stored in fills { result[stored.market]?.apply(stored.fill) }
        for entry in merges { result[entry.market]?.apply(entry.merge) }
        for entry in credits { result[entry.market]?.apply(entry.credit) }
        return result
    }

    /// Stores a merge (YES+NO redeemed for collateral) once per id.
    public func record(merge: Merge, market: String) async throws(PersistenceError) {
        try await write("record merge \(merge.id)") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO merges (id, market, size_micros, at_ms) VALUES (?, ?, ?, ?)",
                arguments: [merge.id, market, merge.size.micros, merge.timestampMilliseconds])
        }
    }

    /// Stores a reward or rebate credit once per id.
    public func record(credit: Credit, market: String) async throws(PersistenceError) {
        try await write("record credit \(credit.id)") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO credits (id, market, kind, amount_micros, at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [credit.id, market, credit.kind.rawValue, credit.amount.micros, credit.timestampMilliseconds])
        }
    }

    /// Stores the derived economics of a market (for `mmctl pnl` without recomputation), one transaction.
    /// Many markets' economics share one transaction through ``FillCommitter/saveEconomics(market:ledger:nowMilliseconds:)``.
    public func saveEconomics(market: String, ledger: PositionLedger, nowMilliseconds now: Int64) async throws(PersistenceError) {
        try await write("save the economics of \(market)") { db in
            try Self.writeEconomics(market: market, ledger: ledger, nowMilliseconds: now, in: db)
        }
    }

    /// Upserts a market's economics and its daily P&L rows inside the caller's transaction.
    static func writeEconomics(market: String, ledger: PositionLedger, nowMilliseconds now: Int64, in db: Database) throws {
        let economics = try db.cachedStatement(
            sql: """
                INSERT INTO economics (market, yes_position_micros, no_position_micros, yes_avg_micros, no_avg_micros, realized_micros, rewards_micros, rebates_micros, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(market) DO UPDATE SET yes_position_micros = excluded.yes_position_micros, no_position_micros = excluded.no_position_micros,
                  yes_avg_micros = excluded.yes_avg_micros, no_avg_micros = excluded.no_avg_micros, realized_micros = excluded.realized_micros,
                  rewards_micros = excluded.rewards_micros, rebates_micros = excluded.rebates_micros, updated_at_ms = excluded.updated_at_ms
                """)
        try economics.execute(arguments: [
            market, ledger.yes.position.micros, ledger.no.position.micros, ledger.yes.averageCost?.micros, ledger.no.averageCost?.micros,
            ledger.realized.micros, ledger.rewards.micros, ledger.rebates.micros, now,
        ])
        let daily = try db.cachedStatement(
            sql: """
                INSERT INTO daily_pnl (day, market, realized_micros, rewards_micros, rebates_micros, fills, volume_micros) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(day, market) DO UPDATE SET realized_micros = excluded.realized_micros, rewards_micros = excluded.rewards_micros,
                  rebates_micros = excluded.rebates_micros, fills = excluded.fills, volume_micros = excluded.volume_micros
                """)
        for (day, figures) in ledger.daily {
            try daily.execute(arguments: [
                day.description, market, figures.realized.micros, figures.rewards.micros, figures.rebates.micros, figures.fills, figures.volume.micros,
            ])
        }
    }

    /// The stored economics of a market: (YES position, NO position, realized P&L, updated at), or nil.
    public func economics(market: String) async throws -> (yes: Quantity, no: Quantity, realized: Money, updatedAtMilliseconds: Int64)? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM economics WHERE market = ?", arguments: [market]).map {
                (Quantity(micros: $0["yes_position_micros"]), Quantity(micros: $0["no_position_micros"]), Money(micros: $0["realized_micros"]), $0["updated_at_ms"])
            }
        }
    }
}
