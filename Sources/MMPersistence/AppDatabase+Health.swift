import GRDB

extension AppDatabase {
    /// Checks that the tables the engines must write (fills, the intent log and its transitions) take a
    /// write, without keeping anything: every row goes in inside a savepoint that is rolled back. An engine
    /// whose store failed probes this before it quotes again.
    public func probeWritable() async throws(PersistenceError) {
        try await write("probe the store") { db in
            try db.inSavepoint {
                try db.execute(
                    sql: """
                        INSERT INTO fills (trade_id, order_id, market, asset_id, outcome, side, price_micros, size_micros, status, match_time_ms,
                                           recorded_at_ms, updated_at_ms)
                        VALUES ('probe', 'probe', 'probe', 'probe', 'yes', 'BUY', 1, 1, 'MATCHED', 0, 0, 0)
                        """)
                try db.execute(
                    sql: """
                        INSERT INTO orders (order_id, client_id, market, asset_id, outcome, side, price_micros, size_micros, order_type, post_only,
                                            signed_body, state, created_at_ms, updated_at_ms)
                        VALUES ('probe', 'probe', 'probe', 'probe', 'yes', 'BUY', 1, 1, 'GTC', 1, '', 'signed', 0, 0)
                        """)
                try db.execute(sql: "INSERT INTO order_transitions (order_id, from_state, to_state, at_ms) VALUES ('probe', NULL, 'signed', 0)")
                return .rollback
            }
        }
    }
}
