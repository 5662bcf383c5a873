import Core
#if canImport(Glibc)
import Glibc
#endif

/// A lock granted in arrival order, handed straight to the next waiter. SQLite's busy handler (sleep
/// and retry) is unfair and gave multi-second worst cases under write contention; a FIFO lock in front
/// of the single writer kept the worst case under 9 ms (stack.md Q2).
///
/// Each waiter sleeps on a condition of its own and `unlock` wakes only the next one. The ticket lock
/// this replaces broadcast to every waiter on each unlock, and all but one went back to sleep: with
/// eight purchases queued that was seven futile wake-ups per write (perf: `try_to_wake_up` under
/// `pthread_cond_broadcast`, and `finish_task_switch` at the top of the purchase profile).
final class FIFOLock: @unchecked Sendable {
    private final class Waiter {
        let turn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        var granted = false
        init() { pthread_cond_init(turn, nil) }
        deinit {
            pthread_cond_destroy(turn)
            turn.deallocate()
        }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var held = false
    private var queue: [Waiter] = [] // a few threads at most: removing the first is cheap

    init() {
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Waits for this thread's turn. Pair with `unlock()` on every path.
    func lock() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard held else {
            held = true
            return
        }
        let waiter = Waiter()
        queue.append(waiter)
        while !waiter.granted { pthread_cond_wait(waiter.turn, mutex) }
    }

    /// Hands the lock to the longest waiting thread, if any (it stays held), else frees it.
    func unlock() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !queue.isEmpty else {
            held = false
            return
        }
        let next = queue.removeFirst()
        next.granted = true
        pthread_cond_signal(next.turn)
    }

    /// Threads queued behind the one holding the lock.
    var waiting: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queue.count
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
        if idle.isEmpty { RunTurns.giveBack() } // waiting for another request to finish, not for a CPU
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
