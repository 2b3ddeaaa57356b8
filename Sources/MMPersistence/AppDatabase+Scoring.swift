import GRDB
import MMCore

/// What one scoring check found for one resting order of ours.
public struct OrderScoringRecord: Sendable, Hashable {
    public var orderID: String
    public var market: String
    /// The venue's answer from `/orders-scoring`.
    public var venueScores: Bool
    /// What our reward model says for the same order against the same book.
    public var modelScores: Bool
    /// Why the order does not score, as far as it can be inferred (`nil` when it scores).
    public var reason: String?
    public var checkedAtMilliseconds: Int64

    public init(orderID: String, market: String, venueScores: Bool, modelScores: Bool, reason: String?, checkedAtMilliseconds: Int64) {
        self.orderID = orderID
        self.market = market
        self.venueScores = venueScores
        self.modelScores = modelScores
        self.reason = reason
        self.checkedAtMilliseconds = checkedAtMilliseconds
    }
}

/// Expected against paid liquidity rewards of one market on one UTC day, micro-pUSD.
public struct RewardReconciliation: Sendable, Hashable {
    /// `YYYY-MM-DD` (UTC).
    public var day: String
    public var market: String
    /// The model's accumulated expectation (``RewardScoring/estimate(ours:book:mid:parameters:)`` each check).
    public var expectedMicros: Int64
    /// What the venue says it paid; `nil` until fetched.
    public var paidMicros: Int64?
    /// When the paid figure was last fetched (Unix ms).
    public var paidFetchedAtMilliseconds: Int64?

    public init(day: String, market: String, expectedMicros: Int64, paidMicros: Int64?, paidFetchedAtMilliseconds: Int64?) {
        self.day = day
        self.market = market
        self.expectedMicros = expectedMicros
        self.paidMicros = paidMicros
        self.paidFetchedAtMilliseconds = paidFetchedAtMilliseconds
    }

    /// paid ÷ expected in millionths, `nil` while either is unknown or nothing was expected.
    public var ratio: Ratio? {
        guard let paidMicros, expectedMicros > 0 else { return nil }
        return FixedPoint.multiplyDivide(paidMicros, FixedPoint.scale, dividingBy: expectedMicros, rounding: .down).map(Ratio.init(micros:))
    }
}

extension AppDatabase {
    /// The scoring tables, appended after the release migrations.
    static func registerScoringMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("scoring-v1") { db in
            // The latest check of each order: the intent log keeps the order, this its scoring.
            try db.create(table: "order_scoring") { t in
                t.primaryKey("order_id", .text)
                t.column("market", .text).notNull().indexed()
                t.column("venue_scoring", .boolean).notNull()
                t.column("model_scoring", .boolean).notNull()
                t.column("reason", .text)
                t.column("checks", .integer).notNull()
                t.column("checked_at_ms", .integer).notNull()
            }
            try db.create(table: "reward_reconciliation") { t in
                t.column("day", .text).notNull()
                t.column("market", .text).notNull()
                t.primaryKey(["day", "market"])
                t.column("expected_micros", .integer).notNull().defaults(to: 0)
                t.column("paid_micros", .integer)
                t.column("paid_fetched_at_ms", .integer)
                t.column("updated_at_ms", .integer).notNull()
            }
        }
    }

    /// Stores one scoring round in one transaction: each order's latest verdict, and the expected reward
    /// accrued since the previous round added to each market's figure for its UTC day.
    /// - Parameters:
    ///   - checks: One record per order the venue answered for.
    ///   - expected: Micro-pUSD to add, per (day, market); zero and negative amounts are skipped.
    public func recordScoringRound(
        _ checks: [OrderScoringRecord], expected: [(day: String, market: String, micros: Int64)], nowMilliseconds now: Int64
    ) async throws(PersistenceError) {
        let accrued = expected.filter { $0.micros > 0 }
        guard !checks.isEmpty || !accrued.isEmpty else { return }
        try await write("record a scoring round (\(checks.count) orders, \(accrued.count) markets)") { db in
            let verdict = try db.cachedStatement(
                sql: """
                    INSERT INTO order_scoring (order_id, market, venue_scoring, model_scoring, reason, checks, checked_at_ms) VALUES (?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT(order_id) DO UPDATE SET venue_scoring = excluded.venue_scoring, model_scoring = excluded.model_scoring,
                      reason = excluded.reason, checks = checks + 1, checked_at_ms = excluded.checked_at_ms
                    """)
            for check in checks {
                try verdict.execute(arguments: [
                    check.orderID, check.market, check.venueScores, check.modelScores, check.reason, check.checkedAtMilliseconds,
                ])
            }
            let accrue = try db.cachedStatement(
                sql: """
                    INSERT INTO reward_reconciliation (day, market, expected_micros, updated_at_ms) VALUES (?, ?, ?, ?)
                    ON CONFLICT(day, market) DO UPDATE SET expected_micros = expected_micros + excluded.expected_micros, updated_at_ms = excluded.updated_at_ms
                    """)
            for entry in accrued { try accrue.execute(arguments: [entry.day, entry.market, entry.micros, now]) }
        }
    }

    /// Stores what the venue paid per market on `day` (replacing an earlier fetch). Markets we expected
    /// something from but the venue did not list are stored as paid zero: the venue lists only payers.
    public func recordPaidRewards(day: String, paid: [String: Int64], nowMilliseconds now: Int64) async throws(PersistenceError) {
        try await write("record paid rewards of \(day)") { db in
            try db.execute(
                sql: "UPDATE reward_reconciliation SET paid_micros = 0, paid_fetched_at_ms = ?, updated_at_ms = ? WHERE day = ?", arguments: [now, now, day])
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO reward_reconciliation (day, market, expected_micros, paid_micros, paid_fetched_at_ms, updated_at_ms) VALUES (?, ?, 0, ?, ?, ?)
                    ON CONFLICT(day, market) DO UPDATE SET paid_micros = excluded.paid_micros, paid_fetched_at_ms = excluded.paid_fetched_at_ms,
                      updated_at_ms = excluded.updated_at_ms
                    """)
            for (market, micros) in paid.sorted(by: { $0.key < $1.key }) { try statement.execute(arguments: [day, market, micros, now, now]) }
        }
    }

    /// Expected and paid rewards of one UTC day, by market.
    public func rewardReconciliation(day: String) async throws -> [RewardReconciliation] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reward_reconciliation WHERE day = ? ORDER BY market", arguments: [day]).map { row in
                RewardReconciliation(
                    day: row["day"], market: row["market"], expectedMicros: row["expected_micros"], paidMicros: row["paid_micros"],
                    paidFetchedAtMilliseconds: row["paid_fetched_at_ms"])
            }
        }
    }

    /// The latest scoring verdict of every order checked in `market` (all markets when `nil`).
    public func orderScoring(market: String? = nil) async throws -> [OrderScoringRecord] {
        try await writer.read { db in
            let rows =
                market == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM order_scoring ORDER BY checked_at_ms, order_id")
                : try Row.fetchAll(db, sql: "SELECT * FROM order_scoring WHERE market = ? ORDER BY checked_at_ms, order_id", arguments: [market])
            return rows.map { row in
                OrderScoringRecord(
                    orderID: row["order_id"], market: row["market"], venueScores: row["venue_scoring"], modelScores: row["model_scoring"],
                    reason: row["reason"], checkedAtMilliseconds: row["checked_at_ms"])
            }
        }
    }
}
