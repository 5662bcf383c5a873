import Core
import Foundation
import Store
import Testing

@Suite struct BackupTests {
    /// A backup taken while another thread keeps writing is one consistent snapshot: it passes
    /// integrity_check, and restoring it gives a database whose rows are a prefix of what was written.
    @Test func backupUnderWriteLoadRestoresConsistently() async throws {
        let temp = try TemporaryDatabase()
        try temp.database.write { db in
            try db.execute("CREATE TABLE moves (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL); CREATE TABLE total (sum INTEGER NOT NULL); INSERT INTO total VALUES (0)")
        }
        let database = temp.database
        let writer = Task.detached {
            for index in 1...400 {
                try database.write { db in
                    try db.run("INSERT INTO moves (amount) VALUES (?)", [.integer(Int64(index))])
                    try db.run("UPDATE total SET sum = sum + ?", [.integer(Int64(index))])
                }
            }
        }
        while (try database.readOne("SELECT count(*) FROM moves", [], { $0.int(0) }) ?? 0) < 50 { await Task.yield() }
        let backupPath = temp.folder + "/backup.sqlite"
        try Backup.create(from: database.path, to: backupPath)
        try await writer.value
        #expect(throws: Backup.Failure.self) { try Backup.create(from: database.path, to: backupPath) } // never overwrites

        let restoredPath = temp.folder + "/restored.sqlite"
        try Backup.restore(from: backupPath, to: restoredPath)
        let restored = try Database(path: restoredPath, readConnections: 1)
        let (count, sum, total) = try restored.read { db in
            (try db.one("SELECT count(*) FROM moves") { $0.int(0) } ?? -1,
             try db.one("SELECT coalesce(sum(amount), 0) FROM moves") { $0.int(0) } ?? -1,
             try db.one("SELECT sum FROM total") { $0.int(0) } ?? -2)
        }
        #expect(count >= 50 && count <= 400)
        #expect(sum == count * (count + 1) / 2)  // rows 1...count, no gap
        #expect(total == sum)                    // both tables from the same instant
    }

    @Test func aDamagedBackupIsRefused() throws {
        let temp = try TemporaryDatabase()
        let junk = temp.folder + "/junk.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        #expect(throws: Backup.Failure.self) { try Backup.restore(from: junk, to: temp.folder + "/target.sqlite") }
    }
}
