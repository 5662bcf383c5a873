#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountService {
    public struct Registration: Sendable {
        public var email: String
        public var password: String
        public var adult: Bool
        public var termsVersion: String

        public init(email: String, password: String, adult: Bool, termsVersion: String) {
            self.email = email
            self.password = password
            self.adult = adult
            self.termsVersion = termsVersion
        }
    }

    /// Registers, or, when the email is already known or in its 30-day cooldown after a deletion, mails
    /// the address instead: the caller's answer is the same either way (no enumeration), and the password
    /// is hashed either way (no timing difference).
    public func register(_ form: Registration) throws {
        guard let email = EmailAddress(form.email) else { throw AccountError.invalidEmail }
        guard form.adult else { throw AccountError.adultRequired }
        guard form.termsVersion == settings.currentTermsVersion else {
            throw AccountError.termsNotAccepted(current: settings.currentTermsVersion)
        }
        try policy.check(form.password, email: email)
        let passwordHash = try hasher.hash(form.password)
        let now = clock.now()
        try store.write { db in
            guard try !db.isDomainBlocked(email.domain) else {
                try db.enqueue(AccountMails.refused(to: email.address), at: now)
                return
            }
            if try db.account(normalizedEmail: email.normalized) != nil {
                try db.enqueue(AccountMails.alreadyRegistered(to: email.address, baseURL: settings.baseURL), at: now)
                return
            }
            let cooldownKey = EmailCooldown.hash(normalizedEmail: email.normalized, secret: try db.emailHashKey(), digest: digest)
            if let opensAt = try db.cooldownUntil(emailHash: cooldownKey), opensAt > now {
                try db.enqueue(LifecycleMails.cooldown(to: email.address, opensAt: opensAt), at: now)
                return
            }
            let account = Account(id: Secrets.id(random), email: email.address, normalizedEmail: email.normalized,
                                  passwordHash: passwordHash, state: .unverified, emailVerifiedAt: nil,
                                  termsVersion: form.termsVersion, adultAttestedAt: now, createdAt: now)
            try db.insertAccount(account)
            let secret = try newEmailToken(db, account: account, purpose: .verify, lifetime: settings.verifyLinkSeconds)
            try db.enqueue(AccountMails.verify(to: email.address, link: settings.baseURL + "/verify#token=" + secret), at: now)
        }
    }

    /// Confirms an email address with the single-use link token.
    @discardableResult
    public func verifyEmail(token: String) throws -> Account {
        let now = clock.now()
        return try store.write { db in
            guard let record = try db.emailToken(hash: digest.sha256Hex(token), purpose: .verify),
                  record.usedAt == nil, record.expiresAt > now,
                  var account = try db.account(id: record.accountID),
                  try db.useEmailToken(id: record.id, at: now)
            else { throw AccountError.invalidToken }
            try requireUsable(account)
            if account.emailVerifiedAt == nil {
                account.emailVerifiedAt = now
                if account.state == .unverified { account.state = .active }
                try db.updateAccount(account)
            }
            return account
        }
    }

    /// Sends a fresh verification link, at most one per `mailIntervalSeconds`.
    public func resendVerification(_ account: Account) throws {
        guard !account.isEmailVerified else { return }
        let now = clock.now()
        try store.write { db in
            if let last = try db.lastEmailTokenCreatedAt(accountID: account.id, purpose: .verify) {
                let wait = last.addingTimeInterval(settings.mailIntervalSeconds).timeIntervalSince(now)
                if wait > 0 { throw AccountError.throttled(retryAfter: Int(wait.rounded(.up))) }
            }
            let secret = try newEmailToken(db, account: account, purpose: .verify, lifetime: settings.verifyLinkSeconds)
            try db.enqueue(AccountMails.verify(to: account.email, link: settings.baseURL + "/verify#token=" + secret), at: now)
        }
    }

    /// Records acceptance of the current Terms of Service version (R10).
    public func acceptTerms(_ account: Account, version: String) throws {
        guard version == settings.currentTermsVersion else { throw AccountError.termsNotAccepted(current: settings.currentTermsVersion) }
        try store.write { db in
            guard var fresh = try db.account(id: account.id) else { throw AccountError.notFound }
            fresh.termsVersion = version
            try db.updateAccount(fresh)
        }
    }
}
