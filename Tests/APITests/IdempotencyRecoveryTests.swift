@testable import API
import Core
import Foundation
import HTTP
import Testing

/// A process killed mid-request leaves its Idempotency-Key reserved without an answer (found by the kill -9
/// soak, Tests/integration/test_soak.py). These tests leave the database as such a process would, and
/// check that the retry answers with what was created, or does the work exactly once, and never 409s forever.
@Suite struct IdempotencyRecoveryTests {
    static let buyBody = #"{"service":"tg","country":"ID"}"#
    static let depositBody = #"{"amount":25000,"gateway":"sandbox"}"#

    /// What the dead process had committed: the key reserved for this exact request (Idempotency.run's
    /// fingerprint: method, path and body).
    func reserve(_ app: TestApp, _ email: String, key: String, path: String, body: String) throws -> String {
        let account = try app.accounts.account(email: email)
        let hash = app.accounts.digest.sha256Hex("POST " + path + "\n" + body)
        #expect(try app.money.store.write { try $0.reserveIdempotencyKey(accountID: account.id, key: key, requestHash: hash, at: app.clock.date) })
        return account.id
    }

    func send(_ app: TestApp, _ login: Login, _ path: String, _ body: String, key: String) -> Response {
        app.send("POST", path, body: body, headers: ["cookie": login.cookie, "x-csrf-token": login.csrf, "idempotency-key": key])
    }

    @Test func aPurchaseCommittedButNeverAnsweredIsTheRetrysAnswer() throws {
        let app = try TestApp()
        let login = try app.shopper("rina@example.com")
        let accountID = try reserve(app, "rina@example.com", key: "buy-1", path: "/api/v1/orders", body: Self.buyBody)
        let bought = try app.rentals.buy(accountID: accountID, service: "tg", country: "ID", operator: nil, maxPrice: nil, idempotencyKey: "buy-1")

        let retry = send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-1")
        #expect(retry.status == 201)
        #expect(retry.json["id"] as? String == String(bought.id))
        #expect(retry.header("Idempotent-Replayed") == "true")
        let again = send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-1")
        #expect(again.status == 201 && again.json["id"] as? String == String(bought.id))
        #expect(try app.rentals.orders(accountID: accountID, state: nil, before: nil, limit: 10).count == 1)
        #expect(try app.balance("rina@example.com") == 100_000 - 12_300)
    }

    @Test func aPurchaseThatDiedBeforeItsCommitIsMadeOnceByTheRetry() throws {
        let app = try TestApp()
        let login = try app.shopper("sari@example.com")
        let accountID = try reserve(app, "sari@example.com", key: "buy-2", path: "/api/v1/orders", body: Self.buyBody)

        let retry = send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-2")
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == nil)
        let again = send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-2")
        #expect(again.json["id"] as? String == retry.json["id"] as? String)
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(try app.rentals.orders(accountID: accountID, state: nil, before: nil, limit: 10).count == 1)
        #expect(try app.balance("sari@example.com") == 100_000 - 12_300)
        // Still the same request: another body under the key is a conflict.
        #expect(send(app, login, "/api/v1/orders", #"{"service":"tg","country":"ID","max_price":99999}"#, key: "buy-2").errorCode == "idempotency_conflict")
    }

    @Test func aKeyWhoseRequestRunsInThisProcessIsInProgress() throws {
        let app = try TestApp()
        let login = try app.shopper("tari@example.com")
        let accountID = try reserve(app, "tari@example.com", key: "buy-3", path: "/api/v1/orders", body: Self.buyBody)
        #expect(Idempotency.running.claim(accountID + "\nbuy-3"))
        #expect(send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-3").errorCode == "idempotency_in_progress")
        Idempotency.running.release(accountID + "\nbuy-3")
        #expect(send(app, login, "/api/v1/orders", Self.buyBody, key: "buy-3").status == 201)
        #expect(try app.balance("tari@example.com") == 100_000 - 12_300)
    }

    @Test func aDepositOpenedButNeverAnsweredIsTheRetrysAnswer() throws {
        let app = try TestApp()
        try app.verifiedUser("umi@example.com")
        let login = try #require(app.login("umi@example.com").1)
        let accountID = try reserve(app, "umi@example.com", key: "top-1", path: "/api/v1/deposits", body: Self.depositBody)
        let deposit = try app.money.createDeposit(accountID: accountID, email: "umi@example.com", amount: 25_000, gateway: "sandbox",
                                                  method: nil, idempotencyKey: "top-1")

        let retry = send(app, login, "/api/v1/deposits", Self.depositBody, key: "top-1")
        #expect(retry.status == 201)
        #expect(retry.json["id"] as? String == deposit.id)
        #expect((retry.json["payment"] as? [String: Any])?["url"] as? String == "https://pay.test/\(deposit.id)")
        #expect(app.gateway.created.count == 1)
    }
}
