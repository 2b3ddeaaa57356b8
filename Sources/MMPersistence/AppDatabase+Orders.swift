import Foundation
import GRDB
import MMCore

/// Where an order of ours is in its life, as the intent log records it.
public enum OrderState: String, Sendable, Hashable, CaseIterable {
    /// Signed and stored; not yet sent. After a crash in this state the order may or may not exist.
    case signed
    /// Sent; waiting for the answer.
    case posting
    /// The venue answered: resting.
    case live
    /// Sent but unanswered (timeout): must be resolved by asking the venue before anything else is sent.
    case ambiguous
    case rejected
    case filled
    case cancelling
    case cancelled
    /// Expected at the venue but not found there during reconciliation.
    case lost

    /// Whether the order might still rest at the venue.
    public var mayBeLive: Bool {
        switch self {
        case .signed, .posting, .live, .ambiguous, .cancelling: true
        case .rejected, .filled, .cancelled, .lost: false
        }
    }
}

/// One order in the intent log: what we asked for, the exact signed body, and its state.
public struct OrderIntent: Sendable, Hashable {
    public var orderID: String
    /// Our own id for the order, unique, chosen before signing.
    public var clientID: String
    public var market: String
    public var assetID: String
    public var outcome: Outcome
    public var side: Side
    public var price: Price
    public var size: Quantity
    public var orderType: String
    public var postOnly: Bool
    /// The exact `POST /order` body, so a crash never loses what was signed.
    public var signedBody: String
    public var state: OrderState
    public var matched: Quantity
    public var createdAtMilliseconds: Int64

