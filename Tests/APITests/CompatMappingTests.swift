@testable import API
import Core
import Foundation
import HTTP
import Testing

/// The pure mapping layer of the compatibility APIs: domain values in, protocol answers out.
@Suite struct CompatMappingTests {
    static let created = Date(timeIntervalSince1970: 1_795_000_000)

    static func order(_ state: OrderState, code: String? = nil) -> Order {
        Order(id: 42, accountID: "a", service: "tg", country: "ID", operator: "any", provider: "simulated", providerOrderID: "SIM-1",
              phone: "+6281234567890", price: 12_300, state: state, createdAt: created, expiresAt: created.addingTimeInterval(1200),
              refunded: [.canceled, .expired, .failed].contains(state), code: code)
    }

    static let message = SMSMessage(orderID: 42, sender: "Telegram", text: "Telegram code: 112648\nDo not share", code: "112648",
                                    receivedAt: created.addingTimeInterval(61))

    @Test(arguments: [
        (OrderState.pending, false, "STATUS_WAIT_CODE", "STATUS_WAIT_CODE"),
        (.received, false, "STATUS_OK:112648", "FULL_SMS:Telegram code: 112648\nDo not share"),
        (.received, true, "STATUS_WAIT_RETRY:112648", "STATUS_WAIT_RETRY:112648"),
        (.finished, false, "STATUS_OK:112648", "FULL_SMS:Telegram code: 112648\nDo not share"),
        (.canceled, false, "STATUS_CANCEL", "STATUS_CANCEL"),
        (.expired, false, "STATUS_CANCEL", "STATUS_CANCEL"),
        (.failed, false, "STATUS_CANCEL", "STATUS_CANCEL"),
    ])
    func smsActivateStatusLines(state: OrderState, retry: Bool, status: String, full: String) {
        let hasSMS = state == .received || state == .finished
        let order = Self.order(state, code: hasSMS ? "112648" : nil)
        let last = hasSMS ? Self.message : nil
        #expect(SMSActivateAnswers.status(order, last: last, waitingForRetry: retry) == status)
        #expect(SMSActivateAnswers.fullSMS(order, last: last, waitingForRetry: retry) == full)
    }

    @Test func aMessageWithoutACodeShowsItsTextOnOneLine() {
        let message = SMSMessage(orderID: 42, sender: "X", text: "Your link:\nhttps://x.test/a", code: nil, receivedAt: Self.created)
        #expect(SMSActivateAnswers.status(Self.order(.received), last: message, waitingForRetry: false) == "STATUS_OK:Your link: https://x.test/a")
    }

