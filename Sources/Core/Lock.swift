#if canImport(Glibc)
import Glibc
#endif

/// A small mutex for the few places that hold mutable state across threads (rate-limit buckets,
/// metrics shards, caches), each held for well under a microsecond.
///
/// A glibc adaptive mutex rather than `Synchronization.Mutex`: on Linux the latter is a
/// priority-inheritance futex, and when the FastCGI threads met on one rate-limit bucket (a bot polling
/// its order) every collision became a kernel round trip through the rt-mutex code — 13% of the
/// server's CPU in perf. An adaptive mutex spins briefly first, which is what such short critical
/// sections want.
public final class Lock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    public init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
