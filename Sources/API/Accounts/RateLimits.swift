import Core
import HTTP

/// The application's request budgets (documented in the OpenAPI description). nginx limits per IP in
/// front; these limit per caller (token or account) and, for the unauthenticated auth endpoints, per IP.
enum RateLimits {
    /// Any authenticated request: `CALLER_RATE` per second (default 20), bursts of twice that, per API
    /// token or per account session.
    static func perCaller(_ environment: AppEnvironment) -> RateLimiter.Budget {
        RateLimiter.Budget(name: "caller", perSecond: environment.callerRate, burst: environment.callerRate * 2)
    }
    /// Register, login, verify, password reset: 20 per minute, bursts of 10, per client IP.
    static let auth = RateLimiter.Budget(name: "auth", perSecond: 20.0 / 60, burst: 10)
    /// Creating API tokens: 20 per hour per account, in bursts of up to 20.
    static let tokenCreation = RateLimiter.Budget(name: "token-create", perSecond: 20.0 / 3600, burst: 20)

    /// Cancelling orders: 30 per hour per account, in bursts of 10 (cancel abuse leases and drops numbers).
    static let cancels = RateLimiter.Budget(name: "cancel", perSecond: 30.0 / 3600, burst: 10)

    /// Account deletion attempts (each checks the password): 10 per hour per account, in bursts of 5.
    static let deletion = RateLimiter.Budget(name: "account-delete", perSecond: 10.0 / 3600, burst: 5)

    static func charge(_ environment: AppEnvironment, key: String, budget: RateLimiter.Budget) throws {
        if let wait = environment.rateLimiter.take(key, budget: budget, now: environment.clock.now()) {
            throw HTTPError.rateLimited(retryAfter: wait)
        }
    }

    static func chargeIP(_ environment: AppEnvironment, _ request: Request) throws {
        try charge(environment, key: "ip:" + request.remoteAddress, budget: auth)
    }
}
