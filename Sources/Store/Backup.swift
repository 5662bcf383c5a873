#if canImport(Glibc)
import Glibc
#endif
import CSQLite

/// Online backups with SQLite's backup API: a consistent copy of a live database, taken while the
/// server keeps serving (a plain file copy of a live WAL database can be torn; security.md A2).
public enum Backup {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Copies the database at `source` into a new file at `destination` (which must not exist) and
    /// checks the copy with `PRAGMA integrity_check`. Returns the number of pages copied.
    @discardableResult
    public static func create(from source: String, to destination: String) throws -> Int {
        var exists = stat()
        guard stat(destination, &exists) != 0 else { throw Failure(description: "\(destination) already exists; refusing to overwrite it") }
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite3_close_v2(from) }
        let to = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite3_close_v2(to) }
        let pages = try copy(from: from, to: to)
        try check(to, name: destination)
        return pages
    }

    /// Replaces the database at `target` with the backup at `source`, after checking the backup.
    /// Stop `smscode serve` first: the server's work in flight would otherwise be lost.
    @discardableResult
    public static func restore(from source: String, to target: String) throws -> Int {
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite3_close_v2(from) }
        try check(from, name: source)
        let to = try open(target, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite3_close_v2(to) }
        let pages = try copy(from: from, to: to)
        try check(to, name: target)
        return pages
    }

    static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_EXRESCODE, nil)
        guard rc == SQLITE_OK, let handle else {
            if let handle { sqlite3_close_v2(handle) }
            throw Failure(description: "cannot open \(path) (SQLite error \(rc))")
        }
        sqlite3_busy_timeout(handle, 5000)
        return handle
    }

    /// Copies every page in one step, so the copy is one consistent snapshot of the source.
    static func copy(from: OpaquePointer, to: OpaquePointer) throws -> Int {
        guard let backup = sqlite3_backup_init(to, "main", from, "main") else {
            throw Failure(description: "backup failed to start: \(String(cString: sqlite3_errmsg(to)))")
        }
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(backup, -1)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED { sqlite3_sleep(50) }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw Failure(description: "backup failed: \(String(cString: sqlite3_errmsg(to)))")
        }
        return pages
    }

    static func check(_ handle: OpaquePointer, name: String) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: "\(name) is not a readable SQLite database")
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0), String(cString: text) == "ok" else {
            throw Failure(description: "\(name) fails PRAGMA integrity_check")
        }
    }
}
