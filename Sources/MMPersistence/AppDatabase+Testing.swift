import GRDB
import Synchronization

/// The kind of failure ``AppDatabase/injectWriteFailure(on:as:times:)`` makes SQLite report.
@_spi(Testing)
public enum InjectedWriteFailure: Sendable, Hashable {
    /// SQLITE_ERROR: surfaces as ``PersistenceError/rejected(_:)``.
    case rejected
    /// SQLITE_FULL: surfaces as ``PersistenceError/diskFull(_:)``.
    case diskFull
    /// SQLITE_READONLY: surfaces as ``PersistenceError/readOnly(_:)``.
    case readOnly
    /// SQLITE_IOERR: surfaces as ``PersistenceError/ioFailure(_:)``.
    case ioFailure

    var resultCode: ResultCode {
        switch self {
        case .rejected: .SQLITE_ERROR
        case .diskFull: .SQLITE_FULL
        case .readOnly: .SQLITE_READONLY
        case .ioFailure: .SQLITE_IOERR
        }
    }
}

extension AppDatabase {
    /// **Test hook, never for production.** Makes SQLite fail every later INSERT and UPDATE on `table`,
    /// so tests observe real write failures without mocks.
    ///
    /// It installs `TEMP` triggers (`BEFORE INSERT` and `BEFORE UPDATE ON <table>`) on the writer connection
    /// only; they call a function registered on that connection, which fails the statement with `kind`'s
    /// SQLite result code and the message "injected write failure on <table>". The failing statement aborts
    /// its transaction, which rolls back like any real failure. Nothing is written to the database file, and
    /// the hook disappears when the database is closed.
    /// - Parameters:
    ///   - table: One of the store's tables (`fills`, `orders`, `order_transitions`, `economics`, …).
    ///   - kind: Which failure SQLite reports, and so which ``PersistenceError`` case callers get.
    ///   - times: Fail only the next `times` triggering statements (each try of a transaction counts once
    ///     when its first row fails), then pass; `nil` fails until ``clearInjectedWriteFailures()``.
    @_spi(Testing)
    public func injectWriteFailure(on table: String, as kind: InjectedWriteFailure = .rejected, times: Int? = nil)
        async throws(PersistenceError)
    {
        precondition(!table.isEmpty && table.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "not a table name: \(table)")
        hooks.injected.withLock { $0[table] = (kind.resultCode.rawValue, times ?? .max) }
        let function = Self.injectionFunction(hooks)
        try await write("inject a write failure on \(table)") { db in
            db.add(function: function)
            for event in ["insert", "update"] {
                try db.execute(
                    sql: """
                        CREATE TEMP TRIGGER IF NOT EXISTS mmd_injected_\(table)_\(event) BEFORE \(event.uppercased()) ON main.\(table)
                        BEGIN SELECT mmd_injected_write_failure('\(table)'); END
                        """)
            }
        }
    }

    /// **Test hook.** Removes every failure installed by ``injectWriteFailure(on:as:times:)``; writes succeed again.
    @_spi(Testing)
    public func clearInjectedWriteFailures() async throws(PersistenceError) {
        hooks.injected.withLock { $0.removeAll() }
        try await write("clear injected write failures") { db in
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'mmd_injected_%'")
            for trigger in triggers { try db.execute(sql: "DROP TRIGGER temp.\(trigger)") }
        }
    }

    /// `mmd_injected_write_failure(table)`: fails with the injected code while failures are left for `table`.
    private static func injectionFunction(_ hooks: WriterHooks) -> DatabaseFunction {
        DatabaseFunction("mmd_injected_write_failure", argumentCount: 1, pure: false) { arguments in
            let table = String.fromDatabaseValue(arguments[0]) ?? ""
            let code: Int32? = hooks.injected.withLock { injected in
                guard let entry = injected[table], entry.remaining > 0 else { return nil }
                if entry.remaining != .max { injected[table] = (entry.code, entry.remaining - 1) }
                return entry.code
            }
            guard let code else { return nil }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "injected write failure on \(table)")
        }
    }
}
