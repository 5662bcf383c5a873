import Core
import Foundation
import Store
import Testing

/// Group commit (`GroupCommitWriter`): writes queued behind a running one share its transaction and
/// its commit, each still all-or-nothing on its own, and none returns before that commit.
///
/// Each test holds the writer in a first write's body until the others have queued behind it (the
/// database counts them), so which writes share a commit is decided, not left to the scheduler.
@Suite struct GroupCommitTests {
    struct Abort: Error, Equatable {}

    /// A fresh database with the table `t (x)` the writes below insert into. The delay bound is an hour
    /// by default, so a slow test machine cannot split a group the test means to form.
    static func databaseWithTable(maxCommitDelay: Double = 3600) throws -> TemporaryDatabase {
        let temp = try TemporaryDatabase(maxCommitDelay: maxCommitDelay)
        try temp.database.write { try $0.execute("CREATE TABLE t (x INTEGER NOT NULL)") }
        return temp
    }

    @Test func aWriteAloneCommitsOnItsOwn() throws {
        let temp = try Self.databaseWithTable()
        let database = temp.database
        let before = database.commitStatistics
        for x in 1...3 { try database.write { try $0.run("INSERT INTO t VALUES (?)", [.integer(Int64(x))]) } }
        #expect(throws: Abort.self) {
            try database.write { db in
                try db.run("INSERT INTO t VALUES (4)")
                throw Abort()
            }
        }
        let after = database.commitStatistics
        #expect(after.commits - before.commits == 3)
        #expect(after.writes - before.writes == 3)
        #expect(try database.readOne("SELECT sum(x) FROM t") { $0.int(0) } == 6)
    }

    @Test func queuedWritesShareOneCommitAndAFailingOneIsUndoneAlone() throws {
        let temp = try Self.databaseWithTable()
        let database = temp.database
        let queue = WriterQueue(database)
        queue.holdFirst("a", inserting: 1)
        queue.enqueue("b", inserting: 2)
        queue.enqueue("c") { db in
            try db.run("INSERT INTO t VALUES (3)")
            throw Abort()
        }
        queue.enqueue("d", inserting: 4)
        try queue.releaseAndJoin()

        #expect(queue.outcomes.succeeded == ["a", "b", "d"])
        #expect(queue.outcomes.errors["c"] as? Abort == Abort())
        // Each write that returned could already be read on another connection: it had committed.
        #expect(queue.outcomes.sawOwnRow == ["a", "b", "d"])
        #expect(try database.read { try $0.all("SELECT x FROM t ORDER BY x") { $0.int(0) } } == [1, 2, 4])
        #expect(queue.commitsSinceStart == (commits: 1, writes: 3))
    }

    /// The delay bound: with none allowed, the write after the first hand-off commits, so four queued
    /// writes take two commits.
    @Test func theDelayBoundEndsAGroup() throws {
        let temp = try Self.databaseWithTable(maxCommitDelay: 0)
        let database = temp.database
        let queue = WriterQueue(database)
        queue.holdFirst("a", inserting: 1)
        for (name, x) in [("b", 2), ("c", 3), ("d", 4)] { queue.enqueue(name, inserting: Int64(x)) }
        try queue.releaseAndJoin()

        #expect(queue.outcomes.succeeded == ["a", "b", "c", "d"])
        #expect(queue.outcomes.sawOwnRow == ["a", "b", "c", "d"])
        #expect(queue.commitsSinceStart.commits == 2)
    }

    /// A deferred foreign key is checked at COMMIT, so it makes the shared commit fail: every write of
    /// the group is told so and none of their changes stay.
    @Test func aFailedCommitFailsEveryWriteItHeld() throws {
        let temp = try TemporaryDatabase(maxCommitDelay: 3600)
        let database = temp.database
        try database.write { db in
            try db.execute("""
                CREATE TABLE parent (id INTEGER PRIMARY KEY);
                CREATE TABLE child (parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)
                """)
        }
        let queue = WriterQueue(database)
        queue.holdFirst("a") { try $0.run("INSERT INTO parent VALUES (1)") }
        queue.enqueue("b") { try $0.run("INSERT INTO child VALUES (999)") }
        try queue.releaseAndJoin()

        #expect(queue.outcomes.succeeded.isEmpty)
        #expect((queue.outcomes.errors["a"] as? SQLiteError)?.isConstraint == true)
        #expect((queue.outcomes.errors["b"] as? SQLiteError)?.isConstraint == true)
        #expect(try database.readOne("SELECT (SELECT count(*) FROM parent) + (SELECT count(*) FROM child)") { $0.int(0) } == 0)
        try database.write { try $0.run("INSERT INTO parent VALUES (2)") }
        #expect(try database.readOne("SELECT count(*) FROM parent") { $0.int(0) } == 1)
    }

    /// SQLite rolls a transaction back by itself on some errors (a full disk, I/O errors); a write that
    /// ran `ROLLBACK` stands in for that. The write before it in the group must not be told it committed.
    @Test func aTransactionEndedByAnErrorFailsTheWritesBeforeIt() throws {
        let temp = try Self.databaseWithTable()
        let database = temp.database
        let queue = WriterQueue(database)
        queue.holdFirst("a", inserting: 1)
        queue.enqueue("b") { try $0.run("ROLLBACK") }
        try queue.releaseAndJoin()

        #expect(queue.outcomes.succeeded.isEmpty)
        #expect(queue.outcomes.errors["a"] is SQLiteError)
        #expect(try database.readOne("SELECT count(*) FROM t") { $0.int(0) } == 0)
        try database.write { try $0.run("INSERT INTO t VALUES (5)") }
        #expect(try database.readOne("SELECT sum(x) FROM t") { $0.int(0) } == 5)
    }

    /// A checkpoint queued behind a write that left the transaction open commits it first.
    @Test func aCheckpointQueuedBehindAnOpenGroupCommitsIt() throws {
        let temp = try Self.databaseWithTable()
        let database = temp.database
        let queue = WriterQueue(database)
        queue.holdFirst("a", inserting: 1)
        queue.enqueue("b", inserting: 2)
        queue.enqueue { try database.checkpoint() }
        try queue.releaseAndJoin()

        #expect(queue.outcomes.succeeded == ["a", "b"])
        #expect(queue.outcomes.sawOwnRow == ["a", "b"])
        #expect(queue.commitsSinceStart.commits == 1)
        let wal = try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int
        #expect(wal == 0)
    }
}

