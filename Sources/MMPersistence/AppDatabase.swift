import Foundation
import GRDB
import MMCore
import Synchronization

/// The daemon's database: one value wrapping a GRDB writer, each public method one transaction.
///
/// Production uses a `DatabasePool` (WAL, readers never block the writer); tests use an in-memory queue or
/// a temporary file. Migrations are append-only: a released migration is never edited, only followed.
/// Every write is retried a bounded number of times (``WriteRetryPolicy``) and then throws a
/// ``PersistenceError``; nothing is half-written, because each write is one transaction.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The database file (":memory:" for an in-memory database), named in every ``PersistenceError``.
    public let path: String
    /// How failed write transactions are retried.
    public let retry: WriteRetryPolicy
    let hooks: WriterHooks

    /// Opens (creating if needed) the database file at `path` in WAL mode and migrates it.
    /// - Parameters:
    ///   - path: The SQLite file; its directory must exist and be writable (WAL adds `-wal` and `-shm` files).
    ///   - retry: How failed write transactions are retried before a ``PersistenceError`` is thrown.
    public init(path: String, retry: WriteRetryPolicy = .standard) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // FULL: a committed fill survives a process crash (kill -9) and power loss alike; one fsync per commit.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoints run on their own connection (``Checkpointer``); SQLite's own stays as a safety net.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Checkpointer.safetyNetPages)")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        do { try Self.migrator.migrate(pool) } catch {
            // Another process (a second mmd, `mmctl`-side tooling, a test) may have migrated the same new
            // file at the same moment; the second attempt sees its migrations applied, or fails for real.
            try Self.migrator.migrate(pool)
        }
        self.init(writer: pool, path: path, retry: retry, checkpointer: try Checkpointer(path: path))
    }

    /// An in-memory database, for tests.
    public static func inMemory(retry: WriteRetryPolicy = .standard) throws -> AppDatabase {
        let queue = try DatabaseQueue()
        try migrator.migrate(queue)
        return AppDatabase(writer: queue, path: ":memory:", retry: retry, checkpointer: nil)
    }

    init(writer: any DatabaseWriter, path: String, retry: WriteRetryPolicy, checkpointer: Checkpointer?) {
        self.writer = writer
        self.path = path
        self.retry = retry
        hooks = WriterHooks(checkpointer: checkpointer)
        writer.add(transactionObserver: CommitCounter(hooks: hooks), extent: .databaseLifetime)
    }

    /// Write transactions committed on this database's writer connection since it was opened, counted by
    /// SQLite's commit hook (through a GRDB transaction observer). Tests and benchmarks compare it with the
    /// number of writes to see group commit at work; it costs one atomic increment per commit.
    public var committedTransactions: Int { hooks.commits.load(ordering: .sequentiallyConsistent) }

    /// How the background WAL checkpoints fare (all zero for an in-memory database). A growing `failed`
    /// count loses no data but lets the WAL grow; the daemon can show it in its status.
    public var checkpointHealth: CheckpointHealth { hooks.checkpointer?.health ?? CheckpointHealth() }

    /// The journal mode in effect ("wal" for a file database).
    public func journalMode() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "markets") { t in
                t.primaryKey("id", .text)
                t.column("name", .text)
                t.column("yes_token", .text)
                t.column("no_token", .text)
                t.column("tick_micros", .integer)
                t.column("neg_risk", .boolean).notNull().defaults(to: false)
                t.column("reward_max_spread_micros", .integer)
                t.column("reward_min_size_micros", .integer)
                t.column("reward_daily_rate_micros", .integer)
                t.column("updated_at_ms", .integer).notNull()
            }
            try db.create(table: "fills") { t in
                t.column("trade_id", .text).notNull()
                t.column("order_id", .text).notNull()
                t.primaryKey(["trade_id", "order_id"])
                t.column("market", .text).notNull().indexed()
                t.column("asset_id", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("side", .text).notNull()
                t.column("price_micros", .integer).notNull()
                t.column("size_micros", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("match_time_ms", .integer).notNull()
                t.column("is_taker", .boolean).notNull().defaults(to: false)
                t.column("raw", .text)
                t.column("recorded_at_ms", .integer).notNull()
                t.column("updated_at_ms", .integer).notNull()
            }
            try db.create(table: "orders") { t in
                t.primaryKey("order_id", .text)
                t.column("client_id", .text).notNull().unique()
                t.column("market", .text).notNull().indexed()
                t.column("asset_id", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("side", .text).notNull()
                t.column("price_micros", .integer).notNull()
                t.column("size_micros", .integer).notNull()
                t.column("order_type", .text).notNull()
                t.column("post_only", .boolean).notNull()
                t.column("signed_body", .text).notNull()
                t.column("state", .text).notNull().indexed()
                t.column("matched_micros", .integer).notNull().defaults(to: 0)
                t.column("last_error", .text)
                t.column("created_at_ms", .integer).notNull()
                t.column("updated_at_ms", .integer).notNull()
            }
            try db.create(table: "order_transitions") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("order_id", .text).notNull().indexed()
                t.column("from_state", .text)
                t.column("to_state", .text).notNull()
                t.column("detail", .text)
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "merges") { t in
                t.primaryKey("id", .text)
                t.column("market", .text).notNull()
                t.column("size_micros", .integer).notNull()
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "credits") { t in
                t.primaryKey("id", .text)
                t.column("market", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("amount_micros", .integer).notNull()
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "economics") { t in
                t.primaryKey("market", .text)
                t.column("yes_position_micros", .integer).notNull()
                t.column("no_position_micros", .integer).notNull()
                t.column("yes_avg_micros", .integer)
                t.column("no_avg_micros", .integer)
                t.column("realized_micros", .integer).notNull()
                t.column("rewards_micros", .integer).notNull()
                t.column("rebates_micros", .integer).notNull()
                t.column("updated_at_ms", .integer).notNull()
            }
            try db.create(table: "daily_pnl") { t in
                t.column("day", .text).notNull()
                t.column("market", .text).notNull()
                t.primaryKey(["day", "market"])
                t.column("realized_micros", .integer).notNull()
                t.column("rewards_micros", .integer).notNull()
                t.column("rebates_micros", .integer).notNull()
                t.column("fills", .integer).notNull()
                t.column("volume_micros", .integer).notNull()
            }
            try db.create(table: "risk_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("market", .text)
                t.column("kind", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("detail", .text)
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "state") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        registerScoringMigration(&migrator)
        migrator.registerMigration("v2-markouts") { db in
            // How the market moved after each of our fills (1 s, 10 s, 60 s): the adverse-selection evidence.
            try db.create(table: "fill_markouts") { t in
                t.column("trade_id", .text).notNull()
                t.column("horizon_ms", .integer).notNull()
                t.column("market", .text).notNull()
                t.column("markout_micros", .integer).notNull()
                t.column("at_ms", .integer).notNull()
                t.primaryKey(["trade_id", "horizon_ms"])
            }
        }
        registerLedgerKindMigration(&migrator)
        registerSamplesMigration(&migrator)
        return migrator
    }
}
