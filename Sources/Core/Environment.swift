#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Every side effect the application needs, passed in as values (isowords' `ServerEnvironment`).
///
/// `smscode serve` builds the live one; tests build one with a manual clock, a seeded random
/// source and a temporary database. Later ports (mailer, providers, gateways, repositories) join here.
public struct AppEnvironment: Sendable {
    public var clock: Clock
    public var random: RandomSource
    public var database: DatabaseProbe
    public var accounts: AccountService
    public var money: MoneyService
    public var catalog: any CatalogStore
    public var rentals: RentalService
    /// Waits between long-poll checks; tests pass one that advances their manual clock instead.
    public var pause: @Sendable (Double) -> Void
    /// The per-caller request budget (requests per second; bursts of twice that).
    public var callerRate: Double = 20
    /// How many requests may long-poll at once (half the FastCGI threads): the rest answer at once.
    public var longPollSlots = 4
    /// Application-level rate limits (per token, account, IP), in memory in the serving process.
    public var rateLimiter: RateLimiter
    /// The running build's version, reported by health and the OpenAPI document.
    public var version: String
    /// In-memory counters and job heartbeats for `GET /metrics` and health.
    public var metrics = Metrics()
    /// Database figures for `GET /metrics` (nil: only the in-memory part is shown).
    public var operationalStats: (@Sendable () throws -> OperationalStats)?
    /// The own pool's inbound SMS gate; nil answers `POST /api/v1/inbound/sms` with 404 (no pool here).
    public var inboundSMS: InboundSMS?
    /// Key of the HMAC-SHA256 signature on SMS an upstream provider pushes (UPSTREAM_WEBHOOK_SECRET);
    /// empty refuses every push.
    public var upstreamWebhookSecret = ""
    /// Deletion, termination, purge and terms notices (issue 7); nil answers its endpoints 503.
    public var lifecycle: AccountLifecycle?

    public init(clock: Clock, random: RandomSource, database: DatabaseProbe, accounts: AccountService, money: MoneyService,
                catalog: any CatalogStore, rentals: RentalService, pause: @escaping @Sendable (Double) -> Void,
                rateLimiter: RateLimiter = RateLimiter(), version: String = SMSCodeVersion.current, lifecycle: AccountLifecycle? = nil) {
        self.lifecycle = lifecycle
        self.money = money
        self.catalog = catalog
        self.rentals = rentals
        self.pause = pause
        self.clock = clock
        self.random = random
        self.database = database
        self.accounts = accounts
        self.rateLimiter = rateLimiter
        self.version = version
    }
}

/// Answers "can we read the database right now?" for the health endpoint; the Store implements it.
public struct DatabaseProbe: Sendable {
    public var isReachable: @Sendable () -> Bool

    public init(isReachable: @escaping @Sendable () -> Bool) {
        self.isReachable = isReachable
    }

    /// Reuses a result for up to `maxAge` seconds, so a monitor or a load test polling health thousands of
    /// times a second costs the database one read per `maxAge`, while a failure still shows within it.
    public func cached(maxAge: Double, clock: Clock) -> DatabaseProbe {
        let cache = ProbeCache()
        return DatabaseProbe {
            let now = clock.now().timeIntervalSince1970
            let (result, at) = cache.value
            if let at, now - at >= 0, now - at < maxAge { return result }
            let fresh = self.isReachable()
            cache.store(fresh, at: now)
            return fresh
        }
    }
}

/// The probe's last answer in two atomics, so health (the most polled endpoint) takes no lock. Read
/// together they may mix two answers' halves for a moment, which only shifts when the next check runs.
private final class ProbeCache: Sendable {
    private let reachable = Atomic<Bool>(false)
    /// Milliseconds since 1970 of the last check; `Int64.min` before the first.
    private let checkedAt = Atomic<Int64>(Int64.min)

    var value: (Bool, Double?) {
        let at = checkedAt.load(ordering: .acquiring)
        return (reachable.load(ordering: .relaxed), at == Int64.min ? nil : Double(at) / 1000)
    }

    func store(_ result: Bool, at seconds: Double) {
        reachable.store(result, ordering: .relaxed)
        checkedAt.store(Int64((seconds * 1000).rounded(.down)), ordering: .releasing)
    }
}

public enum SMSCodeVersion {
    /// Bumped with each release; reported by `/api/v1/health` and `smscode --version`.
    public static let current = "0.1.0"
}
