#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The life of an account (DESIGN.md Domain sketch). Only `active` may deposit and buy;
/// `unverified` may log in and look around.
public enum AccountState: String, Sendable, Codable, CaseIterable {
    case unverified, active, suspended, terminated, deleted
}

public struct Account: Sendable, Equatable {
    public var id: String
    public var email: String
    public var normalizedEmail: String
    public var passwordHash: String
    public var state: AccountState
    public var emailVerifiedAt: Date?
    public var termsVersion: String
    public var adultAttestedAt: Date
    public var createdAt: Date
    /// Operator switch: false revokes API access (every token refused, none can be created), R6.
    public var apiAccess: Bool
    /// Operator approval for a person's extra account (R2).
    public var extraAccountApproved: Bool
    public var balance: Int64

    public init(id: String, email: String, normalizedEmail: String, passwordHash: String, state: AccountState,
                emailVerifiedAt: Date?, termsVersion: String, adultAttestedAt: Date, createdAt: Date,
                apiAccess: Bool = true, extraAccountApproved: Bool = false, balance: Int64 = 0) {
        self.id = id
        self.email = email
        self.normalizedEmail = normalizedEmail
        self.passwordHash = passwordHash
        self.state = state
        self.emailVerifiedAt = emailVerifiedAt
        self.termsVersion = termsVersion
        self.adultAttestedAt = adultAttestedAt
        self.createdAt = createdAt
        self.apiAccess = apiAccess
        self.extraAccountApproved = extraAccountApproved
        self.balance = balance
    }

    public var isEmailVerified: Bool { emailVerifiedAt != nil }
}

/// A dashboard login. The cookie holds a random secret; only its SHA-256 is stored.
public struct Session: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var tokenHash: String
    public var csrfHash: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var userAgent: String
    public var ipAddress: String

    public init(id: String, accountID: String, tokenHash: String, csrfHash: String, createdAt: Date, lastSeenAt: Date,
                userAgent: String, ipAddress: String) {
        self.id = id
        self.accountID = accountID
        self.tokenHash = tokenHash
        self.csrfHash = csrfHash
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.userAgent = userAgent
        self.ipAddress = ipAddress
    }
}

/// A bearer token for bots (R6): shown once, stored as SHA-256, listed with its last use, revocable.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var name: String
    public var tokenHash: String
    /// The first characters of the token, so a user can tell tokens apart without the secret.
    public var hint: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, accountID: String, name: String, tokenHash: String, hint: String, createdAt: Date,
                lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.tokenHash = tokenHash
        self.hint = hint
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// A single-use link secret sent by email (verification, password reset); stored as SHA-256.
public struct EmailToken: Sendable, Equatable {
    public enum Purpose: String, Sendable { case verify, reset }
    public var id: String
    public var accountID: String
    public var purpose: Purpose
    public var tokenHash: String
    public var expiresAt: Date
    public var usedAt: Date?

    public init(id: String, accountID: String, purpose: Purpose, tokenHash: String, expiresAt: Date, usedAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// A message waiting in the transactional outbox: written in the same transaction as the change it
/// reports, delivered afterwards by the outbox job, so a mail goes out if and only if the change committed.
public struct Mail: Sendable, Equatable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}
