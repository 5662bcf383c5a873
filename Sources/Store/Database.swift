#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The database file: one write connection behind a FIFO lock and a small pool of read-only connections.
///
/// One writer is a safety rule, not only a speed one: Debian 12's SQLite 3.40 has the WAL-reset bug that
/// two connections writing or checkpointing at once can trigger (DESIGN.md principle 3, security.md A0.1).
/// Every write runs in `BEGIN IMMEDIATE`, so it takes the lock up front and never fails half-way with
/// SQLITE_BUSY_SNAPSHOT; readers are opened read-only so they cannot write by mistake.
public final class Database: @unchecked Sendable {
    public let path: String
    private let writer: Connection
    private let writeLock = FIFOLock()
    private let readers: ConnectionPool
    let workerReaders: WorkerReaders

    /// Opens (creating if needed) the database at `path`; the writer is opened first so the file is in
    /// WAL mode before any read-only connection attaches. `readConnections` are shared by every thread;
    /// `workerConnections` more are one per FastCGI worker (`WorkerSlot`), used by that worker alone.
    public init(path: String, readConnections: Int = 4, workerConnections: Int = 0) throws {
        self.path = path
        writer = try Connection(path: path, readOnly: false)
        readers = ConnectionPool(try (0..<max(1, readConnections)).map { _ in try Connection(path: path, readOnly: true) })
        workerReaders = try WorkerReaders(path: path, count: workerConnections)
    }

    /// The calling worker's own read connection, else one borrowed from the shared pool. A read nested
    /// in another read on the same thread gets a pool connection, as it always did: on the worker's own
    /// connection its BEGIN would fail inside the open transaction, and a cached statement could be
    /// reset under the outer read's feet.
    private func withReader<T>(_ body: (Connection) throws -> T) rethrows -> T {
        if let own = workerReaders.connectionForCurrentThread(), !own.isLentToWorker {
            own.isLentToWorker = true
            defer { own.isLentToWorker = false }
            return try body(own)
        }
        return try readers.withConnection(body)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE … COMMIT` transaction on the single writer; rolls back if it throws.
    @discardableResult
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        try writeLock.withLock {
            try writer.run("BEGIN IMMEDIATE")
            do {
                let result = try body(writer)
                try writer.run("COMMIT")
                return result
            } catch {
                _ = try? writer.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` on a read-only connection inside one read transaction (a consistent snapshot).
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try withReader { connection in
            // Cached prepared statements: sqlite3_exec would parse BEGIN and COMMIT again on every read.
            try connection.run("BEGIN")
            defer { _ = try? connection.run("COMMIT") }
            return try body(connection)
        }
    }

    /// A single-statement read without an explicit transaction: the cheapest path, for health checks
    /// and single lookups.
    public func readOne<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        try withReader { try $0.one(sql, values, map) }
    }

    /// Moves the WAL into the main file and truncates it, so the WAL stays bounded even when readers
    /// never pause (security.md A2 "Checkpointing"). Runs on the writer, under the write lock.
    public func checkpoint() throws {
        try writeLock.withLock { try writer.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// `checkpoint()` that reports whether it finished: true when every WAL frame reached the database
    /// file and the WAL is zero bytes long; false when a reader still needed part of it (SQLite's busy
    /// flag), so a purge can say its erased data is not yet gone from the WAL.
    public func truncateWAL() throws -> Bool {
        try writeLock.withLock { try writer.one("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) } == 0 }
    }

    /// Runs a statement on the writer outside a transaction (PRAGMAs such as `integrity_check`).
    public func withWriter<T>(_ body: (Connection) throws -> T) throws -> T {
        try writeLock.withLock { try body(writer) }
    }
}
