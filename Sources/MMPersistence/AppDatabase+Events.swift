import GRDB
import MMCore

extension AppDatabase {
    public func recordRiskEvent(market: String?, kind: String, reason: String, nowMilliseconds now: Int64) async throws(PersistenceError) {
        try await write("record a risk event (\(kind))") { db in
            try db.execute(sql: "INSERT INTO risk_events (market, kind, reason, at_ms) VALUES (?, ?, ?, ?)", arguments: [market, kind, reason, now])
        }
    }

    public func riskEvents(market: String? = nil) async throws -> [(kind: String, reason: String, atMilliseconds: Int64)] {
        try await writer.read { db in
            let rows = market == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM risk_events ORDER BY id")
                : try Row.fetchAll(db, sql: "SELECT * FROM risk_events WHERE market = ? ORDER BY id", arguments: [market])
            return rows.map { ($0["kind"], $0["reason"], $0["at_ms"]) }
        }
    }

    /// Records an operator action (`mmctl pause`, `config set`, …) with who asked.
    public func audit(actor: String, action: String, detail: String?, nowMilliseconds now: Int64) async throws(PersistenceError) {
        try await write("record an audit entry (\(action))") { db in
            try db.execute(sql: "INSERT INTO audit_log (actor, action, detail, at_ms) VALUES (?, ?, ?, ?)", arguments: [actor, action, detail, now])
        }
    }

    public func auditLog() async throws -> [(actor: String, action: String, detail: String?, atMilliseconds: Int64)] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map { ($0["actor"], $0["action"], $0["detail"], $0["at_ms"]) }
        }
    }

    public func saveMarket(
        id: String, name: String?, yesToken: String?, noToken: String?, tick: TickSize?, negRisk: Bool, rewards: RewardParameters?, nowMilliseconds now: Int64
    ) async throws(PersistenceError) {
        try await saveMarkets(
            [StoredMarket(id: id, name: name, yesToken: yesToken, noToken: noToken, tick: tick, negRisk: negRisk, rewards: rewards)], nowMilliseconds: now)
    }

    /// A small key-value store for daemon state (e.g. the heartbeat chain, the last resync time).
    public func setState(_ key: String, _ value: String) async throws(PersistenceError) {
        try await write("set state \(key)") { db in
            try db.execute(sql: "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
    }

    public func state(_ key: String) async throws -> String? {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]) }
    }
}
