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
