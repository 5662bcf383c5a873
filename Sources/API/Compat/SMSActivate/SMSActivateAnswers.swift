import Core

/// The pure mapping from SMSCode's domain to SMS-Activate answers (protocols.md §1): tokens, and JSON
/// with the member types the client packages demand. No I/O; the unit tests pin every shape here.
enum SMSActivateAnswers {
    /// ISO 4217 numeric code of the rupiah, sent as `currency` (HeroSMS-style clients require it).
    static let currencyIDR = 360

    /// The error token for a domain error, or nil for errors that are bugs (answered 500 and logged).
    static func token(for error: any Error) -> String? {
        switch error {
        case let error as RentalError:
            switch error {
            case .unknownService: "BAD_SERVICE"
            case .unknownCountry: "BAD_COUNTRY"
            case .noNumbers: "NO_NUMBERS"
            // Every provider failed to answer (charged and refunded, or nothing charged): to a bot,
            // "none now, try again later".
            case .providerUnavailable, .providerFailed: "NO_NUMBERS"
            case .priceAboveMax(let price): "WRONG_MAX_PRICE:" + CompatFormat.money(price)
            case .tooManyActiveOrders: "TOO_MANY_ACTIVE_RENTALS"
            case .notFound: "NO_ACTIVATION"
            case .rule(.earlyCancelDenied): "EARLY_CANCEL_DENIED"
            case .rule(.notCancelable), .rule(.notFinishable), .rule(.notResendable): "BAD_STATUS"
            }
        case let error as MoneyError:
            if case .insufficientBalance = error { "NO_BALANCE" } else { nil }
        case SMSActivateRefusal.orderAlreadyExists: "ORDER_ALREADY_EXISTS"
        case let error as AccountError:
            switch error {
            case .unauthorized, .apiAccessRevoked: "BAD_KEY"
            case .emailUnverified, .suspended, .terminated: "ACCOUNT_INACTIVE"
            default: nil
            }
        default: nil
        }
    }

    static func balance(_ rupiah: Int64) -> String { "ACCESS_BALANCE:" + CompatFormat.money(rupiah) }

    static func accessNumber(_ order: Order) -> String {
        "ACCESS_NUMBER:\(order.id):" + CompatFormat.digits(order.phone)
    }

    /// getNumberV2: int `activationId`, string `phoneNumber` and `countryCode`, number `activationCost`,
    /// int `currency`, times as `YYYY-MM-DD HH:MM:SS` (UTC).
    static func numberV2(_ order: Order, country: Country) -> CompatJSON {
        .object([
            ("activationId", .int(order.id)),
            ("phoneNumber", .string(CompatFormat.digits(order.phone))),
            ("activationCost", .int(order.price)),
            ("currency", .int(currencyIDR)),
            ("countryCode", .string(String(country.smsActivateID))),
            ("countryPhoneCode", .int(Int64(country.dialCode) ?? 0)),
            ("canGetAnotherSms", .bool(true)),
            ("activationTime", .string(CompatFormat.dateTime(order.createdAt))),
            ("activationEndTime", .string(CompatFormat.dateTime(order.expiresAt))),
            ("activationOperator", .string(order.operator)),
        ])
    }

    /// What the client reads as "the code": the extracted code, else the whole text on one line.
    static func code(_ order: Order, last: SMSMessage?) -> String {
        if let code = order.code { return code }
        return oneLine(last?.text ?? "")
    }

    /// getStatus: waiting, waiting after a request for another SMS, code, or cancelled (also for expired
    /// and failed orders: they were refunded).
    static func status(_ order: Order, last: SMSMessage?, waitingForRetry: Bool) -> String {
        switch order.state {
        case .pending: "STATUS_WAIT_CODE"
        case .received where waitingForRetry: "STATUS_WAIT_RETRY:" + code(order, last: last)
        case .received, .finished: "STATUS_OK:" + code(order, last: last)
        case .canceled, .expired, .failed: "STATUS_CANCEL"
        }
    }

    /// getFullSms: the newest text once one arrived, else the getStatus token.
    static func fullSMS(_ order: Order, last: SMSMessage?, waitingForRetry: Bool) -> String {
        if let last, !waitingForRetry, order.state == .received || order.state == .finished { return "FULL_SMS:" + last.text }
        return status(order, last: last, waitingForRetry: waitingForRetry)
    }

    /// getStatusV2: `verificationType` 0 until an SMS is shown, then 1; `call` is always null (no call
    /// verification). A cancelled activation answers the `STATUS_CANCEL` token instead (nil here).
    static func statusV2(_ order: Order, last: SMSMessage?, waitingForRetry: Bool) -> CompatJSON? {
        if order.state == .canceled || order.state == .expired || order.state == .failed { return nil }
        let shown = waitingForRetry ? nil : last
        return .object([
            ("verificationType", .int(shown == nil ? 0 : 1)),
            ("sms", shown.map { message in
                .object([("dateTime", .string(CompatFormat.dateTime(message.receivedAt))),
                         ("code", .string(order.code ?? "")),
                         ("text", .string(message.text))])
            } ?? .null),
            ("call", .null),
        ])
    }

    /// One row of getActiveActivations, as the SMS-Activate examples spell it (mostly strings, `smsCode`
    /// an array). `activationStatus`: 1 waiting for the code, 3 waiting for another SMS, 6 code received.
    static func activeRow(_ order: Order, messages: [SMSMessage], country: Country?, waitingForRetry: Bool) -> CompatJSON {
        let digit = order.state == .pending ? "1" : (waitingForRetry ? "3" : "6")
        let codes = messages.compactMap(\.code)
        return .object([
            ("activationId", .string(String(order.id))),
            ("serviceCode", .string(order.service)),
            ("phoneNumber", .string(CompatFormat.digits(order.phone))),
            ("activationCost", .string(CompatFormat.money(order.price))),
            ("activationStatus", .string(digit)),
            ("smsCode", codes.isEmpty ? .null : .array(codes.map { .string($0) })),
            ("smsText", messages.isEmpty ? .null : .string("[" + messages.map(\.text).map(oneLine).joined(separator: "|") + "]")),
            ("activationTime", .string(CompatFormat.dateTime(order.createdAt))),
            ("discount", .string("0.00")),
            ("repeated", .string("0")),
            ("countryCode", .string(country.map { String($0.smsActivateID) } ?? "")),
            ("countryName", .string(country?.nameEN ?? order.country)),
            ("canGetAnotherSms", .string("1")),
            ("currency", .int(currencyIDR)),
        ])
    }

    /// getCountries: keyed by the SMS-Activate id. The catalog has English and Indonesian names only, so
    /// `rus` and `chn` carry the English one; `rent` and `multiService` are 0 (not offered).
    static func countries(_ countries: [Country]) -> CompatJSON {
        .object(countries.map { country in
            (String(country.smsActivateID), .object([
                ("id", .int(country.smsActivateID)),
                ("rus", .string(country.nameEN)),
                ("eng", .string(country.nameEN)),
                ("chn", .string(country.nameEN)),
                ("visible", .int(1)),
                ("retry", .int(1)),
                ("rent", .int(0)),
                ("multiService", .int(0)),
            ]))
        })
    }

    /// `{"status":"error","error":TOKEN}`, how JSON actions report errors.
    static func jsonError(_ token: String) -> CompatJSON {
        .object([("status", .string("error")), ("error", .string(token))])
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
