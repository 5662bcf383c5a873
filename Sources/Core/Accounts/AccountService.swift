#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The account rules (R2, R3, R6, R10): registration, verification, login, sessions, API tokens,
/// recovery and the operator's controls. Pure: persistence, hashing, time and randomness come in.
public struct AccountService: Sendable {
    public let store: any AccountStore
    public let hasher: PasswordHasher
    public let digest: Digest
    public let clock: Clock
    public let random: RandomSource
    public let policy: PasswordPolicy
    public let settings: AccountSettings
    public let throttle: LoginThrottle
    /// What bearer tokens resolved to, shared by every copy of the service (see `PrincipalCache`).
    let principals = PrincipalCache()
    /// A real hash of a random password, verified against when the email is unknown, so a login for an
    /// unknown email costs the same time as one for a known email (no enumeration by timing).
    let decoyHash: String

    public init(store: any AccountStore, hasher: PasswordHasher, digest: Digest, clock: Clock, random: RandomSource,
                policy: PasswordPolicy, settings: AccountSettings, throttle: LoginThrottle = LoginThrottle()) throws {
        self.store = store
        self.hasher = hasher
        self.digest = digest
        self.clock = clock
        self.random = random
        self.policy = policy
        self.settings = settings
        self.throttle = throttle
        decoyHash = try hasher.hash(random.hex(16))
    }

    /// Who is calling: an account and how it proved it.
    public struct Principal: Sendable, Equatable {
        public enum Credential: Sendable, Equatable {
            case session(Session)
            case token(APIToken)
        }
        public let account: Account
        public let credential: Credential

        public var session: Session? {
            if case .session(let session) = credential { return session }
            return nil
        }
    }

    /// Refuses accounts that may not act at all (R3, R9): suspended, terminated, deleted.
    func requireUsable(_ account: Account) throws(AccountError) {
        switch account.state {
        case .active, .unverified: return
        case .suspended: throw .suspended
        case .terminated: throw .terminated
        case .deleted: throw .unauthorized
        }
    }

    /// Deposits and purchases need a verified, active account (R2).
    public func requireVerified(_ account: Account) throws(AccountError) {
        try requireUsable(account)
        guard account.state == .active, account.isEmailVerified else { throw .emailUnverified }
    }

    func newEmailToken(_ db: any AccountRecords, account: Account, purpose: EmailToken.Purpose, lifetime: Double) throws -> String {
        let secret = Secrets.opaque(random)
        let now = clock.now()
        try db.insertEmailToken(EmailToken(id: Secrets.id(random), accountID: account.id, purpose: purpose,
                                           tokenHash: digest.sha256Hex(secret), expiresAt: now.addingTimeInterval(lifetime)),
                                createdAt: now)
        return secret
    }
}
