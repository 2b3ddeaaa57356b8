import GRDB

/// A write that did not reach the database, after its bounded retries: what failed, why, and what to do.
///
/// Every write of ``AppDatabase`` and ``FillCommitter`` throws this and nothing else. The case says which
/// kind of failure SQLite reported, so a caller can tell "free some disk space" from "fix the permissions";
/// the ``Context`` keeps the operation, the database path, how often it was tried and SQLite's own words.
/// A caller that gets one must treat the write as **not done**: nothing of that transaction was stored.
public enum PersistenceError: Error, CustomStringConvertible, Sendable, Hashable {
    /// SQLITE_FULL: the volume holding the database (or its WAL) has no space left.
    case diskFull(Context)
    /// SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: the file, its directory or the mount refuse writes.
    case readOnly(Context)
    /// SQLITE_BUSY, SQLITE_LOCKED: another connection held the write lock past the busy timeout.
    case busy(Context)
    /// SQLITE_IOERR: the operating system reported an I/O error (failing disk, fsync error, disk full on some systems).
    case ioFailure(Context)
    /// SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or is not a database.
    case corrupt(Context)
    /// The database refused the statement itself (a constraint, a trigger, an injected test failure, a bug).
    case rejected(Context)

    /// Where and how a write failed.
    public struct Context: Sendable, Hashable {
        /// What was being written, e.g. "record 37 fills".
        public var operation: String
        /// The database file (":memory:" for an in-memory test database).
        public var database: String
        /// How many times the transaction was tried before giving up.
        public var attempts: Int
        /// SQLite's extended result code (e.g. 13 for SQLITE_FULL), or -1 when the error did not come from SQLite.
        public var sqliteCode: Int32
        /// SQLite's message (or the underlying error's description).
        public var sqliteMessage: String

        /// Creates a context; normally made by the store when a write fails.
        public init(operation: String, database: String, attempts: Int, sqliteCode: Int32, sqliteMessage: String) {
            self.operation = operation
            self.database = database
            self.attempts = attempts
            self.sqliteCode = sqliteCode
            self.sqliteMessage = sqliteMessage
        }
    }

    /// The failure's details, whatever its kind.
    public var context: Context {
        switch self {
        case .diskFull(let context), .readOnly(let context), .busy(let context), .ioFailure(let context), .corrupt(let context),
            .rejected(let context):
            context
        }
    }

    /// What an operator should do about it, in one sentence.
    public var remedy: String {
        switch self {
        case .diskFull:
            "free space on the volume holding \(context.database) (df -h), then resume the market"
        case .readOnly:
            "check that \(context.database) and its directory exist and are writable by the daemon's user, and that the filesystem is mounted read-write"
        case .busy:
            "make sure no other process (a second mmd, an sqlite3 shell) holds \(context.database) open for writing"
        case .ioFailure:
            "check the disk holding \(context.database) (dmesg, smartctl) and its free space; restart once the device is healthy"
        case .corrupt:
            "stop mmd, keep a copy of \(context.database) and its -wal file, and restore it from a backup"
        case .rejected:
            "the database refused the write; this is a bug (or an injected test failure): report it with the message"
        }
    }

    /// One line for logs, `mmctl` and risk events: what failed, SQLite's words, and the remedy.
    public var description: String {
        let kind =
            switch self {
            case .diskFull: "disk full"
            case .readOnly: "database not writable"
            case .busy: "database locked"
            case .ioFailure: "disk I/O error"
            case .corrupt: "database corrupt"
            case .rejected: "write rejected"
            }
        let tries = context.attempts == 1 ? "1 attempt" : "\(context.attempts) attempts"
        return "\(context.operation) failed after \(tries) (\(kind): \(context.sqliteMessage), SQLite code \(context.sqliteCode)): \(remedy)"
    }

    /// Classifies an error thrown by GRDB for `operation`.
    init(_ error: any Error, operation: String, database: String, attempts: Int) {
        guard let error = error as? DatabaseError else {
            self = .rejected(Context(operation: operation, database: database, attempts: attempts, sqliteCode: -1, sqliteMessage: "\(error)"))
            return
        }
        let context = Context(
            operation: operation, database: database, attempts: attempts, sqliteCode: error.extendedResultCode.rawValue,
            sqliteMessage: error.message ?? "\(error.resultCode)")
        switch error.resultCode {
        case .SQLITE_FULL: self = .diskFull(context)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN: self = .readOnly(context)
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(context)
        case .SQLITE_IOERR: self = .ioFailure(context)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt(context)
        default: self = .rejected(context)
        }
    }
}
