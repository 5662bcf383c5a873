#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Slows password guessing without letting an attacker lock a victim out for long (ASVS 6.1.1, 6.3.1):
/// after `freeFailures` failed logins for one key (an email, or an IP) within the window, each further
/// attempt must wait a delay that doubles with every failure, capped at `maxDelay`. A success clears the
/// email's count. Kept in memory in the one serving process (see DESIGN.md "Scale path").
public final class LoginThrottle: @unchecked Sendable {
    public let freeFailures: Int
    public let window: TimeInterval
    public let baseDelay: TimeInterval
    public let maxDelay: TimeInterval
    private let lock = Lock()
    private var failures: [String: [Date]] = [:]

    public init(freeFailures: Int = 5, window: TimeInterval = 900, baseDelay: TimeInterval = 30, maxDelay: TimeInterval = 900) {
        self.freeFailures = freeFailures
        self.window = window
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds the caller must still wait before trying `key`, or nil if it may try now.
    public func retryAfter(_ key: String, now: Date) -> Int? {
        lock.withLock {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count >= freeFailures, let last = recent.last else { return nil }
            let delay = min(maxDelay, baseDelay * Double(1 << min(20, recent.count - freeFailures)))
            let wait = last.addingTimeInterval(delay).timeIntervalSince(now)
            return wait > 0 ? Int(wait.rounded(.up)) : nil
        }
    }

    public func recordFailure(_ key: String, now: Date) {
        lock.withLock {
            var recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            failures[key] = Array(recent.suffix(64))
            if failures.count > 100_000 { prune(now: now) }
        }
    }

    public func recordSuccess(_ key: String) {
        lock.withLock { _ = failures.removeValue(forKey: key) }
    }

    private func prune(now: Date) {
        failures = failures.filter { _, dates in dates.contains { now.timeIntervalSince($0) < window } }
    }
}
