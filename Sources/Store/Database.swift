#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The database file: one write connection taken in arrival order (with group commit) and a small pool of
/// read-only connections.
///
/// One writer is a safety rule, not only a speed one: Debian 12's SQLite 3.40 has the WAL-reset bug that
/// two connections writing or checkpointing at once can trigger (DESIGN.md principle 3, security.md A0.1).
/// Every write transaction starts with `BEGIN IMMEDIATE`, so it takes the lock up front and never fails
/// half-way with SQLITE_BUSY_SNAPSHOT; readers are opened read-only so they cannot write by mistake.
public final class Database: @unchecked Sendable {
    public let path: String
    private let writer: GroupCommitWriter
    private let readers: ConnectionPool
    let workerReaders: WorkerReaders

    /// Opens (creating if needed) the database at `path`; the writer is opened first so the file is in
    /// WAL mode before any read-only connection attaches. `readConnections` are shared by every thread;
    /// `workerConnections` more are one per FastCGI worker (`WorkerSlot`), used by that worker alone.
    /// `maxCommitDelay`: how long a finished write may wait for queued ones to share its commit.
    public init(path: String, readConnections: Int = 4, workerConnections: Int = 0, maxCommitDelay: Double = 0.005) throws {
        self.path = path
        writer = GroupCommitWriter(connection: try Connection(path: path, readOnly: false),
                                   maxCommitDelayNanoseconds: Int64(max(0, maxCommitDelay) * 1_000_000_000))
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

    /// Runs `body` as one all-or-nothing write: if it throws, none of its changes stay. Returns once they
    /// are committed (durably: `synchronous=FULL`). Writes that queue meanwhile share one transaction and
    /// one commit, each in its own savepoint (`GroupCommitWriter`).
    @discardableResult
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        releaseKeptSnapshot() // reads after this write must see it
        return try writer.write(body)
    }

    /// Transactions the writer committed and the writes they held, since the database was opened: how
    /// many writes each fsync served.
    public var commitStatistics: (commits: Int, writes: Int) { writer.statistics }

    /// Writes queued for the writer behind the one running.
    public var waitingWriters: Int { writer.waitingWriters }

    /// Runs `body` on a read-only connection inside one read transaction (a consistent snapshot).
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try withReader { connection in
            // Cached prepared statements: sqlite3_exec would parse BEGIN and COMMIT again on every read.
            if connection.keepsSnapshot { connection.keepsSnapshot = false } else { try connection.run("BEGIN") }
            defer { _ = try? connection.run("COMMIT") }
            return try body(connection)
        }
    }

    /// A single-statement read without an explicit transaction: the cheapest path, for health checks
    /// and single lookups.
    public func readOne<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        try withReader { connection in
            defer { connection.endKeptSnapshot() } // this read was the kept snapshot's last use
            return try connection.one(sql, values, map)
        }
    }

    /// `readOne` that leaves its read transaction open on a FastCGI worker's own connection, so the
    /// request's next read (or readOne) runs in the same snapshot and closes it. Every read transaction
    /// takes and drops a lock in the -shm file under a mutex all of the process's connections share;
    /// under load that mutex was where the polling workers waited (perf: every futex wait). Checking the
    /// caller's token and then reading what it asked for now costs one such round trip instead of two.
    ///
    /// The kept snapshot ends at the thread's next read, at its next `write` (so later reads see the
    /// write), or at `releaseKeptSnapshot()`, which the server calls after every request. Off a worker
    /// thread, or nested in another read, this is a plain `readOne`.
    public func readOneKeepingSnapshot<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Row) throws -> T) throws -> T? {
        guard let own = workerReaders.connectionForCurrentThread(), !own.isLentToWorker else {
            return try readOne(sql, values, map)
        }
        if !own.keepsSnapshot {
            try own.run("BEGIN")
            own.keepsSnapshot = true
        }
        do {
            return try own.one(sql, values, map)
        } catch {
            own.endKeptSnapshot()
            throw error
        }
    }

    /// Ends the snapshot `readOneKeepingSnapshot` left open on this thread, if any.
    public func releaseKeptSnapshot() {
        guard let own = workerReaders.connectionForCurrentThread(), !own.isLentToWorker else { return }
        own.endKeptSnapshot()
    }

    /// Moves the WAL into the main file and truncates it, so the WAL stays bounded even when readers
    /// never pause (security.md A2 "Checkpointing"). Runs on the writer, with no write transaction open.
    public func checkpoint() throws {
        try writer.exclusively { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// `checkpoint()` that reports whether it finished: true when every WAL frame reached the database
    /// file and the WAL is zero bytes long; false when a reader still needed part of it (SQLite's busy
    /// flag), so a purge can say its erased data is not yet gone from the WAL.
    public func truncateWAL() throws -> Bool {
        try writer.exclusively { try $0.one("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) } == 0 }
    }

    /// Runs a statement on the writer outside a transaction (PRAGMAs such as `integrity_check`).
    public func withWriter<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.exclusively(body)
    }
}
