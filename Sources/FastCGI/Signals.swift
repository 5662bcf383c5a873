#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT are blocked in every thread and collected by `sigwait` on the main thread:
/// no async-signal-safety concerns, and libfcgi's own handler (which only sets a flag that threads
/// blocked in accept() never see) never runs.
struct SignalWaiter {
    private var set = sigset_t()

    /// Must run before any worker thread starts, so they inherit the blocked mask.
    static func blockTerminationSignals() throws -> SignalWaiter {
        var waiter = SignalWaiter()
        sigemptyset(&waiter.set)
        sigaddset(&waiter.set, SIGTERM)
        sigaddset(&waiter.set, SIGINT)
        guard pthread_sigmask(SIG_BLOCK, &waiter.set, nil) == 0 else { throw FastCGIError.cannotBlockSignals }
        return waiter
    }

    /// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
    func wait() -> Int32 {
        var set = self.set
        var signal: Int32 = 0
        while sigwait(&set, &signal) != 0 {}
        return signal
    }
}

/// Counts live worker threads so shutdown can wait for in-flight requests to finish.
final class WorkerCount: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var count = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    var value: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return count
    }

    func increment() {
        pthread_mutex_lock(mutex)
        count += 1
        pthread_mutex_unlock(mutex)
    }

    func decrement() {
        pthread_mutex_lock(mutex)
        count -= 1
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// True if the count reached zero before the timeout.
    func waitForZero(timeoutSeconds: Int) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += timeoutSeconds
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count > 0 {
            if pthread_cond_timedwait(changed, mutex, &deadline) == ETIMEDOUT { return count == 0 }
        }
        return true
    }
}
