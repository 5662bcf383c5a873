#if canImport(Glibc)
import Glibc
#endif

/// Turns to run request code: the FastCGI server keeps more threads than CPUs (a long poll or a write
/// waiting for its fsync holds a thread without using a CPU), but lets only as many of them as hold a
/// turn accept a request. The rest wait here and the listening socket's backlog stays a first-come
/// queue.
///
/// Why: with 8 threads accepting on 2 CPUs, 8 requests were in progress at once and time-sliced against
/// nginx's workers and each other; order polling at 64 connections had p99 ≈ 3 × p50 (10 ms against a
/// 3.5 ms median), where 2 accepting threads answered more requests a second with p99 ≈ 2 × p50.
///
/// A thread keeps its turn from one request to the next, so a server that never blocks pays nothing.
/// A thread that is about to wait for something other than a CPU (a long-poll pause, the SQLite writer,
/// an upstream HTTP answer, a free Argon2 slot) calls `RunTurns.giveBack()`, which lets a waiting thread
/// accept the next request. It finishes its own request without a turn and takes one again only before
/// its next accept, when it holds nothing else, so a turn can never be waited for while holding a lock
/// someone else needs.
public final class RunTurns: Sendable {
    private let free: SemaphoreBox
    public let count: Int

    /// `count` turns (at least 1).
    public init(count: Int) {
        self.count = max(1, count)
        free = SemaphoreBox(self.count)
    }

    /// The turns for this machine: one per online CPU.
    public static var perCPU: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Waits for a free turn unless the calling thread holds one already.
    public func take() {
        if Self.held === self { return }
        free.wait()
        Self.held = self
    }

    /// Turns nobody holds (for tests and diagnostics).
    public var available: Int { free.value }

    /// Gives the calling thread's turn back, if it holds one; a no-op anywhere else (background jobs,
    /// command-line tools, tests), so blocking code can call it unconditionally.
    public static func giveBack() {
        guard let turns = held else { return }
        held = nil
        turns.free.signal()
    }

    /// Whether the calling thread holds a turn.
    public static var holdsTurn: Bool { held != nil }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// The turns whose turn this thread holds; not retained (the server outlives its threads' turns).
    private static var held: RunTurns? {
        get { pthread_getspecific(key).map { Unmanaged<RunTurns>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(key, newValue.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }) }
    }
}
