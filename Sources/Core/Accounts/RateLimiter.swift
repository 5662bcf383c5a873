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
    }

    private let lock = Lock()
    private var buckets: [String: Bucket] = [:]

    public init() {}

    /// Takes one request from `key`'s bucket; returns nil if allowed, else whole seconds to wait.
    public func take(_ key: String, budget: Budget, now: Date) -> Int? {
        lock.withLock {
            let id = budget.name + "|" + key
            var bucket = buckets[id] ?? Bucket(tokens: budget.burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(budget.burst, bucket.tokens + elapsed * budget.perSecond)
            bucket.updated = now
            defer {
                buckets[id] = bucket
                if buckets.count > 200_000 { buckets = buckets.filter { $0.value.tokens < budget.burst } }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / budget.perSecond).rounded(.up)))
        }
    }
}
