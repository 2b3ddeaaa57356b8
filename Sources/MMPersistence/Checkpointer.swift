import GRDB
import Synchronization

/// Copies the WAL back into the database file on its own connection, so no commit pays for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: that commit (and
/// every fill queued behind it) waits for the page copy and two more fsyncs. Measured with 64 concurrent
/// markets, that put the p99 of a durable fill at 6–11 ms instead of 2.5–5 ms (16 writers, `FillThroughput`,
/// a loaded 2-core machine; docs/performance.md). So the writer's automatic
/// checkpoint is raised to a safety net (``safetyNetPages``), and every ``interval`` commits this second
/// connection runs a PASSIVE checkpoint, which never takes the write lock: commits go on meanwhile.
/// A checkpoint that fails loses nothing (the WAL only grows until one succeeds, and the safety net
/// bounds it); failures are counted in ``health``.
final class Checkpointer: Sendable {
    /// Commits between two background checkpoints.
    static let interval = 32
    /// The writer's own automatic checkpoint, kept as a bound on the WAL (≈ 40 MB of 4 KiB pages).
    static let safetyNetPages = 10_000

    private let connection: DatabaseQueue
    private let isRunning = Atomic<Bool>(false)
    private let state = Mutex<CheckpointHealth>(CheckpointHealth())

    /// Opens the extra connection on an existing WAL database file.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "mmd.checkpointer"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Completed and failed background checkpoints so far.
    var health: CheckpointHealth { state.withLock { $0 } }

    /// Starts a PASSIVE checkpoint on the checkpointer's queue unless one is already running; returns at once.
    /// Called from the writer's commit hook, so it must not block.
    func request() {
        guard isRunning.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            checkpoint(db)
            isRunning.store(false, ordering: .releasing)
        }
    }

    /// Runs a PASSIVE checkpoint now, for tests: (WAL frames, frames copied into the database file).
    func checkpointNow() throws -> (walFrames: Int, copiedFrames: Int) {
        try connection.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return (row?[1] ?? -1, row?[2] ?? -1)
        }
    }

    private func checkpoint(_ db: Database) {
        do {
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            state.withLock { $0.completed += 1 }
        } catch {
            state.withLock { health in
                health.failed += 1
                health.lastError = "\(error)"
            }
        }
    }
}

/// How the background WAL checkpoints fare (see ``AppDatabase/checkpointHealth``).
public struct CheckpointHealth: Sendable, Hashable {
    /// Background checkpoints that ran.
    public var completed = 0
    /// Background checkpoints that failed; the WAL grows until one succeeds (bounded by SQLite's own at ≈ 40 MB).
    public var failed = 0
    /// The last failure's SQLite message, if any.
    public var lastError: String?
}
