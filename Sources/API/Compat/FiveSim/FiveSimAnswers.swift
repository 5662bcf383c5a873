import Core

/// The pure mapping from SMSCode's domain to 5sim v1 answers (protocols.md §2): order and SMS objects with
/// names instead of ids, statuses, and the plain-text errors. No I/O; the unit tests pin every shape here.
enum FiveSimAnswers {
    /// 5sim's status for an order state. `pending` (number handed over, no SMS yet) is `PENDING`, `received`
    /// is `RECEIVED`; a refunded cancellation is `CANCELED` (`BANNED` in the answer to a ban), an expiry
    /// `TIMEOUT`; an order the provider failed was refunded like a cancellation.
    static func status(_ state: OrderState) -> String {
        switch state {
        case .pending: "PENDING"
        case .received: "RECEIVED"
        case .finished: "FINISHED"
        case .canceled, .failed: "CANCELED"
        case .expired: "TIMEOUT"
        }
    }

    /// One SMS with all five fields the strict `fivesim` client needs; `code` is empty when none was found.
    static func sms(_ message: SMSMessage) -> [(String, CompatJSON)] {
        let at = CompatJSON.string(CompatFormat.rfc3339(message.receivedAt))
        return [("created_at", at), ("date", at), ("sender", .string(message.sender)), ("text", .string(message.text)),
                ("code", .string(message.code ?? ""))]
    }

    /// The order object. `messages` nil renders `"sms": null` (the answer to a purchase), else a list.
    static func order(_ order: Order, country: Country?, service: Service?, messages: [SMSMessage]?, status: String? = nil) -> CompatJSON {
        .object([
            ("id", .int(order.id)),
            ("phone", .string(order.phone)),
            ("operator", .string(order.operator)),
            ("product", .string(service?.fivesimName ?? order.service)),
            ("price", .int(order.price)),
            ("status", .string(status ?? self.status(order.state))),
            ("expires", .string(CompatFormat.rfc3339(order.expiresAt))),
            ("sms", messages.map { .array($0.map { .object(sms($0)) }) } ?? .null),
            ("created_at", .string(CompatFormat.rfc3339(order.createdAt))),
            ("forwarding", .bool(false)),
            ("forwarding_number", .string("")),
            ("country", .string(country?.fivesimName ?? order.country.lowercased())),
        ])
    }

    /// `/guest/countries` entry: ISO code, dial prefix, names (the catalog has no Russian one: English), and
    /// the operators one can name when buying (`any` and the catalog's).
    static func country(_ country: Country, operators: [Operator]) -> CompatJSON {
        var members: [(String, CompatJSON)] = [
            ("iso", .object([(country.iso.lowercased(), .int(1))])),
            ("prefix", .object([("+" + country.dialCode, .int(1))])),
            ("text_en", .string(country.nameEN)),
            ("text_ru", .string(country.nameEN)),
            ("any", .object([("activation", .int(1))])),
        ]
        for op in operators where op.country == country.iso { members.append((op.code, .object([("activation", .int(1))]))) }
        return .object(members)
    }

    /// A price offer: `{"cost", "count"}` (no delivery-rate figures: SMSCode does not measure them).
    static func offer(_ price: Price) -> CompatJSON {
        .object([("cost", .int(price.sellPrice)), ("count", .int(price.stock))])
    }

    /// A refusal as 5sim sends it: HTTP status and lower-case plain text. `order` (when known) tells
    /// "order has sms" from "order expired". Nil for errors that are bugs (answered 500 and logged).
    static func refusal(for error: any Error, order: Order? = nil) -> (status: Int, text: String)? {
        switch error {
        case let error as RentalError:
            switch error {
            case .noNumbers, .priceAboveMax: (200, "no free phones")
            case .providerUnavailable, .providerFailed: (502, "server offline")   // not 503: the fivesim client reads 503 as an IP limit
            case .unknownService: (400, "product is incorrect")
            case .unknownCountry: (400, "bad country")
            case .tooManyActiveOrders: (400, "not enough rating")
            case .notFound: (400, "order not found")
            case .rule(.earlyCancelDenied): (400, "you need to wait time")
            case .rule(.notCancelable): (400, order?.state == .received ? "order has sms" : "order expired")
            case .rule(.notFinishable): (400, order?.state == .pending ? "order no sms" : "order expired")
            case .rule(.notResendable): (400, "order expired")
            }
        case let error as MoneyError:
            if case .insufficientBalance = error { (400, "not enough user balance") } else { nil }
        case let error as AccountError:
            switch error {
            case .unauthorized, .apiAccessRevoked: (401, "")
            case .emailUnverified: (403, "email is not verified")
            case .suspended: (403, "account is suspended")
            case .terminated: (403, "account is terminated")
            default: nil
            }
        case let error as FiveSimRefusal: (error.status, error.text)
        default: nil
        }
    }
}

/// A refusal that exists only in the 5sim protocol (validation of names and options).
struct FiveSimRefusal: Error, Equatable {
    let status: Int
    let text: String

    static let badCountry = FiveSimRefusal(status: 400, text: "bad country")
    static let badOperator = FiveSimRefusal(status: 400, text: "bad operator")
    static let badProduct = FiveSimRefusal(status: 400, text: "product is incorrect")
    static let badCategory = FiveSimRefusal(status: 400, text: "category is incorrect")
    static let noFreePhones = FiveSimRefusal(status: 200, text: "no free phones")
    static let reuseNotPossible = FiveSimRefusal(status: 400, text: "reuse not possible")
    static func unsupported(_ option: String) -> FiveSimRefusal { FiveSimRefusal(status: 400, text: "\(option) is not supported") }
    static func invalid(_ name: String) -> FiveSimRefusal { FiveSimRefusal(status: 400, text: "\(name) is incorrect") }
}
