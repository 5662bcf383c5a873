import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Account rows over one connection (inside the transaction or snapshot the store opened).
struct SQLiteAccountRecords: AccountRecords {
    let db: Connection

    static let accountColumns = """
        id, email, normalized_email, password_hash, state, email_verified_at, terms_version, adult_attested_at,
        created_at, api_access, extra_account_approved, balance
        """

    static func account(_ row: Row) -> Account {
        Account(id: row.text(0), email: row.text(1), normalizedEmail: row.text(2), passwordHash: row.text(3),
                state: AccountState(rawValue: row.text(4)) ?? .suspended, emailVerifiedAt: DBTime.date(row.optionalText(5)),
                termsVersion: row.text(6), adultAttestedAt: DBTime.date(row.text(7)), createdAt: DBTime.date(row.text(8)),
                apiAccess: row.int(9) == 1, extraAccountApproved: row.int(10) == 1, balance: row.int(11))
    }

    func account(id: String) throws -> Account? {
        try db.one("SELECT \(Self.accountColumns) FROM accounts WHERE id = ?", [.text(id)], Self.account)
    }

    func account(normalizedEmail: String) throws -> Account? {
        try db.one("SELECT \(Self.accountColumns) FROM accounts WHERE normalized_email = ?", [.text(normalizedEmail)], Self.account)
    }

    func accounts(limit: Int) throws -> [Account] {
        try db.all("SELECT \(Self.accountColumns) FROM accounts ORDER BY created_at, id LIMIT ?", [.integer(Int64(limit))], Self.account)
    }

