import GRDB
import Synchronization

/// How often a failed write transaction is tried, and how long to wait between tries.
///
/// A transaction that failed was rolled back, so trying it again is safe; a transient failure (the lock
/// held by another process, an fsync error, space freed in the meantime) then costs milliseconds instead of
/// a halted market. A deterministic failure (a constraint, a full disk that stays full) fails every try and
/// is reported after the last one.
public struct WriteRetryPolicy: Sendable, Hashable {
    /// Tries in all, at least 1.
    public var attempts: Int
    /// The wait before the second try; each later wait is four times the previous one.
    public var firstBackoff: Duration

    /// - Parameters:
    ///   - attempts: Tries in all (values below 1 count as 1).
    ///   - firstBackoff: The wait before the second try, multiplied by four for each further try.
    public init(attempts: Int, firstBackoff: Duration) {
        self.attempts = max(attempts, 1)
        self.firstBackoff = firstBackoff
    }

    /// Three tries, waiting 2 ms then 8 ms: at most about 10 ms added before a failure is reported.
    public static let standard = WriteRetryPolicy(attempts: 3, firstBackoff: .milliseconds(2))

    /// The wait after the failed try number `attempt` (1-based).
    func backoff(after attempt: Int) -> Duration { firstBackoff * (1 << (2 * min(attempt - 1, 8))) }
}

extension AppDatabase {
    /// Calls `observer` with the duration of every write transaction that commits from now on, from its
    /// first statement to the commit's return (fsync included; time queued for the writer excluded).
    /// One observer per database (a later call replaces it); it runs on the caller's task after the
    /// commit, so it must be cheap (a histogram's record). Metrics stay outside this module this way.
    public func observeCommitDurations(_ observer: @escaping @Sendable (Duration) -> Void) {
        hooks.commitObserver.withLock { $0 = CommitObserver(call: observer) }
    }

    /// Runs `updates` in one write transaction, retried per ``retry``, and maps the final failure.
    ///
    /// The transaction runs on GRDB's writer queue through `asyncWrite`, so cancelling the calling task never
    /// interrupts a write half-way: a write that was started is finished (or rolled back) and its outcome
    /// reported. Cancellation only shortens the backoff between tries.
    /// - Parameters:
    ///   - operation: What is written, for the error message ("record 3 order intents").
    ///   - updates: The statements; run on the writer connection, inside a transaction.
    /// - Throws: ``PersistenceError`` after the last try failed; nothing of the transaction is stored then.
    func write<T: Sendable>(_ operation: String, _ updates: @escaping @Sendable (Database) throws -> T) async throws(PersistenceError) -> T {
        var attempt = 1
        let observer = hooks.commitObserver.withLock { $0 }
        while true {
            // The start is taken inside the transaction and handed back with the value, so the measured
            // time is the transaction's own (statements and commit with its fsync), not the queue before it.
            let result: Result<(T, ContinuousClock.Instant), any Error> = await withCheckedContinuation { continuation in
                writer.asyncWrite({ db in
                    let started = ContinuousClock.now
                    return (try updates(db), started)
                }) { _, result in continuation.resume(returning: result) }
            }
            switch result {
            case .success(let (value, started)):
                observer?.call(ContinuousClock.now - started)
                return value
            case .failure(let error):
                guard attempt < retry.attempts else {
                    throw PersistenceError(error, operation: operation, database: path, attempts: attempt)
                }
                await Self.pause(retry.backoff(after: attempt))
                attempt += 1
            }
        }
    }

    /// Waits out a backoff. A cancelled task stops waiting early, on purpose: the write is still tried
    /// again and its outcome still reported, because dropping it silently would lose data.
    private static func pause(_ duration: Duration) async {
        do { try await Task.sleep(for: duration) } catch { return }
    }
}

/// The commit observer, boxed in a struct on purpose: a bare closure kept in a `Mutex` is re-wrapped in two
/// reabstraction thunks by every `withLock { $0 }` (the closure's `inout` round trip through the generic
/// value), so each read made every later call deeper. At one read per commit that grew without bound: a
/// daemon at 1,000 markets spent most of a core walking thunk chains within minutes. A struct's field keeps
/// its own representation, so reading it costs the same on the millionth commit as on the first.
struct CommitObserver: Sendable {
    let call: @Sendable (Duration) -> Void
}

/// Observations and test hooks attached to the writer connection of one ``AppDatabase``.
final class WriterHooks: Sendable {
    /// Commits seen by SQLite's commit hook.
    let commits = Atomic<Int>(0)
    /// Injected write failures (test hook): table → (SQLite result code, failures left).
    let injected = Mutex<[String: (code: Int32, remaining: Int)]>([:])
    /// Told how long each committed write transaction took (``AppDatabase/observeCommitDurations(_:)``).
    let commitObserver = Mutex<CommitObserver?>(nil)
    /// Runs WAL checkpoints off the commit path (file databases only).
    let checkpointer: Checkpointer?

    init(checkpointer: Checkpointer?) { self.checkpointer = checkpointer }
}

/// Counts commits on the writer connection and asks for a background checkpoint every
/// ``Checkpointer/interval`` commits. It observes no row events, so it adds no per-statement cost.
final class CommitCounter: TransactionObserver {
    let hooks: WriterHooks

    init(hooks: WriterHooks) { self.hooks = hooks }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    /// Called from SQLite's commit hook; also the soak's crash point "inside a commit" (``CrashPoint``).
    func databaseWillCommit() throws { CrashPoint.commit.reached() }
    func databaseDidCommit(_ db: Database) {
        CrashPoint.afterCommit.reached()
        let commits = hooks.commits.add(1, ordering: .sequentiallyConsistent).newValue
        if commits % Checkpointer.interval == 0 { hooks.checkpointer?.request() }
    }
    func databaseDidRollback(_ db: Database) {}
}
