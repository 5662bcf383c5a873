import Core
import Foundation
import HTTP
import Store
import Testing

extension TestApp {
    func deleteAccount(_ login: Login, password: String = TestApp.password, confirm: Int64) -> Response {
        send("DELETE", "/api/v1/account", body: #"{"password":"\#(password)","confirm_forfeit_amount":\#(confirm)}"#,
             headers: ["cookie": login.cookie, "x-csrf-token": login.csrf])
    }

    func deleteAccount(bearer: String, password: String = TestApp.password, confirm: Int64) -> Response {
        send("DELETE", "/api/v1/account", body: #"{"password":"\#(password)","confirm_forfeit_amount":\#(confirm)}"#,
             headers: ["authorization": "Bearer " + bearer])
    }

    /// Every row that belongs to the account, as text: compared whole before and after a refusal.
    func rows(of accountID: String) throws -> [String] {
        try database.read { db in
            var out: [String] = []
            let queries: [(String, Int32)] = [
                ("SELECT 'account', id, email, normalized_email, password_hash, state, balance, deleted_at, purge_at FROM accounts WHERE id = ?1", 9),
                ("SELECT 'session', id, token_hash, last_seen_at FROM sessions WHERE account_id = ?1 ORDER BY id", 4),
                ("SELECT 'token', id, token_hash, revoked_at FROM api_tokens WHERE account_id = ?1 ORDER BY id", 4),
                ("SELECT 'ledger', id, kind, amount, balance_after, reference FROM ledger WHERE account_id = ?1 ORDER BY id", 6),
                ("SELECT 'order', id, state, refunded FROM orders WHERE account_id = ?1 ORDER BY id", 4),
                ("SELECT 'deposit', id, state FROM deposits WHERE account_id = ?1 ORDER BY id", 3),
                ("SELECT 'cooldown', email_hash, until FROM email_cooldowns WHERE account_id = ?1", 3),
                ("SELECT 'outbox', count(*) FROM outbox WHERE ?1 IS NOT NULL", 2),
            ]
            for (sql, columns) in queries {
                out += try db.all(sql, [.text(accountID)]) { row in
                    (0..<columns).map { row.isNull($0) ? "∅" : row.text($0) }.joined(separator: "|")
                }
            }
            return out
        }
    }

