import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct SQLiteMoneyRecords: MoneyRecords {
    let db: Connection

    func post(_ p: Posting, at: Date) throws -> PostingResult {
        if try db.one("SELECT 1 FROM ledger WHERE reference = ?", [.text(p.reference)], { _ in true }) != nil { return .duplicate }
        // The balance moves only if it stays non-negative; 0 changed rows means it would not.
        let changed = try db.run("UPDATE accounts SET balance = balance + ? WHERE id = ? AND balance + ? >= 0",
                                 [.integer(p.amount), .text(p.accountID), .integer(p.amount)])
        guard changed == 1 else {
            let balance = try self.balance(accountID: p.accountID)
            throw MoneyError.insufficientBalance(balance: balance, needed: -p.amount)
        }
        let after = try balance(accountID: p.accountID)
        try db.run("INSERT INTO ledger (account_id, kind, amount, balance_after, reference, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [.text(p.accountID), .text(p.kind.rawValue), .integer(p.amount), .integer(after), .text(p.reference), .text(p.memo), DBTime.text(at)])
        return .booked(LedgerEntry(id: db.lastInsertRowID, accountID: p.accountID, kind: p.kind, amount: p.amount, balanceAfter: after,
                                   reference: p.reference, memo: p.memo, createdAt: at))
    }

    func balance(accountID: String) throws -> Int64 {
        guard let balance = try db.one("SELECT balance FROM accounts WHERE id = ?", [.text(accountID)], { $0.int(0) }) else {
            throw MoneyError.notFound
        }
        return balance
    }

    func ledger(accountID: String, before: Int64?, limit: Int) throws -> [LedgerEntry] {
        try db.all("""
            SELECT id, account_id, kind, amount, balance_after, reference, memo, created_at FROM ledger
            WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?
            """, [.text(accountID), .integer(before ?? Int64.max), .integer(Int64(limit))]) { row in
            LedgerEntry(id: row.int(0), accountID: row.text(1), kind: LedgerKind(rawValue: row.text(2)) ?? .adjustment, amount: row.int(3),
                        balanceAfter: row.int(4), reference: row.text(5), memo: row.text(6), createdAt: DBTime.date(row.text(7)))
        }
    }

    static let depositColumns = """
        id, account_id, gateway, method, amount, state, gateway_reference, payment_url, va_number, qr_string, created_at, expires_at, settled_at
        """

    static func deposit(_ row: Row) -> Deposit {
        let payment = row.optionalText(6).map { PaymentInstructions(reference: $0, url: row.optionalText(7), vaNumber: row.optionalText(8), qrString: row.optionalText(9)) }
        return Deposit(id: row.text(0), accountID: row.text(1), gateway: PaymentGateway(rawValue: row.text(2)) ?? .sandbox,
                       method: row.optionalText(3), amount: row.int(4), state: DepositState(rawValue: row.text(5)) ?? .failed,
                       payment: payment, createdAt: DBTime.date(row.text(10)), expiresAt: DBTime.date(row.text(11)),
                       settledAt: DBTime.date(row.optionalText(12)))
    }

    func insertDeposit(_ d: Deposit) throws {
        try db.run("""
            INSERT INTO deposits (id, account_id, gateway, method, amount, state, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(d.id), .text(d.accountID), .text(d.gateway.rawValue), d.method.map { .text($0) } ?? .null, .integer(d.amount),
                  .text(d.state.rawValue), DBTime.text(d.createdAt), DBTime.text(d.expiresAt)])
    }

    func deposit(id: String) throws -> Deposit? {
        try db.one("SELECT \(Self.depositColumns) FROM deposits WHERE id = ?", [.text(id)], Self.deposit)
    }

    func deposits(accountID: String?, state: DepositState?, before: String?, limit: Int) throws -> [Deposit] {
        try db.all("""
            SELECT \(Self.depositColumns) FROM deposits
            WHERE (?1 IS NULL OR account_id = ?1) AND (?2 IS NULL OR state = ?2) AND (created_at || '|' || id) < ?3
            ORDER BY created_at DESC, id DESC LIMIT ?4
            """, [accountID.map { .text($0) } ?? .null, state.map { .text($0.rawValue) } ?? .null, .text(before ?? "~"),
                  .integer(Int64(limit))], Self.deposit)
    }

    func setPayment(depositID: String, _ p: PaymentInstructions) throws {
        try db.run("UPDATE deposits SET gateway_reference = ?, payment_url = ?, va_number = ?, qr_string = ? WHERE id = ?",
                   [.text(p.reference), p.url.map { .text($0) } ?? .null, p.vaNumber.map { .text($0) } ?? .null,
                    p.qrString.map { .text($0) } ?? .null, .text(depositID)])
    }

    /// A late payment may still settle an expired deposit as paid; nothing else leaves a final state.
    func settle(depositID: String, to state: DepositState, at: Date) throws -> Bool {
        let from = state == .paid ? "('pending', 'expired')" : "('pending')"
        return try db.run("UPDATE deposits SET state = ?, settled_at = ? WHERE id = ? AND state IN \(from)",
                          [.text(state.rawValue), DBTime.text(at), .text(depositID)]) == 1
    }

    func expiredPendingDeposits(now: Date, limit: Int) throws -> [Deposit] {
        try db.all("SELECT \(Self.depositColumns) FROM deposits WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
                   [DBTime.text(now), .integer(Int64(limit))], Self.deposit)
    }

    func logCallback(gateway: PaymentGateway, body: [UInt8], remoteAddress: String, verified: Bool, orderID: String?,
                     decision: String, at: Date) throws {
        try db.run("""
            INSERT INTO payment_events (gateway, order_id, verified, decision, remote_address, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(gateway.rawValue), orderID.map { .text($0) } ?? .null, .integer(verified ? 1 : 0), .text(decision),
                  .text(remoteAddress), .blob(body), DBTime.text(at)])
    }

    func idempotentResponse(accountID: String, key: String) throws -> StoredResponse? {
        try db.one("SELECT request_hash, status, body FROM idempotency_keys WHERE account_id = ? AND key = ?", [.text(accountID), .text(key)]) {
            StoredResponse(requestHash: $0.text(0), status: $0.optionalInt(1).map(Int.init), body: $0.text(2))
        }
    }

    func reserveIdempotencyKey(accountID: String, key: String, requestHash: String, at: Date) throws -> Bool {
        try db.run("INSERT INTO idempotency_keys (account_id, key, request_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   [.text(accountID), .text(key), .text(requestHash), DBTime.text(at)]) == 1
    }

    func completeIdempotencyKey(accountID: String, key: String, status: Int, body: String) throws {
        try db.run("UPDATE idempotency_keys SET status = ?, body = ? WHERE account_id = ? AND key = ?",
                   [.integer(Int64(status)), .text(body), .text(accountID), .text(key)])
    }

    func releaseIdempotencyKey(accountID: String, key: String) throws {
        try db.run("DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND status IS NULL", [.text(accountID), .text(key)])
    }

    func noteIdempotentResource(accountID: String, key: String, resource: String) throws {
        try IdempotencyNote.write(db, accountID: accountID, key: key, resource: resource)
    }

    func auditFindings() throws -> [AuditFinding] {
        try db.all("""
            SELECT a.id, a.balance, coalesce((SELECT sum(amount) FROM ledger l WHERE l.account_id = a.id), 0) AS total
            FROM accounts a WHERE a.balance != coalesce((SELECT sum(amount) FROM ledger l WHERE l.account_id = a.id), 0)
            """) { AuditFinding(accountID: $0.text(0), cachedBalance: $0.int(1), ledgerSum: $0.int(2)) }
    }
}

/// `noteIdempotentResource` for both the money and the rental records: while a key has no answer
/// (status NULL), its body names what its request created.
enum IdempotencyNote {
    static func write(_ db: Connection, accountID: String, key: String, resource: String) throws {
        try db.run("UPDATE idempotency_keys SET body = ? WHERE account_id = ? AND key = ? AND status IS NULL",
                   [.text(resource), .text(accountID), .text(key)])
    }
}
