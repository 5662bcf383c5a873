import Core
import Crypto
import Foundation
import HTTP
@testable import Providers
import Store
import Synchronization
import Testing

/// Providers other than the simulator: the own pool with its signed inbound SMS, a polled SMS-Activate
/// upstream, the order providers are tried in, and what a failing provider costs the user (nothing).
@Suite struct ProviderTests {
    static let secret = "pool-secret-0123456789"

    static func poolApp() throws -> TestApp {
        try TestApp(providers: { db, clock, _ in
            [OwnPool(store: SQLitePoolStore(database: db), clock: clock, random: .seeded(3), windows: RentalWindows(["*": 600])).provider]
        }, inboundSecret: secret)
    }

    static func signed(_ app: TestApp, _ body: String, secret: String = secret, skew: Double = 0) -> Response {
        let timestamp = String(Int64(app.clock.date.timeIntervalSince1970 + skew))
        let signature = Hex.encode(Sodium.digest.hmacSHA256(Array(secret.utf8), Array((timestamp + "." + body).utf8)))
        return app.send("POST", "/api/v1/inbound/sms", body: body, headers: ["x-smscode-timestamp": timestamp, "x-smscode-signature": signature])
    }

    static func sms(to: String, text: String) -> String {
        #"{"to":"\#(to)","from":"Telegram","text":"\#(text)","received_at":"2026-11-27T10:00:00Z"}"#
    }

    @Test func poolNumbersServeEachServiceOnceAndTheirSMSArriveSigned() throws {
        let app = try Self.poolApp()
        let login = try app.shopper("pool@example.com")
        #expect(try SQLitePoolStore(database: app.database).add(phones: ["+6281111111111"], country: "ID", operator: "any", at: app.clock.date) == 1)

        let bought = app.buy(login).json
        let id = try #require(bought["id"] as? String)
        #expect(bought["phone"] as? String == "+6281111111111")
        let created = try #require((bought["created_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
        #expect(bought["expires_at"] as? String == Timestamp.format(created.addingTimeInterval(600))) // the pool's window
        #expect(app.buy(login).errorCode == "no_numbers") // the only number is leased

        let body = Self.sms(to: "+6281111111111", text: "Telegram code: 424242")
        #expect(Self.signed(app, body, secret: "wrong-secret-0123456789").status == 401)
        #expect(Self.signed(app, body, skew: -301).status == 401)
        #expect(app.send("POST", "/api/v1/inbound/sms", body: body).status == 401)
        #expect(app.get("/api/v1/orders/\(id)", login: login).json["status"] as? String == "pending") // nothing got through
        #expect(Self.signed(app, body).json["status"] as? String == "delivered")
        #expect(Self.signed(app, body).json["status"] as? String == "duplicate")
        let received = app.get("/api/v1/orders/\(id)", login: login).json
        #expect(received["status"] as? String == "received")
        #expect(received["code"] as? String == "424242")

        #expect(app.post("/api/v1/orders/\(id)/finish", login: login).json["status"] as? String == "finished")
        #expect(Self.signed(app, Self.sms(to: "+6281111111111", text: "late")).json["status"] as? String == "no_active_order")
        // Back in the pool, but never again for Telegram: stock says so, and so does a purchase.
        #expect(try app.rentals.refreshStock().levels == 2)
        let stock = try SQLiteCatalogStore(database: app.database).prices(country: "ID", service: nil)
        #expect(stock.filter { $0.operator == "any" }.map { "\($0.service)=\($0.stock)" }.sorted() == ["ka=1", "tg=0"])
        #expect(app.buy(login).errorCode == "no_numbers")
        #expect(app.buy(login, service: "ka").json["phone"] as? String == "+6281111111111")
    }

