#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountService {
    /// Starts a password reset. Always succeeds from the caller's view (no enumeration); a link is mailed
    /// only to a known, usable account, and at most one per `mailIntervalSeconds`.
    public func requestPasswordReset(email rawEmail: String) throws {
        guard let email = EmailAddress(rawEmail) else { throw AccountError.invalidEmail }
        let now = clock.now()
        try store.write { db in
            guard let account = try db.account(normalizedEmail: email.normalized),
                  account.state == .active || account.state == .unverified else { return }
            if let last = try db.lastEmailTokenCreatedAt(accountID: account.id, purpose: .reset),
               now.timeIntervalSince(last) < settings.mailIntervalSeconds { return }
            let secret = try newEmailToken(db, account: account, purpose: .reset, lifetime: settings.resetLinkSeconds)
            try db.enqueue(AccountMails.reset(to: account.email, link: settings.baseURL + "/reset#token=" + secret,
                                              minutes: Int(settings.resetLinkSeconds / 60)), at: now)
        }
    }

    /// Sets a new password from a reset link and ends every session (ASVS 7.4.3). The link reached the
    /// mailbox, so it also proves the address.
    public func confirmPasswordReset(token: String, newPassword: String) throws {
        let now = clock.now()
        let record = try store.read { try $0.emailToken(hash: digest.sha256Hex(token), purpose: .reset) }
        guard let record, record.usedAt == nil, record.expiresAt > now,
              let account = try store.read({ try $0.account(id: record.accountID) })
        else { throw AccountError.invalidToken }
        try policy.check(newPassword, email: EmailAddress(account.email))
        let hash = try hasher.hash(newPassword)
        try store.write { db in
            guard try db.useEmailToken(id: record.id, at: now), var fresh = try db.account(id: account.id) else {
                throw AccountError.invalidToken
            }
            try requireUsable(fresh)
            fresh.passwordHash = hash
            if fresh.emailVerifiedAt == nil {
                fresh.emailVerifiedAt = now
                if fresh.state == .unverified { fresh.state = .active }
            }
            try db.updateAccount(fresh)
            try db.deleteSessions(accountID: fresh.id, except: nil)
            try db.enqueue(AccountMails.passwordChanged(to: fresh.email), at: now)
        }
    }

    /// Changes the password with the current one; other sessions end, the caller's own stays.
    public func changePassword(_ principal: Principal, current: String, new: String) throws {
        guard hasher.verify(current, principal.account.passwordHash) else { throw AccountError.invalidCredentials }
        try policy.check(new, email: EmailAddress(principal.account.email))
        let hash = try hasher.hash(new)
        let now = clock.now()
        try store.write { db in
            guard var account = try db.account(id: principal.account.id) else { throw AccountError.notFound }
            account.passwordHash = hash
            try db.updateAccount(account)
            try db.deleteSessions(accountID: account.id, except: principal.session?.id)
            try db.enqueue(AccountMails.passwordChanged(to: account.email), at: now)
        }
    }
}