    /// A funded shopper with `count` dashboard sessions (each its own login) and `count` API tokens.
    func shopperWithCredentials(_ email: String, count: Int = 5, balance: Int64 = 100_000) throws -> (logins: [Login], tokens: [String]) {
        var logins = [try shopper(email, balance: balance)]
        for index in 1..<count { logins.append(try #require(login(email, remoteAddress: "10.9.\(index).\(logins.count)").1)) }
        let tokens = try (0..<count).map { try createToken(logins[0], name: "bot \($0)").secret }
        return (logins, tokens)
    }

    func ledgerSum(_ accountID: String) throws -> Int64 {
        try database.readOne("SELECT coalesce(sum(amount), 0) FROM ledger WHERE account_id = ?", [.text(accountID)]) { $0.int(0) } ?? -1
    }

    var lifecycle: AccountLifecycle { AccountLifecycle(store: SQLiteLifecycleStore(database: database), accounts: accounts) }
}

@Suite struct DeletionTests {
    @Test func thePreviewShowsTheForfeitAndWhatBlocks() throws {
        let app = try TestApp()
        let login = try app.shopper("ayu@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        let preview = app.get("/api/v1/account/deletion", login: login).json
        #expect(preview["forfeit_amount"] as? Int == 100_000 - 12_300)
        let blocking = preview["blocking"] as? [String: Any]
        #expect(blocking?["active_orders"] as? Int == 1 && blocking?["pending_deposits"] as? Int == 0)
        #expect(preview["deletable"] as? Bool == false)
        #expect(preview["cooldown_days"] as? Int == 30)
        #expect(preview["purge_at"] as? String == Timestamp.format(app.clock.date.addingTimeInterval(30 * 86_400)))
        app.clock.advance(by: 120)
        _ = app.post("/api/v1/orders/\(id)/cancel", login: login)
        let after = app.get("/api/v1/account/deletion", login: login).json
        #expect(after["forfeit_amount"] as? Int == 100_000)  // refunded
        #expect(after["deletable"] as? Bool == true)
    }

    @Test func anActiveOrderOrAPendingDepositBlocksAndNothingChanges() throws {
        let app = try TestApp()
        let (logins, tokens) = try app.shopperWithCredentials("bayu@example.com")
        let accountID = try app.accounts.account(email: "bayu@example.com").id
        let id = try #require(app.buy(logins[0]).json["id"] as? String)
        let before = try app.rows(of: accountID)
        let blocked = app.deleteAccount(logins[1], confirm: 100_000 - 12_300)
        #expect(blocked.status == 409)
        #expect(blocked.errorCode == "deletion_blocked")
        #expect(app.deleteAccount(bearer: tokens[2], confirm: 100_000 - 12_300).errorCode == "deletion_blocked")
        #expect(try app.rows(of: accountID) == before)

        // Settle the order (SMS, finish): now a pending deposit blocks just the same.
        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        #expect(app.post("/api/v1/orders/\(id)/finish", login: logins[0]).json["status"] as? String == "finished")
        #expect(app.deposit(logins[0]).status == 201)
        let withDeposit = try app.rows(of: accountID)
        #expect(withDeposit.contains { $0.hasPrefix("deposit|") && $0.hasSuffix("|pending") })
        #expect(app.deleteAccount(logins[0], confirm: 100_000 - 12_300).errorCode == "deletion_blocked")
        #expect(try app.rows(of: accountID) == withDeposit)
        for login in logins { #expect(app.get("/api/v1/me", login: login).status == 200) }
        for token in tokens { #expect(app.get("/api/v1/me", bearer: token).status == 200) }
    }

    @Test func aWrongPasswordOrAmountOrNoCSRFChangesNothing() throws {
        let app = try TestApp()
        let login = try app.shopper("citra@example.com", balance: 40_000)
        let accountID = try app.accounts.account(email: "citra@example.com").id
        let before = try app.rows(of: accountID)
        #expect(app.deleteAccount(login, password: "not my password at all", confirm: 40_000).errorCode == "invalid_credentials")
        let mismatch = app.deleteAccount(login, confirm: 0)
        #expect(mismatch.status == 409)
        #expect(mismatch.errorCode == "forfeit_amount_mismatch")
        #expect(app.send("DELETE", "/api/v1/account", body: #"{"password":"\#(TestApp.password)","confirm_forfeit_amount":40000}"#,
                         headers: ["cookie": login.cookie]).errorCode == "csrf_failed")
        #expect(app.send("DELETE", "/api/v1/account", body: #"{"password":"\#(TestApp.password)"}"#,
                         headers: ["cookie": login.cookie, "x-csrf-token": login.csrf]).errorCode == "invalid_request")
        #expect(try app.rows(of: accountID) == before)
        // Attempts are budgeted per account, refused ones too: 5 at once (3 spent above), then 429.
        #expect(app.deleteAccount(login, password: "guess number four", confirm: 40_000).status == 401)
        #expect(app.deleteAccount(login, password: "guess number five", confirm: 40_000).status == 401)
        #expect(app.deleteAccount(login, confirm: 40_000).errorCode == "rate_limited")
        #expect(try app.rows(of: accountID) == before)
    }

    @Test func deletionForfeitsRevokesEverythingAndKeepsOnlyAHash() throws {
        let app = try TestApp()
        let (logins, tokens) = try app.shopperWithCredentials("Dewi.Lestari@Example.com")
        let accountID = try app.accounts.account(email: "dewi.lestari@example.com").id
        let response = app.deleteAccount(logins[3], confirm: 100_000)
        #expect(response.status == 200)
        #expect(response.json["forfeited"] as? Int == 100_000)
        #expect(response.json["purge_at"] as? String == Timestamp.format(app.clock.date.addingTimeInterval(30 * 86_400)))
        #expect(response.header("Set-Cookie") == "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")

        // The very next request: 0 of 5 sessions and 0 of 5 tokens accepted.
        #expect(logins.filter { app.get("/api/v1/me", login: $0).status == 200 }.count == 0)
        #expect(tokens.filter { app.get("/api/v1/me", bearer: $0).status == 200 }.count == 0)
        #expect(tokens.allSatisfy { app.get("/api/v1/me", bearer: $0).errorCode == "unauthorized" })
        #expect(app.login("dewi.lestari@example.com").0.errorCode == "invalid_credentials")

        // The ledger sums to zero, through a forfeiture booked once; the books are clean.
        #expect(try app.ledgerSum(accountID) == 0)
        let last = try #require(try app.money.ledger(accountID: accountID, before: nil, limit: 1).first)
        #expect(last.kind == .forfeiture && last.amount == -100_000 && last.reference == "account:\(accountID):forfeit")
        #expect(try app.money.audit() == [])

        // What is left: a tombstone without email or password, and only a keyed hash of the address.
        let rows = try app.rows(of: accountID)
        #expect(rows.first == "account|\(accountID)||deleted:\(accountID)||deleted|0|\(Timestamp.format(app.clock.date))|"
                + Timestamp.format(app.clock.date.addingTimeInterval(30 * 86_400)))
        #expect(!rows.contains { $0.lowercased().contains("dewi") })
        let cooldown = try #require(rows.first { $0.hasPrefix("cooldown|") })
        #expect(Hex.isLowercase(String(cooldown.split(separator: "|")[1]), count: 64))
        #expect(rows.filter { $0.hasPrefix("session|") }.isEmpty)
        #expect(rows.filter { $0.hasPrefix("token|") }.count == 5 && rows.filter { $0.hasPrefix("token|") }.allSatisfy { !$0.hasSuffix("|∅") })
        let mail = try #require(try app.outbox().last)
        #expect(mail.to == "Dewi.Lestari@example.com")
        #expect(mail.body.contains("Rp 100.000") && mail.body.contains(LifecycleMails.moment(app.clock.date.addingTimeInterval(30 * 86_400))))
    }

