import Core
import Foundation
import HTTP
import Testing

extension TestApp {
    func deposit(_ login: Login, amount: Int64 = 25_000, gateway: String = "sandbox", key: String? = nil) -> Response {
        var headers = ["cookie": login.cookie, "x-csrf-token": login.csrf]
        if let key { headers["idempotency-key"] = key }
        return send("POST", "/api/v1/deposits", body: #"{"amount":\#(amount),"gateway":"\#(gateway)"}"#, headers: headers)
    }

    func callback(_ body: [UInt8], contentType: String = "text/plain") -> Response {
        var headers = Headers()
        headers["content-type"] = contentType
        return app.handle(RawRequest(method: "POST", target: "/api/v1/payments/sandbox/callback", headers: headers, body: body))
    }

    func balance(_ email: String) throws -> Int64 {
        try money.balance(accountID: try accounts.account(email: email).id)
    }
}

@Suite struct DepositTests {
    func user(_ app: TestApp, _ email: String) throws -> Login {
        try app.verifiedUser(email)
        return try #require(app.login(email).1)
    }

    @Test func creatingADepositShowsThePaymentAndNeedsAVerifiedAccount() throws {
        let app = try TestApp()
        let login = try user(app, "omar@example.com")
        let response = app.deposit(login)
        #expect(response.status == 201)
        let deposit = response.json
        #expect(deposit["status"] as? String == "pending")
        #expect(deposit["amount"] as? Int == 25_000)
        let id = try #require(deposit["id"] as? String)
        #expect((deposit["payment"] as? [String: Any])?["url"] as? String == "https://pay.test/\(id)")
        #expect(app.gateway.created.first?.callbackURL == "https://smscode.test/api/v1/payments/sandbox/callback")
        #expect(app.get("/api/v1/deposits/\(id)", login: login).json["id"] as? String == id)
        #expect((app.get("/api/v1/deposits?status=pending", login: login).json["items"] as? [Any])?.count == 1)

        _ = app.register("unverified@example.com")
        let unverified = try #require(app.login("unverified@example.com").1)
        #expect(app.deposit(unverified).errorCode == "email_unverified")
        #expect(app.deposit(login, amount: 9_999).errorCode == "deposit_amount_out_of_range")
        #expect(app.deposit(login, amount: 10_000_001).errorCode == "deposit_amount_out_of_range")
        #expect(app.deposit(login, gateway: "paypal").errorCode == "invalid_request")
        #expect(app.deposit(login, gateway: "duitku").errorCode == "invalid_request") // not configured in this app
    }

    @Test func idempotencyKeysReplayTheFirstAnswer() throws {
        let app = try TestApp()
        let login = try user(app, "putri@example.com")
        let first = app.deposit(login, key: "topup-1")
        let retry = app.deposit(login, key: "topup-1")
        #expect(first.status == 201 && retry.status == 201)
        #expect(first.json["id"] as? String == retry.json["id"] as? String)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(app.deposit(login, amount: 30_000, key: "topup-1").errorCode == "idempotency_conflict")
        #expect(app.gateway.created.count == 1)
        #expect(app.deposit(login, key: String(repeating: "k", count: 256)).errorCode == "invalid_request")
    }

