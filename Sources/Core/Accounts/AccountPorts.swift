#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Password hashing (Argon2id via libsodium in production). `verify` must be constant-time.
public struct PasswordHasher: Sendable {
    public var hash: @Sendable (String) throws -> String
    public var verify: @Sendable (_ password: String, _ stored: String) -> Bool
    public var needsRehash: @Sendable (String) -> Bool

    public init(hash: @escaping @Sendable (String) throws -> String,
                verify: @escaping @Sendable (String, String) -> Bool,
                needsRehash: @escaping @Sendable (String) -> Bool) {
        self.hash = hash
        self.verify = verify
        self.needsRehash = needsRehash
    }
}

/// Hashing for secrets that are already random (session ids, API tokens, link tokens): SHA-256 is
/// enough for ≥ 128-bit secrets (ASVS 6.5.2), and compares must be constant-time.
public struct Digest: Sendable {
    public var sha256Hex: @Sendable (String) -> String
    public var constantTimeEqual: @Sendable (String, String) -> Bool
    /// HMAC-SHA256(key, message), for gateway signatures and webhook authentication.
    public var hmacSHA256: @Sendable (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]

    public init(sha256Hex: @escaping @Sendable (String) -> String, constantTimeEqual: @escaping @Sendable (String, String) -> Bool,
                hmacSHA256: @escaping @Sendable ([UInt8], [UInt8]) -> [UInt8]) {
        self.sha256Hex = sha256Hex
        self.constantTimeEqual = constantTimeEqual
        self.hmacSHA256 = hmacSHA256
    }
}

/// Account persistence, in domain terms. `write` runs its body in one transaction (all or nothing);
/// `read` on a consistent snapshot. The SQLite store implements it; a PostgreSQL one could later.
public protocol AccountStore: Sendable {
    func read<T>(_ body: (any AccountRecords) throws -> T) throws -> T
    func write<T>(_ body: (any AccountRecords) throws -> T) throws -> T
    /// `AccountRecords.authEpoch()` on its own, as cheaply as the store can (one statement, no explicit
    /// transaction): it runs on every bearer request.
    func currentAuthEpoch() throws -> Int64
}

extension AccountStore {
    public func currentAuthEpoch() throws -> Int64 { try read { try $0.authEpoch() } }
}

public protocol AccountRecords {
    func account(id: String) throws -> Account?
    func account(normalizedEmail: String) throws -> Account?
    func accounts(limit: Int) throws -> [Account]
    func insertAccount(_ account: Account) throws
    /// Saves the mutable fields: email verification, state, terms, password, API access, approval.
    func updateAccount(_ account: Account) throws
    func isDomainBlocked(_ domain: String) throws -> Bool
    func blockDomain(_ domain: String, reason: String, at: Date) throws

    func insertSession(_ session: Session) throws
    func session(tokenHash: String) throws -> Session?
    func sessions(accountID: String) throws -> [Session]
    func touchSession(id: String, at: Date) throws
    func deleteSession(id: String, accountID: String) throws -> Bool
    func deleteSessions(accountID: String, except keptID: String?) throws

    func insertToken(_ token: APIToken) throws
    func token(hash: String) throws -> APIToken?
    /// The token and the account it belongs to, in one lookup: every bearer request needs both.
    func tokenWithAccount(hash: String) throws -> (APIToken, Account)?
    /// A counter that every change to an account or a token moves on (see `PrincipalCache`).
    func authEpoch() throws -> Int64
    /// Tokens not revoked, newest first.
    func tokens(accountID: String) throws -> [APIToken]
    func touchToken(id: String, at: Date) throws
    func revokeToken(id: String, accountID: String, at: Date) throws -> Bool
    func revokeTokens(accountID: String, at: Date) throws

    func insertEmailToken(_ token: EmailToken, createdAt: Date) throws
    func emailToken(hash: String, purpose: EmailToken.Purpose) throws -> EmailToken?
    /// Marks a link token used; false if it was already used (single use, even under a race).
    func useEmailToken(id: String, at: Date) throws -> Bool
    func lastEmailTokenCreatedAt(accountID: String, purpose: EmailToken.Purpose) throws -> Date?

    func enqueue(_ mail: Mail, at: Date) throws

    /// The re-registration cooldown (R9): when registration opens again for this keyed email hash, if
    /// a deletion closed it (`EmailCooldown`); nil if no cooldown was ever set.
    func cooldownUntil(emailHash: String) throws -> Date?
    func emailHashKey() throws -> [UInt8]
}
