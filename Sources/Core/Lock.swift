import Synchronization

/// A small mutex for the few places that hold mutable state across threads.
/// (`Synchronization.Mutex` is non-copyable, which makes it awkward as a stored class property
/// shared through closures; this wraps it once.)
public final class Lock: Sendable {
    private let mutex = Mutex<Void>(())

    public init() {}

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try mutex.withLock { _ in try body() }
    }
}