    @Test func day29RegistrationIsRefusedByMailAndDay31OpensAFreshAccount() throws {
        let app = try TestApp()
        try app.verifiedUser("Dewi.Lestari@gmail.com")
        let old = try app.accounts.account(email: "dewilestari@gmail.com")
        try app.money.adjust(accountID: old.id, amount: 30_000, reason: "test")
        let login = try #require(app.login("dewi.lestari@gmail.com").1)
        let token = try app.createToken(login).secret
        let deletedAt = app.clock.date
        #expect(app.deleteAccount(bearer: token, confirm: 30_000).status == 200)
        let accountCount = { try app.database.readOne("SELECT count(*) FROM accounts") { $0.int(0) } }

        app.clock.advance(by: 29 * 86_400)
        let variants = ["Dewi.Lestari@gmail.com", "DEWI.LESTARI@GMAIL.COM", "dewilestari@gmail.com", "d.e.w.i.lestari+shop@googlemail.com"]
        for (index, address) in variants.enumerated() {
            let mailsBefore = try app.outbox().count
            let answer = app.register(address, remoteAddress: "10.29.0.\(index)")
            #expect(answer.status == 202 && answer.text == #"{"status":"verification_sent"}"#)
            #expect(try accountCount() == 1)
            let mails = try app.outbox()
            #expect(mails.count == mailsBefore + 1)
            let mail = try #require(mails.last)
            #expect(mail.to == (EmailAddress(address)?.address ?? ""))
            #expect(mail.subject.contains("Registration not yet possible"))
            #expect(mail.body.contains("30 days") && mail.body.contains(LifecycleMails.moment(deletedAt.addingTimeInterval(30 * 86_400))))
            #expect(!mail.body.contains("#token="))
        }
        // A different address is not affected by the cooldown.
        #expect(app.register("someone.else@gmail.com", remoteAddress: "10.29.1.1").status == 202)
        #expect(try accountCount() == 2)

        app.clock.advance(by: 2 * 86_400)  // day 31; the purge has not even run yet
        #expect(app.register("DEWI.lestari@gmail.com", remoteAddress: "10.31.0.1").status == 202)
        #expect(try accountCount() == 3)
        let verify = try #require(try app.linkToken(to: "DEWI.lestari@gmail.com"))
        #expect(app.send("POST", "/api/v1/auth/verify", body: #"{"token":"\#(verify)"}"#).status == 200)
        let fresh = try #require(app.login("dewi.lestari@gmail.com", remoteAddress: "10.31.0.2").1)
        let me = app.get("/api/v1/me", login: fresh).json
        #expect(me["id"] as? String != old.id)
        #expect(me["balance"] as? Int == 0)
        #expect(me["state"] as? String == "active")
        #expect((app.get("/api/v1/ledger", login: fresh).json["items"] as? [Any])?.isEmpty == true)
        #expect((app.get("/api/v1/orders", login: fresh).json["items"] as? [Any])?.isEmpty == true)
        #expect((app.get("/api/v1/tokens", login: fresh).json["items"] as? [Any])?.isEmpty == true)
        #expect((app.get("/api/v1/sessions", login: fresh).json["items"] as? [Any])?.count == 1)
        #expect(app.get("/api/v1/me", bearer: token).status == 401)  // the old account's token stays dead
    }

