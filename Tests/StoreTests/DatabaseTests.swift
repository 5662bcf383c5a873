import Core
import Foundation
import Store
import Testing

/// A database in a fresh temporary folder, removed when the test ends.
final class TemporaryDatabase {
    let folder: String
    let database: Database

    init(readConnections: Int = 2, workerConnections: Int = 0, maxCommitDelay: Double = 0.005) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smscode-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try Database(path: folder + "/test.sqlite", readConnections: readConnections, workerConnections: workerConnections,
                                maxCommitDelay: maxCommitDelay)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
}

@Suite struct DatabaseTests {
    @Test func connectionsAreConfiguredForDurability() throws {
        let temp = try TemporaryDatabase()
        let pragmas = try temp.database.withWriter { db in
            (try db.one("PRAGMA journal_mode") { $0.text(0) }, try db.one("PRAGMA synchronous") { $0.int(0) },
             try db.one("PRAGMA foreign_keys") { $0.int(0) }, try db.one("PRAGMA busy_timeout") { $0.int(0) },
             try db.one("PRAGMA mmap_size") { $0.int(0) })
        }
        #expect(pragmas.0 == "wal")
        #expect(pragmas.1 == 2) // FULL
        #expect(pragmas.2 == 1)
        #expect(pragmas.3 == 5000)
        #expect(pragmas.4 == 0)
        #expect(try temp.database.readOne("PRAGMA foreign_keys") { $0.int(0) } == 1)
        #expect(try temp.database.readOne("PRAGMA query_only") { $0.int(0) } == 1)
    }

    @Test func readersCannotWrite() throws {
        let temp = try TemporaryDatabase()
        try temp.database.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
        #expect(throws: SQLiteError.self) {
            try temp.database.read { try $0.run("INSERT INTO t VALUES (1)") }
        }
    }

    @Test func aThrowingWriteRollsBackEverything() throws {
        struct Abort: Error {}
        let temp = try TemporaryDatabase()
        try temp.database.write { try $0.execute("CREATE TABLE t (x INTEGER NOT NULL)") }
        #expect(throws: Abort.self) {
            try temp.database.write { db in
                try db.run("INSERT INTO t VALUES (?)", [1])
                throw Abort()
            }
        }
        #expect(try temp.database.readOne("SELECT count(*) FROM t") { $0.int(0) } == 0)
        // The writer is usable again after the rollback.
        try temp.database.write { try $0.run("INSERT INTO t VALUES (?)", [2]) }
        #expect(try temp.database.readOne("SELECT sum(x) FROM t") { $0.int(0) } == 2)
    }

    @Test func bindsAndReadsEveryValueKind() throws {
        let temp = try TemporaryDatabase()
        try temp.database.write { db in
            try db.execute("CREATE TABLE v (i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)")
            try db.run("INSERT INTO v VALUES (?, ?, ?, ?, ?)", [.integer(Int64.max), .real(1.5), .text("Rp 15.000 é"), .blob([0, 1, 255]), .null])
        }
        let row = try temp.database.read { db in
            try db.one("SELECT i, r, t, b, n FROM v") { ($0.int(0), $0.double(1), $0.text(2), $0.blob(3), $0.optionalText(4)) }
        }
        #expect(row?.0 == Int64.max)
        #expect(row?.1 == 1.5)
        #expect(row?.2 == "Rp 15.000 é")
        #expect(row?.3 == [0, 1, 255])
        #expect(row?.4 == nil)
    }

    @Test func wrongBindingCountIsAnError() throws {
        let temp = try TemporaryDatabase()
        #expect(throws: SQLiteError.self) {
            try temp.database.write { try $0.run("SELECT ?", []) }
        }
    }

    /// 16 threads × 50 increments through the single writer: no "database is locked", no lost update.
    @Test func concurrentWritersNeverCollide() async throws {
        let temp = try TemporaryDatabase(readConnections: 4)
        try temp.database.write { db in
            try db.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)")
        }
        let database = temp.database
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var failed = 0
                    for _ in 0..<50 {
                        do {
                            try database.write { db in
                                let n = try db.one("SELECT n FROM counter WHERE id = 1") { $0.int(0) } ?? 0
                                try db.run("UPDATE counter SET n = ? WHERE id = 1", [.integer(n + 1)])
                            }
                            _ = try database.readOne("SELECT n FROM counter") { $0.int(0) }
                        } catch { failed += 1 }
                    }
                    return failed
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(try database.readOne("SELECT n FROM counter") { $0.int(0) } == 800)
    }

    @Test func checkpointTruncatesTheWAL() throws {
        let temp = try TemporaryDatabase()
        try temp.database.write { db in
            try db.execute("CREATE TABLE big (x BLOB)")
            for _ in 0..<50 { try db.run("INSERT INTO big VALUES (?)", [.blob([UInt8](repeating: 7, count: 8192))]) }
        }
        let walPath = temp.database.path + "-wal"
        let before = try FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int ?? 0
        #expect(before > 100_000)
        try temp.database.checkpoint()
        let after = try FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int ?? -1
        #expect(after == 0)
    }
}
