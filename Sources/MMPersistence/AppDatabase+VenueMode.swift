import GRDB

/// Which kind of trading a database's fills come from. Paper fills in a live ledger would be taken for a
/// real position (and the other way round), so a database holds one kind only: the daemon claims it at
/// start and refuses one claimed by the other kind.
public enum LedgerKind: String, Sendable, Hashable {
    case live
    /// `venue.mode: paper`: every fill stored is tagged `paper = 1` in the fills table.
    case paper
}

extension AppDatabase {
    /// The kind this database was claimed for; a database from before claims existed counts as live once
    /// it holds a fill. `nil` for a database never claimed and without fills.
    public func ledgerKind() async throws -> LedgerKind? {
        try await writer.read { db in
            if let text = try String.fetchOne(db, sql: "SELECT value FROM state WHERE key = 'ledger_kind'") { return LedgerKind(rawValue: text) ?? .live }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fills)") == true ? .live : nil
        }
    }

    /// Claims the database for `kind`; from then on the fills it stores are tagged with it.
    public func claim(_ kind: LedgerKind) async throws(PersistenceError) {
        try await write("claim the database for \(kind.rawValue) trading") { db in
            try db.execute(sql: "INSERT INTO state (key, value) VALUES ('ledger_kind', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [kind.rawValue])
        }
    }

    /// Fills tagged paper (all of a paper database's).
    public func paperFillCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fills WHERE paper = 1") ?? 0 }
    }

    static func registerLedgerKindMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-paper-fills") { db in
            // Set by the insert itself from the database's claim, so no caller can store a paper fill untagged.
            try db.alter(table: "fills") { t in t.add(column: "paper", .boolean).notNull().defaults(to: false) }
        }
    }
}
