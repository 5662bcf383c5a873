#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the operator can do from `smscode account …` (R2, R3, R6).
extension AccountService {
    /// Creates an account directly (demos, tests, support), optionally already verified.
    public func createAccount(email rawEmail: String, password: String, verified: Bool) throws -> Account {
        guard let email = EmailAddress(rawEmail) else { throw AccountError.invalidEmail }
        try policy.check(password, email: email)
        let now = clock.now()
        let account = Account(id: Secrets.id(random), email: email.address, normalizedEmail: email.normalized,
                              passwordHash: try hasher.hash(password), state: verified ? .active : .unverified,
                              emailVerifiedAt: verified ? now : nil, termsVersion: settings.currentTermsVersion,
                              adultAttestedAt: now, createdAt: now)
        try store.write { db in
            if try db.account(normalizedEmail: email.normalized) != nil { throw AccountError.alreadyExists }
            try db.insertAccount(account)
        }
        return account
    }

    public func account(email rawEmail: String) throws -> Account {
        guard let email = EmailAddress(rawEmail),
              let account = try store.read({ try $0.account(normalizedEmail: email.normalized) })
        else { throw AccountError.notFound }
        return account
    }

    public func accounts(limit: Int) throws -> [Account] {
        try store.read { try $0.accounts(limit: limit) }
    }

    /// Applies `change` to the account found by email, in one transaction.
    @discardableResult
    public func updateAccount(email: String, _ change: (inout Account, any AccountRecords) throws -> Void) throws -> Account {
        let found = try account(email: email)
        return try store.write { db in
            guard var fresh = try db.account(id: found.id) else { throw AccountError.notFound }
            try change(&fresh, db)
            try db.updateAccount(fresh)
            return fresh
        }
    }

    /// Suspends: every session ends and every token is refused at once (`account_suspended`).
    public func suspend(email: String) throws -> Account {
        try updateAccount(email: email) { account, db in
            guard account.state == .active || account.state == .unverified else { throw AccountError.invalidState }
            account.state = .suspended
            try db.deleteSessions(accountID: account.id, except: nil)
        }
    }

    public func reinstate(email: String) throws -> Account {
        try updateAccount(email: email) { account, _ in
            guard account.state == .suspended else { throw AccountError.invalidState }
            account.state = account.isEmailVerified ? .active : .unverified
        }
    }

    /// Revokes (or restores) a user's API access: all tokens revoked, none can be created (R6).
    public func setAPIAccess(email: String, enabled: Bool) throws -> Account {
        let now = clock.now()
        return try updateAccount(email: email) { account, db in
            account.apiAccess = enabled
            if !enabled { try db.revokeTokens(accountID: account.id, at: now) }
        }
    }

    public func approveExtraAccount(email: String) throws -> Account {
        try updateAccount(email: email) { account, _ in account.extraAccountApproved = true }
    }

    /// Refuses future registrations from a domain (R2 "refuse service").
    public func blockDomain(_ domain: String, reason: String) throws {
        let domain = domain.lowercased()
        guard EmailAddress("x@" + domain) != nil else { throw AccountError.invalidEmail }
        try store.write { try $0.blockDomain(domain, reason: reason, at: clock.now()) }
    }
}
