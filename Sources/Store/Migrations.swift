import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One versioned schema change. Migrations are append-only: a shipped migration is never edited,
/// a later one changes what it did.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The database was migrated by a newer build; serving it with this one could corrupt data.
    case databaseNewerThanBuild(database: Int, build: Int)

    public var description: String {
        switch self {
        case .databaseNewerThanBuild(let database, let build):
            "the database is at schema version \(database) but this build knows only up to \(build)"
        }
    }
}

/// Applies pending migrations, each in its own write transaction, and records them in `schema_migrations`.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Schema.migrations) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Returns the versions applied by this call (empty when the database was already current).
    @discardableResult
    public func migrate(_ database: Database, now: Date) throws -> [Int] {
        try database.write { db in
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                ) STRICT
                """)
        }
        let current = try currentVersion(database)
        guard current <= latestVersion else { throw MigrationError.databaseNewerThanBuild(database: current, build: latestVersion) }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            try database.write { db in
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           [.integer(Int64(migration.version)), .text(migration.name), .text(Timestamp.format(now))])
            }
            applied.append(migration.version)
        }
        return applied
    }

    public func currentVersion(_ database: Database) throws -> Int {
        Int(try database.write { db in try db.one("SELECT coalesce(max(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0 })
    }
}