    public init(
        orderID: String, clientID: String, market: String, assetID: String, outcome: Outcome, side: Side, price: Price, size: Quantity, orderType: String,
        postOnly: Bool, signedBody: String, state: OrderState = .signed, matched: Quantity = .zero, createdAtMilliseconds: Int64
    ) {
        self.orderID = orderID
        self.clientID = clientID
        self.market = market
        self.assetID = assetID
        self.outcome = outcome
        self.side = side
        self.price = price
        self.size = size
        self.orderType = orderType
        self.postOnly = postOnly
        self.signedBody = signedBody
        self.state = state
        self.matched = matched
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}

extension AppDatabase {
    /// Stores a signed order **before** it is sent (state `signed`), with its first transition.
    public func record(intent: OrderIntent) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO orders (order_id, client_id, market, asset_id, outcome, side, price_micros, size_micros, order_type, post_only, signed_body,
                                        state, matched_micros, created_at_ms, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    intent.orderID, intent.clientID, intent.market, intent.assetID, intent.outcome.rawValue, intent.side.rawValue, intent.price.micros,
                    intent.size.micros, intent.orderType, intent.postOnly, intent.signedBody, intent.state.rawValue, intent.matched.micros,
                    intent.createdAtMilliseconds, intent.createdAtMilliseconds,
                ])
            try db.execute(
                sql: "INSERT INTO order_transitions (order_id, from_state, to_state, detail, at_ms) VALUES (?, NULL, ?, NULL, ?)",
                arguments: [intent.orderID, intent.state.rawValue, intent.createdAtMilliseconds])
        }
    }

    /// Moves an order to `state`, logging the transition. Returns false when the order is unknown.
    @discardableResult
    public func transition(orderID: String, to state: OrderState, matched: Quantity? = nil, detail: String? = nil, nowMilliseconds now: Int64) async throws -> Bool {
        try await writer.write { db in
            guard let from = try String.fetchOne(db, sql: "SELECT state FROM orders WHERE order_id = ?", arguments: [orderID]) else { return false }
            try db.execute(
                sql: "UPDATE orders SET state = ?, matched_micros = COALESCE(?, matched_micros), last_error = COALESCE(?, last_error), updated_at_ms = ? WHERE order_id = ?",
                arguments: [state.rawValue, matched?.micros, state == .rejected ? detail : nil, now, orderID])
            try db.execute(
                sql: "INSERT INTO order_transitions (order_id, from_state, to_state, detail, at_ms) VALUES (?, ?, ?, ?, ?)",
                arguments: [orderID, from, state.rawValue, detail, now])
            return true
        }
    }

    /// Orders in any of `states` (by default every state that may still rest at the venue).
    public func intents(in states: Set<OrderState> = Set(OrderState.allCases.filter(\.mayBeLive)), market: String? = nil) async throws -> [OrderIntent] {
        try await writer.read { db in
            let placeholders = states.map { _ in "?" }.joined(separator: ",")
            var sql = "SELECT * FROM orders WHERE state IN (\(placeholders))"
            var arguments = StatementArguments(states.map(\.rawValue).sorted())
            if let market {
                sql += " AND market = ?"
                arguments += [market]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY created_at_ms, order_id", arguments: arguments).compactMap(Self.intent)
        }
    }

    public func intent(orderID: String) async throws -> OrderIntent? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE order_id = ?", arguments: [orderID]).flatMap(Self.intent) }
    }

    /// The states an order went through, oldest first.
    public func transitions(orderID: String) async throws -> [OrderState] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT to_state FROM order_transitions WHERE order_id = ? ORDER BY id", arguments: [orderID]).compactMap(OrderState.init(rawValue:))
        }
    }

    static func intent(_ row: Row) -> OrderIntent? {
        guard let outcome = Outcome(rawValue: row["outcome"]), let side = Side(rawValue: row["side"]), let price = Price(micros: row["price_micros"]),
            let state = OrderState(rawValue: row["state"])
        else { return nil }
        return OrderIntent(
            orderID: row["order_id"], clientID: row["client_id"], market: row["market"], assetID: row["asset_id"], outcome: outcome, side: side, price: price,
            size: Quantity(micros: row["size_micros"]), orderType: row["order_type"], postOnly: row["post_only"], signedBody: row["signed_body"], state: state,
            matched: Quantity(micros: row["matched_micros"]), createdAtMilliseconds: row["created_at_ms"])
    }

    // MARK: Risk events and the audit log

    public func recordRiskEvent(market: String?, kind: String, reason: String, nowMilliseconds now: Int64) async throws {
        try await writer.write { db in
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
    public func audit(actor: String, action: String, detail: String?, nowMilliseconds now: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO audit_log (actor, action, detail, at_ms) VALUES (?, ?, ?, ?)", arguments: [actor, action, detail, now])
        }
    }

    public func auditLog() async throws -> [(actor: String, action: String, detail: String?, atMilliseconds: Int64)] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map { ($0["actor"], $0["action"], $0["detail"], $0["at_ms"]) }
        }
    }

    public func saveMarket(id: String, name: String?, yesToken: String?, noToken: String?, tick: TickSize?, negRisk: Bool, rewards: RewardParameters?, nowMilliseconds now: Int64) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO markets (id, name, yes_token, no_token, tick_micros, neg_risk, reward_max_spread_micros, reward_min_size_micros, reward_daily_rate_micros, updated_at_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET name = excluded.name, yes_token = excluded.yes_token, no_token = excluded.no_token, tick_micros = excluded.tick_micros,
                      neg_risk = excluded.neg_risk, reward_max_spread_micros = excluded.reward_max_spread_micros, reward_min_size_micros = excluded.reward_min_size_micros,
                      reward_daily_rate_micros = excluded.reward_daily_rate_micros, updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [id, name, yesToken, noToken, tick?.micros, negRisk, rewards?.maxSpread, rewards?.minSize.micros, rewards?.dailyRate.micros, now])
        }
    }

    /// A small key-value store for daemon state (e.g. the heartbeat chain, the last resync time).
    public func setState(_ key: String, _ value: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
    }

    public func state(_ key: String) async throws -> String? {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = ?", arguments: [key]) }
    }
}
