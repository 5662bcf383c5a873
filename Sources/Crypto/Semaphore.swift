#if canImport(Glibc)
import Glibc
#endif

/// A counting semaphore over POSIX `sem_t` (plain threads, not Swift concurrency).
final class SemaphoreBox: @unchecked Sendable {
    private let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(_ value: Int) { sem_init(semaphore, 0, UInt32(value)) }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func wait() { while sem_wait(semaphore) != 0 {} }
    /// Takes a unit if one is free, without blocking.
    func tryWait() -> Bool { sem_trywait(semaphore) == 0 }
    func signal() { sem_post(semaphore) }
}
