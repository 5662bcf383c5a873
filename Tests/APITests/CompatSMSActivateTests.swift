@testable import API
import Core
import Foundation
import HTTP
import Testing

/// `/stubs/handler_api.php` in-process: every action's answer, byte for byte where the catalog fixes it,
/// and every error token (protocols.md §1). All answers are HTTP 200, errors included.
@Suite struct CompatSMSActivateTests {
    @Test func keyAndActionTokens() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("key@example.com")
        #expect(app.saText(["action": "getBalance"]) == "NO_KEY")
        #expect(app.saText(["api_key": "", "action": "getBalance"]) == "NO_KEY")
        #expect(app.saText(["api_key": "smsc_not-a-token", "action": "getBalance"]) == "BAD_KEY")
        #expect(app.saText(["api_key": token + "x", "action": "getBalance"]) == "BAD_KEY")
        #expect(app.saText(["api_key": token]) == "NO_ACTION")
        #expect(app.saText(["api_key": token, "action": "getRentNumber"]) == "BAD_ACTION")
        let answer = app.sa(["api_key": token, "action": "getbalance"])
        #expect(answer.status == 200 && answer.text == "BAD_ACTION")   // action names are case-sensitive
        #expect(answer.header("Content-Type") == "text/plain; charset=utf-8")
        let account = try app.accounts.account(email: "key@example.com")
        let tokenID = try #require(try app.accounts.tokens(of: account).first?.id)
        try app.accounts.revokeToken(id: tokenID, of: account)
        #expect(app.saText(["api_key": token, "action": "getBalance"]) == "BAD_KEY")
    }

    @Test func balanceFromQueryAndForm() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("bal@example.com", balance: 54_321)
        #expect(app.saText(["api_key": token, "action": "getBalance", "ref": "572438", "json": "1"]) == "ACCESS_BALANCE:54321.00")
        #expect(app.saText(["api_key": token, "action": "getBalanceAndCashBack"]) == "ACCESS_BALANCE:54321.00")
        let form = "api_key=\(token)&action=getBalance"
        #expect(app.send("POST", "/stubs/handler_api.php", body: form, contentType: "application/x-www-form-urlencoded").text == "ACCESS_BALANCE:54321.00")
        #expect(app.send("POST", "/stubs/handler_api.php", body: form, contentType: nil).text == "ACCESS_BALANCE:54321.00")
        // aiosmsactivate: POST, everything in the query, empty body.
        #expect(app.send("POST", "/stubs/handler_api.php?api_key=\(token)&action=getBalance", body: "").text == "ACCESS_BALANCE:54321.00")
        // The query wins over the body.
        #expect(app.send("POST", "/stubs/handler_api.php?action=getBalance", body: "api_key=\(token)&action=nothing",
                         contentType: "application/x-www-form-urlencoded").text == "ACCESS_BALANCE:54321.00")
        let broken = app.send("POST", "/stubs/handler_api.php", body: "api_key=%zz", contentType: "application/x-www-form-urlencoded")
        #expect(broken.status == 400 && broken.errorCode == "invalid_request")
        let put = app.send("PUT", "/stubs/handler_api.php", body: "")
        #expect(put.status == 405 && put.header("Allow") == "GET, HEAD, POST")
        let head = app.send("HEAD", "/stubs/handler_api.php?api_key=\(token)&action=getNumber&service=tg&country=6", contentType: nil)
        #expect(head.status == 405 && head.header("Allow") == "GET, POST")
        #expect(try app.rentals.orders(accountID: try app.accounts.account(email: "bal@example.com").id, state: nil, before: nil, limit: 5).isEmpty)
    }

    @Test func catalogAnswers() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("cat@example.com")
        #expect(app.saText(["api_key": token, "action": "getCountries"]) == """
            {"6":{"id":6,"rus":"Indonesia","eng":"Indonesia","chn":"Indonesia","visible":1,"retry":1,"rent":0,"multiService":0},\
            "4":{"id":4,"rus":"Philippines","eng":"Philippines","chn":"Philippines","visible":1,"retry":1,"rent":0,"multiService":0}}
            """)
        #expect(app.sa(["api_key": token, "action": "getCountries"]).header("Content-Type") == "application/json")
        #expect(app.saText(["api_key": token, "action": "getOperators", "country": "6"]) == #"{"status":"success","countryOperators":{"6":["telkomsel"]}}"#)
        #expect(app.saText(["api_key": token, "action": "getOperators"]) == #"{"status":"success","countryOperators":{"6":["telkomsel"]}}"#)
        #expect(app.saText(["api_key": token, "action": "getOperators", "country": "4"]) == #"{"status":"error","error":"OPERATORS_NOT_FOUND"}"#)
        #expect(app.saText(["api_key": token, "action": "getOperators", "country": "99"]) == #"{"status":"error","error":"OPERATORS_NOT_FOUND"}"#)
        #expect(app.saText(["api_key": token, "action": "getServicesList", "lang": "en"]) == """
            {"status":"success","services":[{"code":"tg","name":"Telegram"},{"code":"ka","name":"Shopee"},{"code":"ot","name":"Any other"}]}
            """)
        #expect(app.saText(["api_key": token, "action": "getServicesList", "country": "x"]) == #"{"status":"error","error":"BAD_COUNTRY"}"#)
        #expect(app.saText(["api_key": token, "action": "getPrices"]) == """
            {"6":{"tg":{"cost":12300,"count":1883,"physicalCount":1883},"ka":{"cost":3300,"count":0,"physicalCount":0},\
            "ot":{"cost":1800,"count":500,"physicalCount":500}},"4":{"tg":{"cost":2500,"count":40,"physicalCount":40}}}
            """)
        #expect(app.saText(["api_key": token, "action": "getPrices", "service": "tg", "country": "4"]) == #"{"4":{"tg":{"cost":2500,"count":40,"physicalCount":40}}}"#)
        #expect(app.saText(["api_key": token, "action": "getPrices", "country": "99"]) == "{}")
        #expect(app.saText(["api_key": token, "action": "getPrices", "service": "zz"]) == "{}")
        #expect(app.saText(["api_key": token, "action": "getTopCountriesByService", "service": "tg"]) == """
            {"0":{"country":6,"count":1883,"price":12300,"retail_price":12300},"1":{"country":4,"count":40,"price":2500,"retail_price":2500}}
            """)
        for spelling in ["true", "True", "1", "yes"] {
            #expect(app.saText(["api_key": token, "action": "getTopCountriesByService", "service": "tg", "freePrice": spelling]) == """
                {"0":{"country":6,"count":1883,"price":12300,"retail_price":12300,"freePriceMap":{"12300.00":1883}},\
                "1":{"country":4,"count":40,"price":2500,"retail_price":2500,"freePriceMap":{"2500.00":40}}}
                """)
        }
        #expect(app.saText(["api_key": token, "action": "getTopCountriesByService", "service": "tg", "freePrice": "False"]).contains("freePriceMap") == false)
        #expect(app.saText(["api_key": token, "action": "getTopCountriesByService"]) == "BAD_SERVICE")
        #expect(app.saText(["api_key": token, "action": "getTopCountriesByService", "service": "zz"]) == "BAD_SERVICE")
        #expect(app.saText(["api_key": token, "action": "getNumbersStatus", "country": "6"]) == #"{"tg_0":1883,"tg_1":0,"ka_0":0,"ka_1":0,"ot_0":500,"ot_1":0}"#)
        #expect(app.saText(["api_key": token, "action": "getNumbersStatus"]) == #"{"tg_0":1883,"tg_1":0,"ka_0":0,"ka_1":0,"ot_0":500,"ot_1":0}"#)
        #expect(app.saText(["api_key": token, "action": "getNumbersStatus", "country": "4"]) == #"{"tg_0":40,"tg_1":0,"ka_0":0,"ka_1":0,"ot_0":0,"ot_1":0}"#)
        #expect(app.saText(["api_key": token, "action": "getNumbersStatus", "country": "99"]) == "BAD_COUNTRY")
    }

    @Test func buyingV1AndV2() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("buy@example.com")
        let v1 = app.saText(["api_key": token, "action": "getNumber", "service": "tg", "country": "6", "ref": "pythonsmsactivate"])
        #expect(v1.wholeMatch(of: /ACCESS_NUMBER:1:628[0-9]{9,10}/) != nil, "\(v1)")
        let v2 = app.sa(["api_key": token, "action": "getNumberV2", "service": "tg", "country": "4", "maxPrice": "2500.50", "freePrice": "true"])
        #expect(v2.header("Content-Type") == "application/json")
        let phone = try #require((v2.json["phoneNumber"] as? String))
        #expect(phone.hasPrefix("63") && phone.allSatisfy(\.isNumber))
        #expect(v2.text == """
            {"activationId":2,"phoneNumber":"\(phone)","activationCost":2500,"currency":360,"countryCode":"4","countryPhoneCode":63,\
            "canGetAnotherSms":true,"activationTime":"2026-11-18 11:06:40","activationEndTime":"2026-11-18 11:26:40","activationOperator":"any"}
            """)
        #expect(try app.balance(accountID: accountID) == 100_000 - 12_300 - 2_500)
        // Without a country: the catalog's first (Indonesia); an operator list is tried in order.
        #expect(app.saText(["api_key": token, "action": "getNumber", "service": "tg", "operator": "xl,telkomsel"]).hasPrefix("ACCESS_NUMBER:3:62"))
        #expect(try app.rentals.order(id: 3, accountID: accountID).operator == "telkomsel")
        #expect(try app.balance(accountID: accountID) == 100_000 - 12_300 - 2_500 - 12_900)
    }

    @Test func purchaseRefusalsChargeNothing() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("refuse@example.com", balance: 20_000)
        func buy(_ extra: KeyValuePairs<String, String>) -> String {
            var query = "api_key=\(token)&action=getNumberV2"
            for (name, value) in extra { query += "&\(name)=\(TestApp.encode(value))" }
            return app.get("/stubs/handler_api.php?" + query).text
        }
        #expect(buy([:]) == "BAD_SERVICE")
        #expect(buy(["service": "zz", "country": "6"]) == "BAD_SERVICE")
        #expect(buy(["service": "tg", "country": "99"]) == "BAD_COUNTRY")
        #expect(buy(["service": "tg", "country": "six"]) == "BAD_COUNTRY")
        #expect(buy(["service": "ka", "country": "6"]) == "NO_NUMBERS")
        #expect(buy(["service": "ka", "country": "4"]) == "NO_NUMBERS")        // not sold there at all
        #expect(buy(["service": "tg", "country": "6", "operator": "xl"]) == "NO_NUMBERS")
        #expect(buy(["service": "tg", "country": "6", "forward": "1"]) == "NO_NUMBERS")
        #expect(buy(["service": "tg", "country": "6", "maxPrice": "12299.99"]) == "WRONG_MAX_PRICE:12300.00")
        #expect(buy(["service": "tg", "country": "6", "max_price": "cheap"]) == "WRONG_MAX_PRICE:12300.00")
        #expect(try app.balance(accountID: accountID) == 20_000)
        #expect(buy(["service": "tg", "country": "6", "orderId": "bot-1"]).hasPrefix("{\"activationId\":1,"))
        #expect(buy(["service": "tg", "country": "6", "orderId": "bot-1"]) == "ORDER_ALREADY_EXISTS")
        #expect(buy(["service": "tg", "country": "6"]) == "NO_BALANCE")                        // 7.700 left
        #expect(buy(["service": "tg", "country": "6", "orderId": "bot-2"]) == "NO_BALANCE")
        #expect(buy(["service": "tg", "country": "4", "orderId": "bot-2"]).hasPrefix("{\"activationId\":2,"))  // a refusal frees it
        #expect(buy(["service": "tg", "country": "4"]).hasPrefix("{\"activationId\":3,"))
        #expect(buy(["service": "tg", "country": "4"]) == "TOO_MANY_ACTIVE_RENTALS")            // the test app allows 3
        #expect(try app.balance(accountID: accountID) == 20_000 - 12_300 - 2 * 2_500)
        let (unverified, _) = try app.compatUser("later@example.com", verified: false)
        #expect(app.saText(["api_key": unverified, "action": "getNumber", "service": "tg", "country": "6"]) == "ACCOUNT_INACTIVE")
        #expect(try app.money.audit() == [])
    }

    @Test func codeAnotherSMSAndFinish() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("life@example.com")
        let id = try #require(app.sa(["api_key": token, "action": "getNumberV2", "service": "tg", "country": "6"]).json["activationId"] as? Int)
        func call(_ action: String, _ status: String? = nil) -> String {
            app.get("/stubs/handler_api.php?api_key=\(token)&action=\(action)&id=\(id)" + (status.map { "&status=\($0)" } ?? "")).text
        }
        #expect(call("getStatus") == "STATUS_WAIT_CODE")
        #expect(call("getFullSms") == "STATUS_WAIT_CODE")
        #expect(call("getStatusV2") == #"{"verificationType":0,"sms":null,"call":null}"#)
        #expect(call("setStatus", "1") == "ACCESS_READY")
        #expect(call("setStatus", "3") == "BAD_STATUS")          // no SMS yet
        #expect(call("setStatus", "6") == "BAD_STATUS")
        #expect(call("setStatus", "8") == "EARLY_CANCEL_DENIED")
        #expect(call("setStatus", "2") == "BAD_STATUS")
        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        let first = try #require(try app.rentals.messages(orderID: Int64(id), accountID: accountID).last)
        let code = try #require(first.code)
        #expect(call("getStatus") == "STATUS_OK:" + code)
        #expect(call("getFullSms") == "FULL_SMS:" + first.text)
        #expect(call("getStatusV2") == """
            {"verificationType":1,"sms":{"dateTime":"2026-11-18 11:07:10","code":"\(code)","text":\(JSONString.quoted(first.text))},"call":null}
            """)
        #expect(call("setStatus", "8") == "BAD_STATUS")          // a code arrived: not refundable
        #expect(call("setStatus", "3") == "ACCESS_RETRY_GET")
        #expect(call("getStatus") == "STATUS_WAIT_RETRY:" + code)
        #expect(call("getFullSms") == "STATUS_WAIT_RETRY:" + code)
        #expect(call("getStatusV2") == #"{"verificationType":0,"sms":null,"call":null}"#)
        let active = app.sa(["api_key": token, "action": "getActiveActivations"]).json
        let row = try #require((active["activeActivations"] as? [[String: Any]])?.first)
        #expect(active["status"] as? String == "success")
        #expect(row["activationId"] as? String == String(id) && row["activationStatus"] as? String == "3")
        #expect(row["smsCode"] as? [String] == [code] && row["countryCode"] as? String == "6" && row["activationCost"] as? String == "12300.00")
        app.clock.advance(by: 30)
        try app.deliverDueSMS()
        let second = try #require(try app.rentals.messages(orderID: Int64(id), accountID: accountID).last?.code)
        #expect(call("getStatus") == "STATUS_OK:" + second)
        #expect(call("setStatus", "6") == "ACCESS_ACTIVATION")
        #expect(call("getStatus") == "STATUS_OK:" + second)
        #expect(call("setStatus", "6") == "BAD_STATUS")
        #expect(call("setStatus", "1") == "BAD_STATUS")
        #expect(app.saText(["api_key": token, "action": "getActiveActivations"]) == #"{"status":"error","error":"NO_ACTIVATIONS"}"#)
        #expect(try app.balance(accountID: accountID) == 100_000 - 12_300)
    }

    @Test func cancelAfterTheHoldRefundsOnce() throws {
        let app = try TestApp()
        let (token, accountID) = try app.compatUser("cancel@example.com")
        let v1 = app.saText(["api_key": token, "action": "getNumber", "service": "tg", "country": "6"])
        let id = try #require(v1.split(separator: ":").dropFirst().first.map(String.init))
        #expect(app.saText(["api_key": token, "action": "setStatus", "id": id, "status": "8"]) == "EARLY_CANCEL_DENIED")
        app.clock.advance(by: 120)
        #expect(app.saText(["api_key": token, "action": "setStatus", "id": id, "status": "-1"]) == "ACCESS_CANCEL")
        #expect(app.saText(["api_key": token, "action": "setStatus", "id": id, "status": "8"]) == "BAD_STATUS")
        #expect(app.saText(["api_key": token, "action": "getStatus", "id": id]) == "STATUS_CANCEL")
        #expect(app.saText(["api_key": token, "action": "getStatusV2", "id": id]) == "STATUS_CANCEL")
        #expect(app.saText(["api_key": token, "action": "getFullSms", "id": id]) == "STATUS_CANCEL")
        #expect(try app.balance(accountID: accountID) == 100_000)
        // A window that ends without an SMS: cancelled as far as the protocol is concerned, and refunded.
        let other = try #require(app.sa(["api_key": token, "action": "getNumberV2", "service": "tg", "country": "4"]).json["activationId"] as? Int)
        app.clock.advance(by: 1200)
        #expect(app.saText(["api_key": token, "action": "getStatus", "id": String(other)]) == "STATUS_CANCEL")
        #expect(try app.balance(accountID: accountID) == 100_000)
        #expect(try app.money.audit() == [])
    }

    @Test func activationsOfOthersDoNotExist() throws {
        let app = try TestApp()
        let (owner, _) = try app.compatUser("owner@example.com")
        let (other, _) = try app.compatUser("other@example.com")
        _ = app.saText(["api_key": owner, "action": "getNumber", "service": "tg", "country": "6"])
        for action in ["getStatus", "getStatusV2", "getFullSms"] {
            #expect(app.saText(["api_key": other, "action": action, "id": "1"]) == "NO_ACTIVATION")
            #expect(app.saText(["api_key": owner, "action": action, "id": "01"]) == "NO_ACTIVATION")
            #expect(app.saText(["api_key": owner, "action": action]) == "NO_ACTIVATION")
        }
        #expect(app.saText(["api_key": other, "action": "setStatus", "id": "1", "status": "8"]) == "NO_ACTIVATION")
        #expect(app.saText(["api_key": owner, "action": "getStatus", "id": "1"]) == "STATUS_WAIT_CODE")
    }

    /// The per-caller budget and the cancel budget are the native API's: spent on either, felt on both.
    @Test func rateLimitsAreSharedWithTheNativeAPI() throws {
        let app = try TestApp()
        let (token, _) = try app.compatUser("busy@example.com")
        for _ in 0..<40 { #expect(app.saText(["api_key": token, "action": "getBalance"]).hasPrefix("ACCESS_BALANCE:")) }
        let limited = app.get("/api/v1/me", bearer: token)
        #expect(limited.status == 429 && limited.errorCode == "rate_limited")
        #expect(app.sa(["api_key": token, "action": "getBalance"]).status == 429)

        let fresh = try TestApp()
        let (second, _) = try fresh.compatUser("cancels@example.com")
        let id = try #require(fresh.saText(["api_key": second, "action": "getNumber", "service": "tg", "country": "6"]).split(separator: ":").dropFirst().first)
        for _ in 0..<10 { #expect(fresh.saText(["api_key": second, "action": "setStatus", "id": String(id), "status": "8"]) == "EARLY_CANCEL_DENIED") }
        let throttled = fresh.send("POST", "/api/v1/orders/\(id)/cancel", contentType: nil, headers: ["authorization": "Bearer " + second])
        #expect(throttled.errorCode == "rate_limited")
    }
}
