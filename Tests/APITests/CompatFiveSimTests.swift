@testable import API
import Core
import Foundation
import HTTP
import Testing

/// 5sim v1 in-process: guest and user endpoints, names instead of ids, statuses, and each plain-text error
/// with its HTTP status (protocols.md §2).
@Suite struct CompatFiveSimTests {
    @Test func userEndpointsWantABearerTokenAndAnswer401Empty() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("auth@example.com")
        for path in ["/v1/user/profile", "/v1/user/orders?category=activation", "/v1/user/payments",
                     "/v1/user/buy/activation/indonesia/any/telegram", "/v1/user/check/1", "/v1/user/sms/inbox/1"] {
            for bad in [nil, "smsc_wrong", token + "x"] {
                let response = app.fivesim(path, token: bad)
                #expect(response.status == 401 && response.body.isEmpty, "\(path) with \(bad ?? "nothing")")
            }
        }
        let basic = app.send("GET", "/v1/user/profile", contentType: nil, headers: ["authorization": "Basic \(token)"])
        #expect(basic.status == 401 && basic.body.isEmpty)
        #expect(app.fivesim("/v1/guest/countries").status == 200)   // guests need no token
        let head = app.send("HEAD", "/v1/user/buy/activation/indonesia/any/telegram", contentType: nil, headers: ["authorization": "Bearer " + token])
        #expect(head.status == 405 && head.header("Allow") == "GET")  // GET buys here: HEAD must not
        #expect(app.send("HEAD", "/v1/guest/countries", contentType: nil).status == 200)
    }

    @Test func guestCountriesProductsAndPrices() throws {
        let app = try TestApp()
        _ = try app.compatUser("guest@example.com")
        #expect(app.fivesim("/v1/guest/countries").text == """
            {"indonesia":{"iso":{"id":1},"prefix":{"+62":1},"text_en":"Indonesia","text_ru":"Indonesia","any":{"activation":1},\
            "telkomsel":{"activation":1}},"philippines":{"iso":{"ph":1},"prefix":{"+63":1},"text_en":"Philippines",\
            "text_ru":"Philippines","any":{"activation":1}}}
            """)
        #expect(app.fivesim("/v1/guest/products/indonesia/any").text == """
            {"telegram":{"Category":"activation","Qty":1883,"Price":12300},"shopee":{"Category":"activation","Qty":0,"Price":3300},\
            "other":{"Category":"activation","Qty":500,"Price":1800}}
            """)
        #expect(app.fivesim("/v1/guest/products/indonesia/telkomsel").text == #"{"telegram":{"Category":"activation","Qty":12,"Price":12900}}"#)
        #expect(app.fivesim("/v1/guest/products/any/any").text == """
            {"telegram":{"Category":"activation","Qty":1923,"Price":2500},"shopee":{"Category":"activation","Qty":0,"Price":3300},\
            "other":{"Category":"activation","Qty":500,"Price":1800}}
            """)
        let badCountry = app.fivesim("/v1/guest/products/atlantis/any")
        #expect(badCountry.status == 400 && badCountry.text == "bad country" && badCountry.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(app.fivesim("/v1/guest/products/philippines/telkomsel").text == "bad operator")
        #expect(app.fivesim("/v1/guest/prices?country=indonesia&product=telegram").text == """
            {"indonesia":{"telegram":{"any":{"cost":12300,"count":1883},"telkomsel":{"cost":12900,"count":12}}}}
            """)
        #expect(app.fivesim("/v1/guest/prices?product=telegram").text == """
            {"telegram":{"indonesia":{"any":{"cost":12300,"count":1883},"telkomsel":{"cost":12900,"count":12}},\
            "philippines":{"any":{"cost":2500,"count":40}}}}
            """)
        #expect(app.fivesim("/v1/guest/prices?country=philippines").text == #"{"philippines":{"telegram":{"any":{"cost":2500,"count":40}}}}"#)
        #expect(app.fivesim("/v1/guest/prices").anyJSON.map { ($0 as? [String: Any])?.keys.sorted() } == ["indonesia", "philippines"])
        let null = app.fivesim("/v1/guest/prices?country=philippines&product=shopee")
        #expect(null.status == 200 && null.text == "null")
        #expect(app.fivesim("/v1/guest/prices?product=nothing").text == "product is incorrect")
        #expect(app.fivesim("/v1/guest/prices?country=atlantis").text == "bad country")
    }

    @Test func profile() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("profile@example.com", balance: 77_000)
        let profile = app.fivesim("/v1/user/profile", token: token)
        #expect(profile.text == """
            {"id":\(FiveSimUser.numericID(accountID)),"email":"profile@example.com","vendor":"","default_forwarding_number":"",\
            "balance":77000,"rating":3,"default_country":{"name":"indonesia","iso":"id","prefix":"+62"},\
            "default_operator":{"name":"any"},"frozen_balance":0}
            """)
        #expect(FiveSimUser.numericID(accountID) > 0 && FiveSimUser.numericID(accountID) < 1 << 53)
    }

    @Test func buyingAndItsRefusals() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("buyer@example.com", balance: 20_000)
        let bought = app.fivesim("/v1/user/buy/activation/indonesia/any/telegram", token: token)
        let phone = try #require(bought.json["phone"] as? String)
        #expect(phone.hasPrefix("+628"))
        #expect(bought.text == """
            {"id":1,"phone":"\(phone)","operator":"any","product":"telegram","price":12300,"status":"PENDING",\
            "expires":"2026-11-18T11:26:40Z","sms":null,"created_at":"2026-11-18T11:06:40Z","forwarding":false,\
            "forwarding_number":"","country":"indonesia"}
            """)
        func refusal(_ path: String) -> String {
            let response = app.fivesim(path, token: token)
            return "\(response.status) \(response.text)"
        }
        #expect(refusal("/v1/user/buy/activation/indonesia/any/shopee") == "200 no free phones")
        #expect(refusal("/v1/user/buy/activation/philippines/any/telegram?maxPrice=2499.9") == "200 no free phones")
        #expect(refusal("/v1/user/buy/activation/indonesia/any/telegram") == "400 not enough user balance")  // 7.700 left
        #expect(refusal("/v1/user/buy/activation/indonesia/any/nothing") == "400 product is incorrect")
        #expect(refusal("/v1/user/buy/activation/atlantis/any/telegram") == "400 bad country")
        #expect(refusal("/v1/user/buy/activation/indonesia/xl/telegram") == "400 bad operator")
        #expect(refusal("/v1/user/buy/rent/indonesia/any/telegram") == "400 category is incorrect")
        #expect(refusal("/v1/user/buy/hosting/indonesia/any/1week") == "400 product is incorrect")
        #expect(refusal("/v1/user/buy/activation/philippines/any/telegram?forwarding=true&number=79001234567") == "400 forwarding is not supported")
        #expect(refusal("/v1/user/buy/activation/philippines/any/telegram?voice=1") == "400 voice is not supported")
        #expect(refusal("/v1/user/buy/activation/philippines/any/telegram?maxPrice=cheap") == "400 maxPrice is incorrect")
        #expect(try app.balance(accountID: accountID) == 7_700)
        // Country `any`: the cheapest country with stock (the Philippines); `reuse=1` is accepted.
        let anywhere = app.fivesim("/v1/user/buy/activation/any/any/telegram?reuse=1", token: token).json
        #expect(anywhere["country"] as? String == "philippines" && anywhere["price"] as? Int == 2_500)
        // Hosting products are an "any other" rental with the usual window.
        let hosting = app.fivesim("/v1/user/buy/hosting/indonesia/any/1day", token: token).json
        #expect(hosting["product"] as? String == "other" && hosting["price"] as? Int == 1_800 && hosting["status"] as? String == "PENDING")
        #expect(refusal("/v1/user/buy/activation/philippines/any/telegram") == "400 not enough rating")  // the test app allows 3
        #expect(refusal("/v1/user/reuse/telegram/\(phone.dropFirst())") == "400 reuse not possible")
        #expect(try app.balance(accountID: accountID) == 20_000 - 12_300 - 2_500 - 1_800)
        let (unverified, _) = try app.compatUser("unverified@example.com", verified: false)
        let refused = app.fivesim("/v1/user/buy/activation/indonesia/any/telegram", token: unverified)
        #expect(refused.status == 403 && refused.text == "email is not verified")
        #expect(try app.money.audit() == [])
    }

    @Test func checkFinishCancelAndBan() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("orders@example.com")
        func call(_ path: String) -> (Int, String) {
            let response = app.fivesim(path, token: token)
            return (response.status, response.status == 200 ? (response.json["status"] as? String ?? response.text) : response.text)
        }
        _ = app.fivesim("/v1/user/buy/activation/indonesia/any/telegram", token: token)
        let waiting = app.fivesim("/v1/user/check/1", token: token).json
        #expect(waiting["status"] as? String == "PENDING" && (waiting["sms"] as? [Any])?.isEmpty == true)
        #expect(call("/v1/user/finish/1") == (400, "order no sms"))
        #expect(call("/v1/user/cancel/1") == (400, "you need to wait time"))
        #expect(call("/v1/user/ban/1") == (400, "you need to wait time"))
        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        let message = try #require(try app.rentals.messages(orderID: 1, accountID: accountID).first)
        let received = app.fivesim("/v1/user/check/1", token: token)
        #expect(received.json["status"] as? String == "RECEIVED")
        #expect(received.text.contains(#""sms":[{"created_at":"2026-11-18T11:07:10Z","date":"2026-11-18T11:07:10Z","sender":"Telegram","text":\#(JSONString.quoted(message.text)),"code":"\#(message.code ?? "")"}]"#))
        #expect(call("/v1/user/cancel/1") == (400, "order has sms"))
        #expect(call("/v1/user/ban/1") == (400, "order has sms"))
        let inbox = app.fivesim("/v1/user/sms/inbox/1", token: token)
        #expect(inbox.text == #"{"Data":[{"ID":1,"created_at":"2026-11-18T11:07:10Z","date":"2026-11-18T11:07:10Z","sender":"Telegram","text":\#(JSONString.quoted(message.text)),"code":"\#(message.code ?? "")","is_wave":false,"wave_uuid":""}],"Total":1}"#)
        #expect(call("/v1/user/finish/1") == (200, "FINISHED"))
        #expect(call("/v1/user/finish/1") == (400, "order expired"))
        #expect(call("/v1/user/cancel/1") == (400, "order expired"))

        _ = app.fivesim("/v1/user/buy/activation/indonesia/any/telegram", token: token)
        _ = app.fivesim("/v1/user/buy/activation/philippines/any/telegram", token: token)
        app.clock.advance(by: 120)
        #expect(call("/v1/user/cancel/2") == (200, "CANCELED"))
        #expect(call("/v1/user/ban/3") == (200, "BANNED"))
        #expect(call("/v1/user/check/3") == (200, "CANCELED"))   // SMSCode keeps one kind of cancellation
        #expect(call("/v1/user/ban/3") == (400, "order expired"))
        _ = app.fivesim("/v1/user/buy/activation/philippines/any/telegram", token: token)
        app.simulator.provider.release(try app.rentals.order(id: 4, accountID: accountID).providerOrderID, .canceled)  // no SMS will come
        app.clock.advance(by: 1200)
        #expect(call("/v1/user/check/4") == (200, "TIMEOUT"))
        #expect(try app.balance(accountID: accountID) == 100_000 - 12_300)
        #expect(call("/v1/user/check/99") == (404, "order not found"))
        #expect(call("/v1/user/cancel/99") == (400, "order not found"))
        #expect(call("/v1/user/check/x") == (404, "order not found"))
        let (other, _) = try app.compatUser("someone@example.com")
        #expect(app.fivesim("/v1/user/check/1", token: other).text == "order not found")
        #expect(app.fivesim("/v1/user/finish/1", token: other).text == "order not found")
        #expect(app.fivesim("/v1/user/sms/inbox/1", token: other).text == "order not found")
        #expect(try app.money.audit() == [])
    }

    @Test func histories() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("history@example.com")
        for country in ["indonesia", "philippines", "indonesia"] { _ = app.fivesim("/v1/user/buy/activation/\(country)/any/telegram", token: token) }
        let newest = app.fivesim("/v1/user/orders?category=activation&limit=2", token: token).json
        #expect((newest["Data"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [3, 2])
        #expect(newest["Total"] as? Int == 3 && (newest["ProductNames"] as? [Any])?.isEmpty == true)
        let oldest = app.fivesim("/v1/user/orders?category=activation&limit=2&offset=1&reverse=false&order=id", token: token).json
        #expect((oldest["Data"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [2, 3])
        #expect(app.fivesim("/v1/user/orders?category=hosting", token: token).text == #"{"Data":[],"ProductNames":[],"Statuses":[],"Total":0}"#)
        #expect(app.fivesim("/v1/user/orders", token: token).text == "category is incorrect")
        #expect(app.fivesim("/v1/user/orders?category=activation&limit=0", token: token).text == "limit is incorrect")
        #expect(app.fivesim("/v1/user/orders?category=activation&order=price", token: token).text == "order is incorrect")
        let payments = app.fivesim("/v1/user/payments", token: token)
        let rows = try #require(payments.json["Data"] as? [[String: Any]])
        #expect(payments.json["Total"] as? Int == 4)
        #expect(rows.map { $0["TypeName"] as? String } == ["buy", "buy", "buy", "adjustment"])
        #expect(rows.map { $0["Amount"] as? Int } == [-12_300, -2_500, -12_300, 100_000])
        #expect(rows.first?["Balance"] as? Int == 100_000 - 27_100)
        #expect(payments.text.hasSuffix(#""PaymentTypes":[{"Name":"adjustment"},{"Name":"buy"}],"PaymentProviders":[{"Name":"smscode"}],"Total":4}"#))
        let page = app.fivesim("/v1/user/payments?limit=1&offset=3", token: token).json
        #expect((page["Data"] as? [[String: Any]])?.first?["TypeName"] as? String == "adjustment")
    }
}