/// What each named write ended with, collected from the threads that ran them.
final class Outcomes: @unchecked Sendable {
    private let lock = Lock()
    private var results: [String: Result<Void, any Error>] = [:]
    private var visible: Set<String> = []

    func record(_ name: String, _ result: Result<Void, any Error>, sawOwnRow: Bool) {
        lock.withLock {
            results[name] = result
            if sawOwnRow { visible.insert(name) }
        }
    }

    var succeeded: [String] {
        lock.withLock { results.filter { if case .success = $0.value { true } else { false } }.keys.sorted() }
    }

    var errors: [String: any Error] {
        lock.withLock { results.compactMapValues { if case .failure(let error) = $0 { error } else { nil } } }
    }

    /// Writes that, right after returning, found their row from another connection (table `t`, column `x`).
    var sawOwnRow: [String] { lock.withLock { visible.sorted() } }
}

/// Starts writes on threads of their own, in a known order, behind a first write that keeps the writer
/// until all of them are queued.
final class WriterQueue: @unchecked Sendable {
    struct Stuck: Error {}
    let outcomes = Outcomes()
    private let database: Database
    private let start: (commits: Int, writes: Int)
    private let threads = DispatchGroup()
    private let holding = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    private var queued = 0

    init(_ database: Database) {
        self.database = database
        start = database.commitStatistics
    }

    /// Commits, and the writes they held, since this queue was made.
    var commitsSinceStart: (commits: Int, writes: Int) {
        let now = database.commitStatistics
        return (now.commits - start.commits, now.writes - start.writes)
    }

    /// Runs `body` as the first write, which then keeps the writer until `releaseAndJoin()`.
    func holdFirst(_ name: String, row: Int64? = nil, _ body: @escaping @Sendable (Connection) throws -> Void) {
        let (holding, release) = (holding, release)
        write(name, row: row) { db in
            try body(db)
            holding.signal()
            release.wait()
        }
        holding.wait()
    }

    /// `holdFirst` whose write inserts `x` into table `t`; the write's thread then looks for that row.
    func holdFirst(_ name: String, inserting x: Int64) {
        holdFirst(name, row: x) { try $0.run("INSERT INTO t VALUES (?)", [.integer(x)]) }
    }

    /// `enqueue` whose write inserts `x` into table `t`; the write's thread then looks for that row.
    func enqueue(_ name: String, inserting x: Int64) {
        enqueue(name, row: x) { try $0.run("INSERT INTO t VALUES (?)", [.integer(x)]) }
    }

    /// Starts a write and returns once it is queued behind the ones started before it.
    func enqueue(_ name: String, row: Int64? = nil, _ body: @escaping @Sendable (Connection) throws -> Void) {
        write(name, row: row, body)
        waitUntilQueued()
    }

    /// Starts some other user of the writer (a checkpoint) and returns once it is queued.
    func enqueue(_ work: @escaping @Sendable () throws -> Void) {
        onThread { try? work() }
        waitUntilQueued()
    }

    func releaseAndJoin() throws {
        release.signal()
        guard threads.wait(timeout: .now() + 30) == .success else { throw Stuck() }
    }

    private func write(_ name: String, row: Int64?, _ body: @escaping @Sendable (Connection) throws -> Void) {
        let (database, outcomes) = (database, outcomes)
        onThread {
            let result = Result { try database.write(body) }
            let seen = row.map { row in
                (try? database.readOne("SELECT count(*) FROM t WHERE x = ?", [.integer(row)]) { $0.int(0) }) == 1
            } ?? false
            outcomes.record(name, result, sawOwnRow: seen)
        }
    }

    private func onThread(_ work: @escaping @Sendable () -> Void) {
        let threads = threads
        threads.enter()
        Thread {
            defer { threads.leave() }
            work()
        }.start()
    }

    /// Waits (yielding, not sleeping for a set time) until one more thread queues for the writer.
    private func waitUntilQueued() {
        queued += 1
        let deadline = Date().addingTimeInterval(10)
        while database.waitingWriters < queued {
            guard Date() < deadline else {
                Issue.record("a writer did not queue within 10 s")
                return
            }
            sched_yield()
        }
    }
}