    @Test func upstreamCostsMoveTheSellPriceWithItsMarkupAndAreRecorded() throws {
        let upstream = Upstream()
        let app = try TestApp(providers: { _, _, _ in
            [SMSActivateUpstream(config: .init(endpoint: "http://upstream.test/stubs/handler_api.php", apiKey: "k", rupiahPerUnit: 16_000),
                                 http: upstream.transport, countryForID: { $0 == 6 ? "ID" : nil }).provider]
        })
        _ = try app.shopper("cost@example.com")
        upstream.script("getPrices", #"{"6": {"tg": {"cost": 1.25, "count": 40}}}"#, #"{"6": {"tg": {"cost": "1.25", "count": 39}}}"#)
        #expect(try app.rentals.refreshStock() == (levels: 1, pricesChanged: 1))
        let tg = try #require(try SQLiteCatalogStore(database: app.database).prices(country: "ID", service: "tg").first { $0.operator == "any" })
        #expect(tg.cost == 20_000 && tg.markupPercent == 35 && tg.sellPrice == 27_000 && tg.stock == 40)
        let history = try app.database.read { db in
            try db.all("SELECT cost, price FROM price_history WHERE country = 'ID' AND service = 'tg' AND operator = 'any' ORDER BY id") { "\($0.int(0)):\($0.int(1))" }
        }
        #expect(history.last == "20000:27000")
        #expect(try app.rentals.refreshStock() == (levels: 1, pricesChanged: 0)) // same cost: no new price, only the stock
        #expect(try SQLiteCatalogStore(database: app.database).prices(country: "ID", service: "tg").first { $0.operator == "any" }?.stock == 39)
    }

    @Test func orphanedPoolLeasesGoBackAfterAMinute() throws {
        let app = try Self.poolApp()
        let pool = SQLitePoolStore(database: app.database)
        let login = try app.shopper("orphan@example.com")
        _ = try pool.add(phones: ["+6281111111112", "+6281111111113"], country: "ID", operator: "any", at: app.clock.date)
        // A lease that never became an order (the process died between lease and charge) …
        #expect(try pool.lease(country: "ID", operator: "any", service: "wa", leaseID: "POOL-orphan", at: app.clock.date) != nil)
        // … and one that did.
        let order = app.buy(login).json
        #expect(order["status"] as? String == "pending")
        #expect(try pool.releaseOrphans(leasedBefore: app.clock.date.addingTimeInterval(-60)) == 0) // too recent to judge
        app.clock.advance(by: 61)
        #expect(try pool.releaseOrphans(leasedBefore: app.clock.date.addingTimeInterval(-60)) == 1)
        #expect(try pool.leaseID(phone: order["phone"] as? String ?? "") != nil) // the real order keeps its number
    }

    @Test func inboundIsRefusedWhenMalformedAndWithoutAPool() throws {
        let app = try Self.poolApp()
        #expect(Self.signed(app, Self.sms(to: "0812", text: "x")).errorCode == "invalid_request")
        #expect(Self.signed(app, #"{"to":"+6281111111111","from":"x","text":"y","received_at":"2026-11-27T10:00:00Z","extra":1}"#).errorCode == "invalid_request")
        #expect(Self.signed(app, Self.sms(to: "+6289999999999", text: "hello")).json["status"] as? String == "no_active_order")
        #expect(Self.signed(try TestApp(), Self.sms(to: "+6281111111111", text: "x")).errorCode == "unauthorized")
    }

    final class Calls: Sendable {
        let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
    }

    /// A provider that counts its leases and fails them all the same way.
    static func failing(_ error: RentalError, _ calls: Calls) -> NumberProvider {
        NumberProvider(name: "broken", lease: { _ in calls.count.withLock { $0 += 1 }; throw error }, release: { _, _ in }, requestAnotherSMS: { _ in })
    }

    @Test func aFailingProviderMakesAFailedRefundedOrderAndTheNextOneIsTried() throws {
        let calls = Calls()
        let alone = try TestApp(providers: { _, _, _ in [Self.failing(.providerUnavailable, calls)] })
        let login = try alone.shopper("alone@example.com")
        let refused = alone.buy(login)
        #expect(refused.status == 503)
        #expect(refused.errorCode == "provider_unavailable")
        #expect(refused.headers.first { $0.name == "Retry-After" }?.value == "5")
        #expect(try alone.balance("alone@example.com") == 100_000)
        // The attempt is a failed order without a number, charged and refunded in the same transaction.
        let orders = try #require(alone.get("/api/v1/orders", login: login).json["items"] as? [[String: Any]])
        #expect(orders.count == 1)
        let failed = try #require(orders.first)
        #expect(failed["status"] as? String == "failed")
        #expect(failed["refunded"] as? Bool == true)
        #expect(failed["phone"] is NSNull)
        #expect(failed["price"] as? Int == 12_300)
        let id = try #require(failed["id"] as? String)
        #expect(refused.text.contains("Order \(id) is recorded as failed"))
        let ledger = try #require(alone.get("/api/v1/ledger", login: login).json["items"] as? [[String: Any]])
        #expect(ledger.prefix(2).map { $0["reference"] as? String } == ["order:\(id):refund", "order:\(id):charge"])
        #expect(ledger.prefix(2).map { $0["amount"] as? Int } == [12_300, -12_300])
        // A second failure gets an order of its own (no clash on the missing provider order id).
        #expect(alone.buy(login).errorCode == "provider_unavailable")
        #expect((alone.get("/api/v1/orders", login: login).json["items"] as? [Any])?.count == 2)
        #expect(try alone.balance("alone@example.com") == 100_000)

        let poor = try alone.shopper("poor@example.com", balance: 1_000)
        #expect(alone.buy(poor).errorCode == "insufficient_balance")
        #expect(calls.value == 2) // an order that cannot be paid never reaches a provider

        let chained = try TestApp(providers: { _, _, simulator in [Self.failing(.noNumbers, calls), Self.failing(.providerUnavailable, calls), simulator] })
        let buyer = try chained.shopper("chain@example.com")
        let order = chained.buy(buyer)
        #expect(order.status == 201)
        #expect(calls.value == 4)
        #expect(try chained.balance("chain@example.com") == 100_000 - 12_300)
    }

    /// An SMS-Activate upstream answering from a script per action, as the fake upstream would.
    final class Upstream: Sendable {
        let answers = Mutex<[String: [String]]>([:])

        func script(_ action: String, _ replies: String...) { answers.withLock { $0[action, default: []] += replies } }

        var transport: HTTPTransport {
            HTTPTransport { _, _, body in
                let form = String(decoding: body, as: UTF8.self)
                let action = form.split(separator: "&").first { $0.hasPrefix("action=") }.map { String($0.dropFirst(7)) } ?? ""
                let reply = self.answers.withLock { $0[action]?.isEmpty == false ? $0[action]!.removeFirst() : "ERROR_SQL" }
                return (200, Array(reply.utf8))
            }
        }
    }

    @Test func aPolledUpstreamDeliversCodesAndItsCancellationsRefundOnce() throws {
        let upstream = Upstream()
        let app = try TestApp(providers: { _, _, _ in
            [SMSActivateUpstream(config: .init(endpoint: "http://upstream.test/stubs/handler_api.php", apiKey: "k", rupiahPerUnit: 1),
                                 http: upstream.transport, countryForID: { $0 == 6 ? "ID" : nil }).provider]
        })
        let login = try app.shopper("up@example.com")
        upstream.script("getNumber", "ACCESS_NUMBER:5001:6281200000001", "ACCESS_NUMBER:5002:6281200000002")
        let first = try #require(app.buy(login).json["id"] as? String)
        let second = try #require(app.buy(login).json["id"] as? String)
        #expect(try app.balance("up@example.com") == 100_000 - 2 * 12_300)

        upstream.script("getStatus", "STATUS_WAIT_CODE", "garbage here", "STATUS_OK:771122", "STATUS_CANCEL", "STATUS_OK:771122", "STATUS_CANCEL")
        upstream.script("getFullSms", "FULL_SMS:Your Telegram code 771122", "FULL_SMS:Your Telegram code 771122")
        var round = app.rentals.pollProviders()
        #expect(round.checked == 2 && round.messages == 0 && round.errors == 1)
        round = app.rentals.pollProviders()
        #expect(round.messages == 1 && round.failed == 1)
        round = app.rentals.pollProviders() // the same answers again: nothing new, nothing refunded twice
        #expect(round.checked == 1 && round.messages == 0 && round.failed == 0)

        let received = app.get("/api/v1/orders/\(first)", login: login).json
        #expect(received["status"] as? String == "received")
        #expect(received["code"] as? String == "771122")
        let failed = app.get("/api/v1/orders/\(second)", login: login).json
        #expect(failed["status"] as? String == "failed")
        #expect(failed["refunded"] as? Bool == true)
        #expect(try app.balance("up@example.com") == 100_000 - 12_300)
    }
}
