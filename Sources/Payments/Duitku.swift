import Core

/// Duitku's v2 API (payments.md A): create a payment with `/merchant/v2/inquiry`, confirm it with
/// `/merchant/transactionStatus`, and verify the form-encoded callback it sends.
public enum Duitku {
    /// How requests are signed, and which callback signatures are accepted (A.2). Which one a project
    /// gets is only known from a sandbox run, hence the switch.
    public enum SignatureScheme: String, Sendable, CaseIterable {
        /// Current docs: hex HMAC-SHA256 keyed with the API key.
        case hmacSHA256 = "hmac-sha256"
        /// Legacy: hex MD5 of the fields with the API key appended.
        case md5
    }

    public struct Config: Sendable {
        /// The v2 API base, e.g. `https://sandbox.duitku.com/webapi/api` (no trailing slash needed).
        public var baseURL: String
        public var merchantCode: String
        public var apiKey: String
        /// The scheme our requests are signed with (`SMSCODE_DUITKU_SIGNATURE`).
        public var signature: SignatureScheme
        /// Whether 32-hex (MD5) callback signatures are accepted; 64-hex HMAC ones always are. Turn off once
        /// the sandbox shows our project receives HMAC (payments.md 0.4).
        public var allowMD5Callbacks: Bool
        /// The name the payer's bank app shows for a virtual account (A.3 `customerVaName`, ≤ 20 characters).
        public var customerVaName: String

        public init(baseURL: String, merchantCode: String, apiKey: String, signature: SignatureScheme,
                    allowMD5Callbacks: Bool, customerVaName: String = "SMSCode") {
            self.baseURL = baseURL
            self.merchantCode = merchantCode
            self.apiKey = apiKey
            self.signature = signature
            self.allowMD5Callbacks = allowMD5Callbacks
            self.customerVaName = customerVaName
        }

        var base: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

        /// A request signature over the concatenated fields (A.2; no separators).
        func sign(_ parts: String..., digest: Digest) -> String {
            let message = parts.joined()
            switch signature {
            case .hmacSHA256: return Wire.hmacHex(digest, key: apiKey, message: message)
            case .md5: return MD5.hex(message + apiKey)
            }
        }
    }

    public static func client(config: Config, digest: Digest, http: HTTPTransport = .urlSession()) -> GatewayClient {
        GatewayClient(
            gateway: .duitku,
            createPayment: { request in try createPayment(request, config: config, digest: digest, http: http) },
            confirm: { orderID in try confirm(orderID: orderID, config: config, digest: digest, http: http) },
            verifyCallback: { body, contentType in try verifyCallback(body, contentType: contentType, config: config, digest: digest) },
            acknowledgement: "SUCCESS"
        )
    }

    /// `POST /merchant/v2/inquiry` (A.3). One item line carrying the whole amount, because Duitku answers
    /// 409 unless item prices sum to `paymentAmount`.
    static func createPayment(_ request: PaymentRequest, config: Config, digest: Digest,
                              http: HTTPTransport) throws(GatewayError) -> PaymentInstructions {
        guard let method = request.method, !method.isEmpty else { throw .rejected("Choose a payment method.") }
        let amount = String(request.amount)
        let body: JSONValue = .object([
            "merchantCode": .string(config.merchantCode),
            "paymentAmount": .int(request.amount),
            "merchantOrderId": .string(request.orderID),
            "productDetails": .string(String(request.description.prefix(255))),
            "email": .string(request.email),
            "paymentMethod": .string(method),
            "customerVaName": .string(String(config.customerVaName.prefix(20))),
            "callbackUrl": .string(request.callbackURL),
            "returnUrl": .string(request.returnURL),
            "expiryPeriod": .int(Int64(max(1, (request.lifetimeSeconds + 59) / 60))),
            "itemDetails": .array([.object(["name": .string(String(request.description.prefix(255))),
                                             "price": .int(request.amount), "quantity": .int(1)])]),
            "signature": .string(config.sign(config.merchantCode, request.orderID, amount, digest: digest)),
        ])
        let answer = try http.postJSON(config.base + "/merchant/v2/inquiry", body: body.encoded)
        guard answer.status == 200 else { throw failure(answer, what: "payment") }
        guard let json = answer.json, let code = json["statusCode"]?.text else { throw .unavailable("Duitku answered garbage") }
        guard code == "00" else { throw .rejected(Wire.message(json["statusMessage"]?.text, fallback: "Duitku refused the payment.")) }
        guard let reference = json["reference"]?.string, !reference.isEmpty else { throw .unavailable("Duitku answered without a reference") }
        if let stated = json["amount"]?.text, Wire.wholeRupiah(stated) != request.amount {
            throw .unavailable("Duitku answered a different amount")
        }
        func optional(_ key: String) -> String? { json[key]?.string.flatMap { $0.isEmpty ? nil : $0 } }
        return PaymentInstructions(reference: reference, url: optional("paymentUrl"), vaNumber: optional("vaNumber"),
                                   qrString: optional("qrString"))
    }

    /// `POST /merchant/transactionStatus` (A.7): 00 paid, 01 pending, 02 cancelled/failed/expired.
    static func confirm(orderID: String, config: Config, digest: Digest, http: HTTPTransport) throws(GatewayError) -> GatewayStatus {
        let body: JSONValue = .object([
            "merchantCode": .string(config.merchantCode),
            "merchantOrderId": .string(orderID),
            "signature": .string(config.sign(config.merchantCode, orderID, digest: digest)),
        ])
        let answer = try http.postJSON(config.base + "/merchant/transactionStatus", body: body.encoded)
        guard answer.status == 200, let json = answer.json else {
            throw .unavailable("Duitku status API answered HTTP \(answer.status)")
        }
        if let echoed = json["merchantOrderId"]?.text, echoed != orderID { throw .unavailable("Duitku answered for another order") }
        let outcome: PaymentOutcome
        switch json["statusCode"]?.text {
        case "00": outcome = .paid
        case "01": outcome = .pending
        case "02": outcome = .failed
        default: throw .unavailable("Duitku status API answered garbage")
        }
        guard let amount = json["amount"]?.text.flatMap(Wire.wholeRupiah) else { throw .unavailable("Duitku status API answered no amount") }
        return GatewayStatus(outcome: outcome, amount: amount, reference: json["reference"]?.text ?? "")
    }

    /// Maps a non-200 answer: our credentials refused or a server error is `unavailable` (nothing the
    /// user can fix); any other 4xx is Duitku refusing this payment, with its message for the user.
    static func failure(_ answer: GatewayAnswer, what: String) -> GatewayError {
        switch answer.status {
        case 401, 403: return .unavailable("Duitku refused our credentials (HTTP \(answer.status))")
        case 400..<500:
            let stated = answer.json.flatMap { $0["Message"]?.text ?? $0["message"]?.text ?? $0["statusMessage"]?.text }
            let plain = answer.json == nil && !answer.text.contains("<") ? answer.text : nil
            return .rejected(Wire.message(stated ?? plain, fallback: "Duitku refused the \(what) (HTTP \(answer.status))."))
        default: return .unavailable("Duitku answered HTTP \(answer.status)")
        }
    }
}