    func insertAccount(_ a: Account) throws {
        try db.run("""
            INSERT INTO accounts (\(Self.accountColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(a.id), .text(a.email), .text(a.normalizedEmail), .text(a.passwordHash), .text(a.state.rawValue),
                  DBTime.text(a.emailVerifiedAt), .text(a.termsVersion), DBTime.text(a.adultAttestedAt), DBTime.text(a.createdAt),
                  .integer(a.apiAccess ? 1 : 0), .integer(a.extraAccountApproved ? 1 : 0), .integer(a.balance)])
    }

    /// Never writes `balance`: only the ledger (with its own rows) may change money.
    func updateAccount(_ a: Account) throws {
        try db.run("""
            UPDATE accounts SET password_hash = ?, state = ?, email_verified_at = ?, terms_version = ?,
                api_access = ?, extra_account_approved = ? WHERE id = ?
            """, [.text(a.passwordHash), .text(a.state.rawValue), DBTime.text(a.emailVerifiedAt), .text(a.termsVersion),
                  .integer(a.apiAccess ? 1 : 0), .integer(a.extraAccountApproved ? 1 : 0), .text(a.id)])
    }

    func isDomainBlocked(_ domain: String) throws -> Bool {
        try db.one("SELECT 1 FROM blocked_domains WHERE domain = ?", [.text(domain)]) { _ in true } ?? false
    }

    func blockDomain(_ domain: String, reason: String, at: Date) throws {
        try db.run("INSERT INTO blocked_domains (domain, reason, created_at) VALUES (?, ?, ?) ON CONFLICT(domain) DO UPDATE SET reason = excluded.reason",
                   [.text(domain), .text(reason), DBTime.text(at)])
    }

    // MARK: sessions

    static func session(_ row: Row) -> Session {
        Session(id: row.text(0), accountID: row.text(1), tokenHash: row.text(2), csrfHash: row.text(3),
                createdAt: DBTime.date(row.text(4)), lastSeenAt: DBTime.date(row.text(5)), userAgent: row.text(6), ipAddress: row.text(7))
    }

    static let sessionColumns = "id, account_id, token_hash, csrf_hash, created_at, last_seen_at, user_agent, ip_address"

    func insertSession(_ s: Session) throws {
        try db.run("INSERT INTO sessions (\(Self.sessionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(s.id), .text(s.accountID), .text(s.tokenHash), .text(s.csrfHash), DBTime.text(s.createdAt),
                    DBTime.text(s.lastSeenAt), .text(s.userAgent), .text(s.ipAddress)])
    }

    func session(tokenHash: String) throws -> Session? {
        try db.one("SELECT \(Self.sessionColumns) FROM sessions WHERE token_hash = ?", [.text(tokenHash)], Self.session)
    }

    func sessions(accountID: String) throws -> [Session] {
        try db.all("SELECT \(Self.sessionColumns) FROM sessions WHERE account_id = ? ORDER BY created_at DESC, id",
                   [.text(accountID)], Self.session)
    }

    func touchSession(id: String, at: Date) throws {
        try db.run("UPDATE sessions SET last_seen_at = ? WHERE id = ?", [DBTime.text(at), .text(id)])
    }

    func deleteSession(id: String, accountID: String) throws -> Bool {
        try db.run("DELETE FROM sessions WHERE id = ? AND account_id = ?", [.text(id), .text(accountID)]) == 1
    }

    func deleteSessions(accountID: String, except keptID: String?) throws {
        try db.run("DELETE FROM sessions WHERE account_id = ? AND id != ?", [.text(accountID), .text(keptID ?? "")])
    }

    // MARK: API tokens

    static let tokenColumns = "id, account_id, name, token_hash, hint, created_at, last_used_at, revoked_at"

    static func token(_ row: Row) -> APIToken {
        APIToken(id: row.text(0), accountID: row.text(1), name: row.text(2), tokenHash: row.text(3), hint: row.text(4),
                 createdAt: DBTime.date(row.text(5)), lastUsedAt: DBTime.date(row.optionalText(6)), revokedAt: DBTime.date(row.optionalText(7)))
    }

    func insertToken(_ t: APIToken) throws {
        try db.run("INSERT INTO api_tokens (\(Self.tokenColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(t.id), .text(t.accountID), .text(t.name), .text(t.tokenHash), .text(t.hint), DBTime.text(t.createdAt),
                    DBTime.text(t.lastUsedAt), DBTime.text(t.revokedAt)])
    }

    func token(hash: String) throws -> APIToken? {
        try db.one("SELECT \(Self.tokenColumns) FROM api_tokens WHERE token_hash = ?", [.text(hash)], Self.token)
    }

    /// One indexed join instead of two lookups: the bearer check runs on every bot request (issue 5's
    /// polling benchmark), and a statement costs more than the rows it reads.
    func tokenWithAccount(hash: String) throws -> (APIToken, Account)? {
        try db.one(Self.tokenWithAccountSQL, [.text(hash)]) { row in (Self.token(row), Self.account(row.shifted(by: Self.tokenColumnCount))) }
    }

    func authEpoch() throws -> Int64 {
        try db.one(Self.authEpochSQL) { $0.int(0) } ?? 0
    }

    static let authEpochSQL = "SELECT value FROM auth_epoch WHERE id = 1"

    static let tokenColumnCount = Int32(tokenColumns.split(separator: ",").count)
    static let tokenWithAccountSQL = "SELECT " + prefixed(tokenColumns, "t") + ", " + prefixed(accountColumns, "a")
        + " FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?"

    /// `id, name` → `t.id, t.name`.
    static func prefixed(_ columns: String, _ table: String) -> String {
        columns.split(separator: ",").map { table + "." + $0.filter { !$0.isWhitespace } }.joined(separator: ", ")
    }

    func tokens(accountID: String) throws -> [APIToken] {
        try db.all("SELECT \(Self.tokenColumns) FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id",
                   [.text(accountID)], Self.token)
    }

    func touchToken(id: String, at: Date) throws {
        try db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [DBTime.text(at), .text(id)])
    }

    func revokeToken(id: String, accountID: String, at: Date) throws -> Bool {
        try db.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                   [DBTime.text(at), .text(id), .text(accountID)]) == 1
    }

    func revokeTokens(accountID: String, at: Date) throws {
        try db.run("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", [DBTime.text(at), .text(accountID)])
    }

    // MARK: email link tokens and the outbox

    func insertEmailToken(_ t: EmailToken, createdAt: Date) throws {
        try db.run("INSERT INTO email_tokens (id, account_id, purpose, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                   [.text(t.id), .text(t.accountID), .text(t.purpose.rawValue), .text(t.tokenHash), DBTime.text(createdAt), DBTime.text(t.expiresAt)])
    }

    func emailToken(hash: String, purpose: EmailToken.Purpose) throws -> EmailToken? {
        try db.one("SELECT id, account_id, token_hash, expires_at, used_at FROM email_tokens WHERE token_hash = ? AND purpose = ?",
                   [.text(hash), .text(purpose.rawValue)]) { row in
            EmailToken(id: row.text(0), accountID: row.text(1), purpose: purpose, tokenHash: row.text(2),
                       expiresAt: DBTime.date(row.text(3)), usedAt: DBTime.date(row.optionalText(4)))
        }
    }

    func useEmailToken(id: String, at: Date) throws -> Bool {
        try db.run("UPDATE email_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL", [DBTime.text(at), .text(id)]) == 1
    }

    func lastEmailTokenCreatedAt(accountID: String, purpose: EmailToken.Purpose) throws -> Date? {
        try db.one("SELECT max(created_at) FROM email_tokens WHERE account_id = ? AND purpose = ?",
                   [.text(accountID), .text(purpose.rawValue)]) { DBTime.date($0.optionalText(0)) } ?? nil
    }

    func enqueue(_ mail: Mail, at: Date) throws {
        try db.run("INSERT INTO outbox (recipient, subject, body, created_at) VALUES (?, ?, ?, ?)",
                   [.text(mail.to), .text(mail.subject), .text(mail.body), DBTime.text(at)])
    }

    // MARK: the re-registration cooldown (issue 7)

    func cooldownUntil(emailHash: String) throws -> Date? {
        try db.one("SELECT max(until) FROM email_cooldowns WHERE email_hash = ?", [.text(emailHash)]) { DBTime.date($0.optionalText(0)) } ?? nil
    }

    func emailHashKey() throws -> [UInt8] {
        try SQLiteLifecycleRecords.secret(db, "email_hash")
    }
}
