import Core
import HTTP

/// getNumber (`ACCESS_NUMBER:id:phone`) and getNumberV2 (JSON): one RentalService purchase each, at the
/// listed price or `maxPrice` (alias `max_price`), never more.
enum SMSActivateNumbers {
    static func buy(_ call: SMSActivateCall, json: Bool) throws -> Response {
        let parameters = call.parameters
        let catalog = try CompatCatalog.load(call.env)
        guard let service = parameters.text("service") else { return CompatResponse.text("BAD_SERVICE") }
        guard let country = call.country(catalog) else { return CompatResponse.text("BAD_COUNTRY") }
        try call.env.accounts.requireVerified(call.principal.account)
        // No number comes with call forwarding.
        if parameters.flag("forward") { return CompatResponse.text("NO_NUMBERS") }
        var maxPrice: Int64?
        if let text = parameters.text("maxPrice") ?? parameters.text("max_price") {
            maxPrice = CompatFormat.wholeRupiah(text) ?? 0   // unreadable: below every price → WRONG_MAX_PRICE:<price>
        }
        let operators = operatorChoices(parameters.text("operator"))
        let order = try SMSActivateOrderID(call).once {
            var refusal: (any Error)?
            for op in operators {
                do {
                    return try call.env.rentals.buy(accountID: call.accountID, service: service, country: country.iso, operator: op, maxPrice: maxPrice)
                } catch RentalError.noNumbers {
                    refusal = RentalError.noNumbers   // try the next operator of the list
                }
            }
            throw refusal ?? RentalError.noNumbers
        }
        return json ? CompatResponse.json(SMSActivateAnswers.numberV2(order, country: country))
                    : CompatResponse.text(SMSActivateAnswers.accessNumber(order))
    }

    /// `operator` as clients send it: absent, `any`, one name or a comma list tried in order.
    static func operatorChoices(_ text: String?) -> [String?] {
        let names = (text ?? "").split(separator: ",").map { String($0.filter { $0 != " " }).lowercased() }.filter { !$0.isEmpty }
        if names.isEmpty || names.contains("any") { return [nil] }
        return names
    }
}

/// getNumberV2's `orderId`: the client's own id for a purchase, so a retried request cannot buy twice.
/// A second purchase with the same `orderId` answers `ORDER_ALREADY_EXISTS`; a refused purchase frees it.
/// Kept in the native API's idempotency-key table (per account, prefixed so the key spaces never meet).
struct SMSActivateOrderID {
    let call: SMSActivateCall

    init(_ call: SMSActivateCall) { self.call = call }

    func once(_ purchase: () throws -> Order) throws -> Order {
        guard let orderID = call.parameters.text("orderId") else { return try purchase() }
        guard orderID.utf8.count <= 200, orderID.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw HTTPError.invalidRequest("orderId must be 1 to 200 printable ASCII characters.")
        }
        let key = "handler_api:orderId:" + orderID
        let store = call.env.money.store
        let accountID = call.accountID
        guard try store.write({ try $0.reserveIdempotencyKey(accountID: accountID, key: key, requestHash: "", at: call.env.clock.now()) }) else {
            throw SMSActivateRefusal.orderAlreadyExists
        }
        do {
            let order = try purchase()
            try store.write { try $0.completeIdempotencyKey(accountID: accountID, key: key, status: 200, body: String(order.id)) }
            return order
        } catch {
            try? store.write { try $0.releaseIdempotencyKey(accountID: accountID, key: key) }
            throw error
        }
    }
}

/// Refusals that exist only in the SMS-Activate protocol.
enum SMSActivateRefusal: Error {
    case orderAlreadyExists
}
