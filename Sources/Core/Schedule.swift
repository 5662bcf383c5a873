#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decides when a periodic job is due, from an injected clock's readings: the first call is due, then
/// one per `interval` (a clock set back makes it due again rather than never).
public struct Schedule: Sendable {
    public let interval: Double
    public private(set) var lastRun: Date?

    public init(interval: Double, lastRun: Date? = nil) {
        self.interval = interval
        self.lastRun = lastRun
    }

    /// True (and remembers `now`) when the job should run at `now`.
    public mutating func isDue(_ now: Date) -> Bool {
        if let lastRun, now >= lastRun, now.timeIntervalSince(lastRun) < interval { return false }
        lastRun = now
        return true
    }
}