    @Test func smsActivateNumberAnswers() {
        let order = Self.order(.pending)
        let country = Country(iso: "ID", dialCode: "62", nameID: "Indonesia", nameEN: "Indonesia", smsActivateID: 6, fivesimName: "indonesia", sort: 1)
        #expect(SMSActivateAnswers.accessNumber(order) == "ACCESS_NUMBER:42:6281234567890")
        #expect(SMSActivateAnswers.numberV2(order, country: country).rendered == """
            {"activationId":42,"phoneNumber":"6281234567890","activationCost":12300,"currency":360,"countryCode":"6",\
            "countryPhoneCode":62,"canGetAnotherSms":true,"activationTime":"2026-11-18 11:06:40",\
            "activationEndTime":"2026-11-18 11:26:40","activationOperator":"any"}
            """)
        #expect(SMSActivateAnswers.statusV2(Self.order(.canceled), last: nil, waitingForRetry: false) == nil)
        #expect(SMSActivateAnswers.balance(0) == "ACCESS_BALANCE:0.00")
    }

    @Test(arguments: [
        (RentalError.unknownService("zz") as any Error, "BAD_SERVICE"),
        (RentalError.unknownCountry("XX"), "BAD_COUNTRY"),
        (RentalError.noNumbers, "NO_NUMBERS"),
        (RentalError.providerUnavailable, "NO_NUMBERS"),
        (RentalError.priceAboveMax(price: 12_300), "WRONG_MAX_PRICE:12300.00"),
        (RentalError.tooManyActiveOrders(limit: 20), "TOO_MANY_ACTIVE_RENTALS"),
        (RentalError.notFound, "NO_ACTIVATION"),
        (RentalError.rule(.earlyCancelDenied(retryAfter: 30)), "EARLY_CANCEL_DENIED"),
        (RentalError.rule(.notCancelable), "BAD_STATUS"),
        (RentalError.rule(.notFinishable), "BAD_STATUS"),
        (RentalError.rule(.notResendable), "BAD_STATUS"),
        (MoneyError.insufficientBalance(balance: 1, needed: 2), "NO_BALANCE"),
        (AccountError.unauthorized, "BAD_KEY"),
        (AccountError.apiAccessRevoked, "BAD_KEY"),
        (AccountError.emailUnverified, "ACCOUNT_INACTIVE"),
        (AccountError.suspended, "ACCOUNT_INACTIVE"),
        (AccountError.terminated, "ACCOUNT_INACTIVE"),
        (SMSActivateRefusal.orderAlreadyExists, "ORDER_ALREADY_EXISTS"),
    ])
    func smsActivateErrorTokens(error: any Error, token: String) {
        #expect(SMSActivateAnswers.token(for: error) == token)
    }

    @Test func bugsHaveNoToken() {
        #expect(SMSActivateAnswers.token(for: MoneyError.gatewayUnavailable) == nil)
        #expect(SMSActivateAnswers.token(for: HTTPError.internalError) == nil)
        #expect(FiveSimAnswers.refusal(for: MoneyError.gatewayUnavailable) == nil)
    }

    @Test(arguments: [(OrderState.pending, "PENDING"), (.received, "RECEIVED"), (.finished, "FINISHED"), (.canceled, "CANCELED"),
                      (.expired, "TIMEOUT"), (.failed, "CANCELED")])
    func fiveSimStatuses(state: OrderState, status: String) {
        #expect(FiveSimAnswers.status(state) == status)
    }

    @Test func fiveSimRefusals() {
        func refusal(_ error: any Error, _ state: OrderState? = nil) -> String? {
            FiveSimAnswers.refusal(for: error, order: state.map { Self.order($0) }).map { "\($0.status) \($0.text)" }
        }
        #expect(refusal(RentalError.noNumbers) == "200 no free phones")
        #expect(refusal(RentalError.priceAboveMax(price: 1)) == "200 no free phones")
        #expect(refusal(RentalError.providerUnavailable) == "502 server offline")
        #expect(refusal(RentalError.unknownService("x")) == "400 product is incorrect")
        #expect(refusal(RentalError.unknownCountry("x")) == "400 bad country")
        #expect(refusal(RentalError.tooManyActiveOrders(limit: 1)) == "400 not enough rating")
        #expect(refusal(RentalError.notFound) == "400 order not found")
        #expect(refusal(RentalError.rule(.earlyCancelDenied(retryAfter: 3))) == "400 you need to wait time")
        #expect(refusal(RentalError.rule(.notCancelable), .received) == "400 order has sms")
        #expect(refusal(RentalError.rule(.notCancelable), .finished) == "400 order expired")
        #expect(refusal(RentalError.rule(.notFinishable), .pending) == "400 order no sms")
        #expect(refusal(RentalError.rule(.notFinishable), .canceled) == "400 order expired")
        #expect(refusal(MoneyError.insufficientBalance(balance: 0, needed: 1)) == "400 not enough user balance")
        #expect(refusal(AccountError.unauthorized) == "401 ")
        #expect(refusal(AccountError.suspended) == "403 account is suspended")
    }

    @Test func fiveSimOrderObject() {
        let order = FiveSimAnswers.order(Self.order(.received, code: "112648"), country: nil, service: nil, messages: [Self.message])
        #expect(order.rendered == """
            {"id":42,"phone":"+6281234567890","operator":"any","product":"tg","price":12300,"status":"RECEIVED",\
            "expires":"2026-11-18T11:26:40Z","sms":[{"created_at":"2026-11-18T11:07:41Z","date":"2026-11-18T11:07:41Z",\
            "sender":"Telegram","text":"Telegram code: 112648\\nDo not share","code":"112648"}],"created_at":"2026-11-18T11:06:40Z",\
            "forwarding":false,"forwarding_number":"","country":"id"}
            """)
    }

    @Test func formats() {
        #expect(CompatFormat.wholeRupiah("12300") == 12_300)
        #expect(CompatFormat.wholeRupiah("12300.99") == 12_300)
        #expect(CompatFormat.wholeRupiah("0.25") == 0)
        for bad in ["", "-1", "1e3", "12,5", "abc", ".5", "5.", "1.2.3", " 5", "9999999999999999"] { #expect(CompatFormat.wholeRupiah(bad) == nil, "\(bad)") }
        for yes in ["1", "true", "True", "TRUE", "yes", "on"] { #expect(CompatFormat.flag(yes) == true) }
        for no in ["0", "false", "False", "no", "off", ""] { #expect(CompatFormat.flag(no) == false) }
        #expect(CompatFormat.flag("maybe") == nil && CompatFormat.flag(nil) == nil)
        #expect(CompatFormat.dateTime(Self.created) == "2026-11-18 11:06:40")
        #expect(SMSActivateNumbers.operatorChoices(nil) == [nil])
        #expect(SMSActivateNumbers.operatorChoices("any") == [nil])
        #expect(SMSActivateNumbers.operatorChoices("Telkomsel, xl") == ["telkomsel", "xl"])
        #expect(CompatJSON.object([("a\"<", .array([.null, .bool(false), .int(-1)]))]).rendered == #"{"a\"\u003c":[null,false,-1]}"#)
    }
}
