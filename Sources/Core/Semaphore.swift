#if canImport(Glibc)
import Glibc
#endif

/// A counting semaphore over POSIX `sem_t` (plain threads, not Swift concurrency): bounds Argon2 work
/// (`HashGate`) and the FastCGI threads running at once (`RunTurns`).
public final class SemaphoreBox: @unchecked Sendable {
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    public init(_ value: Int) { sem_init(semaphore, 0, UInt32(value)) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    public func wait() { while sem_wait(semaphore) != 0 {} }
    /// Takes a unit if one is free, without blocking.
    public func tryWait() -> Bool { sem_trywait(semaphore) == 0 }
    public func signal() { sem_post(semaphore) }

    /// Units free right now (a snapshot, for tests and diagnostics).
    public var value: Int {
        var value: Int32 = 0
        sem_getvalue(semaphore, &value)
        return Int(value)
    }
}
