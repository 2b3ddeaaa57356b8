import GRDB
import MMCore

/// Group commit for the writes every market makes on a fill: the fill itself, the order's transition and
/// the market's economics. Concurrent callers from many markets share one `synchronous = FULL` commit
/// (one fsync), so durable fills per second grow with the number of markets instead of being capped at one
/// fsync each.
///
/// Each call returns only after the transaction holding its write **committed**, so a caller never acts
/// (ledger, reconciler, P&L) on a fill that could still be lost. While one transaction is written, new calls
/// queue; the next transaction takes every queued write, up to `maximumBatch` (see ``GroupCommit``). Writes
/// are applied in arrival order, so two deliveries of one fill behave as two sequential
/// ``AppDatabase/record(_:nowMilliseconds:)`` calls even inside one transaction. A failing transaction is
/// retried per the database's ``WriteRetryPolicy``; then every caller in it gets the ``PersistenceError``
/// and nothing of that transaction is stored. Callers in later transactions are unaffected.
///
/// Safe to share between any number of tasks and actors; cancelling a caller does not withdraw its write.
public final class FillCommitter: Sendable {
    /// The database written to.
    public let database: AppDatabase
    private let group: GroupCommit<CommitWork, CommitDone>

    /// - Parameters:
    ///   - database: The store; a file database (`AppDatabase(path:)`) for durability.
    ///   - maximumBatch: The most writes one transaction takes (bounds one commit's latency).
    public init(database: AppDatabase, maximumBatch: Int = 512) {
        self.database = database
        group = GroupCommit(maximumBatch: maximumBatch) { [database] work in await database.commit(work) }
    }

    /// Records a fill durably, sharing the commit with concurrent callers; same rules as
    /// ``AppDatabase/record(_:nowMilliseconds:)`` (once per (trade id, order id), status only forward).
    /// - Returns: What the write did, known only once the transaction committed.
    /// - Throws: ``PersistenceError`` when the transaction holding the fill failed after its retries; the
    ///   fill was not stored, and the caller must not apply it.
    public func record(_ fill: StoredFill, nowMilliseconds now: Int64) async throws(PersistenceError) -> FillWrite {
        guard case .fill(let write) = try await group.submit(.fill(fill, now)).get() else {
            preconditionFailure("a fill's commit returned another kind of result")
        }
        return write
    }

    /// Saves a market's economics in the next shared transaction. When several saves of one market meet in
    /// one transaction, the latest call's ledger is written (once).
    /// - Throws: ``PersistenceError`` when that transaction failed after its retries.
    public func saveEconomics(market: String, ledger: PositionLedger, nowMilliseconds now: Int64) async throws(PersistenceError) {
        guard case .economics = try await group.submit(.economics(market: market, ledger: ledger, now: now)).get() else {
            preconditionFailure("an economics save returned another kind of result")
        }
    }

    /// Applies order transitions (e.g. an order filled) in the next shared transaction, like ``AppDatabase/apply(_:)``.
    /// - Returns: The ids the intent log does not know.
    /// - Throws: ``PersistenceError`` when that transaction failed after its retries.
    @discardableResult
    public func apply(_ transitions: [OrderTransition]) async throws(PersistenceError) -> Set<String> {
        guard case .transitions(let unknown) = try await group.submit(.transitions(transitions)).get() else {
            preconditionFailure("a transition batch returned another kind of result")
        }
        return unknown
    }
}

/// One caller's write in a shared transaction.
enum CommitWork: Sendable {
    case fill(StoredFill, Int64)
    case economics(market: String, ledger: PositionLedger, now: Int64)
    case transitions([OrderTransition])
}

/// What one ``CommitWork`` did.
enum CommitDone: Sendable {
    case fill(FillWrite)
    case economics
    case transitions(unknown: Set<String>)
}

extension AppDatabase {
    /// Writes a group's work in one transaction, in order; economics last, one row set per market (latest wins).
    func commit(_ work: [CommitWork]) async -> Result<[CommitDone], PersistenceError> {
        var fills = 0
        var markets = 0
        for item in work {
            if case .fill = item { fills += 1 } else if case .economics = item { markets += 1 }
        }
        let operation = "commit \(fills) fills, \(markets) economics and \(work.count - fills - markets) transition batches"
        do {
            return .success(
                try await write(operation) { db in
                    var done: [CommitDone] = []
                    done.reserveCapacity(work.count)
                    var economics: [String: (ledger: PositionLedger, now: Int64)] = [:]
                    for item in work {
                        switch item {
                        case .fill(let fill, let now):
                            done.append(.fill(try Self.write(fill, nowMilliseconds: now, in: db)))
                        case .economics(let market, let ledger, let now):
                            economics[market] = (ledger, now)
                            done.append(.economics)
                        case .transitions(let transitions):
                            done.append(.transitions(unknown: try Self.apply(transitions, in: db)))
                        }
                    }
                    for (market, latest) in economics {
                        try Self.writeEconomics(market: market, ledger: latest.ledger, nowMilliseconds: latest.now, in: db)
                    }
                    return done
                })
        } catch {
            return .failure(error)
        }
    }
}
