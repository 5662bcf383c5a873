import Core
import Foundation
import HTTP
import Store
import Testing

@Suite struct LedgerTests {
    @Test func adjustmentsBookRowsAndTheLedgerPages() throws {
        let app = try TestApp()
        try app.verifiedUser("mira@example.com")
        let account = try app.accounts.account(email: "mira@example.com")
        for amount in [50_000, -20_000, 5_000] as [Int64] { try app.money.adjust(accountID: account.id, amount: amount, reason: "test") }
        let login = try #require(app.login("mira@example.com").1)
        #expect(app.get("/api/v1/me", login: login).json["balance"] as? Int == 35_000)
        let first = app.get("/api/v1/ledger?limit=2", login: login).json
        let items = first["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["amount"] as? Int } == [5_000, -20_000])
        #expect(items.map { $0["balance_after"] as? Int } == [35_000, 30_000])
        let cursor = try #require(first["next_cursor"] as? String)
        let second = app.get("/api/v1/ledger?limit=2&cursor=\(cursor)", login: login).json
        #expect((second["items"] as? [[String: Any]])?.map { $0["amount"] as? Int } == [50_000])
        #expect(second["next_cursor"] is NSNull)
        #expect(app.get("/api/v1/ledger?limit=500", login: login).errorCode == "invalid_request")
    }

    @Test func balancesNeverGoNegativeAndTheLedgerIsAppendOnly() throws {
        let app = try TestApp()
        try app.verifiedUser("nina@example.com")
        let account = try app.accounts.account(email: "nina@example.com")
        try app.money.adjust(accountID: account.id, amount: 10_000, reason: "gift")
        #expect(throws: MoneyError.insufficientBalance(balance: 10_000, needed: 10_001)) {
            try app.money.adjust(accountID: account.id, amount: -10_001, reason: "too much")
        }
        #expect(try app.money.balance(accountID: account.id) == 10_000)
        #expect(throws: SQLiteError.self) { try app.database.write { try $0.run("UPDATE ledger SET amount = 1") } }
        #expect(throws: SQLiteError.self) { try app.database.write { try $0.run("DELETE FROM ledger") } }
        #expect(try app.money.audit() == [])
        // A balance changed behind the ledger's back is caught by the audit.
        try app.database.write { try $0.run("UPDATE accounts SET balance = balance + 1 WHERE id = ?", [.text(account.id)]) }
        #expect(try app.money.audit() == [AuditFinding(accountID: account.id, cachedBalance: 10_001, ledgerSum: 10_000)])
    }

    /// Thousands of random deposits, charges, refunds and adjustments: after each step the balance equals
    /// the ledger sum, never goes negative, and no reference is booked twice.
    @Test func seededRandomPostingsKeepTheBooksBalanced() throws {
        let app = try TestApp()
        var ids: [String] = []
        for index in 0..<5 {
            try app.verifiedUser("p\(index)@example.com")
            ids.append(try app.accounts.account(email: "p\(index)@example.com").id)
        }
        var generator = SplitMix(seed: 2026)
        let store = SQLiteMoneyStore(database: app.database)
        var expected: [String: Int64] = [:]
        var references: [String] = []
        for step in 0..<3000 {
            let account = ids[Int(generator.next() % 5)]
            let kinds: [LedgerKind] = [.deposit, .rentalCharge, .refund, .adjustment]
            let kind = kinds[Int(generator.next() % 4)]
            let magnitude = Int64(generator.next() % 50_000) + 1
            let amount = kind == .rentalCharge || (kind == .adjustment && generator.next() % 2 == 0) ? -magnitude : magnitude
            // Now and then replay an earlier reference: it must be refused as a duplicate.
            let reuse = !references.isEmpty && generator.next() % 10 == 0
            let reference = reuse ? references[Int(generator.next() % UInt64(references.count))] : "ref-\(step)"
            let posting = Posting(accountID: account, kind: kind, amount: amount, reference: reference)
            do {
                let result = try store.write { try $0.post(posting, at: app.clock.date) }
                if reuse { #expect(result == .duplicate) }
                if case .booked = result {
                    expected[account, default: 0] += amount
                    references.append(reference)
                }
            } catch let error as MoneyError {
                #expect(amount < 0)
                #expect(error == .insufficientBalance(balance: expected[account, default: 0], needed: -amount))
            }
            #expect(try store.read { try $0.balance(accountID: account) } == expected[account, default: 0])
            #expect(expected[account, default: 0] >= 0)
            if step % 100 == 0 { #expect(try app.money.audit() == []) }
        }
        #expect(Set(references).count == references.count)
        #expect(try app.database.readOne("SELECT count(*) FROM ledger") { $0.int(0) } == Int64(references.count))
        #expect(try app.money.audit() == [])
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
