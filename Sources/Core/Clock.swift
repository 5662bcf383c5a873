#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The one source of "now" for the domain. Tests pass a clock they move by hand, so a 30-day
/// cooldown or a 20-minute rental window is checked in microseconds, never by sleeping.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// Wall-clock time.
    public static let live = Clock { Date() }

    /// A clock that always reads `date`.
    public static func fixed(_ date: Date) -> Clock {
        Clock { date }
    }
}

/// A clock a test can advance; thread-safe so handlers running on several threads can read it.
public final class ManualClock: @unchecked Sendable {
    private let lock = Lock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        current = start
    }

    public var date: Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    public var clock: Clock {
        Clock { [self] in date }
    }
}

/// Nanoseconds on the monotonic clock: for measuring how long something took (request timings, the
/// write group's delay bound), never for the domain's "now", which is `Clock`'s and injected.
public func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}
