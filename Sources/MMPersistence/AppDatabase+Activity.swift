import GRDB
import MMCore

/// One of our fills with its markouts, as the dashboard's trade history shows it.
public struct FillActivity: Sendable, Hashable {
    public var stored: StoredFill
    /// Markout per share (micro-pUSD, positive when the market moved our way) by horizon in milliseconds.
    public var markouts: [Int64: Int64]
}

/// A risk event as stored.
public struct RiskEventRecord: Sendable, Hashable {
    public var market: String?
    public var kind: String
    public var reason: String
    public var atMilliseconds: Int64
}

extension AppDatabase {
    /// A market's newest fills (newest first, at most `limit`) with their markouts, in one read.
    public func recentFills(market: String, limit: Int) async throws -> [FillActivity] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM fills WHERE market = ? ORDER BY match_time_ms DESC, trade_id DESC, order_id DESC LIMIT ?",
                arguments: [market, max(limit, 0)])
            let fills = rows.compactMap(Self.storedFill)
            guard !fills.isEmpty else { return [] }
            var markouts: [String: [Int64: Int64]] = [:]
            let trades = Array(Set(fills.map(\.fill.key.tradeID)))
            let marks = databaseQuestionMarks(count: trades.count)
            for row in try Row.fetchAll(
                db, sql: "SELECT trade_id, horizon_ms, markout_micros FROM fill_markouts WHERE trade_id IN (\(marks))", arguments: StatementArguments(trades))
            {
                markouts[row["trade_id"], default: [:]][row["horizon_ms"]] = row["markout_micros"]
            }
            return fills.map { FillActivity(stored: $0, markouts: markouts[$0.fill.key.tradeID] ?? [:]) }
        }
    }

    /// A market's newest risk events (newest first, at most `limit`).
    public func recentRiskEvents(market: String, limit: Int) async throws -> [RiskEventRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM risk_events WHERE market = ? ORDER BY id DESC LIMIT ?", arguments: [market, max(limit, 0)]).map {
                RiskEventRecord(market: $0["market"], kind: $0["kind"], reason: $0["reason"], atMilliseconds: $0["at_ms"])
            }
        }
    }
}
