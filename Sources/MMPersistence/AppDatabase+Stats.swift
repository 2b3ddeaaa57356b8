import GRDB
import MMCore

/// The markouts of one market at one horizon, summed over a window (``AppDatabase/markoutSummaries(sinceMilliseconds:market:)``).
public struct MarkoutSummary: Sendable, Hashable {
    public var market: String
    public var horizonMilliseconds: Int64
    /// Fills with a markout at this horizon.
    public var fills: Int64
    /// Sum of the per-share markouts, micro-pUSD (÷ `fills` = the mean per share).
    public var perShareSumMicros: Int64
    /// Sum of per-share markout × the fill's size, micro-pUSD: what the moves after our fills were worth.
    public var valueMicros: Int64

    public init(market: String, horizonMilliseconds: Int64, fills: Int64, perShareSumMicros: Int64, valueMicros: Int64) {
        self.market = market
        self.horizonMilliseconds = horizonMilliseconds
        self.fills = fills
        self.perShareSumMicros = perShareSumMicros
        self.valueMicros = valueMicros
    }
}

extension AppDatabase {
    /// Markouts recorded since `since` (Unix ms), summed per market and horizon; one market's when named.
    /// A fill's size comes from the fills table (its first row for the trade); a markout without its fill counts size 0.
    public func markoutSummaries(sinceMilliseconds since: Int64, market: String? = nil) async throws -> [MarkoutSummary] {
        try await writer.read { db in
            let sql = """
                SELECT m.market AS market, m.horizon_ms AS horizon_ms, COUNT(*) AS fills, SUM(m.markout_micros) AS per_share,
                  SUM(m.markout_micros * COALESCE((SELECT f.size_micros FROM fills f WHERE f.trade_id = m.trade_id AND f.market = m.market LIMIT 1), 0) / 1000000) AS value
                FROM fill_markouts m WHERE m.at_ms >= ? \(market == nil ? "" : "AND m.market = ?")
                GROUP BY m.market, m.horizon_ms ORDER BY m.market, m.horizon_ms
                """
            let arguments: StatementArguments = market.map { [since, $0] } ?? [since]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                MarkoutSummary(market: row["market"], horizonMilliseconds: row["horizon_ms"], fills: row["fills"], perShareSumMicros: row["per_share"], valueMicros: row["value"])
            }
        }
    }

    /// Expected and paid rewards of the UTC days `from` through `through` (inclusive, `YYYY-MM-DD`), by day and market.
    public func rewardReconciliation(from: String, through: String) async throws -> [RewardReconciliation] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reward_reconciliation WHERE day >= ? AND day <= ? ORDER BY day, market", arguments: [from, through]).map { row in
                RewardReconciliation(
                    day: row["day"], market: row["market"], expectedMicros: row["expected_micros"], paidMicros: row["paid_micros"],
                    paidFetchedAtMilliseconds: row["paid_fetched_at_ms"])
            }
        }
    }
}
