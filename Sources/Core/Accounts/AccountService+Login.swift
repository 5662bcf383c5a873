#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AccountService {
    /// A new dashboard session: the cookie secret and the CSRF token are returned once, stored hashed.
    public struct LoginResult: Sendable {
        public let account: Account
        public let session: Session
        public let sessionToken: String
        public let csrfToken: String
    }

    /// Logs in with email and password. Unknown email and wrong password give the same error after the
    /// same work; repeated failures per email and per IP are throttled with growing delays.
    public func login(email rawEmail: String, password: String, ipAddress: String, userAgent: String) throws -> LoginResult {
        let now = clock.now()
        let emailKey = "email:" + (EmailAddress(rawEmail)?.normalized ?? rawEmail.lowercased())
        let ipKey = "ip:" + ipAddress
        if let wait = [throttle.retryAfter(emailKey, now: now), throttle.retryAfter(ipKey, now: now)].compactMap({ $0 }).max() {
            throw AccountError.throttled(retryAfter: wait)
        }
        let found = try EmailAddress(rawEmail).flatMap { email in try store.read { try $0.account(normalizedEmail: email.normalized) } }
        let passwordMatches = hasher.verify(password, found?.passwordHash ?? decoyHash)
        guard var account = found, passwordMatches, account.state != .deleted else {
            throttle.recordFailure(emailKey, now: now)
            throttle.recordFailure(ipKey, now: now)
            throw AccountError.invalidCredentials
        }
        try requireUsable(account)
        throttle.recordSuccess(emailKey)
        let sessionToken = Secrets.opaque(random)
        let csrfToken = csrfToken(forSessionToken: sessionToken)
        let session = Session(id: Secrets.id(random), accountID: account.id, tokenHash: digest.sha256Hex(sessionToken),
                              csrfHash: digest.sha256Hex(csrfToken), createdAt: now, lastSeenAt: now,
                              userAgent: String(userAgent.prefix(200)), ipAddress: ipAddress)
        let rehash = hasher.needsRehash(account.passwordHash) ? try hasher.hash(password) : nil
        try store.write { db in
            if let rehash {
                account.passwordHash = rehash
                try db.updateAccount(account)
            }
            try db.insertSession(session)
        }
        return LoginResult(account: account, session: session, sessionToken: sessionToken, csrfToken: csrfToken)
    }

    /// Resolves a session cookie, enforcing idle and absolute expiry on the server (ASVS 7.3).
    public func authenticate(sessionToken: String) throws -> Principal {
        let now = clock.now()
        let hash = digest.sha256Hex(sessionToken)
        guard let (session, account) = try store.read({ db -> (Session, Account)? in
            guard let session = try db.session(tokenHash: hash), let account = try db.account(id: session.accountID) else { return nil }
            return (session, account)
        }) else { throw AccountError.unauthorized }
        let idle = now.timeIntervalSince(session.lastSeenAt) > settings.sessionIdleSeconds
        let old = now.timeIntervalSince(session.createdAt) > settings.sessionMaxSeconds
        if idle || old {
            try store.write { _ = try $0.deleteSession(id: session.id, accountID: account.id) }
            throw AccountError.unauthorized
        }
        try requireUsable(account)
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            try store.write { try $0.touchSession(id: session.id, at: now) }
        }
        return Principal(account: account, credential: .session(session))
    }

    /// The CSRF token of a session is derived from its cookie secret, so the dashboard can ask for it
    /// again after a reload (`GET /api/v1/me`) while only the cookie's owner can ever know it.
    public func csrfToken(forSessionToken token: String) -> String {
        digest.sha256Hex("csrf:" + token)
    }

    /// True when `csrfToken` belongs to `session` (constant-time compare of the hashes).
    public func checkCSRF(_ csrfToken: String, session: Session) -> Bool {
        digest.constantTimeEqual(digest.sha256Hex(csrfToken), session.csrfHash)
    }

    public func logout(_ session: Session) throws {
        try store.write { _ = try $0.deleteSession(id: session.id, accountID: session.accountID) }
    }

    public func sessions(of account: Account) throws -> [Session] {
        try store.read { try $0.sessions(accountID: account.id) }
    }

    /// Ends one of the caller's own sessions; someone else's id is simply not found.
    public func endSession(id: String, of account: Account) throws {
        guard try store.write({ try $0.deleteSession(id: id, accountID: account.id) }) else { throw AccountError.notFound }
    }
}
