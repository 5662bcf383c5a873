import Core

/// Heleket (Cryptomus-compatible) invoices (payments.md B): create with `/v1/payment`, confirm with
/// `/v1/payment/info`, verify the JSON webhook over its raw bytes.
public enum Heleket {
    public struct Config: Sendable {
        /// `https://api.heleket.com` in production (no trailing slash needed).
        public var baseURL: String
        /// The merchant UUID sent in the `merchant` header.
        public var merchant: String
        /// The payment API key: signs our requests and the payment webhooks (B.1).
        public var apiKey: String

        public init(baseURL: String, merchant: String, apiKey: String) {
            self.baseURL = baseURL
            self.merchant = merchant
            self.apiKey = apiKey
        }

        var base: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

        /// `md5(base64(body) + apiKey)` over the exact bytes sent (B.1).
        func sign(_ body: [UInt8]) -> String {
            MD5.hex(Array((Wire.base64(body) + apiKey).utf8))
        }
    }

    /// Invoice lifetime bounds Heleket accepts, in seconds (B.2).
    public static let lifetimeRange = 300...43200

    public static func client(config: Config, digest: Digest, http: HTTPTransport = .urlSession()) -> GatewayClient {
        GatewayClient(
            gateway: .heleket,
            createPayment: { request in try createPayment(request, config: config, http: http) },
            confirm: { orderID in try confirm(orderID: orderID, config: config, http: http) },
            verifyCallback: { body, contentType in try verifyWebhook(body, contentType: contentType, config: config, digest: digest) },
            acknowledgement: "OK"
        )
    }

    /// `POST /v1/payment` in IDR. `is_payment_multiple: false` closes the invoice on the first transfer,
    /// so an underpayment ends as `wrong_amount` instead of waiting for top-ups.
    static func createPayment(_ request: PaymentRequest, config: Config, http: HTTPTransport) throws(GatewayError) -> PaymentInstructions {
        let body: JSONValue = .object([
            "amount": .string(String(request.amount)),
            "currency": .string("IDR"),
            "order_id": .string(request.orderID),
            "url_callback": .string(request.callbackURL),
            "url_return": .string(request.returnURL),
            "lifetime": .int(Int64(min(max(request.lifetimeSeconds, lifetimeRange.lowerBound), lifetimeRange.upperBound))),
            "is_payment_multiple": .bool(false),
        ])
        let result = try call("/v1/payment", body: body, config: config, http: http)
        guard let uuid = result["uuid"]?.string, !uuid.isEmpty, let url = result["url"]?.string, !url.isEmpty else {
            throw .unavailable("Heleket answered without an invoice uuid and url")
        }
        if let echoed = result["order_id"]?.string, echoed != request.orderID { throw .unavailable("Heleket answered for another order") }
        return PaymentInstructions(reference: uuid, url: url)
    }

    /// `POST /v1/payment/info` by our order id (B.7); the amount is the invoice amount, never a crypto one.
    static func confirm(orderID: String, config: Config, http: HTTPTransport) throws(GatewayError) -> GatewayStatus {
        let result: JSONValue
        do {
            result = try call("/v1/payment/info", body: .object(["order_id": .string(orderID)]), config: config, http: http)
        } catch .rejected(let message) {
            throw .unavailable("Heleket payment info refused: \(message)")
        }
        if let echoed = result["order_id"]?.string, echoed != orderID { throw .unavailable("Heleket answered for another order") }
        if let currency = result["currency"]?.string, currency != "IDR" { throw .unavailable("Heleket invoice is not in IDR") }
        guard let status = result["payment_status"]?.string ?? result["status"]?.string,
              let amount = result["amount"]?.string.flatMap(Wire.wholeRupiah) else {
            throw .unavailable("Heleket payment info answered garbage")
        }
        return GatewayStatus(outcome: outcome(status: status, isFinal: result["is_final"]?.bool),
                             amount: amount, reference: result["uuid"]?.string ?? "")
    }

    /// B.3: `paid`/`paid_over` pay (unless explicitly not final), `cancel` is expiry, `fail`,
    /// `system_fail` and an underpaid closed `wrong_amount` fail; everything else (checking, confirming,
    /// locked, refunds) is still pending for us: no credit, left for review.
    static func outcome(status: String, isFinal: Bool?) -> PaymentOutcome {
        switch status {
        case "paid", "paid_over": isFinal == false ? .pending : .paid
        case "cancel": .expired
        case "fail", "system_fail", "wrong_amount": .failed
        default: .pending
        }
    }

    /// One signed API call; returns `result` of a `{"state":0,"result":…}` answer. 422 validation errors
    /// and other 4xx refusals are `rejected` with Heleket's message; refused credentials, 5xx and garbage
    /// are `unavailable`.
    static func call(_ path: String, body: JSONValue, config: Config, http: HTTPTransport) throws(GatewayError) -> JSONValue {
        let text = body.encoded
        let answer = try http.postJSON(config.base + path, headers: ["merchant": config.merchant, "sign": config.sign(Array(text.utf8))],
                                       body: text)
        let json = answer.json, state = json?["state"]?.text
        if answer.status == 200, state == "0" {
            guard let result = json?["result"], case .object = result else { throw .unavailable("Heleket answered garbage") }
            return result
        }
        switch answer.status {
        case 401, 403: throw .unavailable("Heleket refused our credentials (HTTP \(answer.status))")
        case 200, 400..<500:
            guard let json, state != nil, state != "0" else { throw .unavailable("Heleket answered garbage (HTTP \(answer.status))") }
            throw .rejected(Wire.message(json["message"]?.string ?? validationMessage(json["errors"]), fallback: "Heleket refused the invoice."))
        default: throw .unavailable("Heleket answered HTTP \(answer.status)")
        }
    }

    /// `{"errors":{"amount":["…"]}}` → `amount: …` (sorted by field, so the text is stable).
    static func validationMessage(_ errors: JSONValue?) -> String? {
        guard case .object(let fields)? = errors else { return nil }
        let lines = fields.keys.sorted().compactMap { key -> String? in
            guard case .array(let messages)? = fields[key] else { return fields[key]?.string.map { "\(key): \($0)" } }
            return "\(key): " + messages.compactMap(\.string).joined(separator: ", ")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "; ")
    }
}
