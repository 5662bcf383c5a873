import Core
import Foundation
import HTTP
import Store
import Testing

extension TestApp {
    /// Imports the small test catalog (ID/tg Rp 12.300 in stock, ID/ka sold out) and returns a funded,
    /// verified user's login.
    func shopper(_ email: String, balance: Int64 = 100_000) throws -> Login {
        let catalog = try CatalogCSV.parse(countries: CatalogTests.countries, services: CatalogTests.services,
                                           operators: CatalogTests.operators, prices: CatalogTests.prices)
        _ = try SQLiteCatalogStore(database: database).importCatalog(catalog, at: clock.date)
        let account = try accounts.createAccount(email: email, password: TestApp.password, verified: true)
        if balance > 0 { try money.adjust(accountID: account.id, amount: balance, reason: "test") }
        // Each shopper logs in from its own address, so the per-IP auth budget never interferes.
        return try #require(login(email, remoteAddress: "10.8.\(abs(email.hashValue) % 250).\(abs(email.hashValue / 250) % 250)").1)
    }

    func buy(_ login: Login, service: String = "tg", country: String = "ID", maxPrice: Int64? = nil) -> Response {
        let max = maxPrice.map { #","max_price":\#($0)"# } ?? ""
        return post("/api/v1/orders", body: #"{"service":"\#(service)","country":"\#(country)"\#(max)}"#, login: login)
    }

    /// Delivers every simulated SMS that is due now, as the background job would.
    func deliverDueSMS() throws {
        for delivery in simulator.due() {
            try rentals.receive(provider: "simulated", providerOrderID: delivery.providerOrderID, sender: delivery.sender, text: delivery.text, at: clock.date)
        }
    }
}

@Suite struct OrderTests {
    @Test func buyReceiveAndFinish() throws {
        let app = try TestApp()
        let login = try app.shopper("yuni@example.com")
        let bought = app.buy(login)
        #expect(bought.status == 201)
        let order = bought.json
        let id = try #require(order["id"] as? String)
        #expect(order["price"] as? Int == 12_300)
        #expect(order["status"] as? String == "pending")
        #expect(order["code"] is NSNull)
        #expect((order["phone"] as? String)?.hasPrefix("+628") == true)
        #expect(try app.balance("yuni@example.com") == 100_000 - 12_300)

        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        let received = app.get("/api/v1/orders/\(id)", login: login).json
        #expect(received["status"] as? String == "received")
        let code = try #require(received["code"] as? String)
        #expect(code.count == 6)
        let messages = app.get("/api/v1/orders/\(id)/messages", login: login).json["items"] as? [[String: Any]] ?? []
        #expect(messages.count == 1)
        #expect((messages.first?["text"] as? String)?.contains(code) == true)
        #expect(app.post("/api/v1/orders/\(id)/cancel", login: login).errorCode == "order_not_cancelable")
        #expect(app.post("/api/v1/orders/\(id)/finish", login: login).json["status"] as? String == "finished")
        #expect(try app.balance("yuni@example.com") == 100_000 - 12_300)  // fulfilled: no refund
    }

    @Test func cancellingAfterTheHoldRefundsOnce() throws {
        let app = try TestApp()
        let login = try app.shopper("zaki@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        let early = app.post("/api/v1/orders/\(id)/cancel", login: login)
        #expect(early.errorCode == "early_cancel_denied")
        #expect(early.header("Retry-After") == "120")
        app.clock.advance(by: 120)
        let canceled = app.post("/api/v1/orders/\(id)/cancel", login: login).json
        #expect(canceled["status"] as? String == "canceled")
        #expect(canceled["refunded"] as? Bool == true)
        #expect(app.post("/api/v1/orders/\(id)/cancel", login: login).errorCode == "order_not_cancelable")
        #expect(try app.balance("zaki@example.com") == 100_000)
        #expect(try app.money.audit() == [])
    }

    @Test func refusalsChargeNothing() throws {
        let app = try TestApp()
        let login = try app.shopper("ade@example.com", balance: 20_000)
        #expect(app.buy(login, service: "ka").errorCode == "no_numbers")
        #expect(app.buy(login, maxPrice: 12_299).errorCode == "price_above_max")
        #expect(app.buy(login, service: "zz").errorCode == "invalid_request")
        #expect(app.buy(login).status == 201)
        #expect(app.buy(login).errorCode == "insufficient_balance")  // 7.700 left
        #expect(try app.balance("ade@example.com") == 7_700)
        #expect(try app.database.readOne("SELECT count(*) FROM orders") { $0.int(0) } == 1)
        _ = app.register("nobuy@example.com")
        let unverified = try #require(app.login("nobuy@example.com").1)
        #expect(app.buy(unverified).errorCode == "email_unverified")
    }

    @Test func activeOrdersAreLimited() throws {
        let app = try TestApp()
        let login = try app.shopper("bima@example.com")
        for _ in 0..<3 { #expect(app.buy(login).status == 201) }
        #expect(app.buy(login).errorCode == "too_many_active_orders")
    }

    @Test func anotherUsersOrderIsNotFoundAnywhere() throws {
        let app = try TestApp()
        let owner = try app.shopper("cinta@example.com")
        let other = try app.shopper("dimas@example.com")
        let id = try #require(app.buy(owner).json["id"] as? String)
        #expect(app.get("/api/v1/orders/\(id)", login: other).status == 404)
        #expect(app.get("/api/v1/orders/\(id)/messages", login: other).status == 404)
        for action in ["cancel", "finish", "resend"] { #expect(app.post("/api/v1/orders/\(id)/\(action)", login: other).status == 404) }
        #expect((app.get("/api/v1/orders", login: other).json["items"] as? [Any])?.isEmpty == true)
    }

    @Test func expiryRefundsAndALateSMSIsNotShown() throws {
        let app = try TestApp()
        let login = try app.shopper("eka@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        let order = try app.rentals.order(id: Int64(id) ?? 0, accountID: try app.accounts.account(email: "eka@example.com").id)
        app.clock.advance(by: 1190)
        // A long-poll that outlives the window: the read after expiry settles the order and answers.
        let waited = app.get("/api/v1/orders/\(id)?wait=30", login: login).json
        #expect(waited["status"] as? String == "expired")
        #expect(waited["refunded"] as? Bool == true)
        #expect(try app.rentals.receive(provider: "simulated", providerOrderID: order.providerOrderID, sender: "Telegram", text: "Telegram code: 55555", at: app.clock.date) == .unchanged)
        #expect(app.get("/api/v1/orders/\(id)", login: login).json["code"] is NSNull)
        #expect(try app.balance("eka@example.com") == 100_000)
        #expect(try app.rentals.sweep() == 0)  // already settled: nothing more happens
    }

    /// 1,000 races of an SMS against the expiry sweep, in random order: every order ends with exactly
    /// one outcome — refunded with no code, or charged with its code — never both.
    @Test func smsAgainstExpiryHasExactlyOneOutcome() throws {
        let app = try TestApp()
        let account = try app.accounts.account(email: try { _ = try app.shopper("race@example.com", balance: 20_000_000); return "race@example.com" }())
        var generator = SplitMix(seed: 77)
        for round in 0..<1000 {
            let order = try app.rentals.buy(accountID: account.id, service: "tg", country: "ID", operator: nil, maxPrice: nil)
            app.clock.advance(by: 1199 + Double(generator.next() % 3))  // just before, at, or after the end
            let smsFirst = generator.next() % 2 == 0
            if smsFirst { try app.rentals.receive(orderID: order.id, sender: "Telegram", text: "Telegram code: \(10000 + round)", at: app.clock.date) }
            try app.rentals.sweep()
            if !smsFirst { try app.rentals.receive(orderID: order.id, sender: "Telegram", text: "Telegram code: \(10000 + round)", at: app.clock.date) }
            try app.rentals.sweep()
            let settled = try app.rentals.order(id: order.id, accountID: account.id)
            let refunds = try app.database.readOne("SELECT count(*) FROM ledger WHERE reference = ?", [.text("order:\(order.id):refund")]) { $0.int(0) }
            if settled.refunded {
                #expect(settled.code == nil && settled.state == .expired && refunds == 1)
            } else {
                #expect(settled.code != nil && (settled.state == .received || settled.state == .finished) && refunds == 0)
            }
        }
        #expect(try app.money.audit() == [])
    }
}

@Suite struct RentalSimulationTests {
    /// A seeded simulation on a virtual clock: users buy, cancel, finish and ask for more SMS while SMS
    /// arrive and windows pass, in random order. After every step: balances equal their ledgers, no order
    /// is charged or refunded twice, and no order that got an SMS is refunded.
    @Test func randomRentalsKeepEveryInvariant() throws {
        let app = try TestApp()
        var users: [(id: String, login: Login)] = []
        for index in 0..<8 {
            let login = try app.shopper("sim\(index)@example.com", balance: index == 0 ? 20_000 : 2_000_000)  // one runs dry
            users.append((try app.accounts.account(email: "sim\(index)@example.com").id, login))
        }
        var generator = SplitMix(seed: 4242)
        var orders: [(id: Int64, account: String)] = []
        for _ in 0..<2000 {
            let user = users[Int(generator.next() % UInt64(users.count))]
            switch generator.next() % 7 {
            case 0, 1:
                if let order = try? app.rentals.buy(accountID: user.id, service: "tg", country: "ID", operator: nil, maxPrice: nil) {
                    orders.append((order.id, user.id))
                }
            case 2:
                if let pick = orders.randomElement(using: &generator) { _ = try? app.rentals.cancel(id: pick.id, accountID: pick.account) }
            case 3:
                if let pick = orders.randomElement(using: &generator) { _ = try? app.rentals.finish(id: pick.id, accountID: pick.account) }
            case 4:
                if let pick = orders.randomElement(using: &generator) {
                    _ = try? app.rentals.receive(orderID: pick.id, sender: "Telegram", text: "Telegram code: 424242", at: app.clock.date)
                }
            case 5:
                try app.deliverDueSMS()
            default:
                app.clock.advance(by: Double(generator.next() % 400))
                try app.rentals.sweep()
            }
            #expect(try app.money.audit() == [])
        }
        let doubles = try app.database.readOne("""
            SELECT count(*) FROM (SELECT reference FROM ledger GROUP BY reference HAVING count(*) > 1)
            """) { $0.int(0) }
        #expect(doubles == 0)
        let refundedWithSMS = try app.database.readOne("""
            SELECT count(*) FROM orders o WHERE EXISTS (SELECT 1 FROM ledger l WHERE l.reference = 'order:' || o.id || ':refund')
            AND EXISTS (SELECT 1 FROM sms_messages m WHERE m.order_id = o.id)
            """) { $0.int(0) }
        #expect(refundedWithSMS == 0)
        #expect(orders.count > 100)
    }
}

extension SplitMix: RandomNumberGenerator {}

@Suite struct CancelThrottleTests {
    @Test func cancelsAreBudgetedPerAccount() throws {
        let app = try TestApp()
        let login = try app.shopper("fina@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        for _ in 0..<10 { #expect(app.post("/api/v1/orders/\(id)/cancel", login: login).errorCode == "early_cancel_denied") }
        let throttled = app.post("/api/v1/orders/\(id)/cancel", login: login)
        #expect(throttled.errorCode == "rate_limited")
        #expect(throttled.header("Retry-After") == "120")
    }
}

@Suite struct OrderAddressTests {
    @Test func anOrderHasOneAddress() throws {
        let app = try TestApp()
        let login = try app.shopper("gilang@example.com")
        let id = try #require(app.buy(login).json["id"] as? String)
        #expect(app.get("/api/v1/orders/\(id)", login: login).status == 200)
        #expect(app.get("/api/v1/orders/0\(id)", login: login).status == 404)
        #expect(app.get("/api/v1/orders/%2B\(id)", login: login).status == 404)
        #expect(app.get("/api/v1/orders/\(id)?wait=%2B1", login: login).errorCode == "invalid_request")
        #expect(app.get("/api/v1/orders?limit=%2B5", login: login).errorCode == "invalid_request")
    }
}
