import Core
import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The single write connection, taken in arrival order, with group commit: writes that queue up while
/// one runs share its transaction and its one `COMMIT`.
///
/// In WAL mode with `synchronous=FULL` every commit waits for an fsync, so with one writer each queued
/// purchase used to wait for every purchase ahead of it to reach the disk: p99 grew with the queue and
/// with the disk's speed (8 queued buyers, ~8 fsyncs). Here a write that finds others waiting behind it
/// leaves the transaction open and hands the writer on; the last one in the queue (or the 64th, or the
/// first to finish `maxCommitDelay` — 5 ms — after the group's first hand-off) commits for all of them,
/// and each write returns only once that commit is durable.
///
/// Each write runs in its own SAVEPOINT, so a write that throws is undone alone and the others still
/// commit. What the group shares is the fate of its `COMMIT`, and of the transaction itself if SQLite
/// ends it (an I/O error, a full disk): every write still waiting in that group gets the error, and none
/// of its changes stay, exactly as if each write had failed its own commit. Nothing that a caller saw
/// succeed is ever undone.
final class GroupCommitWriter: @unchecked Sendable {
    private let connection: Connection
    private let lock = FIFOLock()
    /// The open transaction and the writes waiting on its commit; touched only while holding `lock`.
    private var group: CommitGroup?
    private var groupWrites = 0
    /// When the group's first write finished and handed the writer on (0: not yet): bounds how long a
    /// finished write waits for its commit, whatever the first write's own body took.
    private var firstHandOffNanoseconds: Int64 = 0
    /// Under its own lock: a reader of the figures must not queue on `lock`, where it would count as
    /// a writer to hand the open transaction to.
    private let countsLock = Lock()
    private var counts = (commits: 0, writes: 0)

    static let maxWritesPerCommit = 64
    /// How long a finished write may wait for others to join its commit (counted from the group's first
    /// hand-off).
    let maxCommitDelayNanoseconds: Int64

    init(connection: Connection, maxCommitDelayNanoseconds: Int64 = 5_000_000) {
        self.connection = connection
        self.maxCommitDelayNanoseconds = maxCommitDelayNanoseconds
    }

    /// Runs `body` as one step of a write transaction; returns once the transaction holding it committed.
    func write<T>(_ body: (Connection) throws -> T) throws -> T {
        RunTurns.giveBack() // a write waits for the writer and for an fsync, not for a CPU
        lock.lock()
        let group: CommitGroup
        do { group = try joinOrBegin() } catch {
            lock.unlock()
            throw error
        }
        let result = Result { try runAsSavepoint(body) }
        if sqlite3_get_autocommit(connection.handle) != 0 {
            // SQLite ended the transaction itself (it does on I/O errors and a full disk): the earlier
            // writes of this group are gone with it and must not be told they committed.
            let error = result.failure ?? SQLiteError(code: SQLITE_ABORT, message: "the write transaction ended before its commit", sql: nil)
            finish(group, failure: error)
            lock.unlock()
            throw error
        }
        if case .success = result {
            groupWrites += 1
            countsLock.withLock { counts.writes += 1 }
        }
        if lock.hasWaiters, groupWrites < Self.maxWritesPerCommit, groupMayWait() {
            lock.unlock() // the next writer continues this transaction
            let value = try result.get() // a step that failed left nothing to commit
            try group.waitForCommit()
            return value
        }
        let failure = commit()
        finish(group, failure: failure)
        lock.unlock()
        let value = try result.get()
        if let failure { throw failure }
        return value
    }

    /// Runs `body` alone on the connection outside any transaction (checkpoints, integrity checks),
    /// after committing the group a queued write may have left open.
    func exclusively<T>(_ body: (Connection) throws -> T) throws -> T {
        RunTurns.giveBack()
        lock.lock()
        defer { lock.unlock() }
        if let group { finish(group, failure: commit()) }
        return try body(connection)
    }

    /// Commits so far and the writes they held: with one writer at a time the two are equal; their
    /// ratio is how many writes each fsync served.
    var statistics: (commits: Int, writes: Int) { countsLock.withLock { counts } }

    /// Writers waiting for the connection.
    var waitingWriters: Int { lock.waiting }

    private func joinOrBegin() throws -> CommitGroup {
        if let group { return group }
        try connection.run("BEGIN IMMEDIATE")
        let group = CommitGroup()
        self.group = group
        groupWrites = 0
        firstHandOffNanoseconds = 0
        return group
    }

    /// Whether the writes already finished in this group may wait for one more; starts the clock at
    /// the first hand-off.
    private func groupMayWait() -> Bool {
        let now = monotonicNanoseconds()
        if firstHandOffNanoseconds == 0 {
            firstHandOffNanoseconds = now
            return true
        }
        return now - firstHandOffNanoseconds < maxCommitDelayNanoseconds
    }

    private func runAsSavepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        try connection.run("SAVEPOINT write")
        do {
            let value = try body(connection)
            try connection.run("RELEASE write")
            return value
        } catch {
            if sqlite3_get_autocommit(connection.handle) == 0 {
                _ = try? connection.run("ROLLBACK TO write")
                _ = try? connection.run("RELEASE write")
            }
            throw error
        }
    }

    /// COMMIT, or ROLLBACK when it fails; the error, if any. A group whose every write failed (each
    /// undone already) has nothing to commit and is rolled back.
    private func commit() -> (any Error)? {
        guard groupWrites > 0 else {
            _ = try? connection.run("ROLLBACK")
            return nil
        }
        do {
            try connection.run("COMMIT")
            countsLock.withLock { counts.commits += 1 }
            return nil
        } catch {
            _ = try? connection.run("ROLLBACK")
            return error
        }
    }

    private func finish(_ group: CommitGroup, failure: (any Error)?) {
        self.group = nil
        group.finish(failure: failure)
    }
}

/// One shared transaction's outcome, waited for by the writes that handed the connection on.
private final class CommitGroup: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var finished = false
    private var failure: (any Error)?

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(done, nil)
    }

    deinit {
        pthread_cond_destroy(done)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        done.deallocate()
    }

    func finish(failure: (any Error)?) {
        pthread_mutex_lock(mutex)
        finished = true
        self.failure = failure
        pthread_cond_broadcast(done)
        pthread_mutex_unlock(mutex)
    }

    func waitForCommit() throws {
        pthread_mutex_lock(mutex)
        while !finished { pthread_cond_wait(done, mutex) }
        let failure = self.failure
        pthread_mutex_unlock(mutex)
        if let failure { throw failure }
    }
}

private extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
