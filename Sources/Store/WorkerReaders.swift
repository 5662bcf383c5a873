import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Which FastCGI worker the current thread is. The server's responder records it before each request,
/// so `Database.read` can hand every worker a read connection of its own.
public enum WorkerSlot {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// Marks the calling thread as worker `slot` (0-based) from now on.
    public static func assign(_ slot: Int) {
        guard slot >= 0, current != slot else { return }
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: slot + 1))
    }

    static var current: Int? {
        pthread_getspecific(key).map { Int(bitPattern: $0) - 1 }
    }
}

/// One read-only connection per FastCGI worker, each used by the one thread that claimed it first.
///
/// A worker reads at least twice per request (the caller's token, then what it asked for); borrowing
/// from the shared pool cost two contended mutex round trips each time with 8 threads on 2 cores. The
/// claim makes sharing impossible even if two threads present the same slot (tests that pass
/// arbitrary worker numbers): the second thread falls back to the pool. A thread that exits keeps its
/// claim, and glibc may hand its id to a new thread, which then inherits the slot: safe, as the old
/// owner can no longer use the connection.
final class WorkerReaders: Sendable {
    private final class Slot: Sendable {
        let connection: UncheckedConnection
        let owner = Atomic<UInt>(0)
        init(_ connection: Connection) { self.connection = UncheckedConnection(connection: connection) }
    }

    /// The connection is only ever touched by the slot's owner thread.
    private struct UncheckedConnection: @unchecked Sendable {
        let connection: Connection
    }

    private let slots: [Slot]

    init(path: String, count: Int) throws {
        slots = try (0..<max(0, count)).map { _ in Slot(try Connection(path: path, readOnly: true)) }
    }

    /// The calling thread's own connection, or nil when it is not a worker (or its slot is taken).
    func connectionForCurrentThread() -> Connection? {
        guard let index = WorkerSlot.current, index < slots.count else { return nil }
        let slot = slots[index]
        let me = UInt(pthread_self()) // pthread_t is an unsigned integer in glibc, never 0 for a live thread
        let owner = slot.owner.load(ordering: .acquiring)
        if owner == me { return slot.connection.connection }
        guard owner == 0, slot.owner.compareExchange(expected: 0, desired: me, ordering: .acquiringAndReleasing).exchanged else { return nil }
        return slot.connection.connection
    }
}