    @Test func thePurgeLeavesNoTraceOfTheEmailButKeepsOrdersAndLedger() throws {
        let app = try TestApp()
        let typed = "Rina.Wati+Shop@GMail.com"
        let login = try app.shopper(typed)
        let accountID = try app.accounts.account(email: typed).id
        _ = try app.createToken(login, name: "rina's bot")
        let id = try #require(app.buy(login).json["id"] as? String)
        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        let sms = try #require(try app.rentals.messages(orderID: Int64(id) ?? 0, accountID: accountID).first)
        #expect(app.post("/api/v1/orders/\(id)/finish", login: login).status == 200)
        #expect(app.deleteAccount(login, confirm: 100_000 - 12_300).status == 200)
        app.clock.advance(by: 29 * 86_400)
        _ = app.register("RINA.WATI@GMAIL.COM", remoteAddress: "10.29.0.9")  // mailed to this spelling
        #expect(try app.lifecycle.purge().accounts == 0)  // day 29: nothing is due yet
        #expect(try app.rows(of: accountID).contains { $0.hasPrefix("cooldown|") })

        // As after weeks of serving, the mails are in the database file itself, not only in the WAL.
        try app.database.checkpoint()
        let path = app.database.path
        #expect(occurrences(of: "RINA.WATI@gmail.com", in: path) == 1 && occurrences(of: EmailAddress(typed)?.address ?? "?", in: path) == 1)

        app.clock.advance(by: 86_400 + 1)
        let report = try app.lifecycle.purge()
        #expect(report.accounts == 1 && report.mails == 2 && report.smsTexts == 1 && report.scrubbed)
        let forms = [typed, typed.lowercased(), EmailAddress(typed)?.address ?? "?", "rinawati@gmail.com", "RINA.WATI@GMAIL.COM", "RINA.WATI@gmail.com", "Rina.Wati", "rina.wati", "rinawati", "rina's bot", sms.text]
        for form in forms {
            #expect(occurrences(of: form, in: path) == 0, "\(form) in the database file")
            #expect(occurrences(of: form, in: path + "-wal") == 0, "\(form) in the WAL")
        }
        // The financial record stays under the opaque id: the order, its SMS metadata, the ledger.
        let rows = try app.rows(of: accountID)
        #expect(rows.filter { $0.hasPrefix("order|\(id)|finished|0") }.count == 1)
        #expect(rows.filter { $0.hasPrefix("ledger|") }.map { $0.split(separator: "|")[2] } == ["adjustment", "rental_charge", "forfeiture"])
        #expect(try app.ledgerSum(accountID) == 0)
        #expect(rows.filter { $0.hasPrefix("token|") || $0.hasPrefix("cooldown|") || $0.hasPrefix("session|") }.isEmpty)
        let message = try app.database.readOne("SELECT sender, text, code, received_at FROM sms_messages WHERE order_id = ?", [.integer(Int64(id) ?? 0)]) {
            [$0.text(0), $0.text(1), $0.optionalText(2) ?? "∅", $0.text(3)]
        }
        #expect(message == [sms.sender, "", "∅", Timestamp.format(sms.receivedAt)])
        #expect(try app.money.audit() == [])
        #expect(try app.lifecycle.purge().isEmpty)  // done once; the next run finds nothing
        #expect(app.register(typed, remoteAddress: "10.31.0.9").status == 202)  // and the address is free again
    }

    func occurrences(of needle: String, in path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path), !needle.isEmpty else { return 0 }
        let haystack = [UInt8](data), pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return 0 }
        return (0...(haystack.count - pattern.count)).filter { haystack[$0] == pattern[0] && haystack[$0..<($0 + pattern.count)].elementsEqual(pattern) }.count
    }
}
