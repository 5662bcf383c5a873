import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `LifecycleStore` on SQLite: one `BEGIN IMMEDIATE` transaction on the single writer spans the account,
/// its ledger row, sessions, tokens, cooldown and outbox, so a deletion happens whole or not at all.
public struct SQLiteLifecycleStore: LifecycleStore {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func read<T>(_ body: (any LifecycleRecords) throws -> T) throws -> T {
        try database.read { try body(SQLiteLifecycleRecords(db: $0)) }
    }

    public func write<T>(_ body: (any LifecycleRecords) throws -> T) throws -> T {
        try database.write { try body(SQLiteLifecycleRecords(db: $0)) }
    }

    /// Erased rows are already zeroed in their pages (`secure_delete`, set on every connection), but the
    /// WAL still holds older page images until a checkpoint: move it into the file and truncate it to
    /// zero bytes (security.md A2 "Privacy side-effect", A7).
    public func scrub() throws -> Bool {
        try database.truncateWAL()
    }
}

struct SQLiteLifecycleRecords: LifecycleRecords {
    let db: Connection

    static func secret(_ db: Connection, _ name: String) throws -> [UInt8] {
        guard let value = try db.one("SELECT value FROM secrets WHERE name = ?", [.text(name)], { $0.blob(0) }), value.count >= 32 else {
            throw SQLiteError(code: 1, message: "the server secret '\(name)' is missing (migrations not applied?)", sql: nil)
        }
        return value
    }

    func account(id: String) throws -> Account? {
        try SQLiteAccountRecords(db: db).account(id: id)
    }

    func blockers(accountID: String) throws -> DeletionBlockers {
        try db.one("""
            SELECT (SELECT count(*) FROM orders WHERE account_id = ?1 AND state IN ('pending', 'received')),
                   (SELECT count(*) FROM deposits WHERE account_id = ?1 AND state = 'pending')
            """, [.text(accountID)]) { DeletionBlockers(activeOrders: Int($0.int(0)), pendingDeposits: Int($0.int(1))) }
            ?? DeletionBlockers(activeOrders: 0, pendingDeposits: 0)
    }

    func post(_ posting: Posting, at: Date) throws -> PostingResult {
        try SQLiteMoneyRecords(db: db).post(posting, at: at)
    }

    func forfeitureCount(accountID: String) throws -> Int {
        Int(try db.one("SELECT count(*) FROM ledger WHERE account_id = ? AND kind = 'forfeiture'", [.text(accountID)]) { $0.int(0) } ?? 0)
    }

    func markDeleted(accountID: String, at: Date, purgeAt: Date) throws {
        try db.run("""
            UPDATE accounts SET state = 'deleted', email = '', normalized_email = 'deleted:' || id, password_hash = '',
                deleted_at = ?, purge_at = ? WHERE id = ?
            """, [DBTime.text(at), DBTime.text(purgeAt), .text(accountID)])
    }

    func markTerminated(accountID: String, reason: String, at: Date) throws {
        try db.run("UPDATE accounts SET state = 'terminated', terminated_at = ?, termination_reason = ? WHERE id = ?",
                   [DBTime.text(at), .text(reason), .text(accountID)])
    }

    func deleteSessions(accountID: String) throws {
        try db.run("DELETE FROM sessions WHERE account_id = ?", [.text(accountID)])
    }

    func revokeTokens(accountID: String, at: Date) throws {
        try SQLiteAccountRecords(db: db).revokeTokens(accountID: accountID, at: at)
    }

    func emailHashKey() throws -> [UInt8] {
        try Self.secret(db, "email_hash")
    }

    func insertCooldown(_ c: EmailCooldown) throws {
        try db.run("INSERT INTO email_cooldowns (account_id, email_hash, until) VALUES (?, ?, ?)",
                   [.text(c.accountID), .text(c.emailHash), DBTime.text(c.until)])
    }

    func enqueue(_ mail: Mail, at: Date) throws {
        try SQLiteAccountRecords(db: db).enqueue(mail, at: at)
    }

    // MARK: purge

    func accountsDueForPurge(now: Date, limit: Int) throws -> [PurgeCandidate] {
        try db.all("""
            SELECT a.id, c.email_hash, c.until FROM accounts a LEFT JOIN email_cooldowns c ON c.account_id = a.id
            WHERE a.purge_at IS NOT NULL AND a.purged_at IS NULL AND a.purge_at <= ? AND a.state = 'deleted'
            ORDER BY a.purge_at, a.id LIMIT ?
            """, [DBTime.text(now), .integer(Int64(limit))]) { row in
            let id = row.text(0)
            return PurgeCandidate(accountID: id, cooldown: row.optionalText(1).map {
                EmailCooldown(accountID: id, emailHash: $0, until: DBTime.date(row.text(2)))
            })
        }
    }

    func outboxRecipients(createdBefore date: Date) throws -> [OutboxRecipient] {
        try db.all("SELECT id, recipient, created_at FROM outbox WHERE created_at < ? ORDER BY id", [DBTime.text(date)]) {
            OutboxRecipient(id: $0.int(0), recipient: $0.text(1), createdAt: DBTime.date($0.text(2)))
        }
    }

    func deleteOutbox(id: Int64) throws {
        try db.run("DELETE FROM outbox WHERE id = ?", [.integer(id)])
    }

    func erasePersonalData(accountID: String, at: Date) throws -> Int {
        let id: [SQLValue] = [.text(accountID)]
        for table in ["sessions", "api_tokens", "email_tokens", "idempotency_keys", "terms_notices", "email_cooldowns"] {
            try db.run("DELETE FROM \(table) WHERE account_id = ?", id)
        }
        let texts = try db.run("""
            UPDATE sms_messages SET text = '', code = NULL
            WHERE order_id IN (SELECT id FROM orders WHERE account_id = ?) AND (text != '' OR code IS NOT NULL)
            """, id)
        try db.run("UPDATE accounts SET email = '', password_hash = '', purged_at = ? WHERE id = ?", [DBTime.text(at), .text(accountID)])
        return texts
    }

    func deleteExpiredCooldowns(now: Date) throws -> Int {
        try db.run("DELETE FROM email_cooldowns WHERE until <= ?", [DBTime.text(now)])
    }

    // MARK: terms notices

    func accountsAwaitingTermsNotice(version: String, limit: Int) throws -> [Account] {
        try db.all("""
            SELECT \(SQLiteAccountRecords.accountColumns) FROM accounts
            WHERE state = 'active' AND terms_version != ?1
              AND NOT EXISTS (SELECT 1 FROM terms_notices t WHERE t.version = ?1 AND t.account_id = accounts.id)
            ORDER BY id LIMIT ?2
            """, [.text(version), .integer(Int64(limit))], SQLiteAccountRecords.account)
    }

    func recordTermsNotice(version: String, accountID: String, at: Date) throws -> Bool {
        try db.run("INSERT INTO terms_notices (version, account_id, queued_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   [.text(version), .text(accountID), DBTime.text(at)]) == 1
    }
}
