import GRDB
import MMCore

extension AppDatabase {
    /// Stores a signed order **before** it is sent (state `signed`), with its first transition.
    /// - Throws: ``PersistenceError``; the order must not be sent then.
    public func record(intent: OrderIntent) async throws(PersistenceError) {
        try await record(intents: [intent])
    }

    /// Stores an order batch's intents (the exact signed bodies) **before** the batch is sent, in one
    /// transaction: every intent with its first transition row, or none of them.
    /// - Parameter intents: The batch's orders; an empty batch writes nothing.
    /// - Throws: ``PersistenceError`` once the retries are spent; nothing of the batch was stored, so none of
    ///   it may be sent.
    public func record(intents: [OrderIntent]) async throws(PersistenceError) {
        guard !intents.isEmpty else { return }
        try await write(intents.count == 1 ? "record an order intent" : "record \(intents.count) order intents") { db in
            for intent in intents { try Self.insert(intent, in: db) }
        }
    }

    /// Moves an order to `state`, logging the transition. Returns false when the order is unknown.
    @discardableResult
    public func transition(
        orderID: String, to state: OrderState, matched: Quantity? = nil, detail: String? = nil, nowMilliseconds now: Int64
    ) async throws(PersistenceError) -> Bool {
        let unknown = try await apply([OrderTransition(orderID: orderID, state: state, matched: matched, detail: detail, atMilliseconds: now)])
        return unknown.isEmpty
    }

    /// Applies a batch of state changes (a batch's acknowledgements, its cancels) in one transaction, in
    /// order: the same order twice moves twice, and each transition row records the state it came from.
    /// - Parameter transitions: The changes, in the order they happened; an empty batch writes nothing.
    /// - Returns: The ids of orders the log does not know (nothing is written for those).
    /// - Throws: ``PersistenceError`` once the retries are spent; none of the batch was applied then.
    @discardableResult
    public func apply(_ transitions: [OrderTransition]) async throws(PersistenceError) -> Set<String> {
        guard !transitions.isEmpty else { return [] }
        return try await write(transitions.count == 1 ? "apply an order transition" : "apply \(transitions.count) order transitions") { db in
            try Self.apply(transitions, in: db)
        }
    }

    static func insert(_ intent: OrderIntent, in db: Database) throws {
        let order = try db.cachedStatement(
            sql: """
                INSERT INTO orders (order_id, client_id, market, asset_id, outcome, side, price_micros, size_micros, order_type, post_only, signed_body,
                                    state, matched_micros, created_at_ms, updated_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try order.execute(arguments: [
            intent.orderID, intent.clientID, intent.market, intent.assetID, intent.outcome.rawValue, intent.side.rawValue, intent.price.micros,
            intent.size.micros, intent.orderType, intent.postOnly, intent.signedBody, intent.state.rawValue, intent.matched.micros,
            intent.createdAtMilliseconds, intent.createdAtMilliseconds,
        ])
        let transition = try db.cachedStatement(sql: "INSERT INTO order_transitions (order_id, from_state, to_state, detail, at_ms) VALUES (?, NULL, ?, NULL, ?)")
        try transition.execute(arguments: [intent.orderID, intent.state.rawValue, intent.createdAtMilliseconds])
    }

    static func apply(_ transitions: [OrderTransition], in db: Database) throws -> Set<String> {
        let select = try db.cachedStatement(sql: "SELECT state FROM orders WHERE order_id = ?")
        let update = try db.cachedStatement(
            sql: "UPDATE orders SET state = ?, matched_micros = COALESCE(?, matched_micros), last_error = COALESCE(?, last_error), updated_at_ms = ? WHERE order_id = ?")
        let log = try db.cachedStatement(sql: "INSERT INTO order_transitions (order_id, from_state, to_state, detail, at_ms) VALUES (?, ?, ?, ?, ?)")
        var unknown: Set<String> = []
        for change in transitions {
            guard let from = try String.fetchOne(select, arguments: [change.orderID]) else {
                unknown.insert(change.orderID)
                continue
            }
            try update.execute(arguments: [
                change.state.rawValue, change.matched?.micros, change.state == .rejected ? change.detail : nil, change.atMilliseconds, change.orderID,
            ])
            try log.execute(arguments: [change.orderID, from, change.state.rawValue, change.detail, change.atMilliseconds])
        }
        return unknown
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
}
