import Core
import Foundation
import Store
import Testing

@Suite struct MigrationTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func appliesOnceAndRecordsEachVersion() throws {
        let temp = try TemporaryDatabase()
        let migrator = Migrator()
        #expect(try migrator.migrate(temp.database, now: now) == Schema.migrations.map(\.version))
        #expect(try migrator.migrate(temp.database, now: now) == [])
        #expect(try migrator.currentVersion(temp.database) == migrator.latestVersion)
        let recorded = try temp.database.read { db in
            try db.all("SELECT version, applied_at FROM schema_migrations ORDER BY version") { ($0.int(0), $0.text(1)) }
        }
        #expect(recorded.map(\.0) == Schema.migrations.map { Int64($0.version) })
        #expect(recorded.first?.1 == "2026-11-18T11:06:40Z")
    }

    /// The purchase path's open-order count (`SQLiteRentalRecords.activeOrderCount`, and the same
    /// subquery in the lifecycle store) must read only open orders, not every order the account placed.
    @Test func theOpenOrderCountUsesThePartialIndex() throws {
        let temp = try TemporaryDatabase()
        try Migrator().migrate(temp.database, now: now)
        let plan = try temp.database.read { db in
            try db.all("EXPLAIN QUERY PLAN SELECT count(*) FROM orders WHERE account_id = ? AND state IN ('pending', 'received')", ["a"]) { $0.text(3) }
        }
        #expect(plan == ["SEARCH orders USING INDEX orders_open_account (account_id=?)"])
    }

    @Test func aFailingMigrationLeavesNoTrace() throws {
        let temp = try TemporaryDatabase()
        let broken = Migrator(migrations: [
            Migration(version: 1, name: "ok", sql: "CREATE TABLE a (x INTEGER)"),
            Migration(version: 2, name: "broken", sql: "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)"),
        ])
        #expect(throws: SQLiteError.self) { try broken.migrate(temp.database, now: now) }
        #expect(try broken.currentVersion(temp.database) == 1)
        let tables = try temp.database.read { db in
            try db.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") { $0.text(0) }
        }
        #expect(tables == ["a", "schema_migrations"]) // table b was rolled back with its migration
    }

    @Test func refusesADatabaseFromANewerBuild() throws {
        let temp = try TemporaryDatabase()
        let newer = Migrator(migrations: [
            Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)"),
            Migration(version: 2, name: "two", sql: "CREATE TABLE b (x INTEGER)"),
        ])
        try newer.migrate(temp.database, now: now)
        let older = Migrator(migrations: [Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)")])
        #expect(throws: MigrationError.databaseNewerThanBuild(database: 2, build: 1)) {
            try older.migrate(temp.database, now: now)
        }
    }

    @Test func probeSeesAMigratedDatabase() throws {
        let temp = try TemporaryDatabase()
        #expect(DatabaseProbe.live(temp.database).isReachable() == false) // no schema yet
        try Migrator().migrate(temp.database, now: now)
        #expect(DatabaseProbe.live(temp.database).isReachable() == true)
    }
}