    @Test func aVerifiedCallbackCreditsExactlyOnce() throws {
        let app = try TestApp()
        let login = try user(app, "qori@example.com")
        let id = try #require(app.deposit(login).json["id"] as? String)
        app.gateway.setStatus(id, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        let forged = app.callback(TestGateway.callback(order: id, amount: 25_000, key: "guess"))
        #expect(forged.status == 400)
        #expect(forged.errorCode == "invalid_signature")
        #expect(try app.balance("qori@example.com") == 0)
        #expect(app.callback(TestGateway.callback(order: id, amount: 25_000)).text == "OK")
        for _ in 0..<5 { #expect(app.callback(TestGateway.callback(order: id, amount: 25_000)).status == 200) }
        #expect(try app.balance("qori@example.com") == 25_000)
        #expect(app.get("/api/v1/deposits/\(id)", login: login).json["status"] as? String == "paid")
        let events = try app.database.read { db in try db.all("SELECT verified, decision FROM payment_events ORDER BY id") { "\($0.int(0)):\($0.text(1))" } }
        #expect(events == ["0:rejected", "1:credited"] + Array(repeating: "1:already_settled", count: 5))
    }

    @Test func mismatchesUnknownOrdersAndUnconfirmedPaymentsCreditNothing() throws {
        let app = try TestApp()
        let login = try user(app, "rudi@example.com")
        let id = try #require(app.deposit(login).json["id"] as? String)
        #expect(app.callback(TestGateway.callback(order: id, amount: 250_000)).status == 200)           // wrong amount: logged, stop retries
        #expect(app.callback(TestGateway.callback(order: "DNOSUCHORDER", amount: 25_000)).status == 200)
        let unconfirmed = app.callback(TestGateway.callback(order: id, amount: 25_000))                  // status API has no record
        #expect(unconfirmed.status == 503)
        app.gateway.setStatus(id, GatewayStatus(outcome: .pending, amount: 25_000, reference: "REF1"))
        #expect(app.callback(TestGateway.callback(order: id, amount: 25_000)).status == 503)
        #expect(try app.balance("rudi@example.com") == 0)
        app.gateway.setStatus(id, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        #expect(app.callback(TestGateway.callback(order: id, amount: 25_000)).status == 200)             // the gateway's retry succeeds
        #expect(try app.balance("rudi@example.com") == 25_000)
    }

    @Test func failedAndExpiredDepositsAndLatePayments() throws {
        let app = try TestApp()
        let login = try user(app, "sinta@example.com")
        let failing = try #require(app.deposit(login).json["id"] as? String)
        #expect(app.callback(TestGateway.callback(order: failing, amount: 25_000, status: "failed")).status == 200)
        #expect(app.get("/api/v1/deposits/\(failing)", login: login).json["status"] as? String == "failed")
        app.gateway.setStatus(failing, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        _ = app.callback(TestGateway.callback(order: failing, amount: 25_000))
        #expect(try app.balance("sinta@example.com") == 0) // a failed deposit is not revived without review

        let late = try #require(app.deposit(login, key: "late").json["id"] as? String)
        app.clock.advance(by: 3601)
        #expect(try app.money.expireDeposits() == 1)
        #expect(app.get("/api/v1/deposits/\(late)", login: try #require(app.login("sinta@example.com").1)).json["status"] as? String == "expired")
        app.gateway.setStatus(late, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        #expect(app.callback(TestGateway.callback(order: late, amount: 25_000)).status == 200)
        #expect(try app.balance("sinta@example.com") == 25_000) // money that arrived is never lost
    }

    @Test func gatewayFailuresFailTheDepositCleanly() throws {
        let app = try TestApp()
        let login = try user(app, "tono@example.com")
        app.gateway.failCreation = .unavailable("timeout")
        #expect(app.deposit(login).errorCode == "gateway_unavailable")
        app.gateway.failCreation = .rejected("Payment channel not available")
        #expect(app.deposit(login).errorCode == "payment_rejected")
        let states = try app.database.read { db in try db.all("SELECT state FROM deposits") { $0.text(0) } }
        #expect(states == ["failed", "failed"])
    }

    /// Many threads replay one valid callback at once: exactly one credit.
    @Test func concurrentReplaysCreditOnce() async throws {
        let app = try TestApp()
        let login = try user(app, "umar@example.com")
        let id = try #require(app.deposit(login).json["id"] as? String)
        app.gateway.setStatus(id, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        let body = TestGateway.callback(order: id, amount: 25_000)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<200 { group.addTask { app.callback(body).status } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(try app.balance("umar@example.com") == 25_000)
        #expect(try app.database.readOne("SELECT count(*) FROM ledger WHERE kind = 'deposit'") { $0.int(0) } == 1)
    }

    @Test func theSandboxPayPageGoesThroughTheSameCallbackPath() throws {
        let app = try TestApp()
        let login = try user(app, "vina@example.com")
        let id = try #require(app.deposit(login).json["id"] as? String)
        app.gateway.setStatus(id, GatewayStatus(outcome: .paid, amount: 25_000, reference: "REF1"))
        let page = app.send("GET", "/api/v1/payments/sandbox/pay/\(id)", contentType: nil)
        #expect(page.status == 200)
        #expect(page.text.contains("Rp 25.000"))
        let paid = app.send("POST", "/api/v1/payments/sandbox/pay/\(id)", body: "outcome=paid", contentType: "application/x-www-form-urlencoded")
        #expect(paid.text.contains("credited"))
        #expect(try app.balance("vina@example.com") == 25_000)
        #expect(app.send("GET", "/api/v1/payments/sandbox/pay/DNOPE", contentType: nil).status == 404)
    }
}

@Suite struct DepositCursorTests {
    @Test func depositListsPageWithTheirOwnCursorsOnly() throws {
        let app = try TestApp()
        try app.verifiedUser("wati@example.com")
        let login = try #require(app.login("wati@example.com").1)
        for index in 0..<3 {
            app.clock.advance(by: 1)
            _ = app.deposit(login, key: "k\(index)")
        }
        let first = app.get("/api/v1/deposits?limit=2", login: login).json
        let cursor = try #require(first["next_cursor"] as? String)
        #expect((first["items"] as? [Any])?.count == 2)
        let second = app.get("/api/v1/deposits?limit=2&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")", login: login).json
        #expect((second["items"] as? [Any])?.count == 1)
        #expect(second["next_cursor"] is NSNull)
        for garbage in ["garbage", "0", "~", "2026-11-27T10:00:00Z|Dxyz"] {
            #expect(app.get("/api/v1/deposits?cursor=\(garbage)", login: login).errorCode == "invalid_request")
        }
    }
}
