#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Token buckets per key (an API token, an account, an IP) and budget, for the application-level
/// rate limits that nginx cannot apply because it does not know who is calling (security.md A4).
public final class RateLimiter: @unchecked Sendable {
    /// A refill rate and a burst size.
    public struct Budget: Sendable, Equatable {
        public let name: String
        public let perSecond: Double
        public let burst: Double

        public init(name: String, perSecond: Double, burst: Double) {
            self.name = name
            self.perSecond = perSecond
            self.burst = burst
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: Date

        /// Refills for the time since the last request, then takes one token or says how long to wait.
        mutating func take(_ budget: Budget, now: Date, wait: inout Int?) {
            let elapsed = max(0, now.timeIntervalSince(updated))
            tokens = min(budget.burst, tokens + elapsed * budget.perSecond)
            updated = now
            if tokens >= 1 {
                tokens -= 1
            } else {
                wait = max(1, Int(((1 - tokens) / budget.perSecond).rounded(.up)))
            }
        }
    }

    private let lock = Lock()
    private var buckets: [String: Bucket] = [:]

    public init() {}

    /// Takes one request from `key`'s bucket; returns nil if allowed, else whole seconds to wait.
    public func take(_ key: String, budget: Budget, now: Date) -> Int? {
        let id = budget.name + "|" + key // built outside the lock: every caller's requests meet there
        return lock.withLock {
            var wait: Int?
            let index = buckets.index(forKey: id)
            if let index {
                buckets.values[index].take(budget, now: now, wait: &wait)
            } else {
                if buckets.count >= 200_000 { buckets = buckets.filter { $0.value.tokens < budget.burst } }
                var bucket = Bucket(tokens: budget.burst, updated: now)
                bucket.take(budget, now: now, wait: &wait)
                buckets[id] = bucket
            }
            return wait
        }
    }
}
