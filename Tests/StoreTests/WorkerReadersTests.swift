import Foundation
@testable import Store
import Testing

/// What a thread returned, handed to the waiting test by a semaphore (which orders the accesses).
final class ThreadOutcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Each FastCGI worker reads through a connection of its own; no two threads ever share one, and a
/// worker's reads see what was committed before them.
@Suite struct WorkerReadersTests {
    /// Runs `body` on a new thread and waits for it.
    func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = ThreadOutcome<T>()
        let thread = Thread {
            outcome.result = Result { try body() }
            done.signal()
        }
        thread.start()
        done.wait()
        return try outcome.result!.get()
    }

    @Test func aWorkerKeepsItsOwnConnectionAndAnotherThreadCannotTakeIt() throws {
        let temp = try TemporaryDatabase(workerConnections: 2)
        let database = temp.database
        try database.write { try $0.execute("CREATE TABLE t (v INTEGER)") }
        #expect(database.workerReaders.connectionForCurrentThread() == nil) // this thread was never assigned a slot

        // The first worker claims slot 0 and stays alive until the second thread is done.
        let claimed = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let first = ThreadOutcome<[ObjectIdentifier?]>()
        Thread {
            WorkerSlot.assign(0)
            let id = database.workerReaders.connectionForCurrentThread().map(ObjectIdentifier.init)
            let again = database.workerReaders.connectionForCurrentThread().map(ObjectIdentifier.init)
            first.result = .success([id, again])
            claimed.signal()
            release.wait()
            finished.signal()
        }.start()
        claimed.wait()
        defer { release.signal(); finished.wait() }
        let ids = try first.result!.get()
        #expect(ids[0] != nil)
        #expect(ids[0] == ids[1])

        let (stolen, own, counts) = try onThread { () -> (ObjectIdentifier?, ObjectIdentifier?, [Int64]) in
            WorkerSlot.assign(0) // slot 0 belongs to the first thread, which is still running
            let stolen = database.workerReaders.connectionForCurrentThread().map(ObjectIdentifier.init)
            let viaPool = try database.read { try $0.one("SELECT count(*) FROM t") { $0.int(0) } } ?? -1
            WorkerSlot.assign(1)
            let own = database.workerReaders.connectionForCurrentThread().map(ObjectIdentifier.init)
            let before = try database.read { try $0.one("SELECT count(*) FROM t") { $0.int(0) } } ?? -1
            try database.write { try $0.run("INSERT INTO t VALUES (1)") }
            let after = try database.readOne("SELECT count(*) FROM t") { $0.int(0) } ?? -1
            return (stolen, own, [viaPool, before, after])
        }
        #expect(stolen == nil)
        #expect(own != nil && own != ids[0])
        #expect(counts == [0, 0, 1])
    }
}

extension WorkerReadersTests {
    /// A read inside a read on a worker thread works (the inner one borrows from the pool) instead of
    /// failing to BEGIN inside the open transaction.
    @Test func aNestedReadOnAWorkerBorrowsFromThePool() throws {
        let temp = try TemporaryDatabase(workerConnections: 1)
        let database = temp.database
        try database.write { try $0.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (7);") }
        let sums = try onThread { () -> [Int64] in
            WorkerSlot.assign(0)
            return try database.read { outer in
                let inner = try database.read { try $0.one("SELECT sum(v) FROM t") { $0.int(0) } } ?? -1
                let again = try database.readOne("SELECT sum(v) FROM t") { $0.int(0) } ?? -1
                return [inner, again, try outer.one("SELECT sum(v) FROM t") { $0.int(0) } ?? -1]
            }
        }
        #expect(sums == [7, 7, 7])
    }
}

/// The token check's snapshot is kept for the request's next read (one -shm lock round trip per
/// request instead of two), and nothing later in the request reads through a stale one.
extension WorkerReadersTests {
    static let count = "SELECT count(*) FROM t"

    /// A database with one worker connection and an empty table `t`.
    func emptyTable() throws -> TemporaryDatabase {
        let temp = try TemporaryDatabase(workerConnections: 1)
        try temp.database.write { try $0.execute("CREATE TABLE t (v INTEGER)") }
        return temp
    }

    /// Commits a row from another thread, which is no worker and keeps nothing.
    func insertElsewhere(_ database: Database) throws {
        try onThread { try database.write { _ = try $0.run("INSERT INTO t VALUES (1)") } }
    }

    @Test func theNextReadSharesTheKeptSnapshotAndTheOneAfterSeesNewRows() throws {
        let temp = try emptyTable()
        let database = temp.database
        let counts = try onThread { () -> [Int64] in
            WorkerSlot.assign(0)
            let first = try database.readOneKeepingSnapshot(Self.count) { $0.int(0) } ?? -1
            try insertElsewhere(database)
            let shared = try database.read { try $0.one(Self.count) { $0.int(0) } } ?? -1
            let fresh = try database.readOne(Self.count) { $0.int(0) } ?? -1
            return [first, shared, fresh]
        }
        #expect(counts == [0, 0, 1])
    }

    @Test func aWriteOnTheSameThreadEndsTheKeptSnapshot() throws {
        let temp = try emptyTable()
        let database = temp.database
        let counts = try onThread { () -> [Int64] in
            WorkerSlot.assign(0)
            let before = try database.readOneKeepingSnapshot(Self.count) { $0.int(0) } ?? -1
            try database.write { _ = try $0.run("INSERT INTO t VALUES (1)") }
            let after = try database.readOne(Self.count) { $0.int(0) } ?? -1
            return [before, after]
        }
        #expect(counts == [0, 1])
    }

    /// The server releases after every request: a kept snapshot would otherwise pin the WAL, and the
    /// thread's first read of its next request would see the previous request's data.
    @Test func releasingTheKeptSnapshotUnpinsTheWAL() throws {
        let temp = try emptyTable()
        let database = temp.database
        let outcome = try onThread { () -> (pinned: Bool, released: Bool, counts: [Int64]) in
            WorkerSlot.assign(0)
            _ = try database.readOneKeepingSnapshot(Self.count) { $0.int(0) }
            try insertElsewhere(database)
            let pinned = try !everyFrameCheckpoints(database)
            database.releaseKeptSnapshot()
            let released = try everyFrameCheckpoints(database)
            let kept = try database.readOneKeepingSnapshot(Self.count) { $0.int(0) } ?? -1
            database.releaseKeptSnapshot()
            try insertElsewhere(database)
            let next = try database.readOne(Self.count) { $0.int(0) } ?? -1
            return (pinned, released, [kept, next])
        }
        #expect(outcome.pinned)
        #expect(outcome.released)
        #expect(outcome.counts == [1, 2])
    }

    /// A PASSIVE checkpoint (which waits for no one) copies every WAL frame into the database file
    /// unless a reader's snapshot still needs the file as it was.
    func everyFrameCheckpoints(_ database: Database) throws -> Bool {
        try database.withWriter { try $0.one("PRAGMA wal_checkpoint(PASSIVE)") { $0.int(1) == $0.int(2) } } ?? false
    }

    /// Off a worker thread there is nothing to keep: the next read sees rows committed in between.
    @Test func offAWorkerThreadNothingIsKept() throws {
        let temp = try emptyTable()
        let database = temp.database
        let first = try database.readOneKeepingSnapshot(Self.count) { $0.int(0) }
        try insertElsewhere(database)
        #expect([first, try database.readOne(Self.count) { $0.int(0) }] == [0, 1])
    }
}
