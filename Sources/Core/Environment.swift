/// Every side effect the application needs, passed in as values (isowords' `ServerEnvironment`).
///
/// `smscode serve` builds the live one; tests build one with a manual clock, a seeded random
/// source and a temporary database. Later ports (mailer, providers, gateways, repositories) join here.
public struct AppEnvironment: Sendable {
    public var clock: Clock
    public var random: RandomSource
    public var database: DatabaseProbe
    /// The running build's version, reported by health and the OpenAPI document.
    public var version: String

    public init(clock: Clock, random: RandomSource, database: DatabaseProbe, version: String = SMSCodeVersion.current) {
        self.clock = clock
        self.random = random
        self.database = database
        self.version = version
    }
}

/// Answers "can we read the database right now?" for the health endpoint; the Store implements it.
public struct DatabaseProbe: Sendable {
    public var isReachable: @Sendable () -> Bool

    public init(isReachable: @escaping @Sendable () -> Bool) {
        self.isReachable = isReachable
    }
}

public enum SMSCodeVersion {
    /// Bumped with each release; reported by `/api/v1/health` and `smscode --version`.
    public static let current = "0.1.0"
}
