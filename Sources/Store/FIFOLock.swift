#if canImport(Glibc)
import Glibc
#endif

/// A ticket lock: waiters get the lock in arrival order. SQLite's busy handler (sleep and retry)
/// is unfair and gave multi-second worst cases under write contention; a FIFO lock in front of the
/// single writer kept the worst case under 9 ms (stack.md Q2).
final class FIFOLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let turn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var nextTicket: UInt64 = 0
    private var nowServing: UInt64 = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turn, nil)
    }

    deinit {
        pthread_cond_destroy(turn)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        turn.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Waits for this thread's turn. Pair with `unlock()` on every path.
    func lock() {
        pthread_mutex_lock(mutex)
        let ticket = nextTicket
        nextTicket += 1
        while ticket != nowServing { pthread_cond_wait(turn, mutex) }
        pthread_mutex_unlock(mutex)
    }

    func unlock() {
        pthread_mutex_lock(mutex)
        nowServing += 1
        pthread_cond_broadcast(turn)
        pthread_mutex_unlock(mutex)
    }

    /// Threads queued behind the one holding the lock.
    var waiting: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return max(0, Int(nextTicket - nowServing) - 1)
    }

    /// Whether a thread is queued behind the caller, who must hold the lock.
    var hasWaiters: Bool { waiting > 0 }
}

/// A fixed set of connections lent to one thread at a time; a borrower waits while all are out.
final class ConnectionPool: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let available = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var idle: [Connection]

    init(_ connections: [Connection]) {
        idle = connections
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(available, nil)
    }

    deinit {
        pthread_cond_destroy(available)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        available.deallocate()
    }

    func withConnection<T>(_ body: (Connection) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        while idle.isEmpty { pthread_cond_wait(available, mutex) }
        let connection = idle.removeLast()
        pthread_mutex_unlock(mutex)
        defer {
            pthread_mutex_lock(mutex)
            idle.append(connection)
            pthread_cond_signal(available)
            pthread_mutex_unlock(mutex)
        }
        return try body(connection)
    }
}
